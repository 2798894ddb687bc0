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

/** sensor_msgs/msg/Range radiation types. */
export const RangeRadiation = { ULTRASOUND: 0, INFRARED: 1 } as const;

/**
 * sensor_msgs/msg/Range (REP 117: +Inf when nothing is within max_range, −Inf when closer than
 * min_range can measure).
 */
export interface Range {
  header: Header;
  radiation_type: number;
  field_of_view: number;
  min_range: number;
  max_range: number;
  range: number;
  variance: number;
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
