/**
 * Pinhole intrinsics from sensor_msgs/CameraInfo and how the letterbox into a model's input moves
 * them. ROS puts pixel centres at integer coordinates (pixel u spans u − ½ .. u + ½), and the
 * letterbox resamples with half-pixel centres (input pixel i's centre maps to (i + ½)/scale − ½ in
 * the source), so a source pixel coordinate u lands at u' = (u + ½) · scaleX − ½ + padX. Hence:
 *
 *   fx' = fx · scaleX      cx' = (cx + ½) · scaleX − ½ + padX
 *   fy' = fy · scaleY      cy' = (cy + ½) · scaleY − ½ + padY
 *
 * with scaleX/scaleY and padX/padY from `letterboxGeometry` (the exact per-axis scales after rounding
 * the resized size). An output smaller or larger than the model input (a head at half resolution)
 * applies the same rule once more with the output/input ratio and no padding.
 */
import type { CameraInfo } from "../../messages/sensor_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";
import type { LetterboxGeometry } from "../vision/letterbox.ts";

export interface Intrinsics {
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
}

export type IntrinsicsResult = { readonly ok: true; readonly value: Intrinsics } | { readonly ok: false; readonly error: string };

/** fx, fy, cx, cy from K; an error naming what is wrong for a zeroed (uncalibrated) or malformed K. */
export function intrinsicsOf(info: Pick<CameraInfo, "k" | "width" | "height">): IntrinsicsResult {
  const k = info.k;
  if (k.length !== 9) return { ok: false, error: `K has ${k.length} elements, expected 9` };
  const [fx, , cx, , fy, cy] = Array.from(k);
  if (fx === undefined || fy === undefined || cx === undefined || cy === undefined) {
    return { ok: false, error: "K is incomplete" };
  }
  if (![fx, fy, cx, cy].every(Number.isFinite)) return { ok: false, error: "K holds a non-finite value" };
  if (fx === 0 && fy === 0) return { ok: false, error: "K is zeroed (the camera is not calibrated)" };
  if (fx <= 0 || fy <= 0) return { ok: false, error: `focal lengths fx=${fx}, fy=${fy} must be positive` };
  return { ok: true, value: { fx, fy, cx, cy } };
}

/** A per-axis pixel mapping u' = ax · u + bx, v' = ay · v + by (ROS pixel-centre coordinates). */
export interface PixelMap {
  readonly ax: number;
  readonly bx: number;
  readonly ay: number;
  readonly by: number;
}

/** Resampling by (sx, sy) with half-pixel centres, then a shift of (dx, dy) pixels. */
function resampleMap(sx: number, sy: number, dx = 0, dy = 0): PixelMap {
  return { ax: sx, bx: 0.5 * sx - 0.5 + dx, ay: sy, by: 0.5 * sy - 0.5 + dy };
}

function compose(first: PixelMap, then: PixelMap): PixelMap {
  return { ax: then.ax * first.ax, bx: then.ax * first.bx + then.bx, ay: then.ay * first.ay, by: then.ay * first.by + then.by };
}

/** Source pixel → pixel of a `width` × `height` output covering the whole letterboxed model input of `g`. */
export function letterboxPixelMap(g: LetterboxGeometry, width = g.dstW, height = g.dstH): PixelMap {
  // At the model input's own size the second map is the identity (ax = 1, bx = 0), which composes exactly.
  return compose(resampleMap(g.scaleX, g.scaleY, g.padX, g.padY), resampleMap(width / g.dstW, height / g.dstH));
}

export function mapIntrinsics(k: Intrinsics, m: PixelMap): Intrinsics {
  return { fx: k.fx * m.ax, fy: k.fy * m.ay, cx: k.cx * m.ax + m.bx, cy: k.cy * m.ay + m.by };
}

/** Intrinsics of the letterboxed model input (`g.dstW` × `g.dstH`) for source intrinsics `k`. */
export function letterboxIntrinsics(k: Intrinsics, g: LetterboxGeometry): Intrinsics {
  return mapIntrinsics(k, letterboxPixelMap(g));
}

/** Intrinsics of a `width` × `height` output covering the whole letterboxed model input. */
export function modelOutputIntrinsics(k: Intrinsics, g: LetterboxGeometry, width: number, height: number): Intrinsics {
  return mapIntrinsics(k, letterboxPixelMap(g, width, height));
}

const IDENTITY_R = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/**
 * The CameraInfo of a depth image of `width` × `height` made from the letterboxed source: K and P
 * mapped by `letterboxPixelMap` (P's Tx and Ty scale with its focal lengths), D, R and the distortion
 * model kept, binning and ROI reset (the image is the whole new frame). A zeroed K or P stays zeroed.
 */
export function cameraInfoForOutput(
  info: CameraInfo,
  g: LetterboxGeometry,
  width: number,
  height: number,
  header: Header = info.header,
): CameraInfo {
  const m = letterboxPixelMap(g, width, height);
  const k = Array.from(info.k);
  const p = Array.from(info.p);
  const at = (a: number[], i: number) => a[i] ?? 0;
  const kZeroed = k.length !== 9 || k.every((v) => v === 0);
  const pZeroed = p.length !== 12 || p.every((v) => v === 0);
  return {
    header,
    height,
    width,
    distortion_model: info.distortion_model,
    d: Array.from(info.d),
    k: kZeroed
      ? new Array<number>(9).fill(0)
      : [at(k, 0) * m.ax, at(k, 1) * m.ax, at(k, 2) * m.ax + m.bx, 0, at(k, 4) * m.ay, at(k, 5) * m.ay + m.by, 0, 0, 1],
    r: info.r.length === 9 ? Array.from(info.r) : [...IDENTITY_R],
    p: pZeroed
      ? new Array<number>(12).fill(0)
      : [
          at(p, 0) * m.ax,
          at(p, 1) * m.ax,
          at(p, 2) * m.ax + m.bx,
          at(p, 3) * m.ax,
          0,
          at(p, 5) * m.ay,
          at(p, 6) * m.ay + m.by,
          at(p, 7) * m.ay,
          0,
          0,
          1,
          at(p, 11),
        ],
    binning_x: 0,
    binning_y: 0,
    roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
  };
}
