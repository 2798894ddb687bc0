/**
 * The motor process's sensor topics on real ROS 2: `hailo-ros node motor` with dry_run (simulated
 * wheels, a scripted range) in its own process; `ros2 topic echo` from other processes sees odom
 * move while `ros2 topic pub` drives, range/front, and the latched motors/blocked reason once the
 * scripted obstacle comes close. Runs with `npm run test:ros` where ROS 2 is sourced.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rclnodejsFactory, skippedWithoutRuntime } from "./runtime-factories.ts";
import { run, startProcess, type Started } from "./processes.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const cli = path.join(root, "dist/src/cli/main.js");

describe("motor process sensor topics on real ROS 2", function () {
  this.timeout(120_000);
  if (skippedWithoutRuntime(rclnodejsFactory)) return;

  const ns = `/s${process.pid}`;
  let processes: Started[] = [];
  afterEach(() => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    processes = [];
  });
  const start = (command: string, args: readonly string[]) => {
    const started = startProcess(command, args);
    processes.push(started);
    return started;
  };

  it("ros2 topic echo sees odom advance under ros2 topic pub, range/front, and the latched motors/blocked reason", async () => {
    const node = start("node", [
      cli,
      "node",
      "motor",
      "--ros-args",
      "-r",
      `__ns:=${ns}`,
      "-p",
      "dry_run:=true",
      "-p",
      // 2 m until 12 s after start, then 0.15 m: the obstacle arrives.
      "simulated_range:=0:2,12:2,12.1:0.15",
    ]);
    await node.waitFor(/sensors: quadrature encoders, 1440 counts\/rev \(simulated wheels/, 30_000);
    assert.match(node.output(), /range\/front from simulated range \(scripted: 0:2,12:2,12\.1:0\.15\)/);

    const range = await run("ros2", ["topic", "echo", "--once", `${ns}/range/front`, "sensor_msgs/msg/Range"]);
    assert.equal(range.code, 0, range.output);
    assert.match(range.output, /radiation_type: 0/);
    assert.match(range.output, /field_of_view: 0\.2599/);
    assert.match(range.output, /range: 2\.0/);
    assert.match(range.output, /frame_id: range_front/);

    const pub = start("ros2", [
      "topic",
      "pub",
      "-r",
      "20",
      `${ns}/cmd_vel`,
      "geometry_msgs/msg/TwistStamped",
      "{twist: {linear: {x: 0.2}}}",
    ]);
    await node.waitFor(/moving: wheels/, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const odom = await run("ros2", ["topic", "echo", "--once", `${ns}/odom`, "nav_msgs/msg/Odometry"]);
    assert.equal(odom.code, 0, odom.output);
    assert.match(odom.output, /frame_id: odom/);
    assert.match(odom.output, /child_frame_id: base_link/);
    const x = Number(/position:\s*\n\s*x: ([-\d.e]+)/.exec(odom.output)?.[1]);
    assert.ok(x > 0.05, `odom x ${x} after driving at 0.2 m/s`);
    assert.match(odom.output, /covariance:\s*\n\s*- 0\.001/);
    const tf = await run("ros2", ["topic", "echo", "--once", "/tf", "tf2_msgs/msg/TFMessage"]);
    assert.match(tf.output, /child_frame_id: base_link/);

    // The scripted obstacle: the stop is written, and motors/blocked (latched) says why to a late subscriber.
    await node.waitFor(/forward motion blocked: obstacle at 0\.15 m on range\/front/, 30_000);
    assert.match(node.output(), /\[dry-run\] GPIO12 pwm = 0\.000/);
    const blocked = await run("ros2", [
      "topic",
      "echo",
      "--once",
      "--qos-durability",
      "transient_local",
      "--qos-reliability",
      "reliable",
      `${ns}/motors/blocked`,
      "std_msgs/msg/String",
    ]);
    assert.equal(blocked.code, 0, blocked.output);
    assert.match(blocked.output, /data: obstacle at 0\.15 m on range\/front \(stop below 0\.25 m\)/);
    pub.child.kill("SIGINT");
    await pub.exited();
    node.child.kill("SIGTERM");
    assert.equal((await node.exited()).code, 0, node.output().slice(-2000));
  });
});
