/** Timers, deadlines and now() on virtual time: no real waiting. */
import assert from "node:assert/strict";
import { VirtualTimeScheduler } from "rxjs";
import { QosPresets } from "../../../src/ports/ros.ts";
import { recordingRuntime } from "./fixtures.ts";

/** Runs the virtual scheduler up to `untilMs` (it never runs past it, so periodic timers stop there). */
function advanceTo(scheduler: VirtualTimeScheduler, untilMs: number): void {
  scheduler.maxFrames = untilMs;
  scheduler.flush();
}

describe("LocalRuntime on virtual time", () => {
  it("fires timers at exact virtual times, and not after cancel", () => {
    const scheduler = new VirtualTimeScheduler();
    const { runtime } = recordingRuntime({ scheduler });
    const node = runtime.createNode("n");
    const fast: number[] = [];
    const slow: number[] = [];
    const fastTimer = node.createTimer(100, () => void fast.push(scheduler.now()));
    node.createTimer(250, () => void slow.push(scheduler.now()));
    advanceTo(scheduler, 500);
    assert.deepEqual(fast, [100, 200, 300, 400, 500]);
    assert.deepEqual(slow, [250, 500]);
    fastTimer.cancel();
    advanceTo(scheduler, 1000);
    assert.deepEqual(fast, [100, 200, 300, 400, 500]);
    assert.deepEqual(slow, [250, 500, 750, 1000]);
  });

  it("takes now() from the scheduler's clock", () => {
    const scheduler = new VirtualTimeScheduler();
    const node = recordingRuntime({ scheduler }).runtime.createNode("n");
    node.createTimer(1500, () => {});
    advanceTo(scheduler, 1500);
    assert.deepEqual(node.now(), { sec: 1, nanosec: 500_000_000 });
  });

  it("delivers messages published from a timer within the same virtual frame", () => {
    const scheduler = new VirtualTimeScheduler();
    const { runtime } = recordingRuntime({ scheduler, deliveryScheduler: scheduler });
    const node = runtime.createNode("n");
    const received: number[] = [];
    node.createSubscription("std_msgs/msg/String", "tick", QosPresets.default, () => void received.push(scheduler.now()));
    const pub = node.createPublisher("std_msgs/msg/String", "tick");
    node.createTimer(40, () => pub.publish({ data: "t" }));
    advanceTo(scheduler, 120);
    assert.deepEqual(received, [40, 80, 120]);
  });

  it("times a service call out on virtual time", async () => {
    const scheduler = new VirtualTimeScheduler();
    const { runtime } = recordingRuntime({ scheduler });
    const node = runtime.createNode("n");
    node.createService("std_srvs/srv/Trigger", "slow", () => new Promise(() => {}));
    const call = node.createClient("std_srvs/srv/Trigger", "slow").call({}, { timeoutMs: 5000 });
    let outcome = "pending";
    call.catch((e: Error) => void (outcome = e.message));
    await new Promise<void>((resolve) => setImmediate(resolve));
    advanceTo(scheduler, 4999);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(outcome, "pending");
    advanceTo(scheduler, 5000);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(outcome, 'service "/slow" did not respond within 5000 ms');
  });

  it("logs a throwing timer callback and keeps the timer running", () => {
    const scheduler = new VirtualTimeScheduler();
    const { runtime, logs } = recordingRuntime({ scheduler });
    let ticks = 0;
    runtime.createNode("n").createTimer(10, () => {
      ticks++;
      throw new Error("sensor gone");
    });
    advanceTo(scheduler, 30);
    assert.equal(ticks, 3);
    assert.match(logs[0]!.message, /timer callback \(period 10 ms\) threw: sensor gone/);
  });
});
