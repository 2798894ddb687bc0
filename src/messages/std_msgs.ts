/** std_msgs typings; a Header's stamp is builtin_interfaces/Time, typed in the clock port. */
import type { Time } from "../ports/clock.ts";

export type { Time };

/** std_msgs/msg/Header */
export interface Header {
  stamp: Time;
  frame_id: string;
}

/** std_msgs/msg/ColorRGBA, components 0..1. */
export interface ColorRGBA {
  r: number;
  g: number;
  b: number;
  a: number;
}
