import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registryNodeStarter } from "../../src/app/registry-node-starter.ts";
import { SyntheticImageSource } from "../../src/adapters/synthetic/synthetic-image-source.ts";
import { readMcapChannels, readMcapMessages } from "../../src/adapters/mcap/read-mcap-messages.ts";
import { evaluateFrame } from "../../src/core/detection/evaluate.ts";
import { labelledBoxes } from "../../src/core/detection/to-messages.ts";
import { formatSummary } from "../../src/standalone/run-summary.ts";
import { runStandalone } from "../../src/standalone/standalone-runner.ts";
import type { Detection2DArray } from "../../src/messages/vision_msgs.ts";
import type { DiagnosticArray } from "../../src/messages/diagnostic_msgs.ts";

describe("standalone runner (ONNX synthetic detector, MCAP out)", function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "hailo-ros-standalone-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("detects every synthetic object and records an MCAP whose detections match the ground truth", async () => {
    const recordPath = join(dir, "run.mcap");
    const lines: string[] = [];
    const summary = await runStandalone({
      source: new SyntheticImageSource({ seed: 5, frames: 12 }),
      startNode: registryNodeStarter({ io: { cacheDir: join(dir, "models") } }),
      recordPath,
      snapshotPath: join(dir, "overlay.png"),
      checkMessages: true,
      log: (line) => lines.push(line),
    });
    assert.equal(summary.frames, 12);
    assert.equal(summary.nodes[0]!.stats.processed, 12);
    assert.ok(summary.evaluation);
    assert.equal(summary.evaluation.matched, summary.evaluation.objects);
    assert.equal(summary.evaluation.falsePositives, 0);
    assert.ok(summary.evaluation.minIou >= 0.9, `min IoU ${summary.evaluation.minIou}`);
    const printed = formatSummary(summary);
    assert.match(printed, /ground truth: (\d+)\/\1 objects found/);
    // Lock step: every frame runs, none is superseded; the scheduler's table says the same.
    assert.equal(summary.nodes[0]!.stats.superseded, 0);
    const stream = summary.scheduler.streams.find((s) => s.stream === "detection");
    assert.equal(stream?.completed, 12);
    assert.equal(stream?.policy, "latest");
    assert.match(printed, /^stream +lane +prio +policy/m);
    assert.match(printed, /^detection +vision +20 +latest +12 +12 +12 /m);

    const channels = await readMcapChannels(recordPath);
    const byTopic = new Map(channels.map((c) => [c.topic, c]));
    assert.equal(byTopic.get("/image")?.schemaName, "sensor_msgs/msg/Image");
    assert.equal(byTopic.get("/detections")?.schemaName, "vision_msgs/msg/Detection2DArray");
    assert.equal(byTopic.get("/detections/labels")?.schemaName, "vision_msgs/msg/LabelInfo");
    assert.equal(byTopic.get("/detections/image")?.schemaName, "sensor_msgs/msg/Image");
    assert.equal(byTopic.get("/diagnostics")?.schemaName, "diagnostic_msgs/msg/DiagnosticArray");
    const diagnostics: DiagnosticArray[] = [];
    for await (const m of readMcapMessages(recordPath, { topics: ["/diagnostics"] })) diagnostics.push(m.message as DiagnosticArray);
    assert.ok(diagnostics.length >= 1);
    const last = diagnostics.at(-1)!.status;
    assert.equal(last.length, 1);
    assert.equal(last[0]!.name, "/detection: accelerator stream detection");
    assert.equal(last[0]!.values.find((kv) => kv.key === "completed")?.value, "12");

    const truth = new Map<string, Detection2DArray>();
    const detected = new Map<string, Detection2DArray>();
    for await (const m of readMcapMessages(recordPath, { topics: ["/ground_truth", "/detections"] })) {
      const msg = m.message as Detection2DArray;
      const key = `${msg.header.stamp.sec}.${msg.header.stamp.nanosec}`;
      (m.topic === "/ground_truth" ? truth : detected).set(key, msg);
    }
    assert.equal(truth.size, 12);
    assert.equal(detected.size, 12);
    for (const [stamp, gt] of truth) {
      const found = detected.get(stamp);
      assert.ok(found, `detections for frame ${stamp}`);
      const result = evaluateFrame(labelledBoxes(gt), labelledBoxes(found), 0.9);
      assert.equal(result.matched, result.objects, `frame ${stamp}: ${JSON.stringify(result)}`);
      assert.equal(result.falsePositives, 0, `frame ${stamp}`);
    }
  });
});
