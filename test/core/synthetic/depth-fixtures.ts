/** Depth scenes through the depth path as a node runs it: letterbox, the model's rule, scdepthv3 postprocess. */
import { convertDepth, validRegionOf } from "../../../src/core/depth/depth-output.ts";
import { modelOutputIntrinsics, type Intrinsics } from "../../../src/core/depth/intrinsics.ts";
import type { DepthScene } from "../../../src/core/synthetic/depth-scene.ts";
import { toImageView } from "../../../src/core/vision/image-view.ts";
import { letterbox, letterboxGeometry, type LetterboxGeometry } from "../../../src/core/vision/letterbox.ts";
import type { RenderedFrame } from "../../../src/core/synthetic/scene.ts";

export const SCDEPTH = { family: "scdepthv3", scale: 1, shift: 0, minDepth: 0, maxDepth: Infinity } as const;

export function letterboxFrame(frame: RenderedFrame, width: number, height: number): { input: Uint8Array; geometry: LetterboxGeometry } {
  const view = toImageView(frame);
  if (!view.ok) throw new Error(view.error.message);
  return { input: letterbox(view.value, width, height), geometry: letterboxGeometry(frame.width, frame.height, width, height) };
}

/** Metric depth at model resolution from the model's raw output, padding NaN. */
export function metricDepth(raw: Float32Array, geometry: LetterboxGeometry): Float32Array {
  const size = { width: geometry.dstW, height: geometry.dstH };
  return convertDepth(raw, size, SCDEPTH, { valid: validRegionOf(geometry, size) });
}

export function modelIntrinsics(scene: DepthScene, geometry: LetterboxGeometry): Intrinsics {
  return modelOutputIntrinsics(scene.camera, geometry, geometry.dstW, geometry.dstH);
}

/**
 * For each object, the model pixels nearest to where its true centre projects, and the metric
 * depth there: what a consumer back-projecting the centre would read.
 */
export function depthAtProjectedCentres(
  depth: Float32Array,
  k: Intrinsics,
  width: number,
  centres: readonly { x: number; y: number; z: number }[],
): number[] {
  return centres.map((c) => {
    const u = Math.round((c.x / c.z) * k.fx + k.cx);
    const v = Math.round((c.y / c.z) * k.fy + k.cy);
    return depth[v * width + u] as number;
  });
}
