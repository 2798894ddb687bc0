/**
 * The CPU guard's decision logic (pure). When the host's event loop lags, work whose results
 * nobody can use in time is the first thing to stop: streams are paused lowest priority first,
 * one per sample interval, and resumed in reverse order once the lag is well below the threshold.
 * Two thresholds plus one step per interval give hysteresis, so the guard does not flap.
 */
import { z } from "zod";

/** Event-loop delay measured since the previous call, in ms (e.g. p99 of a histogram, then reset). */
export interface EventLoopDelaySource {
  sampleMs(): number;
}

export const cpuGuardOptionsSchema = z
  .object({
    /** Pause one more stream while the sampled delay is above this. */
    throttleAboveMs: z.number().positive().default(50),
    /** Resume one stream while the sampled delay is below this (must be lower: hysteresis). */
    recoverBelowMs: z.number().nonnegative().default(20),
    /** How often to sample and take at most one step. */
    intervalMs: z.number().positive().default(250),
  })
  .refine((o) => o.recoverBelowMs < o.throttleAboveMs, {
    message: "recoverBelowMs must be lower than throttleAboveMs, otherwise the guard would flap",
  });

export type CpuGuardOptionsInput = z.input<typeof cpuGuardOptionsSchema>;
export type CpuGuardOptions = z.output<typeof cpuGuardOptionsSchema>;

export interface GuardedStream {
  readonly name: string;
  readonly priority: number;
  readonly sheddable: boolean;
}

export class CpuGuardPolicy {
  readonly options: CpuGuardOptions;
  /** Throttled streams in the order they were paused; resumed last-in first-out. */
  readonly #throttled: string[] = [];
  #lastDelayMs = 0;

  constructor(options: CpuGuardOptionsInput = {}) {
    const r = cpuGuardOptionsSchema.safeParse(options);
    if (!r.success)
      throw new Error(
        `cpu guard: invalid options: ${r.error.issues.map((i) => `${i.path.join(".") || "(options)"}: ${i.message}`).join("; ")}`,
      );
    this.options = r.data;
  }

  get throttled(): readonly string[] {
    return this.#throttled;
  }

  get lastDelayMs(): number {
    return this.#lastDelayMs;
  }

  /** Forgets a stream that no longer exists. */
  forget(name: string): void {
    const i = this.#throttled.indexOf(name);
    if (i >= 0) this.#throttled.splice(i, 1);
  }

  /** Takes one delay sample; returns the streams to keep paused after this step. */
  step(delayMs: number, streams: readonly GuardedStream[]): readonly string[] {
    this.#lastDelayMs = delayMs;
    if (delayMs > this.options.throttleAboveMs) {
      const next = lowestPriorityCandidate(streams, this.#throttled);
      if (next !== undefined) this.#throttled.push(next);
    } else if (delayMs < this.options.recoverBelowMs) {
      this.#throttled.pop();
    }
    return this.#throttled;
  }
}

function lowestPriorityCandidate(streams: readonly GuardedStream[], throttled: readonly string[]): string | undefined {
  let best: GuardedStream | undefined;
  for (const s of streams) {
    if (!s.sheddable || throttled.includes(s.name)) continue;
    if (best === undefined || s.priority < best.priority) best = s;
  }
  return best?.name;
}
