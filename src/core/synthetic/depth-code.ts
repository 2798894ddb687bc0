/**
 * How the synthetic scenes carry depth in their pixel colours, so a depth model the project builds
 * (and the simulated device) can read the true depth back from the image alone.
 *
 * Rule: a pixel's depth code is 100 · (R mod 10) + 10 · (G mod 10) + (B mod 10), 0..999. Codes
 * 0..998 are the depths of a geometric ladder, depth(k) = 0.3 m · (100 / 0.3)^(k / 998) (steps of
 * 0.58 %, 0.3 to 100 m); code 999 means "no depth" (NaN). A colour is painted with a code by
 * replacing the last decimal digit of each channel: the scene's colours stay within 9 levels per
 * channel of their class colour, close enough that detection still matches every class. Solid
 * regions keep their codes through the letterbox (equal bytes resample to themselves); pixels where
 * two regions blend carry no meaningful code.
 */
import type { Rgb } from "./palette.ts";

export const DEPTH_CODE_MIN_M = 0.3;
export const DEPTH_CODE_MAX_M = 100;
/** Codes 0..DEPTH_CODE_STEPS are ladder depths. */
export const DEPTH_CODE_STEPS = 998;
export const NO_DEPTH_CODE = 999;
export const DEPTH_CODE_COUNT = 1000;

const LOG_RANGE = Math.log(DEPTH_CODE_MAX_M / DEPTH_CODE_MIN_M);

/** The depth of code k in metres (NaN for the "no depth" code); throws for a code outside 0..999. */
export function depthOfCode(code: number): number {
  if (!Number.isInteger(code) || code < 0 || code >= DEPTH_CODE_COUNT) throw new RangeError(`depth code ${code} is outside 0..999`);
  if (code === NO_DEPTH_CODE) return Number.NaN;
  return DEPTH_CODE_MIN_M * Math.exp((LOG_RANGE * code) / DEPTH_CODE_STEPS);
}

/** The ladder code nearest to `depth` metres (clamped to the ladder); the "no depth" code for NaN. */
export function codeOfDepth(depth: number): number {
  if (Number.isNaN(depth)) return NO_DEPTH_CODE;
  const k = Math.round((Math.log(depth / DEPTH_CODE_MIN_M) / LOG_RANGE) * DEPTH_CODE_STEPS);
  return Math.min(DEPTH_CODE_STEPS, Math.max(0, k));
}

/** `depth` rounded to the ladder: the depth a painted pixel states. */
export function snapDepth(depth: number): number {
  return depthOfCode(codeOfDepth(depth));
}

/** `rgb` with each channel's last decimal digit replaced by the code's digit for it (never above 255). */
export function paintDepthCode(rgb: Rgb, code: number): Rgb {
  const digits = [Math.floor(code / 100), Math.floor(code / 10) % 10, code % 10];
  return rgb.map((c, i) => {
    const base = c - (c % 10);
    const painted = base + (digits[i] as number);
    return painted > 255 ? painted - 10 : painted;
  }) as unknown as Rgb;
}

/** The code a pixel colour states. */
export function depthCodeOfColour(r: number, g: number, b: number): number {
  return 100 * (r % 10) + 10 * (g % 10) + (b % 10);
}

/** The depths of all codes, in code order (what a lookup-table model holds). */
export function depthCodeTable(): Float64Array {
  return Float64Array.from({ length: DEPTH_CODE_COUNT }, (_, k) => depthOfCode(k));
}
