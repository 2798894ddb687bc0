import assert from "node:assert/strict";
import { metricsToDiagnostics } from "../../../src/core/scheduling/diagnostics.ts";
import { formatMetricsTable } from "../../../src/core/scheduling/metrics-table.ts";
import type { SchedulerMetrics, StreamMetrics } from "../../../src/core/scheduling/metrics.ts";
import { emptyPercentiles } from "../../../src/core/scheduling/sample-window.ts";
import { DiagnosticLevel } from "../../../src/messages/diagnostic_msgs.ts";

function stream(overrides: Partial<StreamMetrics> = {}): StreamMetrics {
  return {
    stream: "detection",
    lane: "vision",
    priority: 24,
    policy: "latest",
    throttled: false,
    pending: 0,
    running: 0,
    submitted: 100,
    started: 100,
    completed: 100,
    failed: 0,
    timedOut: 0,
    dropped: { superseded: 0, deadline: 0, rate: 0, overflow: 0, throttled: 0, cancelled: 0 },
    droppedTotal: 0,
    consecutiveFailures: 0,
    waitMs: emptyPercentiles,
    serviceMs: { count: 3, p50: 2.6, p90: 2.7, p99: 3.1, max: 3.1 },
    ...overrides,
  };
}

function snapshot(s: StreamMetrics, atMs = 1_700_000_000_250): SchedulerMetrics {
  return {
    atMs,
    streams: [s],
    lanes: [{ lane: "vision", maxInFlight: 2, inFlight: 0, busyMs: 250, wallMs: 1000, utilisation: 0.25 }],
    cpuGuard: { eventLoopDelayMs: 0, throttledStreams: [] },
  };
}

const drops = (d: Partial<StreamMetrics["dropped"]>): StreamMetrics["dropped"] => ({
  superseded: 0,
  deadline: 0,
  rate: 0,
  overflow: 0,
  throttled: 0,
  cancelled: 0,
  ...d,
});

describe("metricsToDiagnostics", () => {
  const cases: { name: string; previous?: StreamMetrics; now: StreamMetrics; level: number; message: RegExp }[] = [
    { name: "healthy", now: stream(), level: DiagnosticLevel.OK, message: /^ok$/ },
    {
      name: "superseded and rate drops are by design",
      previous: stream(),
      now: stream({ dropped: drops({ superseded: 40, rate: 7, cancelled: 2 }) }),
      level: DiagnosticLevel.OK,
      message: /^ok$/,
    },
    {
      name: "new deadline drops warn",
      previous: stream({ dropped: drops({ deadline: 3 }) }),
      now: stream({ dropped: drops({ deadline: 5 }) }),
      level: DiagnosticLevel.WARN,
      message: /2 dropped/,
    },
    {
      name: "old drops no longer warn",
      previous: stream({ dropped: drops({ deadline: 5 }) }),
      now: stream({ dropped: drops({ deadline: 5 }) }),
      level: DiagnosticLevel.OK,
      message: /^ok$/,
    },
    {
      name: "a failure warns",
      previous: stream(),
      now: stream({ failed: 1, consecutiveFailures: 1 }),
      level: DiagnosticLevel.WARN,
      message: /1 failed/,
    },
    {
      name: "a timeout warns",
      previous: stream(),
      now: stream({ timedOut: 1, consecutiveFailures: 2 }),
      level: DiagnosticLevel.WARN,
      message: /1 timed out/,
    },
    {
      name: "repeated failures are an error",
      previous: stream({ failed: 2, consecutiveFailures: 2 }),
      now: stream({ failed: 3, consecutiveFailures: 3 }),
      level: DiagnosticLevel.ERROR,
      message: /3 consecutive failures/,
    },
  ];
  for (const c of cases) {
    it(`${c.name} → level ${c.level}`, () => {
      const out = metricsToDiagnostics(snapshot(c.now), {
        hardwareId: "hailo10h-sim",
        nodeName: "detection_node",
        ...(c.previous ? { previous: snapshot(c.previous) } : {}),
      });
      assert.equal(out.status.length, 1);
      const st = out.status[0]!;
      assert.equal(st.level, c.level);
      assert.match(st.message, c.message);
      assert.equal(st.name, "detection_node: accelerator stream detection");
      assert.equal(st.hardware_id, "hailo10h-sim");
    });
  }

  it("carries counts, percentiles and lane utilisation as KeyValues and stamps the header", () => {
    const out = metricsToDiagnostics(snapshot(stream({ dropped: drops({ superseded: 4 }), droppedTotal: 4 })), {
      hardwareId: "h",
      nodeName: "n",
    });
    const kv = new Map(out.status[0]!.values.map((v) => [v.key, v.value]));
    assert.equal(kv.get("completed"), "100");
    assert.equal(kv.get("dropped_superseded"), "4");
    assert.equal(kv.get("dropped_total"), "4");
    assert.equal(kv.get("service_ms_p99"), "3.10");
    assert.equal(kv.get("lane_utilisation"), "0.250");
    assert.deepEqual(out.header.stamp, { sec: 1_700_000_000, nanosec: 250_000_000 });
  });
});

describe("formatMetricsTable", () => {
  it("lists every stream with its drop reasons and the lane utilisation", () => {
    const text = formatMetricsTable(snapshot(stream({ dropped: drops({ superseded: 4, deadline: 1 }), droppedTotal: 5 })));
    const lines = text.split("\n");
    assert.match(lines[0]!, /^stream\s+lane\s+prio/);
    assert.match(lines[2]!, /^detection\s+vision\s+24\s+latest\s+100/);
    assert.match(lines[2]!, /superseded=4 deadline=1/);
    assert.match(text, /lane vision: 0\/2 in flight, utilisation 25\.0%/);
  });
});
