/** The camera node on the local runtime and virtual time: frames of a source published as a camera does. */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { McapRecorder } from "../../../src/adapters/mcap/mcap-recorder.ts";
import { cameraInfoOf } from "../../../src/testing/depth-scene.ts";
import { createCameraNodeIo } from "../../../src/app/camera-io.ts";
import { depthSceneAtFrame, sceneGroundTruth3d } from "../../../src/core/synthetic/depth-scene.ts";
import { VirtualClock } from "../../../src/core/scheduling/virtual-clock.ts";
import type { DiagnosticArray } from "../../../src/messages/diagnostic_msgs.ts";
import type { CameraInfo, Image } from "../../../src/messages/sensor_msgs.ts";
import type { Detection2DArray } from "../../../src/messages/vision_msgs.ts";
import { CameraNode } from "../../../src/nodes/camera/camera-node.ts";
import type { CameraNodeIo } from "../../../src/nodes/camera/camera-node-io.ts";
import { NODES } from "../../../src/nodes/registry.ts";
import type { ImageSource, SourceFrame } from "../../../src/ports/image-source.ts";
import { QosPresets, type ParameterValue } from "../../../src/ports/ros.ts";
import { recordingRuntime } from "../../adapters/local/fixtures.ts";

function image(i: number, width = 4, height = 2): Image {
  return {
    header: { stamp: { sec: 7, nanosec: i }, frame_id: "recorded" },
    height,
    width,
    encoding: "rgb8",
    is_bigendian: 0,
    step: width * 3,
    data: new Uint8Array(width * height * 3).fill(i),
  };
}

/** A source of `count` small frames; `gate` (when given) holds each frame until the test releases it. */
function listSource(count: number, gate?: { wait: () => Promise<void> }): ImageSource & { closed: boolean } {
  const source = {
    description: `${count} test frames`,
    closed: false,
    async *frames(): AsyncIterable<SourceFrame> {
      for (let index = 0; index < count && !source.closed; index++) {
        if (gate !== undefined) await gate.wait();
        yield { index, data: { kind: "image", topic: "/t", message: image(index) } };
      }
    },
    close: async () => void (source.closed = true),
  };
  return source;
}

async function harness(io: CameraNodeIo, parameterOverrides: Record<string, ParameterValue> = {}) {
  const clock = new VirtualClock(1_000_000);
  const { runtime, logs } = recordingRuntime({ scheduler: clock, checkMessages: true });
  const camera = await CameraNode.create(runtime, io, { parameterOverrides, diagnosticsPeriodMs: 0, nowMs: () => 0 });
  const peer = runtime.createNode("peer");
  const images: Image[] = [];
  const infos: CameraInfo[] = [];
  const truths: Detection2DArray[] = [];
  const diagnostics: DiagnosticArray[] = [];
  peer.createSubscription("sensor_msgs/msg/Image", "/image", QosPresets.sensor_data, (m) => void images.push(m));
  peer.createSubscription("sensor_msgs/msg/CameraInfo", "/camera_info", QosPresets.sensor_data, (m) => void infos.push(m));
  peer.createSubscription("vision_msgs/msg/Detection2DArray", "/ground_truth", QosPresets.default, (m) => void truths.push(m));
  peer.createSubscription("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", QosPresets.default, (m) => void diagnostics.push(m));
  return { clock, runtime, logs, camera, images, infos, truths, diagnostics };
}

describe("nodes/camera/CameraNode", () => {
  it("is registered as a node without the accelerator, with its parameter spec", async () => {
    assert.equal(NODES.camera.accelerator, false);
    const spec = await NODES.camera.parameters();
    assert.equal(spec.source?.default, "synthetic");
    assert.equal(spec.rate_hz?.default, 10);
  });

  it("synthetic: publishes the depth scenes at rate_hz with their CameraInfo and ground truth under one header", async () => {
    const h = await harness(createCameraNodeIo(), { rate_hz: 5, width: 320, height: 240, seed: 3 });
    await h.clock.advanceBy(1000);
    await h.camera.idle();
    await h.runtime.idle();
    assert.equal(h.images.length, 5);
    assert.equal(h.infos.length, 5);
    assert.equal(h.truths.length, 5);
    for (const [i, img] of h.images.entries()) {
      assert.equal(img.width, 320);
      assert.equal(img.height, 240);
      assert.equal(img.header.frame_id, "camera_optical_frame");
      // Stamped when published: the timer fires every 200 ms of the node's clock.
      assert.deepEqual(img.header.stamp, { sec: 1000 + Math.floor(((i + 1) * 200) / 1000), nanosec: (((i + 1) * 200) % 1000) * 1e6 });
      assert.deepEqual(h.infos[i]!.header, img.header);
      assert.deepEqual(h.truths[i]!.header, img.header);
      const expected = sceneGroundTruth3d(depthSceneAtFrame(3, i, { width: 320, height: 240, objects: 4 }));
      assert.deepEqual(h.truths[i]!.detections.map((d) => d.results[0]!.hypothesis.class_id).sort(), expected.map((g) => g.label).sort());
    }
    assert.equal(h.infos[0]!.width, 320);
    assert.ok(h.infos[0]!.k[0]! > 0, "a pinhole camera with a focal length");
    await h.camera.destroy();
  });

  it("skips a tick whose frame is not ready yet and counts it, never queueing frames", async () => {
    let release: () => void = () => undefined;
    const gate = { wait: () => new Promise<void>((resolve) => (release = resolve)) };
    const h = await harness({ openSource: async () => listSource(10, gate) }, { rate_hz: 10 });
    await h.clock.advanceBy(350); // ticks at 100, 200, 300: the first frame is still held
    assert.equal(h.images.length, 0);
    assert.equal(h.camera.stats().late, 2);
    release();
    await h.camera.idle();
    await h.runtime.idle();
    assert.equal(h.images.length, 1);
    assert.equal(h.images[0]!.header.frame_id, "camera_optical_frame", "frame_id is the parameter's, not the source's");
    await h.camera.destroy();
  });

  it("stops at the end of a source that does not loop, stays up and says so", async () => {
    const h = await harness({ openSource: async () => listSource(3) }, { rate_hz: 20 });
    await h.clock.advanceBy(1000);
    await h.runtime.idle();
    assert.equal(h.images.length, 3);
    assert.equal(h.camera.stats().ended, 1);
    assert.equal(h.clock.pendingTimers, 0, "the frame timer is cancelled");
    assert.ok(h.logs.some((l) => /3 test frames ended after 3 frames/.test(l.message)));
    h.camera.publishDiagnostics();
    await h.runtime.idle();
    assert.match(h.diagnostics.at(-1)!.status.at(-1)!.message, /ended: 3 frames of 3 test frames/);
    await h.camera.destroy();
  });

  it("changes rate_hz live", async () => {
    const h = await harness({ openSource: async () => listSource(100) }, { rate_hz: 10 });
    await h.clock.advanceBy(1000);
    await h.runtime.idle();
    assert.equal(h.images.length, 10);
    assert.deepEqual(h.camera.node.setParameters([{ name: "rate_hz", value: 2 }]), { successful: true });
    await h.clock.advanceBy(1000);
    await h.runtime.idle();
    assert.equal(h.images.length, 12);
    assert.equal(h.camera.node.setParameters([{ name: "rate_hz", value: 0 }]).successful, false, "below the range");
    await h.camera.destroy();
  });

  it("replays an .mcap file's image topic, looping, restamped", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "camera-node-"));
    try {
      const file = path.join(dir, "bag.mcap");
      const recorder = await McapRecorder.create(file);
      for (let i = 0; i < 2; i++) await recorder.write("/camera/image_raw", "sensor_msgs/msg/Image", image(i + 1), BigInt(i + 1));
      await recorder.close();
      const h = await harness(createCameraNodeIo(), { source: file, rate_hz: 10 });
      for (let t = 0; t < 5; t++) {
        await h.clock.advanceBy(100);
        // The file is read with real I/O between the virtual ticks.
        await h.camera.idle();
        await h.runtime.idle();
      }
      assert.deepEqual(
        h.images.map((m) => m.data[0]),
        [1, 2, 1, 2, 1],
      );
      assert.ok(h.images.every((m) => m.header.stamp.sec === 1000));
      assert.equal(h.infos.length, 0, "a replay without calibration publishes no camera_info");
      await h.camera.destroy();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("replays an .mcap file's calibration on camera_info with each frame's header", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "camera-node-"));
    try {
      const file = path.join(dir, "bag.mcap");
      const recorder = await McapRecorder.create(file);
      for (let i = 0; i < 2; i++) {
        await recorder.write("/camera/image_raw", "sensor_msgs/msg/Image", image(i + 1), BigInt(2 * i + 1));
        const k = { fx: 500 + i, fy: 500 + i, cx: 2, cy: 1, width: 4, height: 2 };
        await recorder.write("/camera/camera_info", "sensor_msgs/msg/CameraInfo", cameraInfoOf(k), BigInt(2 * i + 2));
      }
      await recorder.close();
      const h = await harness(createCameraNodeIo(), { source: file, rate_hz: 10, loop: false });
      for (let t = 0; t < 3; t++) {
        await h.clock.advanceBy(100);
        await h.camera.idle();
        await h.runtime.idle();
      }
      assert.equal(h.images.length, 2);
      assert.deepEqual(
        h.infos.map((m) => m.k[0]),
        [500, 500],
        "the first calibration goes with the frame logged before it, then the latest before each frame",
      );
      assert.deepEqual(
        h.infos.map((m) => m.header),
        h.images.map((m) => m.header),
      );
      await h.camera.destroy();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails to start on a source that does not exist, naming the parameter and the fix", async () => {
    const { runtime } = recordingRuntime({ scheduler: new VirtualClock() });
    await assert.rejects(
      CameraNode.create(runtime, createCameraNodeIo(), { parameterOverrides: { source: "/nowhere/bag.mcap" }, diagnosticsPeriodMs: 0 }),
      /node 'camera': parameter 'source' is '\/nowhere\/bag.mcap', which does not exist; set it to synthetic, an .mcap file or a folder/,
    );
  });
});
