/**
 * scdepthv3's depth as a lookup table over the logit x, linearly interpolated, so converting a
 * frame needs no Math.exp per pixel. f(x) = 1 / (10 · sigmoid(x) + 0.009) is smooth and strictly
 * decreasing; with nodes every h = 1/128 in x, linear interpolation is within 2^-17 ≈ 7.6e-6 of f
 * relative: the error is at most h² / 8 · max|f''| over the cell, |f''/f| < 0.91 everywhere and f
 * changes by less than 1 % within a cell (bound 7.0e-6; measured worst case 6.9e-6, at x ≈ −2.9). The depth image
 * then rounds to float32 (6e-8) as before.
 *
 * Validity is decided on x, not on the interpolated depth: since f is decreasing,
 * minDepth ≤ f(x) ≤ maxDepth exactly when logit(maxDepth) ≤ x ≤ logit(minDepth). NaN fails both
 * comparisons. Beyond |x| = 32 the table is clamped: f there equals its limit (1 / 0.009 or
 * 1 / 10.009) to better than 1e-12 relative, which is what ±inf convert to as well.
 */
import { SCDEPTH_DISPARITY_OFFSET, SCDEPTH_DISPARITY_SCALE } from "./depth-families.ts";

/** Nodes per unit of x. */
export const SCDEPTH_TABLE_STEPS = 128;
/** The table covers x in [−32, 32]; outside it the depth is at its limit. */
export const SCDEPTH_TABLE_REACH = 32;
/** Worst relative error of the interpolated depth against the exact formula (before float32 rounding). */
export const SCDEPTH_TABLE_TOLERANCE = 2 ** -17;

function scdepthDepth(x: number): number {
  return 1 / (SCDEPTH_DISPARITY_SCALE / (1 + Math.exp(-x)) + SCDEPTH_DISPARITY_OFFSET);
}

/** The x at which f(x) = depth (f's range is (1 / 10.009, 1 / 0.009)), or what stands beyond it on either side. */
function logitOf(depth: number, belowRange: number, aboveRange: number): number {
  const s = (1 / depth - SCDEPTH_DISPARITY_OFFSET) / SCDEPTH_DISPARITY_SCALE;
  if (!(s > 0)) return aboveRange;
  if (!(s < 1)) return belowRange;
  return Math.log(s / (1 - s));
}

export class ScdepthTable {
  readonly minDepth: number;
  readonly maxDepth: number;
  /** Valid logits: xLow ≤ x ≤ xHigh (±inf when a limit is beyond f's range, NaN when nothing is valid). */
  readonly xLow: number;
  readonly xHigh: number;
  /** x of node 0 (a multiple of the step, so nodes sit at k / 128). */
  readonly origin: number;
  /** Depth at each node and the difference to the next node. */
  readonly values: Float64Array;
  readonly slopes: Float64Array;
  /** x is clamped into [clampLow, clampHigh] before the look-up. */
  readonly clampLow: number;
  readonly clampHigh: number;

  constructor(minDepth: number, maxDepth: number) {
    this.minDepth = minDepth;
    this.maxDepth = maxDepth;
    // depth ≤ maxDepth ⇔ x ≥ logit(maxDepth); depth ≥ minDepth ⇔ x ≤ logit(minDepth). A limit beyond
    // f's range admits every x on its side (±inf) or none (NaN, which every comparison fails).
    this.xLow = logitOf(maxDepth, Number.NaN, -Infinity);
    this.xHigh = logitOf(minDepth, Infinity, Number.NaN);
    // An empty range (xLow > xHigh or NaN) keeps a one-cell table; nothing passes the validity test.
    const low = Number.isNaN(this.xLow) ? 0 : Math.max(-SCDEPTH_TABLE_REACH, Math.min(SCDEPTH_TABLE_REACH, this.xLow));
    const high = Number.isNaN(this.xHigh) ? 0 : Math.min(SCDEPTH_TABLE_REACH, Math.max(-SCDEPTH_TABLE_REACH, this.xHigh));
    const first = Math.floor(low * SCDEPTH_TABLE_STEPS);
    const last = Math.max(first + 1, Math.ceil(high * SCDEPTH_TABLE_STEPS));
    this.origin = first / SCDEPTH_TABLE_STEPS;
    this.clampLow = this.origin;
    this.clampHigh = last / SCDEPTH_TABLE_STEPS;
    const nodes = last - first + 1;
    this.values = new Float64Array(nodes + 1);
    this.slopes = new Float64Array(nodes + 1);
    for (let k = 0; k < nodes; k++) this.values[k] = scdepthDepth((first + k) / SCDEPTH_TABLE_STEPS);
    // One node past the end, so x = clampHigh interpolates without reading out of range.
    this.values[nodes] = this.values[nodes - 1]!;
    for (let k = 0; k < nodes; k++) this.slopes[k] = this.values[k + 1]! - this.values[k]!;
  }

  /**
   * Converts raw[i] into out[i] for i in [start, end): the interpolated depth where the logit is
   * valid, NaN elsewhere.
   */
  convertRange(raw: Float32Array, out: Float32Array, start: number, end: number): void {
    const { xLow, xHigh, clampLow, clampHigh, origin, values, slopes } = this;
    // Stryker disable next-line BlockStatement: equivalent, without this speed path the general loop below gives the same values (a valid x inside the table is not moved by the clamp)
    if (xLow >= clampLow && xHigh <= clampHigh) {
      // Both limits inside the table (the usual case): a valid x needs no clamping.
      for (let i = start; i < end; i++) {
        const x = raw[i]!;
        if (x >= xLow && x <= xHigh) {
          const f = (x - origin) * SCDEPTH_TABLE_STEPS;
          const k = f | 0;
          out[i] = values[k]! + slopes[k]! * (f - k);
        } else out[i] = Number.NaN;
      }
      return;
    }
    for (let i = start; i < end; i++) {
      const x = raw[i]!;
      if (x >= xLow && x <= xHigh) {
        const f = (Math.min(clampHigh, Math.max(clampLow, x)) - origin) * SCDEPTH_TABLE_STEPS;
        const k = f | 0;
        out[i] = values[k]! + slopes[k]! * (f - k);
      } else out[i] = Number.NaN;
    }
  }
}

/** One table per depth range, rebuilt only when the range changes (a parameter change). */
let cached: ScdepthTable | undefined;

export function scdepthTableFor(minDepth: number, maxDepth: number): ScdepthTable {
  if (cached === undefined || cached.minDepth !== minDepth || cached.maxDepth !== maxDepth) cached = new ScdepthTable(minDepth, maxDepth);
  return cached;
}
