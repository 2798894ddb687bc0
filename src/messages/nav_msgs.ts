// nav_msgs typings (the parts of the common Jazzy set we use).
import type { Header } from "./std_msgs.ts";
import type { PoseWithCovariance, TwistWithCovariance } from "./geometry_msgs.ts";

export type { TwistWithCovariance };

/** nav_msgs/msg/Odometry: the pose in `header.frame_id` (odom), the twist in `child_frame_id` (base_link). */
export interface Odometry {
  header: Header;
  child_frame_id: string;
  pose: PoseWithCovariance;
  twist: TwistWithCovariance;
}
