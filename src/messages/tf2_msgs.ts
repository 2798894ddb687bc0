import type { TransformStamped } from "./geometry_msgs.ts";

/** tf2_msgs/msg/TFMessage, as published on /tf. */
export interface TFMessage {
  transforms: TransformStamped[];
}
