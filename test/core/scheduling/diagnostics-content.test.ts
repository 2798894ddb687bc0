import assert from "node:assert/strict";
import { metricsToDiagnostics, snapshotOfStreams, StreamDiagnostics } from "../../../src/core/scheduling/diagnostics.ts";
import { formatMetricsTable } from "../../../src/core/scheduling/metrics-table.ts";
import type { SchedulerMetrics, StreamMetrics } from "../../../src/core/scheduling/metrics.ts";
import { DiagnosticLevel } from "../../../src/messages/diagnostic_msgs.ts";

/** A stream whose every figure differs, so a value reported under the wrong key cannot pass. */
function stream(overrides: Partial<StreamMetrics> = {}): StreamMetrics {
  return {
    stream: "detection",
    lane: "vision",
    priority: 24,
    policy: "latest",
    throttled: false,
    pending: 1,
    running: 2,
    submitted: 300,
    started: 250,
    completed: 240,
    failed: 3,
    timedOut: 4,
    dropped: { superseded: 30, deadline: 5, rate: 6, overflow: 7, throttled: 8, cancelled: 9 },
    droppedTotal: 65,
    consecutiveFailures: 1,
    waitMs: { count: 250, p50: 1.25, p90: 2.5, p99: 7.125, max: 9 },
    serviceMs: { count: 240, p50: 3.5, p90: 4.75, p99: 11, max: 12 },
    ...overrides,
  };
}

function snapshot(
  streams: StreamMetrics[],
  cpuGuard: SchedulerMetrics["cpuGuard"] = { eventLoopDelayMs: 0, throttledStreams: [] },
): SchedulerMetrics {
  return {
    atMs: 2_000,
    streams,
    lanes: [
      { lane: "vision", maxInFlight: 2, inFlight: 1, busyMs: 1234.4, wallMs: 2000, utilisation: 0.6172 },
      { lane: "llm", maxInFlight: 1, inFlight: 0, busyMs: 0, wallMs: 2000, utilisation: 0 },
    ],
    cpuGuard,
  };
}

const zeroDrops = { superseded: 0, deadline: 0, rate: 0, overflow: 0, throttled: 0, cancelled: 0 };

describe("scheduler diagnostics content", () => {
  it("reports every figure of a stream under its own key", () => {
    const out = metricsToDiagnostics(snapshot([stream()]), { hardwareId: "hailo10h", nodeName: "/detection" });
    assert.deepEqual(out.header, { stamp: { sec: 2, nanosec: 0 }, frame_id: "" });
    assert.deepEqual(
      out.status[0]!.values.map((kv) => `${kv.key}=${kv.value}`),
      [
        "lane=vision",
        "priority=24",
        "policy=latest",
        "throttled=false",
        "pending=1",
        "running=2",
        "submitted=300",
        "started=250",
        "completed=240",
        "failed=3",
        "timed_out=4",
        "consecutive_failures=1",
        "dropped_total=65",
        "dropped_superseded=30",
        "dropped_deadline=5",
        "dropped_rate=6",
        "dropped_overflow=7",
        "dropped_throttled=8",
        "dropped_cancelled=9",
        "wait_ms_p50=1.25",
        "wait_ms_p90=2.50",
        "wait_ms_p99=7.13",
        "service_ms_p50=3.50",
        "service_ms_p90=4.75",
        "service_ms_p99=11.00",
        "lane_utilisation=0.617",
      ],
    );
  });

  const messages: [string, Partial<StreamMetrics>, Partial<StreamMetrics>, number, string][] = [
    [
      "every kind of lost work, each counted since the last report",
      { failed: 1, timedOut: 1, dropped: { ...zeroDrops, deadline: 1, overflow: 1, throttled: 1 } },
      { failed: 3, timedOut: 4, dropped: { ...zeroDrops, deadline: 2, overflow: 3, throttled: 5 } },
      DiagnosticLevel.WARN,
      "2 failed, 3 timed out, 7 dropped (deadline/overflow/throttled) since last report",
    ],
    [
      "only timeouts",
      { failed: 3, timedOut: 1, dropped: zeroDrops },
      { failed: 3, timedOut: 2, dropped: zeroDrops },
      DiagnosticLevel.WARN,
      "1 timed out since last report",
    ],
    [
      "only throttled drops",
      { failed: 3, timedOut: 4, dropped: zeroDrops },
      { failed: 3, timedOut: 4, dropped: { ...zeroDrops, throttled: 2 } },
      DiagnosticLevel.WARN,
      "2 dropped (deadline/overflow/throttled) since last report",
    ],
    [
      "a stream paused by the CPU guard with nothing lost",
      { throttled: true },
      { throttled: true },
      DiagnosticLevel.OK,
      "paused by CPU guard",
    ],
  ];
  for (const [name, before, now, level, message] of messages) {
    it(`says what happened: ${name}`, () => {
      const out = metricsToDiagnostics(snapshot([stream(now)]), {
        hardwareId: "h",
        nodeName: "/n",
        previous: snapshot([stream(before)]),
      });
      assert.equal(out.status[0]!.message, message);
      assert.equal(out.status[0]!.level, level);
    });
  }

  it("StreamDiagnostics passes its frame id, error threshold and default hardware id on", () => {
    const diagnostics = new StreamDiagnostics({
      streams: ["detection"],
      nodeName: "/d",
      errorAfterConsecutiveFailures: 1,
      frameId: "base_link",
    });
    const out = diagnostics.next(snapshot([stream({ consecutiveFailures: 1 })]));
    assert.equal(out.header.frame_id, "base_link");
    assert.deepEqual(
      [out.status[0]!.level, out.status[0]!.message, out.status[0]!.hardware_id],
      [DiagnosticLevel.ERROR, "1 consecutive failures/timeouts", ""],
    );
  });

  it("snapshotOfStreams keeps the given streams and only the lanes they use", () => {
    const full = snapshot([stream(), stream({ stream: "other", lane: "vision" })]);
    const mine = snapshotOfStreams(full, new Set(["detection"]));
    assert.deepEqual(
      mine.streams.map((s) => s.stream),
      ["detection"],
    );
    assert.deepEqual(
      mine.lanes.map((l) => l.lane),
      ["vision"],
    );
    assert.deepEqual(snapshotOfStreams(full, new Set(["nobody"])).lanes, []);
  });
});

describe("formatMetricsTable text", () => {
  it("prints a column per figure, aligned to the widest cell, then each lane and the paused streams", () => {
    const text = formatMetricsTable(
      snapshot(
        [
          stream({ dropped: { ...zeroDrops, superseded: 30, deadline: 5 }, droppedTotal: 35 }),
          stream({ stream: "depth", lane: "vision", priority: 16, policy: "queue", throttled: true, dropped: zeroDrops, droppedTotal: 0 }),
        ],
        { eventLoopDelayMs: 123.45, throttledStreams: ["depth"] },
      ),
    );
    assert.equal(
      text,
      [
        "stream          lane    prio  policy  subm  start  done  fail  t/o  drop  drop reasons              wait p50/p99 ms  svc p50/p99 ms",
        "--------------  ------  ----  ------  ----  -----  ----  ----  ---  ----  ------------------------  ---------------  --------------",
        "detection       vision  24    latest  300   250    240   3     4    35    superseded=30 deadline=5  1.3/7.1          3.5/11.0",
        "depth (paused)  vision  16    queue   300   250    240   3     4    0     -                         1.3/7.1          3.5/11.0",
        "lane vision: 1/2 in flight, utilisation 61.7% (1234 of 2000 ms)",
        "lane llm: 0/1 in flight, utilisation 0.0% (0 of 2000 ms)",
        "cpu guard: event-loop delay 123.5 ms, paused: depth",
      ].join("\n"),
    );
  });

  it("leaves out the CPU guard line when nothing is paused", () => {
    assert.doesNotMatch(formatMetricsTable(snapshot([stream()])), /cpu guard/);
  });
});
