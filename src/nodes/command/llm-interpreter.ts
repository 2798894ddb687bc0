/**
 * The LLM path of the command interpreter, over any LlmClient: the compact few-shot prompt, the
 * reply streamed and read as soon as a whole line holds a valid command, the command extracted
 * leniently and validated by the one schema, and ONE repair turn that quotes the validation error.
 * An overall timeout bounds both attempts; the caller's signal cancels the generation in flight.
 * Generations run one after another (the Hailo-10H has one KV cache): a new request waits for the
 * previous one, which a cancelling caller has already aborted, to let go of the model.
 */
import { asyncScheduler, type SchedulerLike } from "rxjs";
import { buildCommandPrompt, buildRepairMessage } from "../../core/command/reply/command-prompt.ts";
import { extractCommand, type Extraction } from "../../core/command/reply/extract-command.ts";
import type { CommandInterpreter, Interpretation, InterpretOptions } from "../../ports/command-interpreter.ts";
import type { ChatMessage, LlmClient } from "../../ports/llm.ts";

export interface LlmInterpreterOptions {
  readonly llm: LlmClient;
  /** Labels goto/follow/find may name (the detector's classes). Default COCO's. */
  readonly vocabulary?: readonly string[];
  /** Both attempts together. Default 20 000 ms (a 1.5B model on the Hailo-10H needs ~3 s per attempt). */
  readonly timeoutMs?: number;
  /** Tokens per reply; a compact command takes fewer than 20. Default 48. */
  readonly maxReplyTokens?: number;
  /** Max wait per token, handed to the client. Default: the client's own. */
  readonly tokenTimeoutMs?: number;
  /** Sampling temperature. Default 0 (the most likely reply). */
  readonly temperature?: number;
  /** Timer of the overall timeout (virtual time in tests). Default asyncScheduler. */
  readonly scheduler?: SchedulerLike;
}

/** What one reply was: its text and what extraction made of it. */
interface Attempt {
  readonly reply: string;
  readonly extraction: Extraction;
}

function quoteReply(reply: string): string {
  const flat = reply.replace(/\s+/g, " ").trim();
  return `"${flat.length > 120 ? `${flat.slice(0, 120)}…` : flat}"`;
}

function reasonText(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "cancelled";
}

export class LlmInterpreter implements CommandInterpreter {
  readonly #llm: LlmClient;
  readonly #system: string;
  readonly #timeoutMs: number;
  readonly #maxReplyTokens: number;
  readonly #tokenTimeoutMs: number | undefined;
  readonly #temperature: number;
  readonly #scheduler: SchedulerLike;
  #previous: Promise<unknown> = Promise.resolve();

  constructor(options: LlmInterpreterOptions) {
    this.#llm = options.llm;
    this.#system = buildCommandPrompt(options.vocabulary === undefined ? {} : { vocabulary: options.vocabulary });
    this.#timeoutMs = options.timeoutMs ?? 20_000;
    this.#maxReplyTokens = options.maxReplyTokens ?? 48;
    this.#tokenTimeoutMs = options.tokenTimeoutMs;
    this.#temperature = options.temperature ?? 0;
    this.#scheduler = options.scheduler ?? asyncScheduler;
  }

  /** The system prompt sent before every utterance (the same text each time, so it can be cached). */
  get systemPrompt(): string {
    return this.#system;
  }

  interpret(text: string, options: InterpretOptions = {}): Promise<Interpretation> {
    const run = this.#previous.then(() => this.#interpret(text, options));
    this.#previous = run.catch(() => undefined);
    return run;
  }

  async #interpret(text: string, options: InterpretOptions): Promise<Interpretation> {
    const outer = options.signal;
    if (outer?.aborted === true) return { ok: false, error: reasonText(outer), parser: "llm" };
    if (text.trim() === "") return { ok: false, error: "the utterance is empty: nothing to interpret", parser: "llm" };
    const overall = new AbortController();
    const timer = this.#scheduler.schedule(
      () => overall.abort(new Error(`the LLM (${this.#llm.name}) gave no valid command within ${this.#timeoutMs} ms (overall timeout)`)),
      this.#timeoutMs,
    );
    const signal = outer === undefined ? overall.signal : AbortSignal.any([outer, overall.signal]);
    const messages: ChatMessage[] = [
      { role: "system", content: this.#system },
      { role: "user", content: text },
    ];
    try {
      const first = await this.#attempt(messages, signal);
      if (first.extraction.ok) return { ok: true, command: first.extraction.value, parser: "llm" };
      if (first.extraction.declined === true) return { ok: false, error: `not a robot command (the LLM answered none)`, parser: "llm" };
      const firstError = first.extraction.error;
      messages.push({ role: "assistant", content: first.reply }, { role: "user", content: buildRepairMessage(first.reply, firstError) });
      const second = await this.#attempt(messages, signal);
      if (second.extraction.ok) return { ok: true, command: second.extraction.value, parser: "llm" };
      if (second.extraction.declined === true) return { ok: false, error: `not a robot command (the LLM answered none)`, parser: "llm" };
      return {
        ok: false,
        error:
          `the LLM's reply is not a valid command, even after one repair: ${second.extraction.error} ` +
          `(first reply ${quoteReply(first.reply)}: ${firstError}; repaired reply ${quoteReply(second.reply)})`,
        parser: "llm",
      };
    } catch (error) {
      if (signal.aborted) return { ok: false, error: reasonText(signal), parser: "llm" };
      return { ok: false, error: `LLM ${this.#llm.name}: ${error instanceof Error ? error.message : String(error)}`, parser: "llm" };
    } finally {
      timer.unsubscribe();
    }
  }

  /** Streams one reply; stops reading once a finished line already holds a valid command. */
  async #attempt(messages: readonly ChatMessage[], signal: AbortSignal): Promise<Attempt> {
    let reply = "";
    const stream = this.#llm.generate(messages, {
      signal,
      temperature: this.#temperature,
      maxGeneratedTokens: this.#maxReplyTokens,
      ...(this.#tokenTimeoutMs === undefined ? {} : { tokenTimeoutMs: this.#tokenTimeoutMs }),
    });
    for await (const token of stream) {
      reply += token;
      if (token.includes("\n") && reply.trim() !== "") {
        const early = extractCommand(reply.slice(0, reply.lastIndexOf("\n")));
        // Leaving the loop ends the generation (the HTTP clients close the socket, the device aborts).
        if (early.ok) return { reply, extraction: early };
      }
    }
    if (signal.aborted) throw signal.reason;
    return { reply, extraction: extractCommand(reply) };
  }
}
