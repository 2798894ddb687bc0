/**
 * The motor node as a robot runs it: `hailo-ros node motor --ros-args -p dry_run:=true` in its own
 * process on real ROS 2, driven with the ros2 command line (topic pub, service call, lifecycle
 * change_state). Runs with `npm run test:ros` where ROS 2 is sourced.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rclnodejsFactory, skippedWithoutRuntime } from "./runtime-factories.ts";
import { run, startProcess, type Started } from "./processes.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const cli = path.join(root, "dist/src/cli/main.js");

/** Lines of `output` after the `from`-th character that match `pattern`. */
const linesSince = (output: string, from: number, pattern: RegExp) =>
  output
    .slice(from)
    .split("\n")
    .filter((l) => pattern.test(l));

describe("motor node process on real ROS 2", function () {
  this.timeout(120_000);
  if (skippedWithoutRuntime(rclnodejsFactory)) return;

  const ns = `/m${process.pid}`;
  const fqn = `${ns}/motor`;
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
  /** Publishes TwistStamped at 20 Hz until stopped (a zero stamp: "now" for the node). */
  const publishing = (x: number) =>
    start("ros2", ["topic", "pub", "-r", "20", `${ns}/cmd_vel`, "geometry_msgs/msg/TwistStamped", `{twist: {linear: {x: ${x}}}}`]);
  const stopPublishing = async (pub: Started) => {
    pub.child.kill("SIGINT");
    await pub.exited();
    return performance.now();
  };

  it("moves the dry-run wheels on ros2 topic pub, stops within the watchdog, answers ~/enable and ~/reset_estop, halts on deactivate", async () => {
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
      "wheel_radius:=0.05",
      "-p",
      "max_linear_acceleration:=0.0",
    ]);
    await node.waitFor(/cmd_vel as TwistStamped, timeout 0.5 s/, 30_000);
    assert.match(node.output(), /\[dry-run\] GPIO22 = 0/, "standby low at start");

    // Moving: 0.5 m/s on 0.05 m wheels = 10 rad/s per wheel, half of max_wheel_speed.
    let pub = publishing(0.5);
    await node.waitFor(/moving: wheels 10\.00 \/ 10\.00 rad\/s \(duty 0\.50 \/ 0\.50\)/);
    assert.match(node.output(), /\[dry-run\] GPIO12 pwm = 0\.500/);
    const state = await run("ros2", ["topic", "echo", "--once", "--field", "velocity", `${ns}/motors/state`]);
    assert.equal(state.code, 0, state.output);
    assert.match(state.output, /10\.0/);

    // Publishing stops: the watchdog stops the wheels within cmd_vel_timeout (plus delivery and scheduling slack).
    let mark = node.output().length;
    const stoppedPublishingAt = await stopPublishing(pub);
    await node.waitFor(/stopped: no cmd_vel for 500 ms \(cmd_vel_timeout\)/, 5000);
    const stopLatency = performance.now() - stoppedPublishingAt;
    assert.ok(stopLatency < 1200, `stopped ${stopLatency.toFixed(0)} ms after the last command`);
    assert.ok(
      linesSince(node.output(), mark, /\[dry-run\] GPIO12 pwm = 1\.000/).length > 0,
      "braking (TB6612FNG: PWM high, IN1 = IN2 = 1)",
    );

    // ~/enable false: commands are refused until true.
    const disabled = await run("ros2", ["service", "call", `${fqn}/enable`, "std_srvs/srv/SetBool", "{data: false}"]);
    assert.match(disabled.output, /success=True, message='motors disabled'/);
    mark = node.output().length;
    pub = publishing(0.5);
    await node.waitFor(/cmd_vel: the motors are disabled \(~\/enable\)/);
    assert.deepEqual(linesSince(node.output(), mark, /moving:/), []);
    const enabled = await run("ros2", ["service", "call", `${fqn}/enable`, "std_srvs/srv/SetBool", "{data: true}"]);
    assert.match(enabled.output, /success=True, message='motors enabled'/);
    await node.waitFor(/moving: wheels/);
    assert.ok(linesSince(node.output(), mark, /moving:/).length > 0);

    // ~/reset_estop with nothing latched.
    const reset = await run("ros2", ["service", "call", `${fqn}/reset_estop`, "std_srvs/srv/Trigger"]);
    assert.match(reset.output, /success=True, message='the e-stop was not latched'/);

    // Lifecycle deactivate (transition 4) halts while commands still come.
    const deactivate = await run("ros2", [
      "service",
      "call",
      `${fqn}/change_state`,
      "lifecycle_msgs/srv/ChangeState",
      "{transition: {id: 4}}",
    ]);
    assert.match(deactivate.output, /success=True/);
    await node.waitFor(/stopped: deactivated/);
    const getState = await run("ros2", ["service", "call", `${fqn}/get_state`, "lifecycle_msgs/srv/GetState"]);
    assert.match(getState.output, /label='inactive'/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(linesSince(node.output(), node.output().indexOf("stopped: deactivated"), /moving:/), [], "no motion while inactive");
    await stopPublishing(pub);

    // SIGTERM: every pin off before the process exits.
    mark = node.output().length;
    node.child.kill("SIGTERM");
    const { code } = await node.exited();
    assert.equal(code, 0, node.output().slice(mark));
    const tail = node.output().slice(mark);
    assert.match(tail, /\[dry-run\] all outputs off/);
    assert.doesNotMatch(tail, / = 1\n/);
  });
});
