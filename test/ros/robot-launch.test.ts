/**
 * The whole robot under real ROS 2, as a robot builder starts it without a camera or a Hailo:
 * `ros2 launch hailo_ros robot.launch.py use_hailo:=false dry_run:=true rviz:=false
 * camera:=synthetic` from the colcon install (the build shared with colcon-package.test.ts). A
 * separate rclpy process (fixtures/rclpy_robot_observer.py) sees every node come up and what
 * they publish — detections that are the synthetic scene's known answers, detections_3d, markers,
 * depth/points, /diagnostics —; a transcript from `ros2 topic pub` moves the dry-run motors; a
 * `ros2 bag record -s mcap` of the camera topic plays back through `hailo-ros run --source` with
 * the detections the launched detection node published; SIGINT to the launch's process group
 * (Ctrl-C) stops everything within launch's sigterm timeout with the motors' stop written.
 * Runs with `npm run test:ros`. Waits are generous (a loaded 2-core machine runs the whole robot)
 * and every cross-process step retries until discovery has matched.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readMcapMessages } from "../../src/adapters/mcap/read-mcap-messages.ts";
import { combineEvaluations, evaluateFrame, type FrameEvaluation, type LabelledBox } from "../../src/core/detection/evaluate.ts";
import type { Detection2DArray } from "../../src/messages/vision_msgs.ts";
import {
  builtWorkspace,
  colconAvailable,
  LAUNCH_SIGTERM_TIMEOUT_MS,
  root,
  rosEnv,
  sourced,
  startBash,
  type Running,
} from "./colcon-workspace.ts";
import { rclnodejsFactory, skippedWithoutRuntime } from "./runtime-factories.ts";

const NODES = ["camera", "command", "depth", "detection", "fusion", "motor", "tracking"];
/** [class_id, score, cx, cy, w, h] as the observer prints a Detection2D. */
type ObservedBox = [string, number, number, number, number, number];

interface Observed {
  readonly topic?: string;
  readonly nodes?: string[];
  readonly stamp?: [number, number];
  readonly boxes?: ObservedBox[];
  readonly objects?: Array<[string, number, number, number]>;
  readonly count?: number;
  readonly points?: number;
  readonly names?: string[];
  readonly linear_x?: number;
}

/** The observer's JSON lines, parsed as they arrive. */
function observations(running: Running): Observed[] {
  return running
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{") && line.endsWith("}"))
    .map((line) => JSON.parse(line) as Observed);
}

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined, describe: () => string): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${describe()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const stampKey = (stamp: readonly [number, number] | { sec: number; nanosec: number }) =>
  Array.isArray(stamp) ? `${stamp[0]}.${stamp[1]}` : `${(stamp as { sec: number }).sec}.${(stamp as { nanosec: number }).nanosec}`;

function labelled(boxes: readonly ObservedBox[]): LabelledBox[] {
  return boxes.map(([label, , cx, cy, w, h]) => ({ label, box: { x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 } }));
}

function boxesOf(message: Detection2DArray): ObservedBox[] {
  return message.detections.map((d) => [
    d.results[0]?.hypothesis.class_id ?? "",
    d.results[0]?.hypothesis.score ?? 0,
    d.bbox.center.position.x,
    d.bbox.center.position.y,
    d.bbox.size_x,
    d.bbox.size_y,
  ]);
}

const byClassThenX = (a: ObservedBox, b: ObservedBox) => a[0].localeCompare(b[0]) || a[2] - b[2];

describe("ros2 launch hailo_ros robot.launch.py on real ROS 2: the synthetic camera, ONNX perception, voice, dry-run motors", function () {
  this.timeout(600_000);
  if (skippedWithoutRuntime(rclnodejsFactory)) return;
  if (!colconAvailable()) {
    it("launches the robot (skipped)", function () {
      console.log("      colcon is not installed: apt install colcon python3-colcon-ros python3-colcon-cmake python3-colcon-bash");
      this.skip();
    });
    return;
  }

  const ns = `robot_${process.pid}`;
  let install: string;
  let scratch: string;
  let observer: Running;
  let launch: Running;
  const running: Running[] = [];
  const start = (command: string, group: boolean) => {
    const r = startBash(sourced(install, command), rosEnv, group);
    running.push(r);
    return r;
  };
  const ros2 = (command: string, timeoutMs = 60_000) =>
    spawnSync("bash", ["-c", sourced(install, command)], { env: rosEnv, encoding: "utf8", timeout: timeoutMs });

  before(async function () {
    ({ install } = builtWorkspace());
    scratch = mkdtempSync(path.join(tmpdir(), "hailo-ros-robot-"));
    observer = start(`exec /usr/bin/python3 ${path.join(root, "test/ros/fixtures/rclpy_robot_observer.py")} /${ns}`, true);
    await observer.waitFor(/"ready": true/, 60_000);
    launch = start(
      `exec ros2 launch hailo_ros robot.launch.py use_hailo:=false dry_run:=true rviz:=false camera:=synthetic camera_rate:=5 ` +
        `namespace:=${ns} image_topic:=/${ns}/camera/image_raw camera_info_topic:=/${ns}/camera/camera_info`,
      true,
    );
  });
  after(() => {
    for (const r of running) r.kill();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it("brings every node up: camera, detection, depth, fusion, tracking, command and motor", async () => {
    await until(
      `the nodes ${NODES.join(", ")} in /${ns}`,
      240_000,
      () => {
        const lists = observations(observer).filter((o) => o.nodes !== undefined);
        const last = lists.at(-1)?.nodes ?? [];
        return NODES.every((n) => last.includes(n)) ? last : undefined;
      },
      () => `launch printed:\n${launch.output()}`,
    );
    await launch.waitFor(/\[(?:\w+\.)?detection\]: loaded .*synthetic-detector\.onnx' on backend 'onnx'/, 120_000);
    await launch.waitFor(/\[(?:\w+\.)?depth\]: loaded .*synthetic-depth\.onnx' on backend 'onnx'/, 120_000);
    assert.doesNotMatch(launch.output(), /cannot start|skipping the/);
  });

  it("publishes detections that are the synthetic scenes' known answers, and detections_3d, markers, depth/points and /diagnostics", async () => {
    const evaluation = await until(
      "8 frames whose detections and ground truth both arrived",
      240_000,
      () => {
        const seen = observations(observer);
        const truth = new Map(seen.filter((o) => o.topic === "ground_truth").map((o) => [stampKey(o.stamp!), o.boxes!]));
        const frames: FrameEvaluation[] = seen
          .filter((o) => o.topic === "detections" && truth.has(stampKey(o.stamp!)))
          .map((o) => evaluateFrame(labelled(truth.get(stampKey(o.stamp!))!), labelled(o.boxes!)));
        return frames.length >= 8 ? combineEvaluations(frames) : undefined;
      },
      () => `observer saw ${observations(observer).filter((o) => o.topic === "detections").length} detections`,
    );
    // The built-in detector finds the scenes' rectangles by construction: every object, nothing else.
    assert.ok(evaluation.objects >= 8, `only ${evaluation.objects} ground-truth objects`);
    assert.equal(evaluation.matched, evaluation.objects, JSON.stringify(evaluation));
    assert.equal(evaluation.falsePositives, 0, JSON.stringify(evaluation));
    assert.ok(evaluation.minIou > 0.8, JSON.stringify(evaluation));

    const seen = await until(
      "detections_3d with objects, markers, depth/points and every node's /diagnostics",
      240_000,
      () => {
        const all = observations(observer);
        const with3d = all.find((o) => o.topic === "detections_3d" && (o.objects?.length ?? 0) > 0);
        const markers = all.find((o) => o.topic === "markers" && (o.count ?? 0) > 0);
        const points = all.find((o) => o.topic === "depth/points" && (o.points ?? 0) > 0);
        const names = new Set(all.filter((o) => o.topic === "diagnostics").flatMap((o) => o.names ?? []));
        const reporting = NODES.filter((n) => [...names].some((name) => name.replace(/^\//, "").startsWith(`${ns}/${n}:`)));
        return with3d && markers && points && reporting.length === NODES.length ? { with3d, names } : undefined;
      },
      () => {
        const all = observations(observer);
        const topics = [...new Set(all.map((o) => o.topic))].join(", ");
        const names = [...new Set(all.filter((o) => o.topic === "diagnostics").flatMap((o) => o.names ?? []))].join(", ");
        return `topics seen: ${topics}; diagnostics from: ${names}`;
      },
    );
    // Metric 3D boxes of the synthetic cards: in front of the camera, within the room (the wall is at 6 m).
    for (const [label, x, y, z] of seen.with3d.objects!) {
      assert.ok(label !== "", "a class on every 3D detection");
      assert.ok([x, y, z].every(Number.isFinite) && z > 0.2 && z < 6.5, `3D centre ${x}, ${y}, ${z} of ${label}`);
    }
  });

  it("a transcript published with ros2 topic pub yields cmd_vel and the dry-run motors' output", async () => {
    const mark = launch.output().length;
    const moving = /\[motor_node-\d+\] \[dry-run\] GPIO\d+ pwm = 0\.0*[1-9]/;
    const driven = () =>
      moving.test(launch.output().slice(mark)) && observations(observer).some((o) => o.topic === "cmd_vel" && o.linear_x! > 0);
    // -w 1: publish once the command node's subscription has matched; again until the motors moved.
    for (let attempt = 0; attempt < 10 && !driven(); attempt++) {
      const pub = ros2(`ros2 topic pub --once -w 1 /${ns}/voice/transcript std_msgs/msg/String "{data: 'go forward half a meter'}"`);
      assert.equal(pub.status, 0, `ros2 topic pub failed: ${pub.stdout}${pub.stderr}`);
      await until(
        "the motors to move",
        20_000,
        () => (driven() ? true : undefined),
        () => "",
      ).catch(() => undefined);
    }
    assert.ok(driven(), `no motion after the transcript:\n${launch.output().slice(mark)}`);
    assert.match(launch.output().slice(mark), /\[(?:\w+\.)?command\]: running \{"action":"move","distance_m":0\.5\}/);
  });

  it("a ros2 bag record -s mcap of the camera topic plays back through hailo-ros run --source with the same detections", async () => {
    const bagDir = path.join(scratch, "camera_bag");
    const bag = start(`exec ros2 bag record -s mcap -o ${bagDir} /${ns}/camera/image_raw /${ns}/detections`, true);
    await bag.waitFor(/Subscribed to topic '\/[^']*camera\/image_raw'/, 60_000);
    await bag.waitFor(/Subscribed to topic '\/[^']*detections'/, 60_000);
    const from = observations(observer).filter((o) => o.topic === "detections").length;
    await until(
      "10 more detection arrays while recording",
      120_000,
      () => (observations(observer).filter((o) => o.topic === "detections").length >= from + 10 ? true : undefined),
      () => bag.output(),
    );
    bag.interrupt();
    const { code } = await bag.exited;
    assert.equal(code, 0, bag.output());
    const file = readdirSync(bagDir).find((f) => f.endsWith(".mcap"));
    assert.ok(file !== undefined, `no .mcap in ${bagDir}: ${readdirSync(bagDir).join(", ")}`);
    const bagFile = path.join(bagDir, file);

    const launched = new Map<string, ObservedBox[]>();
    let images = 0;
    for await (const m of readMcapMessages(bagFile, { topics: [`/${ns}/detections`, `/${ns}/camera/image_raw`] })) {
      if (m.topic.endsWith("/detections")) {
        const message = m.message as Detection2DArray;
        launched.set(stampKey(message.header.stamp), boxesOf(message));
      } else images++;
    }
    assert.ok(images >= 10, `the bag holds ${images} images`);

    const replay = path.join(scratch, "replay.mcap");
    const run = spawnSync(
      process.execPath,
      [path.join(root, "dist/src/cli/main.js"), "run", "--source", bagFile, "--topic", `/${ns}/camera/image_raw`, "--record", replay],
      { env: rosEnv, encoding: "utf8", timeout: 300_000 },
    );
    assert.equal(run.status, 0, `hailo-ros run failed:\n${run.stdout}${run.stderr}`);
    assert.match(run.stdout, new RegExp(`frames: ${images} `), run.stdout);
    const replayed = new Map<string, ObservedBox[]>();
    for await (const m of readMcapMessages(replay, { topics: ["/detections"] })) {
      const message = m.message as Detection2DArray;
      replayed.set(stampKey(message.header.stamp), boxesOf(message));
    }
    assert.equal(replayed.size, images, "one detection array per recorded image, stamped as recorded");
    // The launched node may have dropped frames under load (max_frame_age_ms) and the best-effort
    // recording may have missed some: compare every frame both have.
    const common = [...launched.keys()].filter((stamp) => replayed.has(stamp));
    assert.ok(common.length >= 5, `only ${common.length} frames in common (launched ${launched.size}, replayed ${replayed.size})`);
    for (const stamp of common) {
      const a = [...launched.get(stamp)!].sort(byClassThenX);
      const b = [...replayed.get(stamp)!].sort(byClassThenX);
      assert.equal(b.length, a.length, `frame ${stamp}: launched ${JSON.stringify(a)}, replayed ${JSON.stringify(b)}`);
      a.forEach((box, i) => {
        const other = b[i]!;
        assert.equal(other[0], box[0], `frame ${stamp}: class`);
        const [, ...numbers] = box;
        const [, ...otherNumbers] = other;
        numbers.forEach((value, k) =>
          assert.ok(Math.abs(otherNumbers[k]! - value) < 1e-3, `frame ${stamp}: ${JSON.stringify(box)} vs ${JSON.stringify(other)}`),
        );
      });
    }
  });

  it("SIGINT to the launch's process group stops every node within launch's sigterm timeout, the motors' stop written", async () => {
    const mark = launch.output().length;
    const sentAt = launch.interrupt();
    const { code, atMs } = await launch.exited;
    const tail = launch.output().slice(mark);
    assert.match(tail, /\[motor_node-\d+\] \[dry-run\] all outputs off/);
    assert.doesNotMatch(tail, /SIGTERM|SIGKILL/, `launch had to escalate:\n${tail}`);
    for (const node of NODES) assert.match(tail, new RegExp(`\\[${node}_node-\\d+\\]: process has finished cleanly`), tail);
    assert.equal(code, 0, tail);
    assert.ok(atMs - sentAt < LAUNCH_SIGTERM_TIMEOUT_MS, `launch exited ${(atMs - sentAt).toFixed(0)} ms after SIGINT:\n${tail}`);
  });
});
