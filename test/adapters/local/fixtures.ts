/** A local runtime that records its log lines instead of writing them to stderr. */
import type { SchedulerLike } from "rxjs";
import { LocalRuntime, type LogLevel } from "../../../src/adapters/local/local-runtime.ts";

export interface LogLine {
  readonly level: LogLevel;
  readonly node: string;
  readonly message: string;
}

export function recordingRuntime(
  options: {
    checkMessages?: boolean;
    remappings?: Record<string, string>;
    scheduler?: SchedulerLike;
    deliveryScheduler?: SchedulerLike;
    logLevel?: LogLevel;
  } = {},
): { runtime: LocalRuntime; logs: LogLine[] } {
  const logs: LogLine[] = [];
  const runtime = new LocalRuntime({
    ...options,
    logSink: (level, node, message) => void logs.push({ level, node, message }),
  });
  return { runtime, logs };
}
