/**
 * A depth model's output tensor as an image: its size from the tensor's dims, and the conversion
 * of every value to metric depth with the letterbox padding marked invalid.
 */
import type { LetterboxGeometry } from "../vision/letterbox.ts";
import { depthOfValue, type DepthConversion } from "./depth-families.ts";
import { scdepthTableFor } from "./scdepth-table.ts";

export interface DepthSize {
  readonly width: number;
  readonly height: number;
}

export type DepthSizeResult = { readonly ok: true; readonly value: DepthSize } | { readonly ok: false; readonly error: string };

/** One-channel depth maps: [H, W], [1, H, W], [1, 1, H, W] (NCHW) or [1, H, W, 1] (NHWC). */
export function depthOutputSize(dims: readonly number[]): DepthSizeResult {
  const ok = (height: number | undefined, width: number | undefined): DepthSizeResult =>
    height !== undefined && width !== undefined && height > 0 && width > 0
      ? { ok: true, value: { width, height } }
      : { ok: false, error: `output dims [${dims.join(", ")}] hold an empty depth map` };
  const [a, b, c, d] = dims;
  if (dims.length === 2) return ok(a, b);
  if (dims.length === 3 && a === 1) return ok(b, c);
  if (dims.length === 4 && a === 1 && b === 1) return ok(c, d);
  if (dims.length === 4 && a === 1 && d === 1) return ok(b, c);
  return {
    ok: false,
    error: `output dims [${dims.join(", ")}] are not a one-channel depth map ([H, W], [1, H, W], [1, 1, H, W] or [1, H, W, 1])`,
  };
}

/** Columns u0..u1−1 and rows v0..v1−1 of the output that show the camera image (not the letterbox padding). */
export interface ValidRegion {
  readonly u0: number;
  readonly u1: number;
  readonly v0: number;
  readonly v1: number;
}

/**
 * The output pixels whose centres fall inside the resized image of letterbox `g` (in model-input
 * pixels), for an output of `size` covering the whole model input.
 */
export function validRegionOf(g: LetterboxGeometry, size: DepthSize): ValidRegion {
  const sx = size.width / g.dstW;
  const sy = size.height / g.dstH;
  // Output pixel u's centre is at input x = (u + 0.5) / sx; it is inside when padX ≤ x < padX + resizedW.
  const first = (pad: number, s: number) => Math.max(0, Math.ceil(pad * s - 0.5));
  const end = (pad: number, len: number, s: number, n: number) => Math.min(n, Math.ceil((pad + len) * s - 0.5));
  return {
    u0: first(g.padX, sx),
    u1: end(g.padX, g.resizedW, sx, size.width),
    v0: first(g.padY, sy),
    v1: end(g.padY, g.resizedH, sy, size.height),
  };
}

export interface ConvertDepthOptions {
  /** Output pixels outside it become NaN (default: all valid). */
  readonly valid?: ValidRegion;
  /**
   * A caller-owned result buffer of exactly width × height floats, rewritten by this call. Never
   * pass one that backs a published message: the local transport delivers the very object later and
   * the fusion node keeps depth images for matching, so a message owns its bytes. Without it each
   * call returns new memory.
   */
  readonly out?: Float32Array;
}

/**
 * Metric depth (metres, NaN = invalid) of every value of a width × height output, row-major.
 * Same results as `depthOfValue` per pixel, computed with the family's loop hoisted out, except
 * scdepthv3, which interpolates a table (`ScdepthTable`: within 2^-15 relative of `depthOfValue`).
 */
export function convertDepth(raw: Float32Array, size: DepthSize, c: DepthConversion, options: ConvertDepthOptions = {}): Float32Array {
  const { width, height } = size;
  const count = width * height;
  if (raw.length < count) throw new RangeError(`depth output holds ${raw.length} values, fewer than ${width}x${height}`);
  const out = options.out ?? new Float32Array(count);
  if (out.length !== count) throw new RangeError(`depth buffer holds ${out.length} values, expected ${width}x${height}`);
  const valid = options.valid ?? { u0: 0, u1: width, v0: 0, v1: height };
  const { minDepth, maxDepth } = c;
  const lo = Math.max(minDepth, Number.MIN_VALUE);
  const hi = Math.min(maxDepth, Number.MAX_VALUE);
  // Every pixel of the region is written below; only the letterbox padding needs filling first.
  if (valid.u0 > 0 || valid.u1 < width || valid.v0 > 0 || valid.v1 < height) out.fill(Number.NaN);
  // One loop per family, written out, so the per-pixel work has no branch on the family and no call.
  // NaN fails every comparison and becomes NaN.
  switch (c.family) {
    case "scdepthv3": {
      // The hot path: a table over the logit instead of an exp per pixel (within SCDEPTH_TABLE_TOLERANCE).
      const table = scdepthTableFor(minDepth, maxDepth);
      for (let v = valid.v0; v < valid.v1; v++) table.convertRange(raw, out, v * width + valid.u0, v * width + valid.u1);
      break;
    }
    case "fast_depth":
    case "depth_anything": {
      const { scale, shift } = c;
      for (let v = valid.v0; v < valid.v1; v++) {
        for (let i = v * width + valid.u0, end = v * width + valid.u1; i < end; i++) {
          const depth = 1 / (scale * raw[i]! + shift);
          out[i] = depth >= lo && depth <= hi ? depth : Number.NaN;
        }
      }
      break;
    }
    case "generic": {
      const { scale } = c;
      for (let v = valid.v0; v < valid.v1; v++) {
        for (let i = v * width + valid.u0, end = v * width + valid.u1; i < end; i++) {
          const depth = scale * raw[i]!;
          out[i] = depth >= lo && depth <= hi ? depth : Number.NaN;
        }
      }
      break;
    }
  }
  return out;
}

export { depthOfValue };
