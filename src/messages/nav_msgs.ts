// nav_msgs typings (the parts of the common Jazzy set we use).
import type { Header } from "./std_msgs.ts";
import type { PoseWithCovariance, Twist } from "./geometry_msgs.ts";

export interface TwistWithCovariance {
  twist: Twist;
  /** 36 float64, row-major 6×6 */
  covariance: Float64Array | number[];
}

/** nav_msgs/msg/Odometry */
export interface Odometry {
  header: Header;
  child_frame_id: string;
  pose: PoseWithCovariance;
  twist: TwistWithCovariance;
}
