/** Local-only action behaviour: nothing delivered inside a call, virtual time, message checks. */
import assert from "node:assert/strict";
import { VirtualTimeScheduler } from "rxjs";
import { recordingRuntime } from "./fixtures.ts";

const FIB = "example_interfaces/action/Fibonacci";

/** Runs the virtual scheduler to `untilMs` in steps, letting promise continuations run in between. */
async function advanceTo(scheduler: VirtualTimeScheduler, untilMs: number, stepMs = 10): Promise<void> {
  for (let frame = scheduler.now(); frame < untilMs;) {
    frame = Math.min(untilMs, frame + stepMs);
    scheduler.maxFrames = frame;
    scheduler.flush();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("LocalRuntime actions", () => {
  it("calls no server callback inside sendGoal and delivers no feedback inside publishFeedback", async () => {
    const { runtime } = recordingRuntime();
    const node = runtime.createNode("n");
    const calls: string[] = [];
    node.createActionServer(
      FIB,
      "fib",
      (goal) => {
        calls.push("handler");
        goal.publishFeedback({ sequence: [0] });
        calls.push("feedback published");
        return { sequence: [0] };
      },
      {
        onGoal: () => {
          calls.push("onGoal");
          return true;
        },
      },
    );
    const sending = node.createActionClient(FIB, "fib").sendGoal({ order: 0 }, { onFeedback: () => void calls.push("feedback received") });
    calls.push("sendGoal returned");
    await (
      await sending
    ).result;
    assert.deepEqual(calls, ["sendGoal returned", "onGoal", "handler", "feedback published", "feedback received"]);
  });

  it("runs a timer-driven goal on virtual time: feedback at the timer's ticks, the result at the end", async () => {
    const scheduler = new VirtualTimeScheduler();
    const { runtime } = recordingRuntime({ scheduler, deliveryScheduler: scheduler });
    const node = runtime.createNode("n");
    node.createActionServer(
      FIB,
      "fib",
      (goal) =>
        new Promise((resolve) => {
          const sequence: number[] = [];
          const timer = node.createTimer(100, () => {
            sequence.push(sequence.length);
            goal.publishFeedback({ sequence: [...sequence] });
            if (sequence.length === goal.goal.order) {
              timer.cancel();
              resolve({ sequence });
            }
          });
        }),
    );
    const feedbackAt: number[] = [];
    const sending = node.createActionClient(FIB, "fib").sendGoal({ order: 3 }, { onFeedback: () => void feedbackAt.push(scheduler.now()) });
    await advanceTo(scheduler, 1000);
    const done = await (await sending).result;
    assert.deepEqual(feedbackAt, [100, 200, 300]);
    assert.deepEqual({ status: done.status, sequence: done.result.sequence }, { status: "succeeded", sequence: [0, 1, 2] });
  });

  it("with checkMessages, rejects a malformed goal naming the action and field, and aborts a malformed result", async () => {
    const { runtime, logs } = recordingRuntime({ checkMessages: true });
    const node = runtime.createNode("n");
    node.createActionServer(FIB, "fib", () => ({ sequence: ["one"] }) as unknown as { sequence: number[] });
    const client = node.createActionClient(FIB, "fib");
    await assert.rejects(
      client.sendGoal({ order: "five" } as unknown as { order: number }),
      /invalid goal for action "\/fib" \(example_interfaces\/Fibonacci_Goal\): order: expected int32/,
    );
    const done = await (await client.sendGoal({ order: 1 })).result;
    assert.deepEqual(done, { status: "aborted", result: { sequence: [] } });
    assert.ok(
      logs.some((l) => l.level === "error" && /invalid result for action "\/fib".*sequence\[0\]/.test(l.message)),
      JSON.stringify(logs),
    );
  });
});
