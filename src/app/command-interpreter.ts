/**
 * The command interpreter a process runs, by parser name: `grammar` (instant, no LLM), `llm` (every
 * utterance through the LLM) or `auto` (grammar first, the LLM for what it cannot parse). Used by
 * `hailo-ros parse` and `npm run eval:commands`.
 */
import { GrammarInterpreter } from "../core/command/grammar/grammar-interpreter.ts";
import { AutoInterpreter } from "../nodes/command/auto-interpreter.ts";
import { LlmInterpreter } from "../nodes/command/llm-interpreter.ts";
import type { CommandInterpreter } from "../ports/command-interpreter.ts";
import type { LlmClient } from "../ports/llm.ts";
import { openCommandLlm, type CommandLlmOptions } from "./command-llm.ts";

export type ParserName = "auto" | "grammar" | "llm";
export const PARSER_NAMES: readonly ParserName[] = ["auto", "grammar", "llm"];

export interface CommandInterpreterOptions {
  readonly parser: ParserName;
  /** Required for `llm` and `auto`. */
  readonly llm?: CommandLlmOptions;
  /** The LLM's overall timeout per utterance (both attempts). Default 20 000 ms. */
  readonly llmTimeoutMs?: number;
}

export interface OpenedInterpreter {
  readonly interpreter: CommandInterpreter;
  /** The LLM's name, when one is used. */
  readonly llmName: string | undefined;
  close(): Promise<void>;
}

export async function openCommandInterpreter(options: CommandInterpreterOptions): Promise<OpenedInterpreter> {
  const grammar = new GrammarInterpreter();
  if (options.parser === "grammar") return { interpreter: grammar, llmName: undefined, close: async () => undefined };
  if (options.llm === undefined) throw new Error(`--parser ${options.parser} needs an LLM: give --llm hailo|ollama|openai`);
  const client: LlmClient = await openCommandLlm(options.llm);
  const llm = new LlmInterpreter({ llm: client, ...(options.llmTimeoutMs === undefined ? {} : { timeoutMs: options.llmTimeoutMs }) });
  return {
    interpreter: options.parser === "llm" ? llm : new AutoInterpreter({ grammar, llm }),
    llmName: client.name,
    close: () => client.close(),
  };
}
