/** The tracking node on the local runtime: detections in, the same with stable ids out. */
import assert from "node:assert/strict";
import type { Detection2DArray } from "../../../src/messages/vision_msgs.ts";
import { NODES } from "../../../src/nodes/registry.ts";
import { TrackingNode } from "../../../src/nodes/tracking/tracking-node.ts";
import { QosPresets, type ParameterValue } from "../../../src/ports/ros.ts";
import { recordingRuntime } from "../../adapters/local/fixtures.ts";

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function array(frame: number, boxes: Array<{ cx: number; cy?: number; score?: number; classId?: string; w?: number }>): Detection2DArray {
  const header = { stamp: { sec: 1_700_000_000 + Math.floor(frame / 10), nanosec: (frame % 10) * 100_000_000 }, frame_id: "camera" };
  return {
    header,
    detections: boxes.map((b) => ({
      header,
      results: [
        {
          hypothesis: { class_id: b.classId ?? "person", score: b.score ?? 0.9 },
          pose: {
            pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
            covariance: new Array<number>(36).fill(0),
          },
        },
      ],
      bbox: { center: { position: { x: b.cx, y: b.cy ?? 200 }, theta: 0 }, size_x: b.w ?? 40, size_y: 80 },
      id: "",
    })),
  };
}

function harness(parameterOverrides: Record<string, ParameterValue> = {}) {
  const { runtime, logs } = recordingRuntime({ checkMessages: true });
  const tracking = new TrackingNode(runtime, { parameterOverrides, diagnosticsPeriodMs: 0, nowMs: () => 0 });
  const peer = runtime.createNode("peer");
  const out: Detection2DArray[] = [];
  peer.createSubscription("vision_msgs/msg/Detection2DArray", "/detections/tracked", QosPresets.default, (m) => void out.push(m));
  const pub = peer.createPublisher("vision_msgs/msg/Detection2DArray", "/detections");
  const send = async (msg: Detection2DArray) => {
    pub.publish(msg);
    await settle();
  };
  return { tracking, out, send, logs, runtime };
}

describe("nodes/tracking/TrackingNode", () => {
  it("is registered as a node that uses no accelerator, with its parameter spec", async () => {
    assert.equal(NODES.tracking.accelerator, false);
    assert.equal((await NODES.tracking.parameters()).max_age?.default, 30);
  });

  it("gives two crossing objects stable ids in Detection2D.id, through a 5-frame occlusion of one", async () => {
    const h = harness();
    for (let f = 0; f < 40; f++) {
      const a = { cx: 100 + 10 * f };
      const b = { cx: 500 - 10 * f, cy: 210 };
      const bHidden = f >= 18 && f < 23;
      await h.send(array(f, bHidden ? [a] : [a, b]));
    }
    assert.equal(h.out.length, 40);
    const idsOf = (index: number) =>
      new Set(
        h.out
          .map((m) => m.detections.find((d) => Math.abs(d.bbox.center.position.y - (index === 0 ? 200 : 210)) < 1)?.id)
          .filter((id) => id !== undefined),
      );
    assert.deepEqual([...idsOf(0)], ["1"]);
    assert.deepEqual([...idsOf(1)], ["2"]);
    assert.deepEqual(h.out[5]!.header, array(5, []).header);
    assert.equal(h.tracking.stats().tracksStarted, 2);
  });

  it("publishes only tracked detections unless publish_untracked", async () => {
    for (const [publishUntracked, expected] of [
      [false, ["1"]],
      [true, ["1", ""]],
    ] as const) {
      const h = harness({ publish_untracked: publishUntracked });
      await h.send(array(0, [{ cx: 100 }, { cx: 400, score: 0.3 }]));
      assert.deepEqual(
        h.out[0]!.detections.map((d) => d.id),
        expected,
      );
    }
  });

  it("drops a detection with a box that is not finite, says so naming the topic, and goes on", async () => {
    const h = harness();
    await h.send(array(0, [{ cx: NaN }, { cx: 100 }]));
    await h.send(array(1, [{ cx: 100, w: 0 }, { cx: 102 }]));
    assert.deepEqual(
      h.out.map((m) => m.detections.map((d) => d.id)),
      [["1"], ["1"]],
    );
    const warnings = h.logs.filter((l) => l.level === "warn").map((l) => l.message);
    assert.equal(warnings.length, 1, "throttled");
    assert.match(warnings[0]!, /dropped a detection on topic "\/detections" with no class or a box that is empty or not finite/);
    assert.equal(h.tracking.stats().invalidDetections, 2);
  });

  it("refuses parameters that break low_score ≤ high_score ≤ new_track_score, keeping the old values", () => {
    const h = harness();
    const result = h.tracking.node.setParameters([{ name: "low_score", value: 0.8 }]);
    assert.equal(result.successful, false);
    if (!result.successful)
      assert.match(
        result.reason,
        /low score 0.8 must not exceed high score 0.5 \(the parameters must keep low_score ≤ high_score ≤ new_track_score\)/,
      );
    assert.equal(h.tracking.parameters.low_score, 0.1);
    assert.equal(h.tracking.node.setParameters([{ name: "max_age", value: 5 }]).successful, true);
    assert.equal(h.tracking.parameters.max_age, 5);
    assert.throws(
      () => new TrackingNode(h.runtime, { name: "t2", parameterOverrides: { new_track_score: 0.2 } }),
      /node 't2': new track score 0.2 must be at least/,
    );
  });
});
