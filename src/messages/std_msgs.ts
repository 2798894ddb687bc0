/** std_msgs typings; a Header's stamp is builtin_interfaces/Time, typed in the clock port. */
import type { Time } from "../ports/clock.ts";

export type { Time };

/** std_msgs/msg/Header */
export interface Header {
  stamp: Time;
  frame_id: string;
}
