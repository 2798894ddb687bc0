/**
 * YUV 4:2:2 → RGB with BT.601 limited-range ("studio swing") coefficients, the convention of
 * cameras that publish `yuv422`/`yuyv` and of OpenCV's UYVY/YUY2 conversions.
 * Coefficients are ×256; callers divide by 256 and write into a Uint8ClampedArray, which rounds
 * (half to even) and saturates in one step.
 */

/** Y' coefficient ×256 (1.164). */
export const YUV_Y = 298;
/** V → R (1.596). */
export const YUV_VR = 409;
/** U → G (0.391). */
export const YUV_UG = 100;
/** V → G (0.813). */
export const YUV_VG = 208;
/** U → B (2.018). */
export const YUV_UB = 516;

/** Where Y, U and V of each pixel sit inside a 4-byte macropixel covering two pixels. */
export interface Yuv422Layout {
  /** Byte offset of pixel 0's Y; pixel 1's Y is 2 bytes further. */
  readonly y0: number;
  readonly u: number;
  readonly v: number;
}

/** UYVY (ROS `yuv422`, `uyvy`): U0 Y0 V0 Y1. */
export const UYVY_LAYOUT: Yuv422Layout = { y0: 1, u: 0, v: 2 };
/** YUYV (ROS `yuv422_yuy2`, `yuyv`): Y0 U0 Y1 V0. */
export const YUYV_LAYOUT: Yuv422Layout = { y0: 0, u: 1, v: 3 };
