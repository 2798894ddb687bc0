/** The fusion node on the local runtime: known scenes in, metric 3D out; bad input gives 2D only with a reason, and no crash. */
import assert from "node:assert/strict";
import type { PinholeIntrinsics } from "../../../src/core/fusion/pinhole.ts";
import type { CameraInfo, Image } from "../../../src/messages/sensor_msgs.ts";
import type { Detection3DArray } from "../../../src/messages/vision_msgs.ts";
import { MarkerAction, type MarkerArray } from "../../../src/messages/visualization_msgs.ts";
import { FusionNode } from "../../../src/nodes/fusion/fusion-node.ts";
import { NODES } from "../../../src/nodes/registry.ts";
import { QosPresets, type ParameterValue, type QosProfile } from "../../../src/ports/ros.ts";
import { cameraInfoOf, renderDepthImage, sceneDetections, type SceneObject } from "../../../src/testing/depth-scene.ts";
import { recordingRuntime } from "../../adapters/local/fixtures.ts";

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const camera: PinholeIntrinsics = { fx: 500, fy: 500, cx: 319.5, cy: 239.5, width: 640, height: 480 };
const depthK: PinholeIntrinsics = { fx: 250, fy: 250, cx: 159.5, cy: 127.5, width: 320, height: 256 };
const objects: SceneObject[] = [
  { className: "chair", id: "4", x: 0.5, y: 0.2, z: 2.0, width: 0.5, height: 0.8 },
  { className: "cup", id: "9", x: -0.5, y: 0.1, z: 1.2, width: 0.12, height: 0.12 },
];

interface FrameChanges {
  readonly depthImage?: (image: Image) => Image;
  readonly depthInfo?: ((info: CameraInfo) => CameraInfo) | null;
  readonly cameraInfo?: ((info: CameraInfo) => CameraInfo) | null;
  /** Shifts the depth image's (and its CameraInfo's) stamp, ms. */
  readonly depthOffsetMs?: number;
  readonly encoding?: "32FC1" | "16UC1";
}

function harness(parameterOverrides: Record<string, ParameterValue> = {}, infoQos: QosProfile = QosPresets.default) {
  const { runtime, logs } = recordingRuntime({ checkMessages: true });
  let nowMs = 0;
  const fusion = new FusionNode(runtime, { parameterOverrides, diagnosticsPeriodMs: 0, nowMs: () => nowMs });
  const peer = runtime.createNode("peer");
  const out3d: Detection3DArray[] = [];
  const markers: MarkerArray[] = [];
  peer.createSubscription("vision_msgs/msg/Detection3DArray", "/detections_3d", QosPresets.default, (m) => void out3d.push(m));
  peer.createSubscription("visualization_msgs/msg/MarkerArray", "/markers", QosPresets.default, (m) => void markers.push(m));
  const pub = {
    detections: peer.createPublisher("vision_msgs/msg/Detection2DArray", "/detections/tracked"),
    depth: peer.createPublisher("sensor_msgs/msg/Image", "/depth/image", QosPresets.sensor_data),
    depthInfo: peer.createPublisher("sensor_msgs/msg/CameraInfo", "/depth/camera_info", infoQos),
    cameraInfo: peer.createPublisher("sensor_msgs/msg/CameraInfo", "/camera_info", infoQos),
  };
  /** Frame i at i × 100 ms: CameraInfos, depth image, detections, in the order a pipeline publishes them. */
  const frame = async (i: number, changes: FrameChanges = {}) => {
    nowMs = i * 100;
    const stamp = { sec: 1_700_000_000 + Math.floor(i / 10), nanosec: (i % 10) * 100_000_000 };
    const shifted = (ms: number) => {
      const ns = stamp.nanosec + ms * 1e6;
      return { sec: stamp.sec + Math.floor(ns / 1e9), nanosec: ns - Math.floor(ns / 1e9) * 1e9 };
    };
    const header = { stamp, frame_id: "camera_optical_frame" };
    const depthHeader = {
      stamp: changes.depthOffsetMs !== undefined ? shifted(changes.depthOffsetMs) : stamp,
      frame_id: "camera_optical_frame",
    };
    if (changes.cameraInfo !== null) pub.cameraInfo.publish((changes.cameraInfo ?? ((x) => x))(cameraInfoOf(camera, header)));
    if (changes.depthInfo !== null) pub.depthInfo.publish((changes.depthInfo ?? ((x) => x))(cameraInfoOf(depthK, depthHeader)));
    const image = renderDepthImage({
      intrinsics: depthK,
      objects,
      background: 6,
      header: depthHeader,
      encoding: changes.encoding ?? "32FC1",
    });
    pub.depth.publish((changes.depthImage ?? ((x) => x))(image));
    pub.detections.publish(sceneDetections(camera, objects, header));
    await settle();
  };
  const warnings = () => logs.filter((l) => l.level === "warn" && l.node.includes("fusion")).map((l) => l.message);
  return { runtime, logs, fusion, out3d, markers, frame, warnings };
}

function assertGroundTruth(array: Detection3DArray): void {
  assert.equal(array.detections.length, objects.length);
  array.detections.forEach((d, i) => {
    const truth = objects[i]!;
    const { x, y, z } = d.bbox.center.position;
    const distance = Math.hypot(truth.x, truth.y, truth.z);
    const error = Math.hypot(x - truth.x, y - truth.y, z - truth.z);
    assert.ok(error <= 0.01 * distance, `${truth.className}: ${error} m off at ${distance} m`);
    assert.equal(d.id, truth.id);
    assert.equal(d.results[0]?.hypothesis.class_id, truth.className);
  });
}

describe("nodes/fusion/FusionNode", () => {
  it("is registered as a node that uses no accelerator, with its parameter spec", async () => {
    assert.equal(NODES.fusion.accelerator, false);
    const spec = await NODES.fusion.parameters();
    assert.equal(spec.sync_tolerance_ms?.default, 50);
    assert.equal(spec.detections_topic?.default, "detections/tracked");
  });

  for (const encoding of ["32FC1", "16UC1"] as const) {
    it(`publishes metric 3D centres within 1% of the scene's ground truth, and markers (${encoding})`, async () => {
      const h = harness();
      for (let i = 0; i < 4; i++) await h.frame(i, { encoding });
      assert.ok(h.out3d.length >= 3, `${h.out3d.length} Detection3DArrays`);
      for (const array of h.out3d) assertGroundTruth(array);
      assert.equal(h.markers.length, h.out3d.length);
      assert.equal(h.markers[0]!.markers[0]!.action, MarkerAction.DELETEALL);
      assert.match(h.markers[0]!.markers[2]!.text, /^chair #4 0\.90 2\.\d\d m$/);
      assert.deepEqual(h.warnings(), []);
      assert.equal(h.fusion.stats().fused, 2 * h.out3d.length);
      await h.fusion.destroy();
    });
  }

  it("takes CameraInfos from best-effort publishers (camera drivers that use the sensor-data QoS) too", async () => {
    const h = harness({}, QosPresets.sensor_data);
    for (let i = 0; i < 4; i++) await h.frame(i);
    assert.ok(h.out3d.length >= 3);
    for (const array of h.out3d) assertGroundTruth(array);
    assert.deepEqual(h.warnings(), []);
  });

  it("pairs detections with a depth image stamped within sync_tolerance_ms", async () => {
    const h = harness({ sync_tolerance_ms: 50 });
    for (let i = 0; i < 4; i++) await h.frame(i, { depthOffsetMs: 30 });
    assert.ok(h.out3d.length >= 3);
    for (const array of h.out3d) assertGroundTruth(array);
  });

  const bad: Array<{
    name: string;
    changes: FrameChanges;
    warning: RegExp;
    counted: (s: ReturnType<FusionNode["stats"]>) => number;
    twoDOnly: boolean;
    parameters?: Record<string, ParameterValue>;
  }> = [
    {
      name: "camera_info missing",
      changes: { cameraInfo: null },
      warning: /no CameraInfo on "\/camera_info" within sync_tolerance_ms 50 of the detections.*publishing 2D only/,
      counted: (s) => s.twoDOnly.no_camera_info,
      twoDOnly: true,
    },
    {
      name: "depth/camera_info missing",
      changes: { depthInfo: null },
      warning: /no CameraInfo on "\/depth\/camera_info".*publish it with every depth image; publishing 2D only/,
      counted: (s) => s.twoDOnly.no_depth_camera_info,
      twoDOnly: true,
    },
    {
      name: "camera_info zeroed",
      changes: { cameraInfo: (info) => ({ ...info, k: new Array<number>(9).fill(0) }) },
      warning: /\/camera_info: K has fx 0, fy 0 \(zeroed or invalid\); publish a calibrated CameraInfo.*2D only/,
      counted: (s) => s.twoDOnly.invalid_camera_info,
      twoDOnly: true,
    },
    {
      name: "depth/camera_info zeroed",
      changes: { depthInfo: (info) => ({ ...info, k: new Array<number>(9).fill(0) }) },
      warning: /\/depth\/camera_info: K has fx 0/,
      counted: (s) => s.twoDOnly.invalid_depth_camera_info,
      twoDOnly: true,
    },
    {
      name: "a depth image of the wrong encoding",
      changes: {
        depthImage: (image) => ({
          ...image,
          encoding: "rgb8",
          step: image.width * 3,
          data: new Uint8Array(image.width * image.height * 3),
        }),
      },
      warning: /\/depth\/image: encoding "rgb8" is not depth; publish 32FC1 \(metres\) or 16UC1 \(millimetres\); publishing 2D only/,
      counted: (s) => s.twoDOnly.invalid_depth_image,
      twoDOnly: true,
    },
    {
      name: "a depth image of another size than its CameraInfo",
      changes: { depthInfo: (info) => ({ ...cameraInfoOf(camera, info.header) }) },
      warning: /"\/depth\/image" is 320 × 256 but "\/depth\/camera_info" describes 640 × 480; the CameraInfo must be the depth image's own/,
      counted: (s) => s.twoDOnly.size_mismatch,
      twoDOnly: true,
    },
    {
      name: "detections with no depth image within the tolerance",
      // Halfway between two frames: 50 ms from either detection array.
      changes: { depthOffsetMs: 50 },
      parameters: { sync_tolerance_ms: 20 },
      warning: /detection arrays on "\/detections\/tracked" found no depth image on "\/depth\/image" within sync_tolerance_ms 20/,
      counted: (s) => s.detectionsWithoutDepth,
      twoDOnly: false,
    },
  ];
  for (const c of bad) {
    it(`${c.name}: says why once per warning_interval, counts it, publishes ${c.twoDOnly ? "2D only" : "nothing 3D"}, and recovers`, async () => {
      const h = harness({ warning_interval: 5, ...c.parameters });
      for (let i = 0; i < 6; i++) await h.frame(i, c.changes);
      const warnings = h.warnings();
      assert.equal(warnings.length, 1, warnings.join("\n"));
      assert.match(warnings[0]!, c.warning);
      assert.ok(c.counted(h.fusion.stats()) >= 4, JSON.stringify(h.fusion.stats()));
      for (const array of h.out3d) assert.equal(array.detections.length, 0);
      if (c.twoDOnly) {
        assert.ok(h.out3d.length >= 4);
        for (const m of h.markers)
          assert.deepEqual(
            m.markers.map((x) => x.action),
            [MarkerAction.DELETEALL],
          );
      }
      // Still running: good frames fuse again (the stream went on past the bad ones).
      const before = h.out3d.length;
      for (let i = 6; i < 10; i++) await h.frame(i);
      const good = h.out3d.slice(before).filter((a) => a.detections.length > 0);
      assert.ok(good.length >= 2, `${good.length} fused after recovery`);
      for (const array of good) assertGroundTruth(array);
      h.fusion.publishDiagnostics();
    });
  }

  it("warns again once warning_interval has passed while a problem lasts, and not in between", async () => {
    const h = harness({ warning_interval: 0.5 });
    // Frames every 100 ms from 0 to 1100 ms: warnings at 0, 500 and 1000 ms.
    for (let i = 0; i < 12; i++) await h.frame(i, { cameraInfo: null });
    const warnings = h.warnings();
    assert.equal(warnings.length, 3, warnings.join("\n"));
    for (const w of warnings) assert.match(w, /no CameraInfo on "\/camera_info"/);
    assert.ok(h.fusion.stats().twoDOnly.no_camera_info >= 11);
  });

  it("NaN and ∞ depth: the objects get no 3D box and are counted, the rest of the frame is fused", async () => {
    const h = harness();
    const poison = (image: Image) => {
      const values = new Float32Array(image.data.buffer, image.data.byteOffset, image.data.byteLength / 4);
      for (let p = 0; p < values.length; p++) if (values[p] === 2) values[p] = p % 2 === 0 ? NaN : Infinity;
      return image;
    };
    for (let i = 0; i < 4; i++) await h.frame(i, { depthImage: poison });
    assert.ok(h.out3d.length >= 3);
    for (const array of h.out3d)
      assert.deepEqual(
        array.detections.map((d) => d.id),
        ["9"],
      );
    assert.ok(h.fusion.stats().noDepth >= 3);
    assert.deepEqual(h.warnings(), []);
  });

  it("reports its counts on /diagnostics", async () => {
    const { runtime } = recordingRuntime();
    const fusion = new FusionNode(runtime, { diagnosticsPeriodMs: 0 });
    const peer = runtime.createNode("peer");
    const got: string[] = [];
    peer.createSubscription("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", QosPresets.default, (m) => {
      for (const s of m.status) got.push(`${s.name} ${s.values.map((v) => `${v.key}=${v.value}`).join(" ")}`);
    });
    fusion.publishDiagnostics();
    await settle();
    assert.match(got[0] ?? "", /^\/fusion: fusion pairs=0 published3d=0 fused=0 .*2d_only no_camera_info=0/);
    await fusion.destroy();
  });
});
