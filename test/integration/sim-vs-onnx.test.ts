/**
 * The simulated Hailo device (on-chip NMS output, decoded by the Hailo decoder) and the ONNX
 * synthetic detector (raw YOLO head, decoded on the host) must agree on the synthetic scenes.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { createDetectionNodeIo } from "../../src/app/detection-io.ts";
import { SyntheticImageSource } from "../../src/adapters/synthetic/synthetic-image-source.ts";
import { iou } from "../../src/core/vision/detection.ts";
import { labelledBoxes } from "../../src/core/detection/to-messages.ts";
import { DetectionNode } from "../../src/nodes/detection/detection-node.ts";
import type { Detection2DArray } from "../../src/messages/vision_msgs.ts";
import type { Image } from "../../src/messages/sensor_msgs.ts";

type Found = Array<{ label: string; box: { x1: number; y1: number; x2: number; y2: number } }>;

async function detectAll(backend: "onnx" | "sim", images: readonly Image[], cacheDir: string): Promise<Found[]> {
  const runtime = new LocalRuntime({ checkMessages: true, logSink: () => undefined });
  const node = new DetectionNode(runtime, createDetectionNodeIo({ cacheDir }), { parameterOverrides: { backend } });
  await node.ready();
  assert.ok(node.hasModel, `${backend} model loaded`);
  const results: Found[] = [];
  const viewer = runtime.createNode("viewer");
  viewer.createSubscription(
    "vision_msgs/msg/Detection2DArray",
    "/detections",
    { reliability: "reliable", durability: "volatile", depth: 10 },
    (m: Detection2DArray) => results.push(labelledBoxes(m)),
  );
  const pub = runtime.createNode("camera").createPublisher("sensor_msgs/msg/Image", "/image");
  for (const image of images) {
    pub.publish(image);
    await runtime.idle();
    await node.idle();
    await runtime.idle();
  }
  await node.destroy();
  await runtime.shutdown();
  return results;
}

describe("sim backend vs ONNX backend on synthetic scenes", function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "hailo-ros-sim-onnx-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("gives the same detections (same labels, boxes within IoU 0.9) frame by frame", async () => {
    const images: Image[] = [];
    const source = new SyntheticImageSource({ seed: 9, frames: 8, objects: 5 });
    for await (const frame of source.frames()) if (frame.data.kind === "image") images.push(frame.data.message);
    const onnx = await detectAll("onnx", images, dir);
    const sim = await detectAll("sim", images, dir);
    assert.equal(onnx.length, images.length);
    assert.equal(sim.length, images.length);
    for (let i = 0; i < images.length; i++) {
      const a = [...onnx[i]!].sort((p, q) => p.label.localeCompare(q.label));
      const b = [...sim[i]!].sort((p, q) => p.label.localeCompare(q.label));
      assert.deepEqual(
        a.map((d) => d.label),
        b.map((d) => d.label),
        `frame ${i} labels`,
      );
      assert.equal(a.length, 5, `frame ${i} found all objects`);
      for (let k = 0; k < a.length; k++) {
        const overlap = iou(a[k]!.box, b[k]!.box);
        assert.ok(overlap >= 0.9, `frame ${i} ${a[k]!.label}: IoU ${overlap.toFixed(3)}`);
      }
    }
  });
});
