import assert from "node:assert/strict";
import { AcceleratorScheduler } from "../../src/core/scheduling/accelerator-scheduler.ts";
import type { LatencySummary } from "../../src/core/stats/latency-recorder.ts";
import { formatNodeTable, formatSummary, processedFps, type NodeSummary } from "../../src/standalone/run-summary.ts";

const latency = (meanMs: number, p99Ms: number): LatencySummary => ({ count: 1, meanMs, p50Ms: meanMs, p99Ms, maxMs: p99Ms });
const detection: NodeSummary = {
  name: "detection",
  stats: {
    received: 120,
    processed: 120,
    superseded: 0,
    expired: 0,
    throttled: 0,
    stale: 0,
    rejected: 0,
    failed: 0,
    detections: 480,
    latency: latency(68.714, 310.631),
  },
};
const motor: NodeSummary = { name: "motor_controller", stats: { commands: 12345678901, rejected: 1, loop: latency(0.5, 1.25) } };

describe("standalone/run summary", () => {
  it("prints the detection node's row as it always has", () => {
    assert.deepEqual(formatNodeTable([detection]), [
      "node        received  processed  superseded  expired  throttled  stale  rejected  failed  detections  latency mean / p99 (ms)",
      "detection        120        120           0        0          0      0         0       0         480  68.71 / 310.63",
    ]);
  });

  it("shows two nodes of different stats: every counter either has, '-' where a node has none, latencies last", () => {
    assert.deepEqual(formatNodeTable([detection, motor]), [
      "node              received  processed  superseded  expired  throttled  stale  rejected  failed  detections     commands  latency mean / p99 (ms)  loop mean / p99 (ms)",
      "detection              120        120           0        0          0      0         0       0         480            -  68.71 / 310.63           -",
      "motor_controller         -          -           -        -          -      -         1       -           -  12345678901  -                        0.50 / 1.25",
    ]);
  });

  it("shows a node without stats by name only", () => {
    assert.deepEqual(formatNodeTable([{ name: "quiet", stats: {} }]), ["node", "quiet"]);
  });

  const rates: Array<[string, readonly NodeSummary[], number, number]> = [
    ["the node that processed most", [detection, { name: "b", stats: { processed: 30 } }], 2000, 60],
    ["no node counts processed", [motor], 2000, 0],
    ["no time passed", [detection], 0, 0],
  ];
  for (const [what, nodes, elapsedMs, fps] of rates) {
    it(`FPS processed: ${what}`, () => assert.equal(processedFps(nodes, elapsedMs), fps));
  }

  it("prints frames, the nodes, the scheduler, the ground-truth check and the recording", () => {
    const scheduler = new AcceleratorScheduler();
    const metrics = scheduler.snapshot();
    scheduler.close();
    const printed = formatSummary({
      source: "fake",
      frames: 120,
      elapsedMs: 12_000,
      fps: 10,
      nodes: [detection, motor],
      evaluation: { frames: 120, objects: 480, matched: 480, falsePositives: 0, minIou: 0.9684 },
      recordPath: "out.mcap",
      recordedMessages: 493,
      snapshotPath: "overlay.png",
      scheduler: metrics,
    }).split("\n");
    assert.equal(printed[0], "frames: 120 in 12.00 s (10.0 FPS processed)");
    assert.match(printed[1]!, /^node {14}received/);
    assert.match(printed[3]!, /^motor_controller /);
    assert.equal(printed[4], "accelerator scheduler:");
    assert.deepEqual(printed.slice(-3), [
      "ground truth: 480/480 objects found (min IoU 0.968), 0 false positives",
      "recorded 493 messages to out.mcap",
      "overlay snapshot: overlay.png",
    ]);
  });
});
