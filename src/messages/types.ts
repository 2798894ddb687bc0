// File names here: message typings are named after their ROS package (sensor_msgs.ts), all else is kebab-case.
/**
 * The ROS 2 message types our nodes publish or subscribe, by their full ROS 2 name.
 * Adding a type here makes it usable through the ROS port with static typing.
 */
import type { Header } from "./std_msgs.ts";
import type { CameraInfo, CompressedImage, Image, JointState, PointCloud2 } from "./sensor_msgs.ts";
import type { MarkerArray } from "./visualization_msgs.ts";
import type { Detection2DArray, Detection3DArray, LabelInfo } from "./vision_msgs.ts";
import type { DiagnosticArray } from "./diagnostic_msgs.ts";
import type { Twist, TwistStamped } from "./geometry_msgs.ts";
import type { FibonacciFeedback, FibonacciGoal, FibonacciResult } from "./example_interfaces.ts";
import type {
  ExecuteCommandFeedback,
  ExecuteCommandGoal,
  ExecuteCommandResult,
  GenerateFeedback,
  GenerateGoal,
  GenerateResult,
  ParseCommandRequest,
  ParseCommandResponse,
  RobotCommandMessage,
} from "./hailo_ros_msgs.ts";
import type { Odometry } from "./nav_msgs.ts";
import type { LifecycleStateMessage, LifecycleTransitionMessage, TransitionDescription, TransitionEvent } from "./lifecycle_msgs.ts";

export interface MessageTypes {
  "std_msgs/msg/Header": Header;
  "std_msgs/msg/String": { data: string };
  "sensor_msgs/msg/Image": Image;
  "sensor_msgs/msg/CompressedImage": CompressedImage;
  "sensor_msgs/msg/JointState": JointState;
  "sensor_msgs/msg/CameraInfo": CameraInfo;
  "sensor_msgs/msg/PointCloud2": PointCloud2;
  "visualization_msgs/msg/MarkerArray": MarkerArray;
  "vision_msgs/msg/Detection2DArray": Detection2DArray;
  "vision_msgs/msg/Detection3DArray": Detection3DArray;
  "vision_msgs/msg/LabelInfo": LabelInfo;
  "diagnostic_msgs/msg/DiagnosticArray": DiagnosticArray;
  "geometry_msgs/msg/Twist": Twist;
  "geometry_msgs/msg/TwistStamped": TwistStamped;
  "lifecycle_msgs/msg/TransitionEvent": TransitionEvent;
  "nav_msgs/msg/Odometry": Odometry;
  "hailo_ros_msgs/msg/RobotCommand": RobotCommandMessage;
}

export type MessageTypeName = keyof MessageTypes;
export type MessageOf<N extends MessageTypeName> = MessageTypes[N];

/** Services: request and response by full ROS 2 name. */
export interface ServiceTypes {
  "std_srvs/srv/SetBool": { request: { data: boolean }; response: { success: boolean; message: string } };
  "std_srvs/srv/Trigger": { request: Record<string, never>; response: { success: boolean; message: string } };
  "lifecycle_msgs/srv/ChangeState": { request: { transition: LifecycleTransitionMessage }; response: { success: boolean } };
  "lifecycle_msgs/srv/GetState": { request: Record<string, never>; response: { current_state: LifecycleStateMessage } };
  "lifecycle_msgs/srv/GetAvailableStates": {
    request: Record<string, never>;
    response: { available_states: LifecycleStateMessage[] };
  };
  "lifecycle_msgs/srv/GetAvailableTransitions": {
    request: Record<string, never>;
    response: { available_transitions: TransitionDescription[] };
  };
  "hailo_ros_msgs/srv/ParseCommand": { request: ParseCommandRequest; response: ParseCommandResponse };
}
export type ServiceTypeName = keyof ServiceTypes;
export type RequestOf<N extends ServiceTypeName> = ServiceTypes[N]["request"];
export type ResponseOf<N extends ServiceTypeName> = ServiceTypes[N]["response"];

/**
 * Actions: goal, result and feedback by full ROS 2 name. Their definitions (for message checks and
 * default results) are in action-definitions.ts.
 */
export interface ActionTypes {
  "example_interfaces/action/Fibonacci": { goal: FibonacciGoal; result: FibonacciResult; feedback: FibonacciFeedback };
  "hailo_ros_msgs/action/ExecuteCommand": { goal: ExecuteCommandGoal; result: ExecuteCommandResult; feedback: ExecuteCommandFeedback };
  "hailo_ros_msgs/action/Generate": { goal: GenerateGoal; result: GenerateResult; feedback: GenerateFeedback };
}
export type ActionTypeName = keyof ActionTypes;
export type GoalOf<N extends ActionTypeName> = ActionTypes[N]["goal"];
export type ResultOf<N extends ActionTypeName> = ActionTypes[N]["result"];
export type FeedbackOf<N extends ActionTypeName> = ActionTypes[N]["feedback"];
