import assert from "node:assert/strict";
import { FixedOutputBackend } from "../../../src/testing/fixed-output-backend.ts";
import { AcceleratorScheduler } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import { QosPresets } from "../../../src/ports/ros.ts";
import { LocalRuntime } from "../../../src/adapters/local/local-runtime.ts";
import type { Detection2DArray, LabelInfo } from "../../../src/messages/vision_msgs.ts";
import type { Image } from "../../../src/messages/sensor_msgs.ts";
import type { ParameterValue, QosProfile } from "../../../src/ports/ros.ts";
import { drainMicrotasks } from "../../../src/core/scheduling/virtual-clock.ts";
import { ControlledBackend, harness, nmsModelInfo, nmsOutputs, publishAndSettle, rgbImage, settle, type Harness } from "./fixtures.ts";

function listen<T>(
  h: Harness,
  type: "vision_msgs/msg/Detection2DArray" | "vision_msgs/msg/LabelInfo" | "sensor_msgs/msg/Image",
  topic: string,
  qos: QosProfile = QosPresets.default,
): T[] {
  const received: T[] = [];
  const viewer = h.runtime.createNode(`viewer_${Math.random().toString(36).slice(2)}`);
  viewer.createSubscription(type, topic, qos, (m) => received.push(m as T));
  return received;
}

async function started(options: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  const h = harness(options);
  await h.node.ready();
  return h;
}

describe("detection node", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.node.destroy();
    await h?.runtime.shutdown();
    h = undefined;
  });

  it("publishes Detection2DArray in source-image pixels with the image's header and label names", async () => {
    h = await started();
    const detections = listen<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
    // 128x64 letterboxed into 64x64: scale 0.5, 16 px of padding above and below.
    await publishAndSettle(h, [rgbImage(128, 64, { stamp: 42 })]);
    assert.equal(detections.length, 1);
    const [msg] = detections as [Detection2DArray];
    assert.deepEqual(msg.header, { stamp: { sec: 42, nanosec: 0 }, frame_id: "camera_color_optical_frame" });
    assert.equal(msg.detections.length, 1);
    const d = msg.detections[0]!;
    assert.equal(d.results[0]!.hypothesis.class_id, "green");
    assert.ok(Math.abs(d.results[0]!.hypothesis.score - 0.9) < 1e-6);
    assert.ok(Math.abs(d.bbox.center.position.x - 64) < 1e-4, `cx ${d.bbox.center.position.x}`);
    assert.ok(Math.abs(d.bbox.center.position.y - 16) < 1e-4, `cy ${d.bbox.center.position.y}`);
    assert.ok(Math.abs(d.bbox.size_x - 64) < 1e-4);
    assert.ok(Math.abs(d.bbox.size_y - 32) < 1e-4);
    assert.deepEqual(d.header, msg.header);
  });

  it("latches LabelInfo for late subscribers and republishes it when the threshold changes", async () => {
    h = await started();
    await settle(h);
    const labels = listen<LabelInfo>(h, "vision_msgs/msg/LabelInfo", "/detections/labels", QosPresets.latched);
    await settle(h);
    assert.equal(labels.length, 1);
    assert.deepEqual(labels[0]!.class_map, [
      { class_id: 0, class_name: "red" },
      { class_id: 1, class_name: "green" },
      { class_id: 2, class_name: "blue" },
    ]);
    assert.ok(h.node.node.setParameters([{ name: "score_threshold", value: 0.5 }]).successful);
    await settle(h);
    assert.equal(labels.length, 2);
    assert.equal(labels[1]!.threshold, 0.5);
  });

  it("draws the overlay only while detections/image has a subscriber", async () => {
    h = await started();
    const tapped: string[] = [];
    const tap = h.runtime.messages$.subscribe((m) => tapped.push(m.topic));
    await publishAndSettle(h, [rgbImage(32, 32)]);
    assert.ok(!tapped.includes("/detections/image"));
    const overlays = listen<Image>(h, "sensor_msgs/msg/Image", "/detections/image");
    await publishAndSettle(h, [rgbImage(32, 32, { stamp: 2 })]);
    tap.unsubscribe();
    assert.equal(overlays.length, 1);
    assert.equal(overlays[0]!.encoding, "rgb8");
    assert.equal(overlays[0]!.width, 32);
    assert.equal(overlays[0]!.step, 96);
    assert.equal(overlays[0]!.header.stamp.sec, 2);
    assert.ok(
      overlays[0]!.data.some((v) => v !== 40),
      "boxes were drawn",
    );
  });

  it("keeps only the newest waiting frame while both accelerator slots are busy (latest frame wins)", async () => {
    // Inferences finish only when the test says so: no real-time window decides what is "busy".
    const backend = new ControlledBackend(nmsOutputs([]));
    h = await started({ backend });
    const detections = listen<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
    const camera = h.runtime.createNode("camera");
    const pub = camera.createPublisher("sensor_msgs/msg/Image", "/image");
    for (const stamp of [1, 2, 3, 4, 5]) {
      pub.publish(rgbImage(16, 16, { stamp }));
      await h.runtime.idle();
    }
    // Frames 1 and 2 take the vision lane's two slots; 3 and 4 are superseded while waiting.
    assert.equal(backend.held.length, 2);
    backend.held[0]!.finish();
    backend.held[1]!.finish();
    await drainMicrotasks();
    await h.runtime.idle();
    assert.equal(backend.held.length, 3, "frame 5 starts once a slot is free");
    backend.held[2]!.finish();
    await settle(h);
    assert.deepEqual(
      detections.map((d) => d.header.stamp.sec),
      [1, 2, 5],
    );
    const stats = h.node.stats();
    assert.equal(stats.received, 5);
    assert.equal(stats.processed, 3);
    assert.equal(stats.superseded, 2);
    assert.equal(backend.held.length, 3);
    const stream = h.node.acceleratorStream;
    assert.equal(stream.name, "detection");
    assert.equal(stream.options.policy, "latest");
    camera.destroy();
  });

  it("keeps one frame in its image subscription: a burst sent before the node takes any leaves only the newest", async () => {
    h = await started();
    const detections = listen<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
    const camera = h.runtime.createNode("burst_camera");
    const pub = camera.createPublisher("sensor_msgs/msg/Image", "/image", QosPresets.sensor_data);
    for (const stamp of [1, 2, 3]) pub.publish(rgbImage(16, 16, { stamp }));
    await settle(h);
    assert.equal(h.node.stats().received, 1);
    assert.deepEqual(
      detections.map((d) => d.header.stamp.sec),
      [3],
    );
    assert.deepEqual(h.runtime.topicStats().find((t) => t.topic === "/image")?.dropped, 2);
  });

  it("names the resolved image topic (namespace and remaps applied) in its logs", async () => {
    const logs: string[] = [];
    const runtime = new LocalRuntime({
      checkMessages: true,
      remappings: { "/robot/image": "/robot/camera/image_raw" },
      logSink: (level, node, message) => logs.push(`${level} ${node}: ${message}`),
    });
    h = harness({ runtime, node: { namespace: "/robot" } });
    await h.node.ready();
    const camera = runtime.createNode("camera");
    camera.createPublisher("sensor_msgs/msg/Image", "/robot/camera/image_raw").publish(rgbImage(8, 4, { encoding: "bayer_rggb8" }));
    await settle(h);
    const error = logs.find((l) => l.startsWith("error"));
    assert.match(error ?? "", /image on '\/robot\/camera\/image_raw' rejected/);
  });

  const badImages: Array<[string, Image, RegExp]> = [
    ["step shorter than a row", rgbImage(8, 4, { step: 20 }), /step/],
    ["data length not step × height", { ...rgbImage(8, 4), data: new Uint8Array(95) }, /95/],
    ["unknown encoding", rgbImage(8, 4, { encoding: "bayer_rggb8" }), /bayer_rggb8/],
    ["zero-size image", { ...rgbImage(8, 4), width: 0, step: 0, data: new Uint8Array(0) }, /image is empty \(width 0, height 4\)/],
  ];
  for (const [what, image, pattern] of badImages) {
    it(`rejects a bad image (${what}) with an error naming the topic, and keeps running`, async () => {
      h = await started();
      const detections = listen<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
      await publishAndSettle(h, [image]);
      const error = h.logs.find((l) => l.startsWith("error"));
      assert.ok(error, "an error was logged");
      assert.match(error, /'\/image'/);
      assert.match(error, pattern);
      assert.equal(h.node.stats().rejected, 1);
      await publishAndSettle(h, [rgbImage(8, 4, { stamp: 7 })]);
      assert.deepEqual(
        detections.map((d) => d.header.stamp.sec),
        [7],
      );
    });
  }

  const invalidChanges: Array<[string, string, ParameterValue, RegExp]> = [
    ["a threshold above 1", "score_threshold", 1.5, /score_threshold/],
    ["a negative IoU threshold", "iou_threshold", -0.1, /iou_threshold/],
    ["zero max detections", "max_detections", 0, /max_detections/],
    ["a fractional max detections", "max_detections", 2.5, /max_detections/],
    ["a wrong type", "score_threshold", "high", /score_threshold/],
    ["a class the labels lack", "classes", ["zebra"], /classes.*zebra/],
    ["a missing labels file", "labels_file", "nope.txt", /labels_file.*nope\.txt/],
    ["a malformed labels file", "labels_file", "dup.txt", /labels_file.*dup\.txt.*twice/],
    ["a missing model file", "model_path", "missing.hef", /model_path.*missing\.hef/],
    ["a read-only parameter", "backend", "hailo", /backend/],
    ["a negative max frame age", "max_frame_age_ms", -5, /max_frame_age_ms/],
    ["a zero inference timeout", "inference_timeout_ms", 0, /inference_timeout_ms/],
  ];
  for (const [what, name, value, pattern] of invalidChanges) {
    it(`rejects ${what} with a reason and keeps the old value`, async () => {
      h = await started({ files: { "dup.txt": "a\nb\na\n" } });
      const before = h.node.node.getParameter(name);
      const result = h.node.node.setParameters([{ name, value }]);
      assert.equal(result.successful, false);
      assert.match(result.successful ? "" : result.reason, pattern);
      assert.deepEqual(h.node.node.getParameter(name), before);
      assert.deepEqual(h.node.parameters[name as keyof typeof h.node.parameters], before);
    });
  }

  it("applies live changes: threshold and class allow-list filter what is published", async () => {
    const backend = new FixedOutputBackend({
      info: nmsModelInfo,
      outputs: nmsOutputs([
        { classIndex: 0, x1: 0.1, y1: 0.1, x2: 0.3, y2: 0.3, score: 0.6 },
        { classIndex: 2, x1: 0.5, y1: 0.5, x2: 0.9, y2: 0.9, score: 0.95 },
      ]),
    });
    h = await started({ backend });
    const detections = listen<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
    const names = () => detections.at(-1)!.detections.map((d) => d.results[0]!.hypothesis.class_id);
    await publishAndSettle(h, [rgbImage(16, 16)]);
    assert.deepEqual(names(), ["blue", "red"]);
    assert.ok(h.node.node.setParameters([{ name: "score_threshold", value: 0.9 }]).successful);
    await publishAndSettle(h, [rgbImage(16, 16, { stamp: 2 })]);
    assert.deepEqual(names(), ["blue"]);
    assert.ok(
      h.node.node.setParameters([
        { name: "score_threshold", value: 0.1 },
        { name: "classes", value: ["red"] },
      ]).successful,
    );
    await publishAndSettle(h, [rgbImage(16, 16, { stamp: 3 })]);
    assert.deepEqual(names(), ["red"]);
    assert.ok(
      h.node.node.setParameters([
        { name: "max_detections", value: 1 },
        { name: "classes", value: [] },
      ]).successful,
    );
    await publishAndSettle(h, [rgbImage(16, 16, { stamp: 4 })]);
    assert.deepEqual(names(), ["blue"]);
  });

  it("reports a missing model file, keeps running, and recovers when model_path is fixed", async () => {
    h = await started({ parameters: { model_path: "missing.hef" } });
    assert.equal(h.node.hasModel, false);
    assert.ok(
      h.logs.some((l) => /error .*model_path.*missing\.hef/.test(l)),
      h.logs.join("\n"),
    );
    const detections = listen<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
    await publishAndSettle(h, [rgbImage(16, 16)]);
    assert.equal(detections.length, 0);
    assert.ok(h.logs.some((l) => /no model is loaded/.test(l)));
    assert.ok(h.node.node.setParameters([{ name: "model_path", value: "model.hef" }]).successful);
    await h.node.ready();
    assert.equal(h.node.hasModel, true);
    await publishAndSettle(h, [rgbImage(16, 16, { stamp: 9 })]);
    assert.equal(detections.length, 1);
  });

  it("reports a model whose outputs fit no decoder", async () => {
    const backend = new FixedOutputBackend({
      info: { inputs: nmsModelInfo.inputs, outputs: [{ kind: "tensor", name: "logits", shape: [1, 1000], dtype: "float32" }] },
      outputs: new Map(),
    });
    h = await started({ backend });
    assert.equal(h.node.hasModel, false);
    assert.ok(
      h.logs.some((l) => /logits \[1, 1000\].*fit no decoder/.test(l)),
      h.logs.join("\n"),
    );
  });

  it("reports an inference failure and goes on with the next frame", async () => {
    let calls = 0;
    const backend = new FixedOutputBackend({
      info: nmsModelInfo,
      outputs: () => {
        if (++calls === 1) throw new Error("HAILO_TIMEOUT");
        return nmsOutputs([]);
      },
    });
    h = await started({ backend });
    const detections = listen<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
    await publishAndSettle(h, [rgbImage(16, 16, { stamp: 1 })]);
    await publishAndSettle(h, [rgbImage(16, 16, { stamp: 2 })]);
    assert.ok(h.logs.some((l) => /inference failed.*HAILO_TIMEOUT/.test(l)));
    assert.deepEqual(
      detections.map((d) => d.header.stamp.sec),
      [2],
    );
    assert.equal(h.node.stats().failed, 1);
  });

  it("reports a malformed labels file at start and publishes class_N names until it is fixed", async () => {
    h = await started({ parameters: { labels_file: "empty.txt" }, files: { "empty.txt": "\n" } });
    assert.ok(
      h.logs.some((l) => /error .*labels_file.*empty\.txt/.test(l)),
      h.logs.join("\n"),
    );
    const detections = listen<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
    await publishAndSettle(h, [rgbImage(16, 16)]);
    assert.equal(detections[0]!.detections[0]!.results[0]!.hypothesis.class_id, "class_1");
    assert.ok(h.node.node.setParameters([{ name: "labels_file", value: "labels.txt" }]).successful);
    await publishAndSettle(h, [rgbImage(16, 16, { stamp: 2 })]);
    assert.equal(detections[1]!.detections[0]!.results[0]!.hypothesis.class_id, "green");
  });

  it("keeps the serving model's labels and sets model_path back when a new model fails to load", async () => {
    h = await started({ files: { "broken.hef": "" } });
    const detections = listen<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
    assert.ok(h.node.node.setParameters([{ name: "model_path", value: "broken.hef" }]).successful);
    await h.node.ready();
    assert.ok(
      h.logs.some((l) => /error .*model_path.*broken\.hef/.test(l)),
      h.logs.join("\n"),
    );
    assert.equal(h.node.node.getParameter("model_path"), "");
    assert.equal(h.node.parameters.model_path, "");
    await publishAndSettle(h, [rgbImage(16, 16)]);
    assert.equal(detections[0]!.detections[0]!.results[0]!.hypothesis.class_id, "green");
  });

  it("reloads a model with on-chip NMS when its thresholds must loosen, and only then", async () => {
    const backend = new FixedOutputBackend({ info: nmsModelInfo, outputs: nmsOutputs([]) });
    h = await started({ backend });
    assert.equal(backend.loads.length, 1);
    assert.deepEqual(backend.loads[0]!.nms, { scoreThreshold: 0.25, iouThreshold: 0.45, maxProposalsPerClass: 100 });
    assert.ok(h.node.node.setParameters([{ name: "score_threshold", value: 0.5 }]).successful);
    await h.node.ready();
    assert.equal(backend.loads.length, 1, "a stricter threshold is applied on the host");
    assert.ok(h.node.node.setParameters([{ name: "score_threshold", value: 0.1 }]).successful);
    await h.node.ready();
    assert.equal(backend.loads.length, 2);
    assert.equal(backend.loads[1]!.nms?.scoreThreshold, 0.1);
    assert.ok(h.node.node.setParameters([{ name: "max_detections", value: 300 }]).successful);
    await h.node.ready();
    assert.equal(backend.loads.length, 3);
    assert.equal(backend.loads[2]!.nms?.maxProposalsPerClass, 300);
  });

  it("leaves a shared scheduler ready for a node of the same name after destroy", async () => {
    const scheduler = new AcceleratorScheduler();
    const first = harness({ node: { scheduler } });
    await first.node.ready();
    await first.node.destroy();
    const second = harness({ node: { scheduler }, runtime: first.runtime });
    await second.node.ready();
    assert.deepEqual(
      scheduler.snapshot().streams.map((s) => s.stream),
      ["detection"],
    );
    await second.node.destroy();
    scheduler.close();
    await first.runtime.shutdown();
  });
});
