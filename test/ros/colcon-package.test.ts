/**
 * The colcon workspace built for real: `colcon build` of ros2_ws/ into a temporary build and
 * install base (the checkout is not written to), then, with that install sourced, `ros2 pkg
 * executables` lists one executable per registry node plus hailo_ros_run, `ros2 run hailo_ros
 * motor_node` and `ros2 launch hailo_ros motors.launch.py` come up with the dry-run motors and
 * shut down on SIGINT within the launch timeout with the stop written, and every launch file
 * builds its description (scripts/check_launch.py --build). Runs with `npm run test:ros`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { listNodes, MULTI_NODE_EXECUTABLE } from "../../scripts/list-nodes.ts";
import {
  builtWorkspace,
  colconAvailable,
  LAUNCH_SIGTERM_TIMEOUT_MS,
  root,
  rosEnv as env,
  sourced,
  startBash,
  type Running,
} from "./colcon-workspace.ts";
import { rclnodejsFactory, skippedWithoutRuntime } from "./runtime-factories.ts";

describe("colcon workspace ros2_ws on real ROS 2", function () {
  this.timeout(240_000);
  if (skippedWithoutRuntime(rclnodejsFactory)) return;
  if (!colconAvailable()) {
    it("builds with colcon (skipped)", function () {
      console.log("      colcon is not installed: apt install colcon python3-colcon-ros python3-colcon-cmake python3-colcon-bash");
      this.skip();
    });
    return;
  }

  let base: string;
  let install: string;
  let running: Running[] = [];

  before(function () {
    // Shared with the other tests of the run that need the workspace: one build per run.
    ({ base, install } = builtWorkspace());
  });
  afterEach(() => {
    for (const r of running) r.kill();
    running = [];
  });
  const start = (command: string, group: boolean) => {
    const r = startBash(sourced(install, command), env, group);
    running.push(r);
    return r;
  };

  it("orders hailo_ros_msgs before hailo_ros (hailo_ros depends on it)", () => {
    const listed = spawnSync(
      "colcon",
      ["--log-base", path.join(base, "log"), "list", "--topological-order", "--names-only", "--base-paths", path.join(root, "ros2_ws/src")],
      {
        env,
        encoding: "utf8",
      },
    );
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split("\n"), ["hailo_ros_msgs", "hailo_ros"]);
  });

  it("installs one executable per registry node and hailo_ros_run", async () => {
    const listed = spawnSync("bash", ["-c", sourced(install, "ros2 pkg executables hailo_ros")], { env, encoding: "utf8" });
    assert.equal(listed.status, 0, listed.stderr);
    const executables = listed.stdout
      .trim()
      .split("\n")
      .map((line) => line.split(" ")[1])
      .sort();
    const expected = [...(await listNodes()).nodes.map((n) => n.executable), MULTI_NODE_EXECUTABLE].sort();
    assert.deepEqual(executables, expected);
  });

  it("ros2 run hailo_ros motor_node: the dry-run motors come up and stop on Ctrl-C", async () => {
    const ns = `/colcon_run_${process.pid}`;
    const node = start(`exec ros2 run hailo_ros motor_node --ros-args -r __ns:=${ns} -p dry_run:=true`, true);
    await node.waitFor(/tb6612fng on dry run/, 30_000);
    const nodes = spawnSync("bash", ["-c", sourced(install, "ros2 node list")], { env, encoding: "utf8" });
    assert.match(nodes.stdout, new RegExp(`${ns}/motor`));
    const mark = node.output().length;
    const sentAt = node.interrupt();
    const { code, atMs } = await node.exited;
    const tail = node.output().slice(mark);
    assert.match(tail, /\[dry-run\] all outputs off/);
    assert.ok(code === 0 || code === 130, `exit code ${code}:\n${tail}`);
    assert.ok(atMs - sentAt < LAUNCH_SIGTERM_TIMEOUT_MS, `exited ${(atMs - sentAt).toFixed(0)} ms after SIGINT`);
  });

  it("ros2 run hailo_ros hailo_ros_run detection,motor: both nodes in one process, both stopped on Ctrl-C", async () => {
    const ns = `/colcon_multi_${process.pid}`;
    const both = start(`exec ros2 run hailo_ros ${MULTI_NODE_EXECUTABLE} detection,motor --ros-args -r __ns:=${ns} -p dry_run:=true`, true);
    await both.waitFor(/tb6612fng on dry run/, 30_000);
    await both.waitFor(/detection\]: loaded/, 30_000);
    const nodes = spawnSync("bash", ["-c", sourced(install, "ros2 node list")], { env, encoding: "utf8" });
    assert.match(nodes.stdout, new RegExp(`${ns}/detection`));
    assert.match(nodes.stdout, new RegExp(`${ns}/motor`));
    const mark = both.output().length;
    both.interrupt();
    const { code } = await both.exited;
    assert.match(both.output().slice(mark), /\[dry-run\] all outputs off/);
    assert.ok(code === 0 || code === 130, `exit code ${code}`);
  });

  it("ros2 launch hailo_ros motors.launch.py dry_run:=true: comes up and shuts down on SIGINT within the launch timeout", async () => {
    const ns = `colcon_launch_${process.pid}`;
    const launch = start(`exec ros2 launch hailo_ros motors.launch.py dry_run:=true namespace:=${ns}`, false);
    await launch.waitFor(/tb6612fng on dry run/, 30_000);
    const params = spawnSync("bash", ["-c", sourced(install, `ros2 param get /${ns}/motor dry_run`)], { env, encoding: "utf8" });
    assert.match(params.stdout, /Boolean value is: True/, params.stderr);
    const mark = launch.output().length;
    const sentAt = launch.interrupt();
    const { code, atMs } = await launch.exited;
    const tail = launch.output().slice(mark);
    assert.match(tail, /sending signal 'SIGINT' to process\[motor_node-1\]/);
    assert.match(tail, /\[motor_node-1\] \[dry-run\] all outputs off/);
    assert.match(tail, /process has finished cleanly/);
    assert.doesNotMatch(tail, /SIGTERM|SIGKILL/, "the node stopped before launch had to escalate");
    assert.equal(code, 0, tail);
    assert.ok(atMs - sentAt < LAUNCH_SIGTERM_TIMEOUT_MS, `launch exited ${(atMs - sentAt).toFixed(0)} ms after SIGINT`);
  });

  it("ros2 launch hailo_ros motors.launch.py autostart:=false: the motor node waits unconfigured until ~/change_state configures and activates it", async () => {
    const ns = `colcon_autostart_${process.pid}`;
    const launch = start(`exec ros2 launch hailo_ros motors.launch.py dry_run:=true autostart:=false namespace:=${ns}`, false);
    await launch.waitFor(/autostart is false: unconfigured/, 30_000);
    const node = `/${ns}/motor`;
    const ros2 = (command: string) => spawnSync("bash", ["-c", sourced(install, command)], { env, encoding: "utf8" });
    const state = () => ros2(`ros2 service call ${node}/get_state lifecycle_msgs/srv/GetState`).stdout;
    assert.match(state(), /label='unconfigured'/);
    // lifecycle_msgs/msg/Transition: 1 configure, 3 activate (what `ros2 lifecycle set` sends).
    for (const [id, label] of [
      [1, "inactive"],
      [3, "active"],
    ] as const) {
      const changed = ros2(`ros2 service call ${node}/change_state lifecycle_msgs/srv/ChangeState "{transition: {id: ${id}}}"`);
      assert.match(changed.stdout, /success=True/, `${changed.stdout}${changed.stderr}`);
      assert.match(state(), new RegExp(`label='${label}'`));
    }
    launch.interrupt();
    const { code } = await launch.exited;
    assert.match(launch.output(), /\[dry-run\] all outputs off/);
    assert.equal(code, 0, launch.output());
  });

  it("every launch file builds its launch description against the installed launch_ros", async () => {
    const nodesFile = path.join(base, "nodes.json");
    writeFileSync(nodesFile, JSON.stringify(await listNodes()));
    const check = spawnSync(
      "bash",
      ["-c", sourced(install, `/usr/bin/python3 ${path.join(root, "scripts/check_launch.py")} --build --nodes ${nodesFile}`)],
      { env: { ...env, PYTHONDONTWRITEBYTECODE: "1" }, encoding: "utf8" },
    );
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    assert.match(check.stdout, /0 problems/);
  });
});
