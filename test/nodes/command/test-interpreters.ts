/**
 * Test doubles for the command node: an interpreter that answers only when the test says so (the
 * LLM path's latency, and its cancellation), and a scripted LLM client that streams given tokens.
 */
import type { RobotCommand } from "../../../src/core/command/robot-command.ts";
import type { CommandInterpreter, InterpretOptions, Interpretation } from "../../../src/ports/command-interpreter.ts";
import type { ChatMessage, GenerateOptions, LlmClient } from "../../../src/ports/llm.ts";

export interface PendingInterpretation {
  readonly text: string;
  readonly signal: AbortSignal | undefined;
  answer(command: RobotCommand | { error: string }): void;
}

/** Every interpret() waits until the test answers it; an abort answers "cancelled". */
export class HeldInterpreter implements CommandInterpreter {
  readonly pending: PendingInterpretation[] = [];

  interpret(text: string, options: InterpretOptions = {}): Promise<Interpretation> {
    return new Promise((resolve) => {
      const signal = options.signal;
      signal?.addEventListener("abort", () => resolve({ ok: false, error: "cancelled by a newer utterance", parser: "llm" }), {
        once: true,
      });
      this.pending.push({
        text,
        signal,
        answer: (answer) =>
          resolve("error" in answer ? { ok: false, error: answer.error, parser: "llm" } : { ok: true, command: answer, parser: "llm" }),
      });
    });
  }
}

/** Streams its tokens one per macrotask; stops when the signal aborts. */
export class ScriptedLlm implements LlmClient {
  readonly name = "scripted test LLM";
  readonly requests: Array<{ messages: readonly ChatMessage[]; options: GenerateOptions | undefined }> = [];
  closed = false;

  constructor(readonly tokens: readonly string[]) {}

  async *generate(messages: readonly ChatMessage[], options?: GenerateOptions): AsyncIterable<string> {
    this.requests.push({ messages, options });
    const max = options?.maxGeneratedTokens ?? Infinity;
    for (let i = 0; i < this.tokens.length && i < max; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (options?.signal?.aborted === true) return;
      yield this.tokens[i]!;
    }
  }

  clearContext(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
