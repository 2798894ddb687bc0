import assert from "node:assert/strict";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { registryNodeStarter } from "../../src/app/registry-node-starter.ts";
import { AcceleratorScheduler } from "../../src/core/scheduling/accelerator-scheduler.ts";
import type { Odometry } from "../../src/messages/nav_msgs.ts";
import type { RunningNode } from "../../src/nodes/registry.ts";
import { QosPresets } from "../../src/ports/ros.ts";

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !check()) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
}

describe("spoken text to wheels, without hardware: the command node here, the motor node (dry run) in its own process", function () {
  this.timeout(30_000);
  const started: RunningNode[] = [];
  let runtime: LocalRuntime;
  let scheduler: AcceleratorScheduler;
  before(() => {
    runtime = new LocalRuntime({ logSink: () => undefined });
    scheduler = new AcceleratorScheduler();
  });
  after(async () => {
    for (const node of started.reverse()) await node.destroy();
    await runtime.shutdown();
    scheduler.close();
  });

  it("'go forward half a meter' drives the simulated wheels until the motor process's odometry reads 0.5 m", async () => {
    const start = registryNodeStarter({ childLog: () => undefined });
    started.push(await start("motor", { runtime, scheduler, parameterOverrides: { dry_run: true, range_sensors: [] } }));
    started.push(await start("command", { runtime, scheduler, parameterOverrides: { parser: "grammar" } }));
    const viewer = runtime.createNode("viewer");
    let odom: Odometry | undefined;
    viewer.createSubscription("nav_msgs/msg/Odometry", "odom", QosPresets.default, (m) => (odom = m));
    assert.ok(await until(() => odom !== undefined, 5000), "the motor process publishes odom here");
    assert.equal(odom!.pose.pose.position.x, 0);

    viewer.createPublisher("std_msgs/msg/String", "voice/transcript").publish({ data: "go forward half a meter" });
    // The executor closes the loop on the odometry the motor process publishes, through the bridge.
    assert.ok(
      await until(() => odom!.pose.pose.position.x > 0.45 && odom!.twist.twist.linear.x === 0, 15_000),
      JSON.stringify(odom?.pose.pose.position),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(Math.abs(odom!.pose.pose.position.x - 0.5) < 0.02, `ended at x = ${odom!.pose.pose.position.x} m`);
    assert.ok(Math.abs(odom!.pose.pose.position.y) < 0.01);
  });
});
