/**
 * A depth model's output tensor as an image: its size from the tensor's dims, and the conversion
 * of every value to metric depth with the letterbox padding marked invalid.
 */
import type { LetterboxGeometry } from "../vision/letterbox.ts";
import { depthOfValue, SCDEPTH_DISPARITY_OFFSET, SCDEPTH_DISPARITY_SCALE, type DepthConversion } from "./depth-families.ts";

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
  /** Reused result buffer of exactly width × height floats. */
  readonly out?: Float32Array;
}

/**
 * Metric depth (metres, NaN = invalid) of every value of a width × height output, row-major.
 * Same results as `depthOfValue` per pixel, computed with the family's loop hoisted out.
 */
export function convertDepth(raw: Float32Array, size: DepthSize, c: DepthConversion, options: ConvertDepthOptions = {}): Float32Array {
  const { width, height } = size;
  const count = width * height;
  if (raw.length < count) throw new RangeError(`depth output holds ${raw.length} values, fewer than ${width}x${height}`);
  const out = options.out ?? new Float32Array(count);
  if (out.length !== count) throw new RangeError(`depth buffer holds ${out.length} values, expected ${width}x${height}`);
  const valid = options.valid ?? { u0: 0, u1: width, v0: 0, v1: height };
  const { minDepth, maxDepth } = c;
  out.fill(Number.NaN);
  for (let v = valid.v0; v < valid.v1; v++) {
    const row = v * width;
    for (let i = row + valid.u0, end = row + valid.u1; i < end; i++) {
      const x = raw[i] as number;
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
      // NaN fails every comparison, so it stays NaN.
      if (depth > 0 && depth >= minDepth && depth <= maxDepth && depth !== Infinity) out[i] = depth;
    }
  }
  return out;
}

export { depthOfValue };
