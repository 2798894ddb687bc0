import type { Header } from "./std_msgs.ts";

export interface Point {
  x: number;
  y: number;
  z: number;
}
export interface Vector3 {
  x: number;
  y: number;
  z: number;
}
export interface Quaternion {
  x: number;
  y: number;
  z: number;
  w: number;
}
export interface Pose {
  position: Point;
  orientation: Quaternion;
}
export interface PoseWithCovariance {
  pose: Pose;
  /** 36 float64, row-major 6×6 */
  covariance: Float64Array | number[];
}
export interface Twist {
  linear: Vector3;
  angular: Vector3;
}
export interface TwistStamped {
  header: Header;
  twist: Twist;
}
export interface TwistWithCovariance {
  twist: Twist;
  /** 36 float64, row-major 6×6 */
  covariance: Float64Array | number[];
}
export interface Transform {
  translation: Vector3;
  rotation: Quaternion;
}
/** geometry_msgs/msg/TransformStamped: `header.frame_id` is the parent frame. */
export interface TransformStamped {
  header: Header;
  child_frame_id: string;
  transform: Transform;
}
