/**
 * An LLM on the accelerator scheduler: every generation is one job on the single-slot `llm` lane at
 * the lowest priority (LLM_PRIORITY), so on a shared Hailo-10H detection and depth frames go first,
 * the CPU guard pauses the LLM before anything else, and the lane's timeout bounds a generation.
 * Cancelling (the caller's signal, the consumer leaving the loop, or the scheduler dropping the
 * job) aborts the generation on the device.
 */
import type { AcceleratorScheduler, AcceleratorStream } from "../../core/scheduling/accelerator-scheduler.ts";
import { LLM_PRIORITY } from "../../core/scheduling/priorities.ts";
import type { ChatMessage, GenerateOptions, LlmClient } from "../../ports/llm.ts";

export interface ScheduledLlmOptions {
  readonly llm: LlmClient;
  readonly scheduler: AcceleratorScheduler;
  /** The job stream's name. Default "llm". */
  readonly streamName?: string;
  /** A generation holding the lane longer is aborted. Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Generations waiting for the lane at most. Default 2. */
  readonly capacity?: number;
}

/** Tokens handed from the job to the consumer. */
class TokenQueue implements AsyncIterable<string> {
  readonly #tokens: string[] = [];
  #ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;

  push(token: string): void {
    this.#tokens.push(token);
    this.#notify();
  }
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#notify();
  }
  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    for (;;) {
      const token = this.#tokens.shift();
      if (token !== undefined) {
        yield token;
        continue;
      }
      if (this.#ended) {
        if (this.#error !== undefined) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

export class ScheduledLlmClient implements LlmClient {
  readonly name: string;
  readonly #llm: LlmClient;
  readonly #scheduler: AcceleratorScheduler;
  readonly #stream: AcceleratorStream;

  constructor(options: ScheduledLlmOptions) {
    this.#llm = options.llm;
    this.#scheduler = options.scheduler;
    this.name = options.llm.name;
    this.#stream = options.scheduler.declareStream({
      name: options.streamName ?? "llm",
      lane: "llm",
      priority: LLM_PRIORITY,
      policy: "queue",
      capacity: options.capacity ?? 2,
      timeoutMs: options.timeoutMs ?? 30_000,
      sheddable: true,
    });
  }

  /** The stream the generations run on (its metrics, its HailoRT priority). */
  get stream(): AcceleratorStream {
    return this.#stream;
  }

  async *generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncGenerator<string> {
    const queue = new TokenQueue();
    const leave = new AbortController();
    const signal = options.signal === undefined ? leave.signal : AbortSignal.any([options.signal, leave.signal]);
    // The generation itself, which may outlive a cancelled job by the time the device takes to abort.
    let body: Promise<void> = Promise.resolve();
    const job = this.#stream.run(
      (jobSignal) => {
        const both = AbortSignal.any([signal, jobSignal]);
        body = (async () => {
          for await (const token of this.#llm.generate(messages, { ...options, signal: both })) queue.push(token);
          if (both.aborted) throw both.reason;
        })();
        return body;
      },
      { signal },
    );
    job.then(
      () => queue.end(),
      (error: unknown) => queue.end(error),
    );
    try {
      yield* queue;
    } finally {
      // Leaving early (or failing) withdraws the job: pending it never starts, running it is aborted.
      leave.abort(new Error("cancelled: the reply was no longer read"));
      await job.catch(() => undefined);
      // The device has let go of the model before the caller may start the next generation.
      await body.catch(() => undefined);
    }
  }

  clearContext(): Promise<void> {
    return this.#llm.clearContext();
  }

  async close(): Promise<void> {
    this.#scheduler.removeStream(this.#stream.name);
    await this.#llm.close();
  }
}
