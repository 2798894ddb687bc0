/**
 * The simulated model file for the synthetic detector: the simulated device's colour-rectangle rule
 * with the synthetic palette's class colours and match tolerance, emitting HAILO_NMS_BY_CLASS like a
 * Hailo detection HEF. Lets the "sim" backend run the detection node with a known answer.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SYNTHETIC_CLASSES } from "../../core/synthetic/palette.ts";

export const SYNTHETIC_SIM_MODEL_FILE_NAME = "synthetic-detector.sim.json";

export interface SyntheticSimModelOptions {
  readonly inputWidth?: number;
  readonly inputHeight?: number;
  /** Simulated device time per frame. */
  readonly latencyMs?: number;
  readonly maxBoxesPerClass?: number;
  /** Ignore colour blobs smaller than this many pixels (anti-aliased edges). */
  readonly minPixels?: number;
}

export function buildSyntheticSimModel(options: SyntheticSimModelOptions = {}): object {
  return {
    format: "hailort-node-sim-model",
    description: "simulated synthetic detector: one class per palette colour, boxes of connected same-colour pixels",
    input: { name: "images", height: options.inputHeight ?? 640, width: options.inputWidth ?? 640, channels: 3 },
    output_name: "synthetic/nms_by_class",
    latency_ms: options.latencyMs ?? 2.6,
    rule: {
      kind: "color-rectangles-nms-by-class",
      // Same matching rule as the palette: nearest colour by L1 distance, below the class's tolerance.
      classes: SYNTHETIC_CLASSES.map((c) => ({ label: c.label, rgb: [...c.rgb], tolerance: c.tolerance })),
      max_boxes_per_class: options.maxBoxesPerClass ?? 100,
      min_pixels: options.minPixels ?? 16,
    },
  };
}

/** Returns `<dir>/synthetic-detector.sim.json`, (re)writing it when missing or different. */
export async function ensureSyntheticSimModel(dir: string, options: SyntheticSimModelOptions = {}): Promise<string> {
  const path = join(dir, SYNTHETIC_SIM_MODEL_FILE_NAME);
  const text = JSON.stringify(buildSyntheticSimModel(options), null, 2) + "\n";
  const hash = (s: string) => createHash("sha256").update(s).digest("hex");
  try {
    if (hash(await readFile(path, "utf8")) === hash(text)) return path;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  await mkdir(dir, { recursive: true });
  // Write then rename so a concurrent reader never sees half a file.
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
  return path;
}
