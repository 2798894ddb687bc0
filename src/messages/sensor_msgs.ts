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

/** sensor_msgs/msg/RegionOfInterest */
export interface RegionOfInterest {
  x_offset: number;
  y_offset: number;
  height: number;
  width: number;
  do_rectify: boolean;
}

/**
 * sensor_msgs/msg/CameraInfo: `k` is the 3×3 intrinsic matrix row-major ([fx 0 cx; 0 fy cy; 0 0 1]),
 * `p` the 3×4 projection matrix, both for an image of `width` × `height`.
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
