/**
 * Pinhole intrinsics from a sensor_msgs/CameraInfo, back-projection, and moving pixel positions
 * between two images of the same optical centre (a camera image and a depth image of another
 * resolution or letterboxed crop).
 *
 * Pixel conventions: CameraInfo's K puts pixel centres at integer coordinates (pixel (0, 0)'s
 * centre is u = 0, so cx ≈ (W − 1) / 2), while our boxes use continuous coordinates where pixel i
 * spans [i, i + 1) (core/vision/detection.ts). A continuous u is u − 0.5 in K's frame.
 */
import type { CameraInfo } from "../../messages/sensor_msgs.ts";

export interface PinholeIntrinsics {
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
  /** The image these intrinsics belong to. */
  readonly width: number;
  readonly height: number;
}

export type IntrinsicsResult = { readonly ok: true; readonly value: PinholeIntrinsics } | { readonly ok: false; readonly error: string };

/** K of a CameraInfo as intrinsics; an error naming `topic` when it is missing, zeroed or not finite. */
export function intrinsicsFromCameraInfo(info: CameraInfo, topic: string): IntrinsicsResult {
  const k = info.k;
  if (k.length !== 9) return { ok: false, error: `${topic}: k holds ${k.length} values, a 3×3 matrix needs 9` };
  const [fx, , cx, , fy, cy] = [k[0]!, k[1]!, k[2]!, k[3]!, k[4]!, k[5]!];
  if (!(info.width > 0 && info.height > 0)) {
    return { ok: false, error: `${topic}: width × height is ${info.width} × ${info.height}; the driver must fill in the image size` };
  }
  if (!(Number.isFinite(fx) && Number.isFinite(fy) && fx > 0 && fy > 0)) {
    return {
      ok: false,
      error: `${topic}: K has fx ${fx}, fy ${fy} (zeroed or invalid); publish a calibrated CameraInfo (e.g. camera_calibration) for 3D`,
    };
  }
  if (!(Number.isFinite(cx) && Number.isFinite(cy))) {
    return {
      ok: false,
      error: `${topic}: K has principal point cx ${cx}, cy ${cy} (not finite); publish a calibrated CameraInfo (e.g. camera_calibration) for 3D`,
    };
  }
  return { ok: true, value: { fx, fy, cx, cy, width: info.width, height: info.height } };
}

export interface Point3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** The point at depth `z` (m) seen at continuous pixel (u, v): x right, y down, z forward (the optical frame). */
export function backProject(k: PinholeIntrinsics, u: number, v: number, z: number): Point3 {
  return { x: ((u - 0.5 - k.cx) * z) / k.fx, y: ((v - 0.5 - k.cy) * z) / k.fy, z };
}

/** The continuous pixel where a point of the optical frame projects (inverse of backProject). */
export function project(k: PinholeIntrinsics, p: Point3): { readonly u: number; readonly v: number } {
  return { u: (k.fx * p.x) / p.z + k.cx + 0.5, v: (k.fy * p.y) / p.z + k.cy + 0.5 };
}

/**
 * The map of continuous pixel coordinates from image `from` to image `to` sharing an optical
 * centre: the same ray lands on u' = su·u + ou (and likewise v). Exact for any scaling, crop or
 * letterbox offset between the two, as long as both CameraInfos describe them.
 */
export interface PixelMap {
  readonly sx: number;
  readonly ox: number;
  readonly sy: number;
  readonly oy: number;
}

export function pixelMapBetween(from: PinholeIntrinsics, to: PinholeIntrinsics): PixelMap {
  const sx = to.fx / from.fx;
  const sy = to.fy / from.fy;
  return { sx, ox: to.cx + 0.5 - sx * (from.cx + 0.5), sy, oy: to.cy + 0.5 - sy * (from.cy + 0.5) };
}
