import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { startChildProcessNode, type ChildProcessNode } from "../../src/app/child-process-node-starter.ts";
import type { JointState } from "../../src/messages/sensor_msgs.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import { timeFromMs } from "../../src/ports/clock.ts";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe("a node in a child process of its own (the motor node, dry run)", function () {
  this.timeout(20_000);
  let runtime: LocalRuntime;
  let lines: string[];
  let motor: ChildProcessNode | undefined;

  beforeEach(() => {
    runtime = new LocalRuntime({ logSink: () => undefined });
    lines = [];
    motor = undefined;
  });
  afterEach(async () => {
    await motor?.destroy();
    await runtime.shutdown();
  });

  it("runs in another process, takes cmd_vel from this runtime and publishes its state here", async () => {
    motor = await startChildProcessNode("motor", {
      runtime,
      parameterOverrides: { dry_run: true },
      log: (l) => lines.push(l),
      output: "log",
    });
    assert.notEqual(motor.pid, process.pid);
    assert.ok(isRunning(motor.pid));
    const viewer = runtime.createNode("viewer");
    const states: JointState[] = [];
    viewer.createSubscription("sensor_msgs/msg/JointState", "motors/state", QosPresets.default, (m) => states.push(m));
    const cmdVel = viewer.createPublisher("geometry_msgs/msg/TwistStamped", "cmd_vel");
    cmdVel.publish({
      header: { stamp: timeFromMs(Date.now()), frame_id: "base_link" },
      twist: { linear: { x: 0.2, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } },
    });
    await runtime.idle();
    await motor.idle();
    // motors/state comes at the control rate: the next ticks show the wheels ramping up.
    assert.ok(
      await until(() => states.some((s) => Array.from(s.velocity).every((v) => v > 0)), 5000),
      `expected forward wheel velocities in motors/state, got ${JSON.stringify(states.map((s) => Array.from(s.velocity)))}`,
    );
    assert.equal(motor.stats?.().commands_admitted ?? motor.stats?.().admitted, 1);
    assert.ok(
      lines.some((l) => /^\[dry-run\] GPIO12 pwm = 0\.0*[1-9]/.test(l)),
      lines.join("\n"),
    );
  });

  it("publishes its diagnostics here when asked, and reports its event-loop delay", async () => {
    motor = await startChildProcessNode("motor", {
      runtime,
      parameterOverrides: { dry_run: true },
      log: (l) => lines.push(l),
      output: "log",
    });
    const seen: string[] = [];
    runtime
      .createNode("viewer")
      .createSubscription("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", QosPresets.default, (m) =>
        seen.push(...m.status.map((s) => s.name)),
      );
    await motor.publishDiagnostics?.();
    await runtime.idle();
    assert.ok(
      seen.some((name) => /motor/.test(name)),
      JSON.stringify(seen),
    );
    const lag = await motor.sampleEventLoopLagMs();
    assert.ok(Number.isFinite(lag) && lag >= 0, String(lag));
  });

  it("stops the motors and exits when destroyed", async () => {
    motor = await startChildProcessNode("motor", {
      runtime,
      parameterOverrides: { dry_run: true },
      log: (l) => lines.push(l),
      output: "log",
    });
    const pid = motor.pid;
    await motor.destroy();
    assert.equal(isRunning(pid), false);
    assert.ok(lines.includes("[dry-run] all outputs off"), lines.join("\n"));
  });

  it("rejects with the node's own reason when it cannot start, and leaves no process behind", async () => {
    let pid = 0;
    await assert.rejects(
      startChildProcessNode("motor", {
        runtime,
        parameterOverrides: { dry_run: true, bridge: "l293d" },
        log: (l) => lines.push(l),
        output: "log",
      }),
      (error: Error) => {
        pid = Number(/\(pid (\d+)\)/.exec(error.message)?.[1]);
        return /the motor node's process \(pid \d+\) could not start it: .*bridge/.test(error.message);
      },
    );
    assert.equal(isRunning(pid), false);
  });

  it("rejects an unknown node name", async () => {
    await assert.rejects(startChildProcessNode("fly", { runtime, log: (l) => lines.push(l), output: "log" }), /unknown node 'fly'/);
  });

  it("ends (destroying its node) when its parent process dies", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/motor-parent.js", import.meta.url));
    const parent = spawn(process.execPath, [fixture], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    parent.stdout.setEncoding("utf8");
    parent.stdout.on("data", (chunk: string) => (output += chunk));
    assert.ok(await until(() => /child pid (\d+)/.test(output), 15_000), output);
    const childPid = Number(/child pid (\d+)/.exec(output)![1]);
    assert.ok(isRunning(childPid));
    parent.kill("SIGKILL");
    assert.ok(await until(() => !isRunning(childPid), 5000), `the motor process ${childPid} outlived its parent`);
  });
});
