/**
 * RobotCommand: what a spoken sentence asks the robot to do, as one zod schema whose JSON form is
 * the contract between the grammar parser, the LLM path, the executor and the ROS interfaces.
 *
 * Signs follow REP-103: + forward, + left (counter-clockwise). The parser reports what was asked;
 * limits are applied (and reported) by the executor, so amounts here are only required finite.
 */
import { z } from "zod";

// zod 4 numbers are finite: NaN and ±Infinity are rejected by z.number() itself.
const finite = z.number();
const positive = finite.refine((v) => v > 0, { message: "must be greater than 0" });
const label = z
  .string()
  .min(1, { message: "must name a target (e.g. 'person')" })
  .max(64)
  .refine((v) => v === v.trim().toLowerCase(), { message: "must be lower case with no surrounding spaces" });

export const StopCommand = z.strictObject({ action: z.literal("stop") });
export const MoveCommand = z.strictObject({ action: z.literal("move"), distance_m: finite, speed_mps: positive.optional() });
export const TurnCommand = z.strictObject({ action: z.literal("turn"), angle_rad: finite, angular_speed_rps: positive.optional() });
export const DriveCommand = z.strictObject({
  action: z.literal("drive"),
  linear_mps: finite,
  angular_rps: finite,
  duration_s: positive,
});
export const GotoCommand = z.strictObject({ action: z.literal("goto"), target: label });
export const FollowCommand = z.strictObject({ action: z.literal("follow"), target: label });
export const FindCommand = z.strictObject({ action: z.literal("find"), target: label });
export const DescribeCommand = z.strictObject({ action: z.literal("describe") });

/** One step of a sequence: any command but a sequence (steps do not nest). */
export const CommandStep = z.discriminatedUnion("action", [
  StopCommand,
  MoveCommand,
  TurnCommand,
  DriveCommand,
  GotoCommand,
  FollowCommand,
  FindCommand,
  DescribeCommand,
]);

export const SequenceCommand = z.strictObject({
  action: z.literal("sequence"),
  steps: z.array(CommandStep).min(1, { message: "a sequence needs at least one step" }).max(16),
});

export const RobotCommand = z.discriminatedUnion("action", [
  StopCommand,
  MoveCommand,
  TurnCommand,
  DriveCommand,
  GotoCommand,
  FollowCommand,
  FindCommand,
  DescribeCommand,
  SequenceCommand,
]);

export type RobotCommand = z.infer<typeof RobotCommand>;
export type CommandStep = z.infer<typeof CommandStep>;
export type CommandAction = RobotCommand["action"];

export const COMMAND_ACTIONS: readonly CommandAction[] = [
  "stop",
  "move",
  "turn",
  "drive",
  "goto",
  "follow",
  "find",
  "describe",
  "sequence",
];

export type CommandCheck = { readonly ok: true; readonly value: RobotCommand } | { readonly ok: false; readonly error: string };

/** Validates any value (e.g. parsed LLM JSON) as a RobotCommand; the error names each bad field. */
export function checkRobotCommand(value: unknown): CommandCheck {
  const result = RobotCommand.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const error = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "command"}: ${issue.message}`)
    .join("; ");
  return { ok: false, error };
}

/** The steps a command runs, in order: a sequence's steps, or the command itself. */
export function stepsOf(command: RobotCommand): readonly CommandStep[] {
  return command.action === "sequence" ? command.steps : [command];
}

/** True when running the command stops the robot first and only (a sequence containing a stop stops). */
export function isStop(command: RobotCommand): boolean {
  return stepsOf(command).some((step) => step.action === "stop");
}
