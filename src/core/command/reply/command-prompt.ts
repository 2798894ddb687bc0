/**
 * The system prompt for the LLM path: the compact form (compact-form.ts), the detector's label
 * vocabulary and a few examples, so a reply is one short line. The repair message quotes the
 * validation error so one retry can fix the reply.
 */
import { COCO_LABELS } from "../../labels/coco.ts";
import type { GrammarOptions } from "../grammar/grammar-options.ts";
import { parseCommandText } from "../grammar/parse-command-text.ts";
import type { RobotCommand } from "../robot-command.ts";
import { encodeCompact } from "./compact-form.ts";

export interface CommandPromptOptions {
  /** Labels goto/follow/find may name (the detector's classes); COCO's 80 by default. */
  readonly vocabulary?: readonly string[];
  /** Include the worked examples (default true); without them the prompt is shorter to prefill. */
  readonly examples?: boolean;
  /** The grammar's options (drive speeds, default amounts) the examples are answered with. */
  readonly grammar?: GrammarOptions;
}

/**
 * The few-shot utterances. Their answers are what the grammar makes of them with the same options,
 * so the examples always agree with the grammar (drive speeds, small amounts, labels).
 */
export const PROMPT_EXAMPLE_TEXTS: readonly string[] = [
  "go forward two meters",
  "back up a little",
  "turn right",
  "spin around slowly",
  "drive forward for three seconds",
  "could you go over to the sofa",
  "keep following me",
  "where's my cup",
  "what can you see",
  "move ahead one meter then turn left",
  "tell me a joke",
];

/** Each example utterance with its command (null: not a command), under the given grammar options. */
export function promptExamples(options: GrammarOptions = {}): ReadonlyArray<readonly [string, RobotCommand | null]> {
  return PROMPT_EXAMPLE_TEXTS.map((text) => {
    const parsed = parseCommandText(text, options);
    return [text, parsed.ok ? parsed.value : null] as const;
  });
}

/** The examples under the default options. */
export const PROMPT_EXAMPLES = promptExamples();

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
    const examples = promptExamples({ ...options.grammar, vocabulary });
    for (const [text, command] of examples) lines.push(`${text} => ${command === null ? "none" : encodeCompact(command)}`);
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
