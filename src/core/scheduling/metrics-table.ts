/** A fixed-width text table of a metrics snapshot, for the standalone run's summary. */
import type { SchedulerMetrics } from "./metrics.ts";

export function formatMetricsTable(snapshot: SchedulerMetrics): string {
  const header = [
    "stream",
    "lane",
    "prio",
    "policy",
    "subm",
    "start",
    "done",
    "fail",
    "t/o",
    "drop",
    "drop reasons",
    "wait p50/p99 ms",
    "svc p50/p99 ms",
  ];
  const rows = snapshot.streams.map((s) => [
    s.stream + (s.throttled ? " (paused)" : ""),
    s.lane,
    String(s.priority),
    s.policy,
    String(s.submitted),
    String(s.started),
    String(s.completed),
    String(s.failed),
    String(s.timedOut),
    String(s.droppedTotal),
    Object.entries(s.dropped)
      .filter(([, n]) => n > 0)
      .map(([r, n]) => `${r}=${n}`)
      .join(" ") || "-",
    `${s.waitMs.p50.toFixed(1)}/${s.waitMs.p99.toFixed(1)}`,
    `${s.serviceMs.p50.toFixed(1)}/${s.serviceMs.p99.toFixed(1)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const out = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  for (const l of snapshot.lanes) {
    out.push(
      `lane ${l.lane}: ${l.inFlight}/${l.maxInFlight} in flight, utilisation ${(l.utilisation * 100).toFixed(1)}% (${l.busyMs.toFixed(0)} of ${l.wallMs.toFixed(0)} ms)`,
    );
  }
  if (snapshot.cpuGuard.throttledStreams.length > 0) {
    out.push(
      `cpu guard: event-loop delay ${snapshot.cpuGuard.eventLoopDelayMs.toFixed(1)} ms, paused: ${snapshot.cpuGuard.throttledStreams.join(", ")}`,
    );
  }
  return out.join("\n");
}
