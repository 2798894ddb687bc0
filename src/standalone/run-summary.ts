/**
 * What a standalone run reports, and how it is printed: frames and rate, one table row per node
 * with the counters that node has, the accelerator scheduler's table, the ground-truth check and
 * where the recording went.
 */
import type { RunEvaluation } from "../core/detection/evaluate.ts";
import { formatMetricsTable } from "../core/scheduling/metrics-table.ts";
import type { SchedulerMetrics } from "../core/scheduling/metrics.ts";
import type { LatencySummary } from "../core/stats/latency-recorder.ts";
import type { NodeStats } from "../nodes/registry.ts";

export interface NodeSummary {
  readonly name: string;
  readonly stats: NodeStats;
}

export interface StandaloneSummary {
  readonly source: string;
  readonly frames: number;
  readonly elapsedMs: number;
  /** Frames per second through the busiest node (its `processed` counter). */
  readonly fps: number;
  readonly nodes: readonly NodeSummary[];
  /** Against the source's ground truth, when it has one (synthetic scenes) and a node published detections. */
  readonly evaluation?: RunEvaluation;
  readonly recordPath?: string;
  readonly recordedMessages?: number;
  readonly snapshotPath?: string;
  /** The accelerator scheduler's metrics at the end of the run. */
  readonly scheduler: SchedulerMetrics;
}

export function formatSummary(summary: StandaloneSummary): string {
  const lines: string[] = [];
  lines.push(`frames: ${summary.frames} in ${(summary.elapsedMs / 1000).toFixed(2)} s (${summary.fps.toFixed(1)} FPS processed)`);
  lines.push(...formatNodeTable(summary.nodes));
  lines.push("accelerator scheduler:");
  lines.push(formatMetricsTable(summary.scheduler));
  if (summary.evaluation) {
    const e = summary.evaluation;
    lines.push(
      `ground truth: ${e.matched}/${e.objects} objects found (min IoU ${e.minIou.toFixed(3)}), ${e.falsePositives} false positives`,
    );
  }
  if (summary.recordPath) lines.push(`recorded ${summary.recordedMessages} messages to ${summary.recordPath}`);
  if (summary.snapshotPath) lines.push(`overlay snapshot: ${summary.snapshotPath}`);
  return lines.join("\n");
}

/** Processed frames per second of the node that processed most (0 when none counts `processed`). */
export function processedFps(nodes: readonly NodeSummary[], elapsedMs: number): number {
  const processed = Math.max(0, ...nodes.map((n) => n.stats.processed).filter((v): v is number => typeof v === "number"));
  return elapsedMs > 0 ? (processed * 1000) / elapsedMs : 0;
}

interface Column {
  readonly header: string;
  readonly cells: readonly string[];
  /** Counters line up on their last digit, latencies read left to right. */
  readonly align: "right" | "left";
}

/**
 * One row per node. The columns are every counter any node has, counters first and latencies
 * (mean / p99) last, each in the order first seen; a node without a counter shows "-", because 0
 * would claim it counted.
 */
export function formatNodeTable(nodes: readonly NodeSummary[]): string[] {
  const keys = new Map<string, "counter" | "latency">();
  for (const { stats } of nodes) {
    for (const [key, value] of Object.entries(stats)) if (!keys.has(key)) keys.set(key, typeof value === "number" ? "counter" : "latency");
  }
  const ordered = [...keys].sort(([, a], [, b]) => (a === b ? 0 : a === "counter" ? -1 : 1));
  const columns: Column[] = [
    { header: "node", cells: nodes.map((n) => n.name), align: "left" },
    ...ordered.map(([key, kind]): Column => ({
      header: kind === "counter" ? key : `${key} mean / p99 (ms)`,
      cells: nodes.map((n) => formatStat(n.stats[key])),
      align: kind === "counter" ? "right" : "left",
    })),
  ];
  const widths = columns.map((c, i) => Math.max(i === 0 ? 10 : 0, c.header.length, ...c.cells.map((cell) => cell.length)));
  const row = (texts: readonly string[]) =>
    texts
      .map((text, i) => (columns[i]!.align === "right" ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [row(columns.map((c) => c.header)), ...nodes.map((_, n) => row(columns.map((c) => c.cells[n]!)))];
}

function formatStat(value: number | LatencySummary | undefined): string {
  if (value === undefined) return "-";
  if (typeof value === "number") return String(value);
  return `${value.meanMs.toFixed(2)} / ${value.p99Ms.toFixed(2)}`;
}
