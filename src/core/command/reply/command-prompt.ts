/**
 * The system prompt for the LLM path: the compact form (compact-form.ts), the detector's label
 * vocabulary and a few examples, so a reply is one short line. The repair message quotes the
 * validation error so one retry can fix the reply.
 */
import { COCO_LABELS } from "../../labels/coco.ts";
import type { RobotCommand } from "../robot-command.ts";
import { encodeCompact } from "./compact-form.ts";

export interface CommandPromptOptions {
  /** Labels goto/follow/find may name (the detector's classes); COCO's 80 by default. */
  readonly vocabulary?: readonly string[];
  /** Include the worked examples (default true); without them the prompt is shorter to prefill. */
  readonly examples?: boolean;
}

/** The few-shot examples: an utterance and the command it means (encoded with encodeCompact). */
export const PROMPT_EXAMPLES: ReadonlyArray<readonly [string, RobotCommand | null]> = [
  ["go forward two meters", { action: "move", distance_m: 2 }],
  ["back up a little", { action: "move", distance_m: -0.2 }],
  ["turn right", { action: "turn", angle_rad: -Math.PI / 2 }],
  ["spin around slowly", { action: "turn", angle_rad: Math.PI, angular_speed_rps: 0.5 }],
  ["drive forward for three seconds", { action: "drive", linear_mps: 0.2, angular_rps: 0, duration_s: 3 }],
  ["could you go over to the sofa", { action: "goto", target: "couch" }],
  ["keep following me", { action: "follow", target: "person" }],
  ["where's my cup", { action: "find", target: "cup" }],
  ["what can you see", { action: "describe" }],
  [
    "move ahead one meter then turn left",
    {
      action: "sequence",
      steps: [
        { action: "move", distance_m: 1 },
        { action: "turn", angle_rad: Math.PI / 2 },
      ],
    },
  ],
  ["tell me a joke", null],
];

/** The system prompt. */
export function buildCommandPrompt(options: CommandPromptOptions = {}): string {
  const vocabulary = options.vocabulary ?? COCO_LABELS;
  const lines = [
    "You control a small wheeled robot. Turn the user's sentence into ONE command line. Reply with that line only.",
    "Commands:",
    "stop",
    "move M [S] - M metres, + forward, - backward; optional speed S m/s",
    "turn Ad [W] - A degrees, + left, - right; optional W rad/s",
    "drive V W T - V m/s forward, W rad/s left, for T seconds",
    "goto L / follow L / find L - L is one label from the list",
    "describe - say what the camera sees",
    "seq C1; C2 - several commands in order",
    "none - the sentence is not a robot command",
    `Labels: ${vocabulary.join(", ")}. Use the closest label, singular (sofa is couch, me is person).`,
  ];
  if (options.examples ?? true) {
    lines.push("Examples:");
    for (const [text, command] of PROMPT_EXAMPLES) lines.push(`${text} => ${command === null ? "none" : encodeCompact(command)}`);
  }
  return lines.join("\n");
}

/** The user message that asks for a corrected reply, quoting the reply (shortened) and its error. */
export function buildRepairMessage(reply: string, error: string): string {
  const quoted = reply.length > 200 ? `${reply.slice(0, 200)}…` : reply;
  return [
    `Your reply "${quoted.replace(/\s+/g, " ").trim()}" is not a valid command: ${error}.`,
    "Reply again with ONE command line only, e.g. 'move 1.5', 'turn -90d', 'goto chair', or 'none'.",
  ].join("\n");
}
