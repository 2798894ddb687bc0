/** The CPU guard's delay source on Node: `perf_hooks.monitorEventLoopDelay`, p99 lag beyond the sampling
 * resolution since the last sample. */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { EventLoopDelaySource } from "../core/scheduling/cpu-guard.ts";

export interface NodeEventLoopDelaySource extends EventLoopDelaySource {
  /** Stops the histogram's sampling timer. */
  close(): void;
}

export function createEventLoopDelaySource(options: { resolutionMs?: number; percentile?: number } = {}): NodeEventLoopDelaySource {
  const resolutionMs = options.resolutionMs ?? 10;
  const percentile = options.percentile ?? 99;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  return {
    sampleMs() {
      // Node's histogram records the whole interval between its timer ticks (≈ resolution when
      // idle), in ns; the lag is what exceeds the resolution. Empty → 0.
      const value = histogram.count > 0 ? Math.max(0, histogram.percentile(percentile) / 1e6 - resolutionMs) : 0;
      histogram.reset();
      return value;
    },
    close() {
      histogram.disable();
    },
  };
}
