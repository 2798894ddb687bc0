/**
 * How each depth model family's raw output becomes metric depth (metres along the optical axis):
 *
 * | family           | output x                         | depth                          |
 * |------------------|----------------------------------|--------------------------------|
 * | `scdepthv3`      | pre-sigmoid disparity logit      | 1 / (sigmoid(x) · 10 + 0.009)  |
 * | `fast_depth`     | relative inverse depth           | 1 / (scale · x + shift)        |
 * | `depth_anything` | relative inverse depth           | 1 / (scale · x + shift)        |
 * | `generic`        | depth in some unit               | scale · x                      |
 *
 * scale and shift make a relative model metric; they come from fitting the model's output to known
 * distances in the robot's scene (two or more points on a wall or the floor). A non-finite result,
 * a depth ≤ 0 (e.g. scale · x + shift ≤ 0) or one outside [minDepth, maxDepth] is invalid and
 * becomes NaN, as are pixels that fall in the letterbox padding.
 */

export const DEPTH_FAMILIES = ["scdepthv3", "fast_depth", "depth_anything", "generic"] as const;
export type DepthFamily = (typeof DEPTH_FAMILIES)[number];

/** The scdepthv3 head (Hailo model zoo): disparity = sigmoid(x) · 10 + 0.009, depth = 1 / disparity. */
export const SCDEPTH_DISPARITY_SCALE = 10;
export const SCDEPTH_DISPARITY_OFFSET = 0.009;

export interface DepthConversion {
  readonly family: DepthFamily;
  /** fast_depth / depth_anything: inverse depth = scale · x + shift; generic: depth = scale · x. */
  readonly scale: number;
  readonly shift: number;
  /** Depths outside [minDepth, maxDepth] metres are invalid (NaN). */
  readonly minDepth: number;
  readonly maxDepth: number;
}

/** Metric depth of one raw value (NaN when invalid), the scalar form of `convertDepth`. */
export function depthOfValue(x: number, c: DepthConversion): number {
  let depth: number;
  switch (c.family) {
    case "scdepthv3":
      depth = 1 / (SCDEPTH_DISPARITY_SCALE / (1 + Math.exp(-x)) + SCDEPTH_DISPARITY_OFFSET);
      break;
    case "fast_depth":
    case "depth_anything":
      depth = 1 / (c.scale * x + c.shift);
      break;
    case "generic":
      depth = c.scale * x;
      break;
  }
  return depth > 0 && depth >= c.minDepth && depth <= c.maxDepth && depth !== Infinity ? depth : Number.NaN;
}

/** The scdepthv3 output value whose depth is `depth` metres (the inverse of the scdepthv3 row above); NaN when no x gives it. */
export function scdepthLogitOfDepth(depth: number): number {
  const s = (1 / depth - SCDEPTH_DISPARITY_OFFSET) / SCDEPTH_DISPARITY_SCALE;
  return s > 0 && s < 1 ? Math.log(s / (1 - s)) : Number.NaN;
}
