import assert from "node:assert/strict";
import { interval, take } from "rxjs";
import { VirtualClock } from "../../../src/core/scheduling/virtual-clock.ts";
import { SampleWindow, nearestRank } from "../../../src/core/scheduling/sample-window.ts";

describe("VirtualClock", () => {
  it("fires timers in time order (ties in order set), settles promises in between, and drives RxJS interval", async () => {
    const clock = new VirtualClock(1000);
    const seen: string[] = [];
    clock.schedule(() => seen.push(`b@${clock.now()}`), 20);
    clock.schedule(() => seen.push(`a@${clock.now()}`), 10);
    clock.schedule(() => seen.push(`a2@${clock.now()}`), 10);
    clock.schedule(() => void Promise.resolve().then(() => seen.push(`micro@${clock.now()}`)), 15);
    interval(7, clock)
      .pipe(take(2))
      .subscribe((i) => seen.push(`i${i}@${clock.now()}`));
    const cancelled = clock.schedule(() => seen.push("never"), 5);
    cancelled.unsubscribe();
    await clock.advanceBy(30);
    assert.deepEqual(seen, ["i0@1007", "a@1010", "a2@1010", "i1@1014", "micro@1015", "b@1020"]);
    assert.equal(clock.nowMs(), 1030);
    assert.equal(clock.pendingTimers, 0);
    await assert.rejects(clock.advanceTo(0), /time cannot go backwards/);
  });
});

describe("SampleWindow", () => {
  it("keeps only the newest samples and reports nearest-rank percentiles", () => {
    const w = new SampleWindow(100);
    for (let i = 1; i <= 150; i++) w.add(i);
    const p = w.percentiles();
    assert.deepEqual(p, { count: 100, p50: 100, p90: 140, p99: 149, max: 150 });
    assert.equal(nearestRank([], 0.5), 0);
    assert.equal(nearestRank([7], 0.99), 7);
  });
});

describe("VirtualClock actions (RxJS scheduler semantics)", () => {
  it("an action that ran without rescheduling is closed; one that rescheduled stays open until it stops", async () => {
    const clock = new VirtualClock();
    const once = clock.schedule(() => undefined, 5);
    let runs = 0;
    const repeating = clock.schedule(function (this: { schedule(state?: unknown, delay?: number): unknown }) {
      runs++;
      if (runs < 3) this.schedule(undefined, 5);
    }, 5);
    await clock.advanceBy(5);
    assert.deepEqual([once.closed, repeating.closed, runs], [true, false, 1]);
    await clock.advanceBy(10);
    assert.deepEqual([repeating.closed, runs, clock.pendingTimers], [true, 3, 0]);
  });

  it("a closed action ignores schedule", async () => {
    const clock = new VirtualClock();
    let runs = 0;
    const action = clock.schedule(() => runs++, 5) as unknown as {
      unsubscribe(): void;
      schedule(state?: unknown, delay?: number): unknown;
    };
    action.unsubscribe();
    action.schedule(undefined, 1);
    assert.equal(clock.pendingTimers, 0);
    await clock.advanceBy(10);
    assert.equal(runs, 0);
  });

  it("rescheduling before the due time moves the timer instead of adding one", async () => {
    const clock = new VirtualClock();
    const at: number[] = [];
    const action = clock.schedule(() => at.push(clock.now()), 50) as unknown as { schedule(state?: unknown, delay?: number): unknown };
    action.schedule(undefined, 10);
    assert.equal(clock.pendingTimers, 1);
    await clock.advanceBy(100);
    assert.deepEqual(at, [10]);
  });
});
