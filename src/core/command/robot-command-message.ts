/**
 * RobotCommand ⇄ hailo_ros_msgs/msg/RobotCommand. Messages cannot recurse, so the message is a
 * flat list of steps (a single command is one step; `is_sequence` keeps a one-step sequence
 * apart) with every numeric field present: fields a step does not use are 0 or '', and an
 * optional speed left out is 0. Back from a message, the steps are validated by the same zod
 * schema, so a message from anywhere is checked like LLM output. Pure.
 */
import type { RobotCommandMessage, RobotCommandStepMessage } from "../../messages/hailo_ros_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";
import { checkRobotCommand, stepsOf, type CommandCheck, type CommandStep, type RobotCommand } from "./robot-command.ts";

const EMPTY_STEP: RobotCommandStepMessage = Object.freeze({
  action: "",
  distance_m: 0,
  speed_mps: 0,
  angle_rad: 0,
  angular_speed_rps: 0,
  linear_mps: 0,
  angular_rps: 0,
  duration_s: 0,
  target: "",
});

export function stepToMessage(step: CommandStep): RobotCommandStepMessage {
  switch (step.action) {
    case "move":
      return { ...EMPTY_STEP, action: "move", distance_m: step.distance_m, speed_mps: step.speed_mps ?? 0 };
    case "turn":
      return { ...EMPTY_STEP, action: "turn", angle_rad: step.angle_rad, angular_speed_rps: step.angular_speed_rps ?? 0 };
    case "drive":
      return { ...EMPTY_STEP, action: "drive", linear_mps: step.linear_mps, angular_rps: step.angular_rps, duration_s: step.duration_s };
    case "goto":
    case "follow":
    case "find":
      return { ...EMPTY_STEP, action: step.action, target: step.target };
    case "stop":
    case "describe":
      return { ...EMPTY_STEP, action: step.action };
  }
}

/** The fields of a step message that its action uses, as the JSON form has them (unchecked). */
function stepFromMessage(step: RobotCommandStepMessage): Record<string, unknown> {
  switch (step.action) {
    case "move":
      return { action: "move", distance_m: step.distance_m, ...(step.speed_mps !== 0 ? { speed_mps: step.speed_mps } : {}) };
    case "turn":
      return {
        action: "turn",
        angle_rad: step.angle_rad,
        ...(step.angular_speed_rps !== 0 ? { angular_speed_rps: step.angular_speed_rps } : {}),
      };
    case "drive":
      return { action: "drive", linear_mps: step.linear_mps, angular_rps: step.angular_rps, duration_s: step.duration_s };
    case "goto":
    case "follow":
    case "find":
      return { action: step.action, target: step.target };
    default:
      return { action: step.action };
  }
}

export interface CommandMessageExtras {
  readonly header?: Header;
  readonly text?: string;
  readonly parser?: string;
}

export function toRobotCommandMessage(command: RobotCommand, extras: CommandMessageExtras = {}): RobotCommandMessage {
  return {
    header: extras.header ?? { stamp: { sec: 0, nanosec: 0 }, frame_id: "" },
    text: extras.text ?? "",
    parser: extras.parser ?? "",
    is_sequence: command.action === "sequence",
    steps: stepsOf(command).map(stepToMessage),
  };
}

/** An empty command message (no steps): what a failed parse answers. */
export function emptyRobotCommandMessage(extras: CommandMessageExtras = {}): RobotCommandMessage {
  return { ...toRobotCommandMessage({ action: "stop" }, extras), steps: [] };
}

/** The command a message holds, validated; the error names the step and field (e.g. "steps.1.target: …"). */
export function fromRobotCommandMessage(message: RobotCommandMessage): CommandCheck {
  if (message.steps.length === 0) return { ok: false, error: "steps: a command needs at least one step" };
  const steps = message.steps.map(stepFromMessage);
  if (!message.is_sequence && steps.length === 1) return checkRobotCommand(steps[0]);
  if (!message.is_sequence) return { ok: false, error: `steps: ${steps.length} steps need is_sequence: true` };
  return checkRobotCommand({ action: "sequence", steps });
}
