/** Timing helpers for the bench: medians of many runs after a warm-up. */
export interface Measured {
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly runs: number;
}

export function measureSync(fn: () => void, options: { runs?: number; warmup?: number } = {}): Measured {
  const { runs = 200, warmup = 30 } = options;
  for (let i = 0; i < warmup; i++) fn();
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples[i] = performance.now() - t0;
  }
  return summarize(samples);
}

export async function measureAsync(fn: () => Promise<void>, options: { runs?: number; warmup?: number } = {}): Promise<Measured> {
  const { runs = 200, warmup = 30 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples[i] = performance.now() - t0;
  }
  return summarize(samples);
}

function summarize(samples: Float64Array): Measured {
  const sorted = samples.slice().sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { medianMs: at(0.5), p90Ms: at(0.9), runs: samples.length };
}

/** A small deterministic PRNG so every bench run sees the same data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
