/**
 * The detection node recovers without a restart when the device fails its model for good: the
 * simulated Hailo device shuts the model down after a failed submission (as HailoRT does), the
 * node reports ERROR on /diagnostics while the model is down, reloads it with backoff, and reports
 * OK and detects again once it serves.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDetectionNodeIo } from "../../src/app/detection-io.ts";
import { buildSyntheticSimModel } from "../../src/adapters/hailo/synthetic-sim-model.ts";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { SyntheticImageSource } from "../../src/adapters/synthetic/synthetic-image-source.ts";
import { DiagnosticLevel, type DiagnosticArray } from "../../src/messages/diagnostic_msgs.ts";
import type { Image } from "../../src/messages/sensor_msgs.ts";
import type { Detection2DArray } from "../../src/messages/vision_msgs.ts";
import { DetectionNode } from "../../src/nodes/detection/detection-node.ts";
import { eventually } from "../ros/helpers.ts";

describe("detection node recovers when the device fails its model", function () {
  this.timeout(30_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "hailo-ros-recovery-"));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("reports ERROR while the model is down, reloads it, and detects again", async () => {
    const modelPath = join(dir, "flaky-detector.json");
    const model = {
      ...buildSyntheticSimModel({ latencyMs: 1 }),
      faults: { fail_submit_on_inference: 2, fail_submit_status: "HAILO_RPC_FAILED" },
    };
    await writeFile(modelPath, JSON.stringify(model));
    const logs: string[] = [];
    const runtime = new LocalRuntime({ checkMessages: true, logSink: (level, _node, message) => logs.push(`${level} ${message}`) });
    const node = new DetectionNode(runtime, createDetectionNodeIo({ cacheDir: join(dir, "models") }), {
      parameterOverrides: { backend: "sim", model_path: modelPath },
      diagnosticsPeriodMs: 0,
      modelRecovery: { initialDelayMs: 50 },
    });
    try {
      await node.ready();
      assert.ok(node.hasModel, logs.join("\n"));
      const viewer = runtime.createNode("viewer");
      const detections: Detection2DArray[] = [];
      const diagnostics: DiagnosticArray[] = [];
      viewer.createSubscription(
        "vision_msgs/msg/Detection2DArray",
        "/detections",
        { reliability: "reliable", durability: "volatile", depth: 50 },
        (m) => detections.push(m),
      );
      viewer.createSubscription(
        "diagnostic_msgs/msg/DiagnosticArray",
        "/diagnostics",
        { reliability: "reliable", durability: "volatile", depth: 50 },
        (m) => diagnostics.push(m),
      );
      const camera = runtime.createNode("camera").createPublisher("sensor_msgs/msg/Image", "/image");
      const images: Image[] = [];
      for await (const frame of new SyntheticImageSource({ seed: 3, frames: 4, objects: 2, width: 320, height: 240 }).frames()) {
        if (frame.data.kind === "image") images.push(frame.data.message);
      }
      const send = async (image: Image) => {
        camera.publish(image);
        await runtime.idle();
        await node.idle();
        await runtime.idle();
      };
      const lastLevel = async () => {
        node.publishDiagnostics();
        await runtime.idle();
        return diagnostics.at(-1)?.status[0]?.level;
      };

      await send(images[0]!);
      assert.equal(detections.length, 1, "the first inference works");
      assert.equal(await lastLevel(), DiagnosticLevel.OK);
      await send(images[1]!);
      assert.equal(detections.length, 1, "the second submission fails");
      assert.equal(node.hasModel, false, "the failed model gets no more frames");
      assert.equal(await lastLevel(), DiagnosticLevel.ERROR);
      assert.match(diagnostics.at(-1)!.status[0]!.message, /model down \(.*reload the model\); reloading in 50 ms/);
      await send(images[2]!);
      assert.equal(node.stats().rejected, 1, "a frame while the model is down is dropped and counted");

      await eventually("the model to serve again", () => node.hasModel, 5000);
      assert.equal(await lastLevel(), DiagnosticLevel.OK);
      await send(images[3]!);
      assert.equal(detections.length, 2, "detects again without a restart");
      assert.equal(detections[1]!.detections.length, 2);
      assert.ok(
        logs.some((l) => /^error model '.*flaky-detector\.json' stopped working \(.*HAILO_RPC_FAILED.*\); reloading it in 50 ms/.test(l)),
        logs.join("\n"),
      );
      assert.ok(logs.some((l) => /^info model '.*flaky-detector\.json' is serving again \(reload 1\)/.test(l)));
      assert.ok(logs.some((l) => /^error dropping images on '\/image': the model stopped working and is reloading/.test(l)));
    } finally {
      await node.destroy();
      await runtime.shutdown();
    }
  });
});
