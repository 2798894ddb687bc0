import assert from "node:assert/strict";
import { StreamDiagnostics } from "../../../src/core/scheduling/diagnostics.ts";
import type { LaneMetrics, SchedulerMetrics, StreamMetrics } from "../../../src/core/scheduling/metrics.ts";
import { emptyPercentiles } from "../../../src/core/scheduling/sample-window.ts";
import { DEPTH_PRIORITY, DETECTION_PRIORITY, LLM_PRIORITY } from "../../../src/core/scheduling/priorities.ts";
import { DiagnosticLevel } from "../../../src/messages/diagnostic_msgs.ts";
import type { DiagnosticArray } from "../../../src/messages/diagnostic_msgs.ts";

const { OK, WARN, ERROR } = DiagnosticLevel;

interface StreamState {
  readonly completed?: number;
  readonly deadline?: number;
  readonly superseded?: number;
  readonly failed?: number;
  readonly consecutiveFailures?: number;
}

function stream(name: string, lane: string, priority: number, state: StreamState = {}): StreamMetrics {
  const dropped = { superseded: state.superseded ?? 0, deadline: state.deadline ?? 0, rate: 0, overflow: 0, throttled: 0, cancelled: 0 };
  const completed = state.completed ?? 10;
  return {
    stream: name,
    lane,
    priority,
    policy: "latest",
    throttled: false,
    pending: 0,
    running: 0,
    submitted: completed,
    started: completed,
    completed,
    failed: state.failed ?? 0,
    timedOut: 0,
    dropped,
    droppedTotal: dropped.superseded + dropped.deadline,
    consecutiveFailures: state.consecutiveFailures ?? 0,
    waitMs: emptyPercentiles,
    serviceMs: emptyPercentiles,
  };
}

function lane(name: string, utilisation: number): LaneMetrics {
  return { lane: name, maxInFlight: 1, inFlight: 0, busyMs: utilisation * 1000, wallMs: 1000, utilisation };
}

/** One shared scheduler carrying three nodes' streams: detection and depth share the vision lane, the LLM has its own. */
function shared(atMs: number, detection: StreamState, depth: StreamState, llm: StreamState = {}): SchedulerMetrics {
  return {
    atMs,
    streams: [
      stream("detection", "vision", DETECTION_PRIORITY, detection),
      stream("depth", "vision", DEPTH_PRIORITY, depth),
      stream("llm", "llm", LLM_PRIORITY, llm),
    ],
    lanes: [lane("vision", 0.5), lane("llm", 0.9)],
    cpuGuard: { eventLoopDelayMs: 0, throttledStreams: [] },
  };
}

const value = (d: DiagnosticArray, status: number, key: string): string | undefined =>
  d.status[status]?.values.find((v) => v.key === key)?.value;

describe("StreamDiagnostics", () => {
  it("reports only its own streams and the lanes they use", () => {
    const snapshot = shared(1000, { completed: 30 }, { completed: 7 }, { completed: 2 });
    const NODES: { streams: string[]; nodeName: string; names: string[]; priorities: string[]; lanes: string[] }[] = [
      {
        streams: ["detection"],
        nodeName: "/detection",
        names: ["/detection: accelerator stream detection"],
        priorities: ["20"],
        lanes: ["0.500"],
      },
      { streams: ["depth"], nodeName: "/depth", names: ["/depth: accelerator stream depth"], priorities: ["12"], lanes: ["0.500"] },
      { streams: ["llm"], nodeName: "/llm", names: ["/llm: accelerator stream llm"], priorities: ["8"], lanes: ["0.900"] },
      {
        streams: ["depth", "llm"],
        nodeName: "/both",
        names: ["/both: accelerator stream depth", "/both: accelerator stream llm"],
        priorities: ["12", "8"],
        lanes: ["0.500", "0.900"],
      },
    ];
    for (const n of NODES) {
      const out = new StreamDiagnostics({ streams: n.streams, nodeName: n.nodeName, hardwareId: "hailo10h" }).next(snapshot);
      assert.deepEqual(
        out.status.map((s) => s.name),
        n.names,
        n.nodeName,
      );
      assert.deepEqual(
        out.status.map((_, i) => value(out, i, "priority")),
        n.priorities,
        n.nodeName,
      );
      assert.deepEqual(
        out.status.map((_, i) => value(out, i, "lane_utilisation")),
        n.lanes,
        n.nodeName,
      );
      assert.ok(out.status.every((s) => s.hardware_id === "hailo10h"));
      assert.deepEqual(out.header.stamp, { sec: 1, nanosec: 0 });
    }
  });

  it("raises the level once for new drops, then falls back, and ignores the other node's drops", () => {
    // Deadline drops are lost work (WARN); superseded ones are the latest-wins policy working (OK).
    const STEPS: { detection: StreamState; depth: StreamState; levels: [detection: number, depth: number] }[] = [
      { detection: {}, depth: {}, levels: [OK, OK] },
      { detection: { deadline: 2 }, depth: {}, levels: [WARN, OK] },
      { detection: { deadline: 2 }, depth: {}, levels: [OK, OK] },
      { detection: { deadline: 2 }, depth: { deadline: 5 }, levels: [OK, WARN] },
      { detection: { deadline: 2, superseded: 9 }, depth: { deadline: 5 }, levels: [OK, OK] },
      { detection: { deadline: 3 }, depth: { deadline: 5 }, levels: [WARN, OK] },
      { detection: { deadline: 3, failed: 3, consecutiveFailures: 3 }, depth: { deadline: 5 }, levels: [ERROR, OK] },
      { detection: { deadline: 3, failed: 3, completed: 11 }, depth: { deadline: 5 }, levels: [OK, OK] },
    ];
    const detection = new StreamDiagnostics({ streams: ["detection"], nodeName: "/detection" });
    const depth = new StreamDiagnostics({ streams: ["depth"], nodeName: "/depth" });
    STEPS.forEach((step, i) => {
      const snapshot = shared(1000 * (i + 1), step.detection, step.depth);
      const levels = [detection.next(snapshot), depth.next(snapshot)].map((d) => {
        assert.equal(d.status.length, 1);
        return d.status[0]!.level;
      });
      assert.deepEqual(levels, step.levels, `report ${i}`);
    });
  });

  it("takes the hardware id of the moment over the default", () => {
    const diagnostics = new StreamDiagnostics({ streams: ["detection"], nodeName: "/detection", hardwareId: "onnx" });
    const snapshot = shared(0, {}, {});
    assert.equal(diagnostics.next(snapshot).status[0]!.hardware_id, "onnx");
    assert.equal(diagnostics.next(snapshot, { hardwareId: "hailo" }).status[0]!.hardware_id, "hailo");
  });

  it("needs at least one stream", () => {
    assert.throws(() => new StreamDiagnostics({ streams: [], nodeName: "/n" }), /'\/n': name at least one stream/);
  });
});
