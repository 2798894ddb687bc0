/** hailo_ros_msgs: the interfaces of our own package (msgs/), typed. */
import type { Header } from "./std_msgs.ts";

/** hailo_ros_msgs/msg/RobotCommandStep */
export interface RobotCommandStepMessage {
  action: string;
  distance_m: number;
  speed_mps: number;
  angle_rad: number;
  angular_speed_rps: number;
  linear_mps: number;
  angular_rps: number;
  duration_s: number;
  target: string;
}

/** hailo_ros_msgs/msg/RobotCommand */
export interface RobotCommandMessage {
  header: Header;
  text: string;
  parser: string;
  is_sequence: boolean;
  steps: RobotCommandStepMessage[];
}

/** hailo_ros_msgs/srv/ParseCommand */
export interface ParseCommandRequest {
  text: string;
}
export interface ParseCommandResponse {
  ok: boolean;
  command: RobotCommandMessage;
  command_json: string;
  parser: string;
  error: string;
}

/** hailo_ros_msgs/action/ExecuteCommand */
export interface ExecuteCommandGoal {
  text: string;
  command: RobotCommandMessage;
}
export interface ExecuteCommandResult {
  success: boolean;
  message: string;
  command: RobotCommandMessage;
}
export interface ExecuteCommandFeedback {
  phase: string;
  progress: number;
  step: number;
  steps: number;
}

/** hailo_ros_msgs/action/Generate */
export interface GenerateGoal {
  prompt: string;
  system_prompt: string;
  max_tokens: number;
}
export interface GenerateResult {
  text: string;
  tokens: number;
  end_reason: string;
}
export interface GenerateFeedback {
  text: string;
  tokens: number;
}
