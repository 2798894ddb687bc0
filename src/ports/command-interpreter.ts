/**
 * The command-interpreter port: text in, a validated RobotCommand (or why not) out. The grammar
 * parser answers at once; the LLM path may take seconds and is cancelled through `signal` when a
 * newer utterance arrives. The command node and `hailo-ros parse` depend on this, not on a parser.
 */
import type { RobotCommand } from "../core/command/robot-command.ts";

/** Which parser produced the answer. */
export type CommandParser = "grammar" | "llm";

export type Interpretation =
  | { readonly ok: true; readonly command: RobotCommand; readonly parser: CommandParser }
  | { readonly ok: false; readonly error: string; readonly parser?: CommandParser };

export interface InterpretOptions {
  /** Aborting cancels an LLM request in flight; the result is then { ok: false, error: "cancelled …" }. */
  readonly signal?: AbortSignal;
}

export interface CommandInterpreter {
  interpret(text: string, options?: InterpretOptions): Promise<Interpretation>;
}
