/** Keeps latency samples (ms) in a bounded ring so long runs use constant memory. */
export interface LatencySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export class LatencyRecorder {
  readonly #samples: Float64Array;
  #count = 0;
  #sum = 0;
  #max = 0;

  constructor(capacity = 8192) {
    this.#samples = new Float64Array(capacity);
  }

  record(ms: number): void {
    this.#samples[this.#count % this.#samples.length] = ms;
    this.#count++;
    this.#sum += ms;
    if (ms > this.#max) this.#max = ms;
  }

  summary(): LatencySummary {
    const n = Math.min(this.#count, this.#samples.length);
    if (n === 0) return { count: 0, meanMs: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };
    const sorted = this.#samples.slice(0, n).sort();
    return {
      count: this.#count,
      meanMs: this.#sum / this.#count,
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      maxMs: this.#max,
    };
  }
}

/** Nearest-rank quantile of an ascending array. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
