/**
 * The 3D pipeline as a robot runs it: `hailo-ros node detection`, `node depth`, `node tracking` and
 * `node fusion`, four processes on real ROS 2, played the known scenes of crossing-scenes.ts by
 * this process (rclnodejs) in lock step. Their outputs must hold to the scenes' ground truth and be
 * the same as the four nodes give in one process on the local runtime. Runs with `npm run test:ros`.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Detection2DArray, Detection3DArray } from "../../src/messages/vision_msgs.ts";
import { QosPresets, type RosRuntime } from "../../src/ports/ros.ts";
import { BACKGROUND_RGB } from "../../src/core/synthetic/palette.ts";
import { defaultSceneCamera, renderDepthScene, sceneCameraInfo } from "../../src/core/synthetic/depth-scene.ts";
import {
  checkKnownAnswers,
  FRAMES,
  frameMessages,
  SCENE_HEIGHT,
  SCENE_WIDTH,
  type PipelineOutputs,
} from "../integration/crossing-scenes.ts";
import { pipelineNodes, runPipelineLocally } from "../integration/run-pipeline-locally.ts";
import { startProcess, type Started } from "./processes.ts";
import { rclnodejsFactory, skippedWithoutRuntime } from "./runtime-factories.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const cli = path.join(root, "dist/src/cli/main.js");

const stampKey = (s: { sec: number; nanosec: number }) => `${s.sec}.${s.nanosec}`;

/** What the outputs say, rounded to what a float32 round trip keeps, for comparing two runs. */
function summary(outputs: PipelineOutputs) {
  const r = (v: number) => Math.round(v * 1e4) / 1e4;
  return outputs.fused.map((a) => ({
    stamp: stampKey(a.header.stamp),
    objects: a.detections
      .map((d) => ({
        id: d.id,
        class: d.results[0]?.hypothesis.class_id,
        c: [r(d.bbox.center.position.x), r(d.bbox.center.position.y), r(d.bbox.center.position.z)],
      }))
      .sort((x, y) => x.id.localeCompare(y.id)),
  }));
}

describe("3D pipeline as four node processes on real ROS 2", function () {
  this.timeout(240_000);
  if (skippedWithoutRuntime(rclnodejsFactory)) return;

  const ns = `/p${process.pid}`;
  let dir: string;
  let processes: Started[] = [];
  let runtime: RosRuntime | undefined;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-3d-processes-"));
  });
  afterEach(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    processes = [];
    await runtime?.shutdown();
    runtime = undefined;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("detection, depth, tracking and fusion in separate processes give the known answers, the same as in one process", async () => {
    const env = { ...process.env, HAILO_ROS_CACHE: path.join(dir, "cache") };
    for (const [name, parameters] of pipelineNodes("sim")) {
      // Reliable images: 900 kB camera frames and 330 kB depth images over best-effort DDS may lose
      // fragments, and lock step needs every frame.
      const reliable: Record<string, Record<string, string>> = {
        detection: { image_qos: "default" },
        depth: { image_qos: "default" },
        fusion: { depth_qos: "default" },
      };
      const all = { ...parameters, ...reliable[name] };
      // Lock step needs every frame: on a busy machine the CPU guard would shed some.
      const args = [cli, "node", name, "--no-cpu-guard", "--ros-args", "-r", `__ns:=${ns}`];
      for (const [key, value] of Object.entries(all)) args.push("-p", `${key}:=${value}`);
      processes.push(startProcess("node", args, { env }));
    }
    const [detection, depth] = processes;
    await detection!.waitFor(/loaded .* on backend 'sim'/, 90_000);
    await depth!.waitFor(/loaded 'sim:synthetic-depth' on backend 'sim'/, 90_000);

    runtime = await rclnodejsFactory.create();
    const node = runtime.createNode(`camera_${process.pid}`);
    const tracked = new Map<string, Detection2DArray>();
    const fused = new Map<string, Detection3DArray>();
    const arrivals: Array<() => void> = [];
    const arrived = () => arrivals.splice(0).forEach((wake) => wake());
    node.createSubscription("vision_msgs/msg/Detection2DArray", `${ns}/detections/tracked`, QosPresets.default, (m) => {
      tracked.set(stampKey(m.header.stamp), m);
      arrived();
    });
    node.createSubscription("vision_msgs/msg/Detection3DArray", `${ns}/detections_3d`, QosPresets.default, (m) => {
      fused.set(stampKey(m.header.stamp), m);
      arrived();
    });
    const diagnostics = new Map<string, string>();
    node.createSubscription("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", QosPresets.default, (m) => {
      for (const st of m.status) diagnostics.set(st.name, `${st.message} ${st.values.map((v) => `${v.key}=${v.value}`).join(" ")}`);
    });
    const image = node.createPublisher("sensor_msgs/msg/Image", `${ns}/image`, QosPresets.default);
    const info = node.createPublisher("sensor_msgs/msg/CameraInfo", `${ns}/camera_info`, QosPresets.default);
    const until = async (done: () => boolean, timeoutMs: number, what: string) => {
      const deadline = performance.now() + timeoutMs;
      while (!done()) {
        if (performance.now() > deadline) {
          throw new Error(
            `timed out waiting for ${what}\n${processes.map((p) => p.output()).join("\n---\n")}\n${[...diagnostics].map((d) => d.join(": ")).join("\n")}`,
          );
        }
        await new Promise<void>((resolve) => {
          arrivals.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    };
    // Both image subscribers (detection, depth) and both camera_info subscribers (depth, fusion) matched.
    await until(() => image.subscriptionCount() >= 2 && info.subscriptionCount() >= 2, 30_000, "the nodes to subscribe");

    // Empty frames stamped before the scenes until one comes out of fusion: then every hop between
    // the four processes is matched too. The tracker sees no object in them.
    const camera = defaultSceneCamera(SCENE_WIDTH, SCENE_HEIGHT);
    const empty = renderDepthScene({ width: SCENE_WIDTH, height: SCENE_HEIGHT, background: BACKGROUND_RGB, rects: [], camera });
    let warmup = 0;
    await until(
      () => {
        if (fused.size > 0) return true;
        const header = {
          stamp: { sec: 1_600_000_000 + Math.floor(warmup / 10), nanosec: (warmup % 10) * 100_000_000 },
          frame_id: "camera_optical_frame",
        };
        warmup++;
        info.publish(sceneCameraInfo({ width: SCENE_WIDTH, height: SCENE_HEIGHT, background: BACKGROUND_RGB, rects: [], camera }, header));
        image.publish({
          header,
          height: empty.height,
          width: empty.width,
          encoding: "rgb8",
          is_bigendian: 0,
          step: empty.step,
          data: empty.data,
        });
        return false;
      },
      60_000,
      "the pipeline to connect",
    );
    // Straight on: a pause longer than the depth node's camera_info_timeout_ms would have it take
    // the next image without waiting for its CameraInfo (as it does when a camera stops sending them).
    tracked.clear();
    fused.clear();

    const outputs: { tracked: Detection2DArray[]; fused: Detection3DArray[] } = { tracked: [], fused: [] };
    for (let frame = 0; frame < FRAMES; frame++) {
      const messages = frameMessages(frame);
      const key = stampKey(messages.image.header.stamp);
      info.publish(messages.cameraInfo);
      image.publish(messages.image);
      await until(
        () => tracked.has(key) && fused.has(key),
        30_000,
        `frame ${frame}'s tracked (${tracked.has(key)}) and 3D (${fused.has(key)}) detections; got tracked ${[...tracked.keys()].join(" ")}, 3D ${[...fused.keys()].join(" ")}`,
      );
      outputs.tracked.push(tracked.get(key)!);
      outputs.fused.push(fused.get(key)!);
    }
    try {
      checkKnownAnswers(outputs);
    } catch (error) {
      (error as Error).message +=
        `\n${processes.map((p) => p.output()).join("\n---\n")}\n${[...diagnostics].map((d) => d.join(": ")).join("\n")}`;
      throw error;
    }

    const local = await runPipelineLocally({ cacheDir: dir, depthBackend: "sim" });
    assert.deepEqual(local.unavailable, []);
    checkKnownAnswers(local);
    // Track ids are counters of each tracker: the same in both runs, as the frames are the same.
    assert.deepEqual(summary(outputs), summary(local));

    for (const p of processes) p.child.kill("SIGINT");
    for (const p of processes) assert.equal((await p.exited()).code, 0, p.output());
  });
});
