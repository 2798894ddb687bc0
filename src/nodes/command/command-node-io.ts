/**
 * What the command node is given: the LLM (for `auto`/`llm` parsing and `~/generate`) when the
 * process has one, and the interpreter the LLM path offers. The grammar needs nothing.
 */
import type { AcceleratorScheduler } from "../../core/scheduling/accelerator-scheduler.ts";
import type { CommandInterpreter } from "../../ports/command-interpreter.ts";
import type { LlmClient } from "../../ports/llm.ts";
import type { ParameterValue } from "../../ports/ros.ts";
import type { CommandNodeParameters } from "./parameters.ts";

export interface CommandNodeIo {
  /**
   * The LLM the node's `llm_*` parameters name, or undefined when none is configured (then
   * `~/generate` rejects goals, saying so). Called once at start, with the process's accelerator
   * scheduler when the runner gives the node one: an LLM on the accelerator runs on its LLM lane.
   */
  readonly llm?: (parameters: CommandNodeParameters, scheduler: AcceleratorScheduler | undefined) => Promise<LlmClient | undefined>;
  /** The LLM path's interpreter over a client; needed for parser `auto` and `llm`. */
  readonly llmInterpreter?: (llm: LlmClient, parameters: CommandNodeParameters) => CommandInterpreter;
}

export interface CommandNodeOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
  /** Period of /diagnostics; 0 turns the timer off. Default 1000. */
  readonly diagnosticsPeriodMs?: number;
  /** The process's accelerator scheduler, shared with detection and depth (for llm_backend hailo). */
  readonly scheduler?: AcceleratorScheduler;
  /** The interpreter to use instead of the one the `parser` parameter picks (tests). */
  readonly interpreter?: CommandInterpreter;
}
