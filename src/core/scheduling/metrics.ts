/** What the scheduler reports about itself: one immutable snapshot per sample. */
import type { DropReason } from "./errors.ts";
import type { Percentiles } from "./sample-window.ts";

export interface StreamMetrics {
  readonly stream: string;
  readonly lane: string;
  readonly priority: number;
  readonly policy: "latest" | "queue";
  /** Paused by the CPU guard right now. */
  readonly throttled: boolean;
  readonly pending: number;
  readonly running: number;
  readonly submitted: number;
  readonly started: number;
  readonly completed: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly dropped: Readonly<Record<DropReason, number>>;
  readonly droppedTotal: number;
  /** Failures and timeouts since the last success; repeated ones mean the model or device is broken. */
  readonly consecutiveFailures: number;
  /** Submission (or capture) to start, recent window. */
  readonly waitMs: Percentiles;
  /** Start to finish of completed jobs, recent window. */
  readonly serviceMs: Percentiles;
}

export interface LaneMetrics {
  readonly lane: string;
  readonly maxInFlight: number;
  readonly inFlight: number;
  /** Time with at least one job in flight on this lane. */
  readonly busyMs: number;
  /** Time since the scheduler was created. */
  readonly wallMs: number;
  /** busyMs ÷ wallMs: how much of the time the backend had work from this lane. */
  readonly utilisation: number;
}

export interface CpuGuardMetrics {
  /** Most recent event-loop delay sample, ms (0 when no guard is configured). */
  readonly eventLoopDelayMs: number;
  readonly throttledStreams: readonly string[];
}

export interface SchedulerMetrics {
  readonly atMs: number;
  readonly streams: readonly StreamMetrics[];
  readonly lanes: readonly LaneMetrics[];
  readonly cpuGuard: CpuGuardMetrics;
}
