/** Why the scheduler dropped a job without running it (or stopped waiting for it). */
export type DropReason = "superseded" | "deadline" | "rate" | "overflow" | "throttled" | "cancelled";

export const dropReasons: readonly DropReason[] = ["superseded", "deadline", "rate", "overflow", "throttled", "cancelled"];

/**
 * Load shedding by design: a consumer of `run$` sees these as an empty completion (nothing to do),
 * not as an error, so one dropped frame does not tear down a `mergeMap` pipeline.
 */
export const sheddingReasons: ReadonlySet<DropReason> = new Set<DropReason>(["superseded", "deadline", "rate", "throttled", "cancelled"]);

function describeDrop(stream: string, reason: DropReason, detail: string): string {
  switch (reason) {
    case "superseded":
      return `stream "${stream}": job dropped, superseded by a newer job before it started (policy "latest" keeps only the newest)`;
    case "rate":
      return `stream "${stream}": job dropped, superseded while held back by the stream's rate cap (${detail})`;
    case "deadline":
      return `stream "${stream}": job dropped, it waited longer than deadlineMs=${detail} before a slot was free; raise deadlineMs or lower the submit rate`;
    case "overflow":
      return `stream "${stream}": queue is full (capacity ${detail}), job rejected; submit less often, raise the stream's capacity, or use policy "latest"`;
    case "throttled":
      return `stream "${stream}": job dropped, the stream is paused by the CPU guard because the event loop is lagging (${detail})`;
    case "cancelled":
      return `stream "${stream}": job cancelled${detail === "" ? "" : ` (${detail})`}`;
  }
}

export class JobDroppedError extends Error {
  override readonly name = "JobDroppedError";
  constructor(
    readonly stream: string,
    readonly reason: DropReason,
    detail = "",
  ) {
    super(describeDrop(stream, reason, detail));
  }
}

export class JobTimeoutError extends Error {
  override readonly name = "JobTimeoutError";
  constructor(
    readonly stream: string,
    readonly timeoutMs: number,
  ) {
    super(
      `stream "${stream}": job did not finish within timeoutMs=${timeoutMs} ms; it was aborted and its slot freed. ` +
        `If the model is really this slow, raise the stream's timeoutMs`,
    );
  }
}

export function isJobDropped(error: unknown, reason?: DropReason): error is JobDroppedError {
  return error instanceof JobDroppedError && (reason === undefined || error.reason === reason);
}
