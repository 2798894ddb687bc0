/**
 * What happened to each frame (or job) a node handed the accelerator scheduler, counted the same
 * way by every node: what the scheduler dropped and why, what failed, what was published.
 */
import { JobDroppedError } from "../../core/scheduling/errors.ts";

export interface FrameCounts {
  readonly received: number;
  readonly processed: number;
  /** Replaced by a newer one before an accelerator slot was free (latest wins), or over the rate cap. */
  readonly superseded: number;
  /** Dropped unstarted because it waited longer than the stream's deadline. */
  readonly expired: number;
  /** Dropped because the scheduler's CPU guard paused the stream. */
  readonly throttled: number;
  /** A result dropped because a newer one was already published (output stays in order). */
  readonly stale: number;
  readonly rejected: number;
  readonly failed: number;
}

/** How a job that did not run to a result is counted; `cancelled` is not counted (the node stopped it). */
export type NotRunKind = "superseded" | "expired" | "throttled" | "cancelled" | "failed";

export function classifyNotRun(error: unknown): NotRunKind {
  if (!(error instanceof JobDroppedError)) return "failed";
  switch (error.reason) {
    case "superseded":
    case "rate":
      return "superseded";
    case "deadline":
      return "expired";
    case "throttled":
      return "throttled";
    case "cancelled":
      return "cancelled";
    case "overflow":
      return "failed";
  }
}

export class FrameCounters {
  #counts: { -readonly [K in keyof FrameCounts]: FrameCounts[K] } = {
    received: 0,
    processed: 0,
    superseded: 0,
    expired: 0,
    throttled: 0,
    stale: 0,
    rejected: 0,
    failed: 0,
  };

  count(kind: keyof FrameCounts, n = 1): void {
    this.#counts[kind] += n;
  }

  /** Counts a job that ended without a result; returns how it was counted. */
  countNotRun(error: unknown): NotRunKind {
    const kind = classifyNotRun(error);
    if (kind !== "cancelled") this.#counts[kind]++;
    return kind;
  }

  snapshot(): FrameCounts {
    return { ...this.#counts };
  }
}
