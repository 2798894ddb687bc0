/**
 * The depth node as a robot runs it: `hailo-ros node depth` (sim backend, the synthetic depth model)
 * in its own process on real ROS 2, fed an rclpy camera's Image and CameraInfo and watched by rclpy
 * in a second process, which reports depth/image values and depth/points. Runs with `npm run test:ros`.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { modelOutputIntrinsics } from "../../src/core/depth/intrinsics.ts";
import { depthSceneAtFrame, renderDepthScene, sceneCameraInfo, sceneGroundTruth3d } from "../../src/core/synthetic/depth-scene.ts";
import { letterboxGeometry } from "../../src/core/vision/letterbox.ts";
import { rclnodejsFactory, skippedWithoutRuntime } from "./runtime-factories.ts";
import { startProcess, type Started } from "./processes.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const cli = path.join(root, "dist/src/cli/main.js");
const peer = path.join(root, "test/ros/fixtures/rclpy_depth_peer.py");
const python = "/usr/bin/python3";

interface Report {
  encoding: string;
  size: [number, number];
  frame_id: string;
  depths: (number | null)[];
  k: number[];
  cloud: { size: [number, number]; fields: string[]; point_step: number; is_dense: boolean; points: (number | null)[][] };
}

describe("depth node process on real ROS 2", function () {
  this.timeout(90_000);
  if (skippedWithoutRuntime(rclnodejsFactory)) return;

  const ns = `/d${process.pid}`;
  let dir: string;
  let processes: Started[] = [];
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-depth-process-"));
  });
  afterEach(() => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    processes = [];
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("turns an rclpy camera's Image + CameraInfo into metric depth/image and depth/points at the scene's true depths", async () => {
    const scene = depthSceneAtFrame(6, 2, { width: 640, height: 480, objects: 4 });
    writeFileSync(path.join(dir, "frame.rgb"), renderDepthScene(scene).data);
    const info = sceneCameraInfo(scene, { stamp: { sec: 0, nanosec: 0 }, frame_id: "" });
    writeFileSync(path.join(dir, "camera.json"), JSON.stringify({ k: info.k, p: info.p }));
    const k = modelOutputIntrinsics(scene.camera, letterboxGeometry(640, 480, 320, 256), 320, 256);
    const truth = sceneGroundTruth3d(scene);
    const pixels = truth.map((t) => [
      Math.round((t.center.x / t.center.z) * k.fx + k.cx),
      Math.round((t.center.y / t.center.z) * k.fy + k.cy),
    ]);
    // Decimation 2: cloud column i shows depth column 2i.
    const cloud = pixels.map(([u, v]) => [Math.round(u! / 2), Math.round(v! / 2)]);
    writeFileSync(path.join(dir, "probes.json"), JSON.stringify({ pixels, cloud }));

    const node = startProcess("node", [
      cli,
      "node",
      "depth",
      "--ros-args",
      "-r",
      `__ns:=${ns}`,
      "-r",
      `image:=${ns}/camera/image_raw`,
      "-r",
      `camera_info:=${ns}/camera/camera_info`,
      "-p",
      "backend:=sim",
      "-p",
      "point_decimation:=2",
    ]);
    processes.push(node);
    await node.waitFor(/loaded 'sim:synthetic-depth' on backend 'sim'/, 60_000);
    const viewer = startProcess(python, [
      peer,
      ns,
      path.join(dir, "frame.rgb"),
      "640",
      "480",
      path.join(dir, "camera.json"),
      path.join(dir, "probes.json"),
    ]);
    processes.push(viewer);
    const done = await viewer.exited();
    assert.equal(done.code, 0, `${viewer.output()}\n--- node ---\n${node.output()}`);
    const line = viewer
      .output()
      .split("\n")
      .find((l) => l.startsWith("{"));
    assert.ok(line !== undefined, viewer.output());
    const report = JSON.parse(line) as Report;

    assert.deepEqual([report.encoding, report.size, report.frame_id], ["32FC1", [320, 256], "camera_color_optical_frame"]);
    assert.deepEqual(report.k, [k.fx, 0, k.cx, 0, k.fy, k.cy, 0, 0, 1]);
    truth.forEach((t, i) => {
      const z = report.depths[i];
      assert.ok(z !== null && z !== undefined && Math.abs(z - t.depth) / t.depth < 0.01, `${t.label}: ${z} m vs ${t.depth} m`);
    });
    assert.deepEqual(
      [report.cloud.size, report.cloud.fields, report.cloud.point_step, report.cloud.is_dense],
      [[160, 128], ["x", "y", "z", "rgb"], 16, false],
    );
    truth.forEach((t, i) => {
      const [x, y, z] = report.cloud.points[i]!;
      assert.ok(x != null && y != null && z != null, `${t.label}: a point`);
      const off = Math.hypot(x - t.center.x, y - t.center.y, z - t.center.z);
      assert.ok(off / t.depth < 0.01, `${t.label}: point ${[x, y, z].join(", ")} vs centre ${JSON.stringify(t.center)}`);
    });

    node.child.kill("SIGINT");
    const stopped = await node.exited();
    assert.equal(stopped.code, 0, node.output());
  });
});
