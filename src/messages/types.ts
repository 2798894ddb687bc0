/**
 * The ROS 2 message types our nodes publish or subscribe, by their full ROS 2 name.
 * Adding a type here makes it usable through the ROS port with static typing.
 */
import type { Header } from "./builtin.ts";
import type { CompressedImage, Image } from "./sensor_msgs.ts";
import type { Detection2DArray, Detection3DArray, LabelInfo } from "./vision_msgs.ts";
import type { DiagnosticArray } from "./diagnostic_msgs.ts";
import type { TwistStamped } from "./geometry_msgs.ts";

export interface MessageTypes {
  "std_msgs/msg/Header": Header;
  "std_msgs/msg/String": { data: string };
  "sensor_msgs/msg/Image": Image;
  "sensor_msgs/msg/CompressedImage": CompressedImage;
  "vision_msgs/msg/Detection2DArray": Detection2DArray;
  "vision_msgs/msg/Detection3DArray": Detection3DArray;
  "vision_msgs/msg/LabelInfo": LabelInfo;
  "diagnostic_msgs/msg/DiagnosticArray": DiagnosticArray;
  "geometry_msgs/msg/TwistStamped": TwistStamped;
}

export type MessageTypeName = keyof MessageTypes;
export type MessageOf<N extends MessageTypeName> = MessageTypes[N];

/** Services: request and response by full ROS 2 name. */
export interface ServiceTypes {
  "std_srvs/srv/SetBool": { request: { data: boolean }; response: { success: boolean; message: string } };
  "std_srvs/srv/Trigger": { request: Record<string, never>; response: { success: boolean; message: string } };
}
export type ServiceTypeName = keyof ServiceTypes;
export type RequestOf<N extends ServiceTypeName> = ServiceTypes[N]["request"];
export type ResponseOf<N extends ServiceTypeName> = ServiceTypes[N]["response"];
