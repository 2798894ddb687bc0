/**
 * Managed nodes and actions of ours against other ROS 2 processes: the ros2 command line drives a
 * lifecycle node through `change_state` and sends a goal to our action server, our action client
 * talks to an rclpy action server, and our transition graph is compared with rcl_lifecycle's own.
 * Runs with `npm run test:ros` where ROS 2 is sourced.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RosRuntime } from "../../src/ports/ros.ts";
import { TRANSITION_GRAPH, allStates } from "../../src/adapters/ros-common/lifecycle-state-machine.ts";
import { sleep } from "./helpers.ts";
import { rclnodejsFactory, skippedWithoutRuntime } from "./runtime-factories.ts";
import { run, startProcess, type Started } from "./processes.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const fibonacciServer = path.join(root, "test/ros/fixtures/rclpy_fibonacci_server.py");
const python = "/usr/bin/python3";
const FIB = "example_interfaces/action/Fibonacci";

describe("lifecycle and actions across processes on real ROS 2", function () {
  this.timeout(90_000);
  if (skippedWithoutRuntime(rclnodejsFactory)) return;

  const ns = `/lc${process.pid}`;
  let runtime: RosRuntime;
  let processes: Started[] = [];
  before(async () => {
    runtime = await rclnodejsFactory.create();
  });
  afterEach(() => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGINT");
    processes = [];
  });
  after(async () => {
    await runtime.shutdown();
  });

  it("ros2 service call drives our lifecycle node: an async configure, activate by label, a refused transition, get_state", async () => {
    const calls: string[] = [];
    const node = runtime.createLifecycleNode(
      "managed",
      {
        onConfigure: async () => {
          await sleep(300); // a model load: change_state must answer only after it
          calls.push("configured");
        },
        onActivate: () => void calls.push("activated"),
      },
      { namespace: ns },
    );
    const fqn = `${ns}/managed`;
    const service = (name: string, type: string, request: string) => run("ros2", ["service", "call", `${fqn}/${name}`, type, request]);

    const configure = await service("change_state", "lifecycle_msgs/srv/ChangeState", "{transition: {id: 1}}");
    assert.match(configure.output, /success=True/, configure.output);
    assert.deepEqual(calls, ["configured"]);
    assert.equal(node.state, "inactive");

    const again = await service("change_state", "lifecycle_msgs/srv/ChangeState", "{transition: {label: 'configure'}}");
    assert.match(again.output, /success=False/, "configure is not available from inactive");

    const activate = await service("change_state", "lifecycle_msgs/srv/ChangeState", "{transition: {label: 'activate'}}");
    assert.match(activate.output, /success=True/, activate.output);
    assert.equal(node.state, "active");

    const state = await service("get_state", "lifecycle_msgs/srv/GetState", "{}");
    assert.match(state.output, /current_state=lifecycle_msgs\.msg\.State\(id=3, label='active'\)/, state.output);
    const transitions = await service("get_available_transitions", "lifecycle_msgs/srv/GetAvailableTransitions", "{}");
    assert.match(transitions.output, /label='deactivate'[\s\S]*label='shutdown'/, transitions.output);
    node.destroy();
  });

  it("ros2 action send_goal reaches our action server and prints its feedback and result", async () => {
    const node = runtime.createNode("fibonacci_server", { namespace: ns });
    const specifier = "rclnodejs";
    const rcl = ((await import(specifier)) as { default: RclLifecycleModule }).default;
    const graph = new rcl.Node(`graph_${process.pid}`);
    node.createActionServer(FIB, "fibonacci", async (goal) => {
      // DDS may match our feedback writer to the CLI's reader after the goal arrived, and feedback
      // sent before that is lost: wait (bounded) until the graph shows the CLI's subscription.
      const deadline = performance.now() + 5000;
      while (graph.countSubscribers(`${ns}/fibonacci/_action/feedback`) === 0 && performance.now() < deadline) await sleep(10);
      const sequence = [0, 1];
      for (let i = 1; i < goal.goal.order; i++) {
        sequence.push(sequence[i]! + sequence[i - 1]!);
        goal.publishFeedback({ sequence: [...sequence] });
        await sleep(20);
      }
      return { sequence };
    });
    const sent = await run("ros2", ["action", "send_goal", "--feedback", `${ns}/fibonacci`, FIB, "{order: 5}"]);
    assert.equal(sent.code, 0, sent.output);
    assert.match(sent.output, /Goal accepted with ID/);
    assert.match(sent.output, /Feedback:/);
    assert.match(sent.output, /Result:\s+sequence:\s+- 0\s+- 1\s+- 1\s+- 2\s+- 3\s+- 5\s/, sent.output);
    assert.match(sent.output, /Goal finished with status: SUCCEEDED/);
    graph.destroy();
    node.destroy();
  });

  it("our action client against an rclpy action server: feedback and result, cancel, a rejected goal", async () => {
    const name = `${ns}/rclpy_fibonacci`;
    const server = startProcess(python, [fibonacciServer, name]);
    processes.push(server);
    await server.waitFor(/^ready/);
    const node = runtime.createNode("fibonacci_client", { namespace: ns });
    const client = node.createActionClient(FIB, name);
    assert.equal(await client.waitForServer(10_000), true);

    const feedback: number[] = [];
    const goal = await client.sendGoal({ order: 6 }, { onFeedback: (f) => feedback.push(f.sequence.length) });
    const done = await goal.result;
    assert.deepEqual(
      { status: done.status, sequence: Array.from(done.result.sequence) },
      { status: "succeeded", sequence: [0, 1, 1, 2, 3, 5, 8] },
    );
    assert.ok(feedback.length >= 1, "feedback from rclpy arrived");

    const long = await client.sendGoal({ order: 30 });
    await sleep(100);
    assert.equal(await long.cancel(), true);
    assert.equal((await long.result).status, "canceled");

    await assert.rejects(client.sendGoal({ order: 31 }), new RegExp(`action "${name}" rejected the goal`));
    node.destroy();
  });

  it("our transition graph and states are rcl_lifecycle's, row for row", async () => {
    // rclnodejs's LifecycleNode reports rcl's own state machine.
    const specifier = "rclnodejs";
    const rcl = ((await import(specifier)) as { default: RclLifecycleModule }).default;
    const probe = new rcl.lifecycle.LifecycleNode(`graph_probe_${process.pid}`);
    try {
      assert.deepEqual(
        TRANSITION_GRAPH.map((r) => [r.id, r.label, r.start, r.goal]),
        probe.transitions.map((t) => [t.transition.id, t.transition.label, t.startState.label, t.goalState.label]),
      );
      assert.deepEqual(
        allStates(),
        probe.availableStates.map((s) => ({ id: s.id, label: s.label })),
      );
    } finally {
      probe.destroy();
    }
  });
});

interface RclLifecycleModule {
  Node: new (name: string) => { countSubscribers(topic: string): number; destroy(): void };
  lifecycle: {
    LifecycleNode: new (name: string) => {
      readonly transitions: { transition: { id: number; label: string }; startState: { label: string }; goalState: { label: string } }[];
      readonly availableStates: { id: number; label: string }[];
      destroy(): void;
    };
  };
}
