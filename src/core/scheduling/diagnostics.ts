/**
 * Scheduler metrics as ROS diagnostics (diagnostic_msgs/DiagnosticArray), one status per stream,
 * for nodes to publish on /diagnostics at 1 Hz. Pure: the caller passes the previous snapshot so
 * levels react to what changed since, not to all-time totals.
 *
 * Levels: ERROR when a stream has failed or timed out `errorAfterConsecutiveFailures` times in a
 * row (the model or device is broken). WARN when, since the previous snapshot, jobs failed, timed
 * out, or were dropped for reasons that mean lost work (deadline, overflow, throttled). Drops that
 * are the policy working as designed (superseded, rate, cancelled) stay OK.
 */
import { timeFromMs } from "../../ports/clock.ts";
import { DiagnosticLevel } from "../../messages/diagnostic_msgs.ts";
import type { DiagnosticArray, DiagnosticStatus, KeyValue } from "../../messages/diagnostic_msgs.ts";
import type { SchedulerMetrics, StreamMetrics } from "./metrics.ts";

export interface MetricsToDiagnosticsOptions {
  readonly hardwareId: string;
  readonly nodeName: string;
  /** The snapshot published last time; without it, counts since start are used. */
  readonly previous?: SchedulerMetrics;
  /** Default 3. */
  readonly errorAfterConsecutiveFailures?: number;
  /** header.frame_id; default "". */
  readonly frameId?: string;
}

const fmt = (ms: number): string => ms.toFixed(2);

function streamStatus(s: StreamMetrics, before: StreamMetrics | undefined, snapshot: SchedulerMetrics, options: MetricsToDiagnosticsOptions): DiagnosticStatus {
  const errorAfter = options.errorAfterConsecutiveFailures ?? 3;
  const delta = (pick: (m: StreamMetrics) => number): number => pick(s) - (before === undefined ? 0 : pick(before));
  const failed = delta((m) => m.failed);
  const timedOut = delta((m) => m.timedOut);
  const lost = delta((m) => m.dropped.deadline + m.dropped.overflow + m.dropped.throttled);

  let level: number = DiagnosticLevel.OK;
  let message = s.throttled ? "paused by CPU guard" : "ok";
  if (s.consecutiveFailures >= errorAfter) {
    level = DiagnosticLevel.ERROR;
    message = `${s.consecutiveFailures} consecutive failures/timeouts`;
  } else if (failed + timedOut + lost > 0) {
    level = DiagnosticLevel.WARN;
    const parts: string[] = [];
    if (failed > 0) parts.push(`${failed} failed`);
    if (timedOut > 0) parts.push(`${timedOut} timed out`);
    if (lost > 0) parts.push(`${lost} dropped (deadline/overflow/throttled)`);
    message = parts.join(", ") + " since last report";
  }

  const lane = snapshot.lanes.find((l) => l.lane === s.lane);
  const values: KeyValue[] = [
    { key: "lane", value: s.lane },
    { key: "priority", value: String(s.priority) },
    { key: "policy", value: s.policy },
    { key: "throttled", value: String(s.throttled) },
    { key: "pending", value: String(s.pending) },
    { key: "running", value: String(s.running) },
    { key: "submitted", value: String(s.submitted) },
    { key: "started", value: String(s.started) },
    { key: "completed", value: String(s.completed) },
    { key: "failed", value: String(s.failed) },
    { key: "timed_out", value: String(s.timedOut) },
    { key: "consecutive_failures", value: String(s.consecutiveFailures) },
    { key: "dropped_total", value: String(s.droppedTotal) },
    ...Object.entries(s.dropped).map(([reason, n]) => ({ key: `dropped_${reason}`, value: String(n) })),
    { key: "wait_ms_p50", value: fmt(s.waitMs.p50) },
    { key: "wait_ms_p90", value: fmt(s.waitMs.p90) },
    { key: "wait_ms_p99", value: fmt(s.waitMs.p99) },
    { key: "service_ms_p50", value: fmt(s.serviceMs.p50) },
    { key: "service_ms_p90", value: fmt(s.serviceMs.p90) },
    { key: "service_ms_p99", value: fmt(s.serviceMs.p99) },
  ];
  if (lane !== undefined) values.push({ key: "lane_utilisation", value: lane.utilisation.toFixed(3) });
  return { level, name: `${options.nodeName}: accelerator stream ${s.stream}`, message, hardware_id: options.hardwareId, values };
}

export function metricsToDiagnostics(snapshot: SchedulerMetrics, options: MetricsToDiagnosticsOptions): DiagnosticArray {
  const previous = new Map((options.previous?.streams ?? []).map((s) => [s.stream, s] as const));
  return {
    header: { stamp: timeFromMs(snapshot.atMs), frame_id: options.frameId ?? "" },
    status: snapshot.streams.map((s) => streamStatus(s, previous.get(s.stream), snapshot, options)),
  };
}
