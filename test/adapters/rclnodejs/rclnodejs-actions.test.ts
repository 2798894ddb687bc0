/**
 * The rclnodejs adapter's actions over the fake rclnodejs, which copies lib/action/*.js where it
 * matters: a refused cancel still answers return_code 0, the goal is CANCELING only after the
 * cancel callback returned, feedback is dropped unless executing, sendGoal never settles without
 * a server. The same behaviours run against real ROS 2 in test/ros/contract.test.ts.
 */
import assert from "node:assert/strict";
import { createRclnodejsRuntime, type RclnodejsRuntime } from "../../../src/adapters/rclnodejs/rclnodejs-runtime.ts";
import { fakeRclnodejs } from "../../ros/fake-rclnodejs.ts";

const FIB = "example_interfaces/action/Fibonacci";

describe("rclnodejs adapter: actions (fake rclnodejs)", () => {
  let runtime: RclnodejsRuntime | undefined;
  afterEach(async () => {
    await runtime?.shutdown();
    runtime = undefined;
  });
  const start = async () => {
    const fake = fakeRclnodejs();
    runtime = await createRclnodejsRuntime({ load: fake.load, argv: [], handleSignals: false });
    return { fake, node: runtime.createNode("actions") };
  };

  it("reads a refused cancel from goals_canceling (rclnodejs answers return_code 0 either way)", async () => {
    const { node } = await start();
    let release: () => void = () => {};
    node.createActionServer(FIB, "fib", () => new Promise((resolve) => (release = () => resolve({ sequence: [1] }))), {
      onCancel: () => false,
    });
    const goal = await node.createActionClient(FIB, "fib").sendGoal({ order: 1 });
    assert.equal(await goal.cancel(), false);
    release();
    assert.equal((await goal.result).status, "succeeded");
  });

  it("stops the handler only once the goal is CANCELING, so canceled() is valid when it returns at once", async () => {
    const { node, fake } = await start();
    node.createActionServer(FIB, "fib", async (goal) => {
      await new Promise((resolve) => goal.signal.addEventListener("abort", resolve, { once: true }));
      return goal.canceled({ sequence: [] });
    });
    const goal = await node.createActionClient(FIB, "fib").sendGoal({ order: 1 });
    assert.equal(await goal.cancel(), true);
    assert.equal((await goal.result).status, "canceled");
    assert.deepEqual(fake.graph.actions.get("/fib")?.warnings, []);
  });

  it("does not send feedback for a goal that is canceling (rclnodejs would warn and drop it)", async () => {
    const { node, fake } = await start();
    node.createActionServer(FIB, "fib", async (goal) => {
      goal.publishFeedback({ sequence: [0] });
      await new Promise((resolve) => goal.signal.addEventListener("abort", resolve, { once: true }));
      goal.publishFeedback({ sequence: [0, 1] });
      return goal.canceled({ sequence: [0] });
    });
    const seen: number[] = [];
    const goal = await node.createActionClient(FIB, "fib").sendGoal({ order: 1 }, { onFeedback: (f) => seen.push(f.sequence.length) });
    await new Promise((resolve) => setImmediate(resolve));
    await goal.cancel();
    await goal.result;
    assert.deepEqual(seen, [1]);
    assert.deepEqual(fake.graph.actions.get("/fib")?.warnings, []);
  });

  it("answers the goal callback synchronously: a goal it refuses is rejected, naming the action", async () => {
    const { node } = await start();
    node.createActionServer(FIB, "fib", () => ({ sequence: [] }), { onGoal: (goal) => goal.order < 5 });
    await assert.rejects(node.createActionClient(FIB, "fib").sendGoal({ order: 9 }), /action "\/fib" rejected the goal/);
  });

  it("ends a goal without a server after timeoutMs instead of waiting for ever", async () => {
    const { node } = await start();
    await assert.rejects(
      node.createActionClient(FIB, "nobody").sendGoal({ order: 1 }, { timeoutMs: 30 }),
      /action "\/nobody" is not available within 30 ms/,
    );
  });
});
