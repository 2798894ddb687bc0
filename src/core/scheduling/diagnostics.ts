/**
 * Scheduler metrics as ROS diagnostics (diagnostic_msgs/DiagnosticArray), one status per stream,
 * for nodes to publish on /diagnostics at 1 Hz. Pure: `metricsToDiagnostics` takes the previous
 * snapshot so levels react to what changed since, not to all-time totals; `StreamDiagnostics`
 * keeps that snapshot for one node and reports only that node's streams.
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

function streamStatus(
  s: StreamMetrics,
  before: StreamMetrics | undefined,
  snapshot: SchedulerMetrics,
  options: MetricsToDiagnosticsOptions,
): DiagnosticStatus {
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

/** The part of a scheduler snapshot that belongs to the given streams: those streams and the lanes they use. */
export function snapshotOfStreams(full: SchedulerMetrics, streams: ReadonlySet<string>): SchedulerMetrics {
  const mine = full.streams.filter((s) => streams.has(s.stream));
  return { ...full, streams: mine, lanes: full.lanes.filter((l) => mine.some((s) => s.lane === l.lane)) };
}

export interface StreamDiagnosticsOptions {
  /** The scheduler streams this node owns; a shared scheduler also carries other nodes' streams. */
  readonly streams: readonly string[];
  /** Prefix of every status name (the node's fully qualified name). */
  readonly nodeName: string;
  /** hardware_id of every status unless `next` is given another; default "". */
  readonly hardwareId?: string;
  /** Default 3. */
  readonly errorAfterConsecutiveFailures?: number;
  /** header.frame_id; default "". */
  readonly frameId?: string;
}

/**
 * One node's /diagnostics from a (possibly shared) scheduler: each call reports only this node's
 * streams and lanes, and remembers what it reported so a drop raises the level once, in the report
 * after it happened, instead of forever.
 */
export class StreamDiagnostics {
  readonly #streams: ReadonlySet<string>;
  readonly #options: StreamDiagnosticsOptions;
  #previous: SchedulerMetrics | undefined;

  constructor(options: StreamDiagnosticsOptions) {
    if (options.streams.length === 0) throw new Error(`diagnostics of '${options.nodeName}': name at least one stream`);
    this.#streams = new Set(options.streams);
    this.#options = options;
  }

  /** The diagnostics for this snapshot of the scheduler; hardwareId overrides the default (e.g. the backend loaded now). */
  next(full: SchedulerMetrics, overrides: { readonly hardwareId?: string } = {}): DiagnosticArray {
    const snapshot = snapshotOfStreams(full, this.#streams);
    const { nodeName, errorAfterConsecutiveFailures, frameId } = this.#options;
    const diagnostics = metricsToDiagnostics(snapshot, {
      hardwareId: overrides.hardwareId ?? this.#options.hardwareId ?? "",
      nodeName,
      // Stryker disable next-line ConditionalExpression: equivalent, metricsToDiagnostics reads an undefined option as absent
      ...(this.#previous !== undefined ? { previous: this.#previous } : {}),
      // Stryker disable next-line ConditionalExpression: equivalent, metricsToDiagnostics reads an undefined option as absent
      ...(errorAfterConsecutiveFailures !== undefined ? { errorAfterConsecutiveFailures } : {}),
      // Stryker disable next-line ConditionalExpression: equivalent, metricsToDiagnostics reads an undefined option as absent
      ...(frameId !== undefined ? { frameId } : {}),
    });
    this.#previous = snapshot;
    return diagnostics;
  }
}
