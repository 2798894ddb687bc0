import type { Header } from "./std_msgs.ts";

/** sensor_msgs/msg/Image */
export interface Image {
  header: Header;
  height: number;
  width: number;
  encoding: string;
  is_bigendian: number;
  /** Full row length in bytes (may include padding). */
  step: number;
  data: Uint8Array;
}

/** sensor_msgs/msg/CompressedImage */
export interface CompressedImage {
  header: Header;
  /** "jpeg" or "png" (image_transport may add a prefix such as "rgb8; jpeg compressed bgr8"). */
  format: string;
  data: Uint8Array;
}

/** sensor_msgs/msg/JointState: the arrays are parallel to `name` (or empty). */
export interface JointState {
  header: Header;
  name: string[];
  position: Float64Array | number[];
  velocity: Float64Array | number[];
  effort: Float64Array | number[];
}

/** sensor_msgs/msg/RegionOfInterest */
export interface RegionOfInterest {
  x_offset: number;
  y_offset: number;
  height: number;
  width: number;
  do_rectify: boolean;
}

/**
 * sensor_msgs/msg/CameraInfo. `k` (3×3), `r` (3×3) and `p` (3×4) are row-major; fx = k[0], cx = k[2],
 * fy = k[4], cy = k[5]. A zeroed `k` means an uncalibrated camera. Decoded arrays are Float64Array.
 */
export interface CameraInfo {
  header: Header;
  height: number;
  width: number;
  distortion_model: string;
  d: Float64Array | number[];
  k: Float64Array | number[];
  r: Float64Array | number[];
  p: Float64Array | number[];
  binning_x: number;
  binning_y: number;
  roi: RegionOfInterest;
}

/** sensor_msgs/msg/PointField datatype codes. */
export const PointFieldDatatype = {
  INT8: 1,
  UINT8: 2,
  INT16: 3,
  UINT16: 4,
  INT32: 5,
  UINT32: 6,
  FLOAT32: 7,
  FLOAT64: 8,
} as const;

/** sensor_msgs/msg/PointField */
export interface PointField {
  name: string;
  offset: number;
  datatype: number;
  count: number;
}

/**
 * sensor_msgs/msg/PointCloud2. `data` holds `height` rows of `row_step` bytes, each `width` points of
 * `point_step` bytes laid out as `fields` say; organized clouds have height > 1 (one point per pixel).
 */
export interface PointCloud2 {
  header: Header;
  height: number;
  width: number;
  fields: PointField[];
  is_bigendian: boolean;
  point_step: number;
  row_step: number;
  data: Uint8Array;
  is_dense: boolean;
}

/** A tightly packed rgb8 image (step = width × 3) with the given header. */
export function packedRgb8Image(
  header: Header,
  pixels: { readonly width: number; readonly height: number; readonly data: Uint8Array },
): Image {
  return {
    header,
    height: pixels.height,
    width: pixels.width,
    encoding: "rgb8",
    is_bigendian: 0,
    step: pixels.width * 3,
    data: pixels.data,
  };
}
