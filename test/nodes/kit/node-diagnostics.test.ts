import assert from "node:assert/strict";
import { LocalRuntime } from "../../../src/adapters/local/local-runtime.ts";
import { AcceleratorScheduler } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import { DiagnosticLevel, type DiagnosticArray } from "../../../src/messages/diagnostic_msgs.ts";
import { NodeDiagnostics } from "../../../src/nodes/kit/node-diagnostics.ts";
import { NodeStream } from "../../../src/nodes/kit/node-stream.ts";
import type { ModelStatus } from "../../../src/nodes/kit/scheduled-model.ts";

describe("NodeDiagnostics", () => {
  const states: Array<[string, ModelStatus, number, RegExp | undefined]> = [
    ["serving", { kind: "serving", path: "m.hef", reloads: 0 }, DiagnosticLevel.OK, undefined],
    [
      "down",
      { kind: "down", path: "m.hef", error: "HAILO_RPC_FAILED", retryInMs: 500, reloads: 0 },
      DiagnosticLevel.ERROR,
      /model down \(HAILO_RPC_FAILED\); reloading in 500 ms/,
    ],
  ];
  for (const [what, status, level, message] of states) {
    it(`reports only its own stream, with the model ${what}`, async () => {
      const runtime = new LocalRuntime({ checkMessages: true, logSink: () => {} });
      const scheduler = new AcceleratorScheduler();
      scheduler.declareStream({ name: "mine", policy: "latest", priority: 20 });
      scheduler.declareStream({ name: "other", policy: "latest", priority: 12 });
      const node = runtime.createNode("det", { namespace: "/robot" });
      const received: DiagnosticArray[] = [];
      runtime
        .createNode("viewer")
        .createSubscription(
          "diagnostic_msgs/msg/DiagnosticArray",
          "/diagnostics",
          { reliability: "reliable", durability: "volatile", depth: 5 },
          (m) => received.push(m),
        );
      const diagnostics = new NodeDiagnostics(node, {
        scheduler,
        streams: ["mine"],
        periodMs: 0,
        hardwareId: () => "sim",
        modelStatus: () => status,
      });
      diagnostics.publish();
      await runtime.idle();
      assert.equal(received.length, 1);
      const [only, ...rest] = received[0]!.status;
      assert.deepEqual(rest, []);
      assert.match(only!.name, /^\/robot\/det/);
      assert.equal(only!.hardware_id, "sim");
      assert.equal(only!.level, level);
      if (message !== undefined) assert.match(only!.message, message);
      assert.equal(only!.values.find((v) => v.key === "model")?.value, status.kind);
      diagnostics.stop();
      scheduler.close();
      await runtime.shutdown();
    });
  }

  it("refuses a negative period, naming the node", () => {
    const runtime = new LocalRuntime({ logSink: () => {} });
    const scheduler = new AcceleratorScheduler();
    assert.throws(
      () => new NodeDiagnostics(runtime.createNode("n"), { scheduler, streams: ["s"], periodMs: -1, hardwareId: () => "" }),
      /node 'n'.*≥ 0 ms, got -1/,
    );
    scheduler.close();
  });
});

describe("NodeStream", () => {
  it("closes a scheduler of its own on release", async () => {
    const own = new NodeStream(undefined, { name: "s", policy: "latest", priority: 1 });
    own.release();
    await assert.rejects(
      own.stream.run(async () => 1),
      /closed|shut/i,
    );
  });

  it("takes its stream off a shared scheduler on release, so the name can be declared again", () => {
    const shared = new AcceleratorScheduler();
    const first = new NodeStream(shared, { name: "detection", policy: "latest", priority: 20 });
    assert.throws(() => shared.declareStream({ name: "detection", policy: "latest", priority: 20 }));
    first.release();
    const second = new NodeStream(shared, { name: "detection", policy: "latest", priority: 20 });
    assert.equal(second.scheduler, shared);
    shared.close();
  });
});
