import { AcceleratorScheduler } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import type { AcceleratorSchedulerOptions } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import { VirtualClock } from "../../../src/core/scheduling/virtual-clock.ts";

export function virtualScheduler(options: Omit<AcceleratorSchedulerOptions, "scheduler" | "clock"> = {}): {
  clock: VirtualClock;
  scheduler: AcceleratorScheduler;
} {
  const clock = new VirtualClock();
  return { clock, scheduler: new AcceleratorScheduler({ ...options, scheduler: clock, clock }) };
}

export interface JobLog {
  readonly starts: { label: string; atMs: number }[];
  readonly aborts: { label: string; atMs: number; reason: unknown }[];
}

export function jobLog(): JobLog {
  return { starts: [], aborts: [] };
}

/** A job that takes `ms` of virtual time, records its start and any abort, and honours the abort. */
export function timedJob(
  clock: VirtualClock,
  log: JobLog,
  label: string,
  ms: number,
  result: string = label,
): (signal: AbortSignal) => Promise<string> {
  return (signal) =>
    new Promise<string>((resolve, reject) => {
      log.starts.push({ label, atMs: clock.nowMs() });
      const timer = clock.schedule(() => resolve(result), ms);
      signal.addEventListener("abort", () => {
        log.aborts.push({ label, atMs: clock.nowMs(), reason: signal.reason });
        timer.unsubscribe();
        reject(signal.reason);
      });
    });
}

/** Settles a promise into a tagged outcome so tests can inspect rejections without unhandled errors. */
export function outcome<T>(p: Promise<T>): {
  current: { state: "pending" } | { state: "resolved"; value: T } | { state: "rejected"; error: unknown };
} {
  const box: { current: { state: "pending" } | { state: "resolved"; value: T } | { state: "rejected"; error: unknown } } = {
    current: { state: "pending" },
  };
  p.then(
    (value) => (box.current = { state: "resolved", value }),
    (error) => (box.current = { state: "rejected", error }),
  );
  return box;
}
