/**
 * The last N samples of a quantity (a ring buffer), for percentiles over recent behaviour with
 * bounded memory. Recent rather than all-time, so diagnostics reflect what is happening now.
 */
export interface Percentiles {
  /** Samples in the window (not all-time). */
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export const emptyPercentiles: Percentiles = { count: 0, p50: 0, p90: 0, p99: 0, max: 0 };

export class SampleWindow {
  readonly #samples: Float64Array;
  #next = 0;
  #count = 0;

  constructor(capacity = 1024) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`SampleWindow: capacity must be a positive integer, got ${capacity}`);
    this.#samples = new Float64Array(capacity);
  }

  add(value: number): void {
    this.#samples[this.#next] = value;
    this.#next = (this.#next + 1) % this.#samples.length;
    if (this.#count < this.#samples.length) this.#count++;
  }

  percentiles(): Percentiles {
    // Stryker disable next-line ConditionalExpression: equivalent, an empty window gives the same zeros through nearestRank
    if (this.#count === 0) return emptyPercentiles;
    const sorted = this.#samples.slice(0, this.#count).sort();
    return {
      count: this.#count,
      p50: nearestRank(sorted, 0.5),
      p90: nearestRank(sorted, 0.9),
      p99: nearestRank(sorted, 0.99),
      max: sorted[sorted.length - 1] ?? 0,
    };
  }
}

/** Nearest-rank percentile of an ascending array: the smallest sample with at least q of the samples at or below it. */
export function nearestRank(sorted: ArrayLike<number>, q: number): number {
  // Stryker disable next-line ConditionalExpression: equivalent, rank 0 reads sorted[-1], undefined, which also gives 0
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? 0;
}
