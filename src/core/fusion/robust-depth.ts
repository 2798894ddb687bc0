/**
 * The depth of a detected object: the median of the valid depths in the inner part of its box
 * (edges of a box are mostly background or the object's silhouette, where depth models blur).
 * Spread is reported as the 10th and 90th percentiles, from which a 3D box's depth can be sized.
 */
import type { Box } from "../vision/detection.ts";
import { depthAt, type DepthView } from "./depth-image.ts";

export interface RobustDepthOptions {
  /** Share of the box's width and height, centred, that is sampled (0, 1]. */
  readonly innerFraction: number;
  /** Least share of sampled pixels that must hold a measurement [0, 1]; below it there is no depth. */
  readonly minValidFraction: number;
}

export type RobustDepth =
  | {
      readonly ok: true;
      /** Median depth, m. */
      readonly depth: number;
      /** 10th and 90th percentile, m. */
      readonly near: number;
      readonly far: number;
      readonly valid: number;
      readonly sampled: number;
    }
  | { readonly ok: false; readonly reason: "outside_depth_image" | "too_few_valid"; readonly valid: number; readonly sampled: number };

/** Reused between calls so that fusing a frame allocates nothing per pixel. */
export class DepthSampler {
  #scratch = new Float32Array(4096);

  /** `box` is in the depth image's continuous pixel coordinates. */
  sample(view: DepthView, box: Box, options: RobustDepthOptions): RobustDepth {
    const f = options.innerFraction;
    const cx = (box.x1 + box.x2) / 2;
    const cy = (box.y1 + box.y2) / 2;
    const hw = ((box.x2 - box.x1) * f) / 2;
    const hh = ((box.y2 - box.y1) * f) / 2;
    // Pixels whose centre lies inside the inner box, widened to the pixel under the centre (which is
    // among them whenever there are any): a box narrower than a pixel samples that one. Then clipped.
    const px = Math.floor(cx);
    const py = Math.floor(cy);
    const x0 = Math.max(0, Math.min(px, Math.ceil(cx - hw - 0.5)));
    const x1 = Math.min(view.width - 1, Math.max(px, Math.floor(cx + hw - 0.5)));
    const y0 = Math.max(0, Math.min(py, Math.ceil(cy - hh - 0.5)));
    const y1 = Math.min(view.height - 1, Math.max(py, Math.floor(cy + hh - 0.5)));
    if (!(x1 >= x0 && y1 >= y0)) return { ok: false, reason: "outside_depth_image", valid: 0, sampled: 0 };
    const sampled = (x1 - x0 + 1) * (y1 - y0 + 1);
    if (this.#scratch.length < sampled) this.#scratch = new Float32Array(sampled);
    const scratch = this.#scratch;
    let valid = 0;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = depthAt(view, x, y);
        if (d === d) scratch[valid++] = d;
      }
    }
    if (valid === 0 || valid < options.minValidFraction * sampled) return { ok: false, reason: "too_few_valid", valid, sampled };
    const values = scratch.subarray(0, valid);
    values.sort();
    return {
      ok: true,
      depth: quantileOfSorted(values, 0.5),
      near: quantileOfSorted(values, 0.1),
      far: quantileOfSorted(values, 0.9),
      valid,
      sampled,
    };
  }
}

/** Linear-interpolated quantile of ascending values (the median of an even count is the mean of the middle two). */
function quantileOfSorted(values: Float32Array, q: number): number {
  const at = q * (values.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(values.length - 1, lo + 1);
  return values[lo]! + (values[hi]! - values[lo]!) * (at - lo);
}
