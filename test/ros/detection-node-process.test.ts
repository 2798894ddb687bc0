/**
 * The detection node as a robot runs it: `hailo-ros node detection --ros-args …` in its own process
 * on real ROS 2, fed by an rclpy publisher in a second process, watched by an rclpy subscriber in a
 * third and by the ros2 command line. Runs with `npm run test:ros` where ROS 2 is sourced.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SyntheticImageSource } from "../../src/adapters/synthetic/synthetic-image-source.ts";
import { iou } from "../../src/core/vision/detection.ts";
import type { GroundTruthObject } from "../../src/ports/image-source.ts";
import { rclnodejsFactory, skippedWithoutRuntime } from "./runtime-factories.ts";
import { run, startProcess, type Started } from "./processes.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const cli = path.join(root, "dist/src/cli/main.js");
/** The source file: mocha runs the compiled tests, python runs the script where it is written. */
const peer = path.join(root, "test/ros/fixtures/rclpy_peer.py");
const python = "/usr/bin/python3";

interface Found {
  label: string;
  cx: number;
  cy: number;
  w: number;
  h: number;
}

describe("detection node process on real ROS 2", function () {
  this.timeout(90_000);
  if (skippedWithoutRuntime(rclnodejsFactory)) return;

  const ns = `/t${process.pid}`;
  const nodeName = "detection";
  const fqn = `${ns}/${nodeName}`;
  let dir: string;
  let processes: Started[] = [];
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-process-"));
  });
  afterEach(() => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    processes = [];
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const start = (command: string, args: readonly string[]) => {
    const started = startProcess(command, args);
    processes.push(started);
    return started;
  };

  it("detects what an rclpy camera sends, publishes to an rclpy subscriber, and answers ros2 param as ROS users expect", async () => {
    // One synthetic frame with known objects, sent by rclpy as raw rgb8.
    const source = new SyntheticImageSource({ seed: 5, frames: 1, objects: 3, width: 640, height: 480 });
    let truth: readonly GroundTruthObject[] = [];
    for await (const frame of source.frames()) {
      if (frame.data.kind !== "image") continue;
      writeFileSync(path.join(dir, "frame.rgb"), frame.data.message.data);
      truth = frame.groundTruth ?? [];
    }
    assert.equal(truth.length, 3);
    // Keyed by the full node name, as `ros2 param dump` writes it.
    writeFileSync(path.join(dir, "params.yaml"), `${fqn}:\n  ros__parameters:\n    score_threshold: 0.3\n    max_frame_age_ms: 500\n`);

    const node = start("node", [
      cli,
      "node",
      "detection",
      "--ros-args",
      "-r",
      `__ns:=${ns}`,
      "-r",
      `image:=${ns}/camera/image_raw`,
      "--params-file",
      path.join(dir, "params.yaml"),
    ]);
    await node.waitFor(/loaded .* on backend 'onnx'/, 60_000);

    const listener = start(python, [peer, "listen", `${ns}/detections`, `${ns}/detections/image`, "3"]);
    await listener.waitFor(/^ready/);
    const camera = start(python, [peer, "publish", `${ns}/camera/image_raw`, path.join(dir, "frame.rgb"), "640", "480", "5"]);
    await camera.waitFor(/^ready/);

    const done = await listener.exited();
    assert.equal(done.code, 0, listener.output());
    const lines = listener
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { kind: string; detections?: Found[]; width?: number; encoding?: string });
    const overlays = lines.filter((l) => l.kind === "overlay");
    assert.ok(overlays.length >= 1, "the overlay is published while subscribed");
    assert.deepEqual({ width: overlays[0]!.width, encoding: overlays[0]!.encoding }, { width: 640, encoding: "rgb8" });
    const detections = lines.filter((l) => l.kind === "detections");
    assert.ok(detections.length >= 3);
    for (const message of detections) {
      const found = message.detections!;
      assert.deepEqual(found.map((d) => d.label).sort(), truth.map((t) => t.label).sort());
      for (const object of truth) {
        const match = found.find((d) => d.label === object.label)!;
        const box = { x1: match.cx - match.w / 2, y1: match.cy - match.h / 2, x2: match.cx + match.w / 2, y2: match.cy + match.h / 2 };
        assert.ok(iou(box, object.box) >= 0.9, `${object.label}: IoU ${iou(box, object.box).toFixed(3)}`);
      }
    }

    const get = await run("ros2", ["param", "get", fqn, "score_threshold"]);
    assert.match(get.output, /Double value is: 0\.3/, "the /ns/node-keyed params file applied");
    const bad = await run("ros2", ["param", "set", fqn, "score_threshold", "1.5"]);
    assert.match(bad.output, /Setting parameter failed: parameter "score_threshold" \(double\): 1\.5 is outside the range \[0, 1\]/);
    const integer = await run("ros2", ["param", "set", fqn, "score_threshold", "1"]);
    assert.match(integer.output, /Set parameter successful/, "an integer for a double parameter");
    const describe = await run("ros2", ["param", "describe", fqn, "score_threshold", "max_detections", "backend"]);
    assert.match(describe.output, /Parameter name: score_threshold[\s\S]*Min value: 0\.0[\s\S]*Max value: 1\.0/);
    assert.match(describe.output, /Parameter name: max_detections[\s\S]*Min value: 1\n[\s\S]*Max value: 1000/);
    assert.match(describe.output, /Parameter name: backend[\s\S]*Read only: true/);
    const simTime = await run("ros2", ["param", "set", fqn, "use_sim_time", "true"]);
    assert.match(simTime.output, /Set parameter successful/);
    assert.match(node.output(), new RegExp(`\\[${ns.slice(1)}\\.detection\\]`), "logs under the node's resolved name");

    camera.child.kill("SIGINT");
    node.child.kill("SIGINT");
    const stopped = await node.exited();
    assert.equal(stopped.code, 0, node.output());
  });

  it("starts with the generated params file (launch/config/detection.yaml) and reads its types as declared", async () => {
    const name = `generated_${process.pid}`;
    const node = start("node", [
      cli,
      "node",
      "detection",
      "--ros-args",
      "-r",
      `__node:=${name}`,
      "--params-file",
      path.join(root, "launch/config/detection.yaml"),
    ]);
    await node.waitFor(/loaded .* on backend 'onnx'/, 60_000);
    const age = await run("ros2", ["param", "get", `/${name}`, "max_frame_age_ms"]);
    assert.match(age.output, /Double value is: 200\.0/);
    node.child.kill("SIGINT");
    assert.equal((await node.exited()).code, 0, node.output());
  });

  it("exits non-zero within 5 s when a -p value is invalid, saying which and how to fix it", async () => {
    const t0 = performance.now();
    const node = start("node", [cli, "node", "detection", "--ros-args", "-r", `__node:=bad_${process.pid}`, "-p", "max_detections:=0"]);
    const { code, atMs } = await node.exited();
    assert.equal(code, 1);
    assert.ok(atMs - t0 < 5000, `exited after ${Math.round(atMs - t0)} ms`);
    assert.match(node.output(), /cannot start: .*"max_detections" \(integer\): 0 is outside the range \[1, 1000\]/);
  });

  it("ends at once on a second SIGINT during a slow shutdown", async () => {
    const slow = start("node", [path.join(root, "dist/test/ros/fixtures/slow-shutdown.js"), "--duplicate-window-ms", "0"]);
    await slow.waitFor(/^ready/);
    slow.child.kill("SIGINT");
    await slow.waitFor(/^stopping/);
    const second = performance.now();
    slow.child.kill("SIGINT");
    const { code, atMs } = await slow.exited();
    assert.equal(code, 130);
    assert.ok(atMs - second < 1000, `exited ${Math.round(atMs - second)} ms after the second SIGINT`);
  });
});
