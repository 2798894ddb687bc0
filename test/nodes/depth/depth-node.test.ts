import assert from "node:assert/strict";
import { LocalRuntime } from "../../../src/adapters/local/local-runtime.ts";
import { SimulatedAcceleratorBackend } from "../../../src/adapters/simulated-accelerator/simulated-backend.ts";
import { defaultSimulatedModels, type SimulatedOutputFn } from "../../../src/adapters/simulated-accelerator/model-profiles.ts";
import { readDepthImage } from "../../../src/core/depth/depth-image.ts";
import {
  depthSceneAtFrame,
  renderDepthScene,
  sceneCameraInfo,
  sceneGroundTruth3d,
  type DepthScene,
} from "../../../src/core/synthetic/depth-scene.ts";
import type { DiagnosticArray } from "../../../src/messages/diagnostic_msgs.ts";
import type { CameraInfo, Image, PointCloud2 } from "../../../src/messages/sensor_msgs.ts";
import type { MessageTypeName } from "../../../src/messages/types.ts";
import { DepthNode } from "../../../src/nodes/depth/depth-node.ts";
import type { DepthNodeIo } from "../../../src/nodes/depth/depth-node-io.ts";
import { QosPresets, type ParameterValue } from "../../../src/ports/ros.ts";

interface Harness {
  readonly runtime: LocalRuntime;
  readonly node: DepthNode;
  readonly logs: string[];
  now: number;
}

async function harness(parameters: Record<string, ParameterValue> = {}, outputs?: SimulatedOutputFn): Promise<Harness> {
  const logs: string[] = [];
  const runtime = new LocalRuntime({ checkMessages: true, logSink: (level, node, message) => logs.push(`${level} ${node}: ${message}`) });
  const io: DepthNodeIo = {
    createBackend: async () => new SimulatedAcceleratorBackend(outputs !== undefined ? { models: { "synthetic-depth": { outputs } } } : {}),
    defaultModelPath: async () => "sim:synthetic-depth",
    fileExists: () => false,
  };
  const h = { runtime, logs, now: 0 } as { runtime: LocalRuntime; logs: string[]; now: number; node: DepthNode };
  h.node = new DepthNode(runtime, io, {
    parameterOverrides: { backend: "sim", image_qos: "default", ...parameters },
    nowMs: () => h.now,
    diagnosticsPeriodMs: 0,
  });
  await h.node.ready();
  return h;
}

function listen<T>(h: Harness, type: MessageTypeName, topic: string): T[] {
  const received: T[] = [];
  h.runtime
    .createNode(`viewer_${Math.random().toString(36).slice(2)}`)
    .createSubscription(type, topic, QosPresets.default, (m) => void received.push(m as T));
  return received;
}

const scene: DepthScene = depthSceneAtFrame(4, 3, { width: 640, height: 480, objects: 4 });
const header = { stamp: { sec: 10, nanosec: 5 }, frame_id: "camera_color_optical_frame" };
const frame = renderDepthScene(scene);
const image: Image = { header, height: 480, width: 640, encoding: "rgb8", is_bigendian: 0, step: 640 * 3, data: frame.data };
const info: CameraInfo = sceneCameraInfo(scene, header);

async function send(h: Harness, messages: { image?: Image; info?: CameraInfo }): Promise<void> {
  const camera = h.runtime.createNode(`camera_${Math.random().toString(36).slice(2)}`);
  if (messages.info !== undefined) camera.createPublisher("sensor_msgs/msg/CameraInfo", "/camera_info").publish(messages.info);
  await h.runtime.idle();
  if (messages.image !== undefined) camera.createPublisher("sensor_msgs/msg/Image", "/image").publish(messages.image);
  await h.runtime.idle();
  await h.node.idle();
  await h.runtime.idle();
  camera.destroy();
}

const project = (k: ArrayLike<number>, c: { x: number; y: number; z: number }) => ({
  u: Math.round((c.x / c.z) * k[0]! + k[2]!),
  v: Math.round((c.y / c.z) * k[4]! + k[5]!),
});

describe("depth node", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.node.destroy();
    await h?.runtime.shutdown();
    h = undefined;
  });

  it("publishes metric depth/image and its letterboxed depth/camera_info; depth at each object's centre within 1 % of the truth", async () => {
    h = await harness();
    const depths = listen<Image>(h, "sensor_msgs/msg/Image", "/depth/image");
    const infos = listen<CameraInfo>(h, "sensor_msgs/msg/CameraInfo", "/depth/camera_info");
    await send(h, { info, image });
    assert.equal(depths.length, 1, h.logs.join("\n"));
    const [depth] = depths as [Image];
    const [depthInfo] = infos as [CameraInfo];
    assert.deepEqual([depth.header, depth.encoding, depth.width, depth.height, depth.step], [header, "32FC1", 320, 256, 1280]);
    assert.deepEqual(depthInfo.header, header);
    // 640x480 → 320x256: scale 0.5, 8 rows of padding above; fx 480 → 240, cx 319.5 → 159.5, cy 239.5 → 127.5.
    assert.deepEqual(Array.from(depthInfo.k), [240, 0, 159.5, 0, 240, 127.5, 0, 0, 1]);
    const map = readDepthImage(depth);
    assert.ok(map.ok);
    for (const t of sceneGroundTruth3d(scene)) {
      const { u, v } = project(depthInfo.k, t.center);
      const z = map.value.depth[v * 320 + u]!;
      assert.ok(Math.abs(z - t.depth) / t.depth < 0.01, `${t.label}: ${z} m vs ${t.depth} m`);
    }
    assert.ok(Number.isNaN(map.value.depth[3 * 320 + 100]!), "letterbox padding is NaN");
    assert.equal(h.node.stats().clouds, 0, "no cloud without a subscriber");
  });

  it("publishes an organized depth/points and depth/colored only while subscribed; points land on the objects' true 3D centres", async () => {
    h = await harness({ point_decimation: 2 });
    const clouds = listen<PointCloud2>(h, "sensor_msgs/msg/PointCloud2", "/depth/points");
    const colored = listen<Image>(h, "sensor_msgs/msg/Image", "/depth/colored");
    await send(h, { info, image });
    assert.equal(clouds.length, 1);
    const [cloud] = clouds as [PointCloud2];
    assert.deepEqual([cloud.header, cloud.width, cloud.height, cloud.point_step, cloud.is_dense], [header, 160, 128, 16, false]);
    assert.ok(cloud.data instanceof Uint8Array);
    const floats = new Float32Array(cloud.data.buffer, cloud.data.byteOffset, cloud.data.byteLength / 4);
    const k = [240, 0, 159.5, 0, 240, 127.5];
    for (const t of sceneGroundTruth3d(scene)) {
      const { u, v } = project(k, t.center);
      const i = (Math.round(v / 2) * 160 + Math.round(u / 2)) * 4;
      const p = { x: floats[i]!, y: floats[i + 1]!, z: floats[i + 2]! };
      const off = Math.hypot(p.x - t.center.x, p.y - t.center.y, p.z - t.center.z);
      assert.ok(off / t.depth < 0.01, `${t.label}: point ${JSON.stringify(p)} vs centre ${JSON.stringify(t.center)}`);
    }
    assert.equal(colored.length, 1);
    assert.deepEqual([colored[0]!.encoding, colored[0]!.width, colored[0]!.height, colored[0]!.header], ["rgb8", 320, 256, header]);
  });

  it("without camera_info still publishes depth/image, warns once per interval and counts it", async () => {
    h = await harness();
    const depths = listen<Image>(h, "sensor_msgs/msg/Image", "/depth/image");
    const infos = listen<CameraInfo>(h, "sensor_msgs/msg/CameraInfo", "/depth/camera_info");
    const diagnostics = listen<DiagnosticArray>(h, "diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    await send(h, { image });
    await send(h, { image: { ...image, header: { ...header, stamp: { sec: 11, nanosec: 0 } } } });
    assert.equal(depths.length, 2);
    assert.equal(infos.length, 0);
    const warnings = h.logs.filter((l) => l.includes("no camera_info on '/camera_info'"));
    assert.equal(warnings.length, 1, h.logs.join("\n"));
    assert.match(warnings[0]!, /depth\/image only/);
    assert.equal(h.node.stats().cameraInfoMissing, 2);
    h.node.publishDiagnostics();
    await h.runtime.idle();
    const inputs = diagnostics[0]?.status.find((s) => s.name.endsWith("depth: inputs"));
    assert.deepEqual([inputs?.level, inputs?.message], [1, "2 images without camera_info (depth/image only for those)"]);
  });

  it("processes images without camera_info once it has stopped for camera_info_timeout_ms", async () => {
    h = await harness({ camera_info_timeout_ms: 500 });
    const infos = listen<CameraInfo>(h, "sensor_msgs/msg/CameraInfo", "/depth/camera_info");
    await send(h, { info, image });
    h.now = 400;
    const later = { ...header, stamp: { sec: 12, nanosec: 0 } };
    await send(h, { info: { ...info, header: later }, image: { ...image, header: later } });
    h.now = 1000;
    await send(h, { image: { ...image, header: { ...header, stamp: { sec: 13, nanosec: 0 } } } });
    assert.deepEqual(
      infos.map((i) => i.header.stamp.sec),
      [10, 12],
    );
    assert.equal(h.node.stats().cameraInfoMissing, 1);
  });

  const badInfos: Array<[string, CameraInfo, RegExp, boolean]> = [
    ["a zeroed K", { ...info, k: new Array(9).fill(0), p: new Array(12).fill(0) }, /K is zeroed.*without depth\/points/, true],
    ["another image size", { ...info, width: 1280, height: 720 }, /camera_info is for 1280x720 images but the image is 640x480/, false],
  ];
  for (const [what, bad, warning, infoPublished] of badInfos) {
    it(`with a camera_info of ${what}: depth/image without points, warned`, async () => {
      h = await harness();
      const depths = listen<Image>(h, "sensor_msgs/msg/Image", "/depth/image");
      const infos = listen<CameraInfo>(h, "sensor_msgs/msg/CameraInfo", "/depth/camera_info");
      const clouds = listen<PointCloud2>(h, "sensor_msgs/msg/PointCloud2", "/depth/points");
      await send(h, { info: bad, image });
      const later = { ...header, stamp: { sec: 11, nanosec: 0 } };
      h.now = 500;
      await send(h, { info: { ...bad, header: later }, image: { ...image, header: later } });
      assert.equal(depths.length, 2);
      assert.equal(clouds.length, 0);
      assert.equal(infos.length, infoPublished ? 2 : 0);
      // Once per second, however many images come.
      assert.equal(h.logs.filter((l) => l.startsWith("warn") && warning.test(l)).length, 1, h.logs.join("\n"));
      if (infoPublished) assert.deepEqual(Array.from(infos[0]!.k), new Array(9).fill(0));
      assert.ok(
        h.logs.some((l) => l.startsWith("warn") && warning.test(l)),
        h.logs.join("\n"),
      );
    });
  }

  it("rejects an image of an encoding it cannot read, naming the topic and the encoding, and keeps running", async () => {
    h = await harness();
    const depths = listen<Image>(h, "sensor_msgs/msg/Image", "/depth/image");
    await send(h, { info, image: { ...image, encoding: "16UC1", step: 1280, data: new Uint8Array(1280 * 480) } });
    assert.equal(depths.length, 0);
    assert.ok(
      h.logs.some((l) => /image on '\/image' rejected: .*16UC1/.test(l)),
      h.logs.join("\n"),
    );
    const later = { ...header, stamp: { sec: 20, nanosec: 0 } };
    await send(h, { info: { ...info, header: later }, image: { ...image, header: later } });
    assert.equal(depths.length, 1);
  });

  it("NaN and ±∞ model outputs become NaN depth (no depth there) and NaN points, the rest is unchanged", async () => {
    const synthetic = defaultSimulatedModels["synthetic-depth"]!.outputs!;
    const poisoned: SimulatedOutputFn = (input, modelInfo) => {
      const out = synthetic(input, modelInfo);
      const logits = out.get("depth")!.data as Float32Array;
      // Columns 0..99 of the 320-wide output: NaN, +∞ (sigmoid 1: nearer than min_depth), −∞ (farther than max_depth).
      for (let p = 0; p < logits.length; p++) if (p % 320 < 100) logits[p] = [Number.NaN, Infinity, -Infinity][p % 3]!;
      return out;
    };
    const runs: Array<{ depth: Float32Array; cloud: PointCloud2 }> = [];
    for (const outputs of [undefined, poisoned]) {
      h = await harness({ point_decimation: 1 }, outputs);
      const depths = listen<Image>(h, "sensor_msgs/msg/Image", "/depth/image");
      const clouds = listen<PointCloud2>(h, "sensor_msgs/msg/PointCloud2", "/depth/points");
      await send(h, { info, image });
      const map = readDepthImage(depths[0]!);
      assert.ok(map.ok);
      runs.push({ depth: map.value.depth, cloud: clouds[0]! });
      assert.deepEqual(
        h.logs.filter((l) => l.startsWith("error")),
        [],
      );
      await h.node.destroy();
      await h.runtime.shutdown();
      h = undefined;
    }
    const [clean, bad] = runs as [(typeof runs)[0], (typeof runs)[0]];
    let valid = 0;
    for (let p = 0; p < clean.depth.length; p++) {
      if (p % 320 < 100) assert.ok(Number.isNaN(bad.depth[p]), `pixel ${p}: ${bad.depth[p]}`);
      else {
        assert.ok(Object.is(bad.depth[p], clean.depth[p]), `pixel ${p}`);
        if (!Number.isNaN(clean.depth[p])) valid++;
      }
    }
    assert.ok(valid > 100 * 256, `${valid} valid pixels right of the poisoned columns`);
    assert.equal(bad.cloud.is_dense, false);
    const view = new DataView(bad.cloud.data.buffer, bad.cloud.data.byteOffset, bad.cloud.data.byteLength);
    for (const [u, v] of [
      [0, 128],
      [50, 10],
      [99, 255],
    ] as const) {
      const z = view.getFloat32(v * bad.cloud.row_step + u * bad.cloud.point_step + 8, true);
      assert.ok(Number.isNaN(z), `point (${u}, ${v}) z ${z}`);
    }
  });

  const badParameters: Array<[Record<string, ParameterValue>, RegExp]> = [
    [{ min_depth: 5, max_depth: 2 }, /min_depth must be below max_depth/],
    [{ colormap_near: 3, colormap_far: 3 }, /colormap_near must be below colormap_far/],
    [{ model_family: "midas" }, /model_family/],
    [{ point_decimation: 0 }, /point_decimation/],
  ];
  for (const [change, reason] of badParameters) {
    it(`refuses ${JSON.stringify(change)} with a reason naming the parameter`, async () => {
      h = await harness();
      const result = h.node.node.setParameters(Object.entries(change).map(([name, value]) => ({ name, value })));
      assert.ok(!result.successful && reason.test(result.reason), JSON.stringify(result));
    });
  }

  it("converts by the model family set live (generic: depth_scale × output)", async () => {
    h = await harness();
    const depths = listen<Image>(h, "sensor_msgs/msg/Image", "/depth/image");
    h.node.node.setParameters([
      { name: "model_family", value: "generic" },
      { name: "depth_scale", value: -0.5 },
    ]);
    await send(h, { info, image });
    const map = readDepthImage(depths[0]!);
    assert.ok(map.ok);
    // The synthetic model's logits are negative for depths beyond about 0.11 m; −0.5 · logit is then a positive "depth".
    const truth = sceneGroundTruth3d(scene)[0]!;
    const { u, v } = project([240, 0, 159.5, 0, 240, 127.5], truth.center);
    const s = (1 / truth.depth - 0.009) / 10;
    assert.ok(Math.abs(map.value.depth[v * 320 + u]! - -0.5 * Math.log(s / (1 - s))) < 1e-4);
  });
});
