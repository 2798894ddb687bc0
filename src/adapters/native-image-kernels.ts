/**
 * Native image kernels from hailort-node (compiled on every install, with or without HailoRT):
 * the letterbox's 2:1 downscale and 3:1 (odd-ratio) sampling run several times faster than in JavaScript, which matters on
 * the Pi's CPU at camera rate. Loaded lazily; when the addon is missing the pure TypeScript path is used.
 */
import type { LetterboxKernels } from "../core/vision/letterbox.ts";

export type NativeKernelsResult = { ok: true; kernels: LetterboxKernels } | { ok: false; reason: string };

export async function loadNativeImageKernels(): Promise<NativeKernelsResult> {
  try {
    const native = await import("hailort-node");
    if (typeof native.average2x2Packed3 !== "function") {
      return { ok: false, reason: "hailort-node has no average2x2Packed3 (an older build): run npm rebuild hailort-node" };
    }
    return {
      ok: true,
      kernels: {
        average2x2Packed3: native.average2x2Packed3,
        // Older builds lack it; the TypeScript sampling then runs.
        ...(typeof native.sampleOddPacked3 === "function" ? { sampleOddPacked3: native.sampleOddPacked3 } : {}),
      },
    };
  } catch (error) {
    return { ok: false, reason: `hailort-node could not be loaded (${(error as Error).message})` };
  }
}
