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
