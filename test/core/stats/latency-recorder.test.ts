import assert from "node:assert/strict";
import { LatencyRecorder, quantile } from "../../../src/core/stats/latency-recorder.ts";

describe("LatencyRecorder", () => {
  it("summarises nothing as zeros", () => {
    assert.deepEqual(new LatencyRecorder().summary(), { count: 0, meanMs: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
  });

  it("gives count, mean, nearest-rank p50/p99 and max, sorting numerically", () => {
    const r = new LatencyRecorder(8);
    for (const ms of [5, 1, 30, 3]) r.record(ms);
    assert.deepEqual(r.summary(), { count: 4, meanMs: 39 / 4, p50Ms: 3, p99Ms: 30, maxMs: 30 });
  });

  it("keeps only the newest `capacity` samples for quantiles but counts, averages and maxes all", () => {
    const r = new LatencyRecorder(2);
    for (const ms of [50, 1, 2, 40]) r.record(ms);
    // The ring holds 2 and 40 (50 and 1 were overwritten).
    assert.deepEqual(r.summary(), { count: 4, meanMs: 93 / 4, p50Ms: 2, p99Ms: 40, maxMs: 50 });
  });
});

describe("quantile", () => {
  it("is 0 for no samples and clamps the rank to the array", () => {
    assert.equal(quantile([], 0.5), 0);
    const sorted = [10, 20, 30, 40];
    assert.equal(quantile(sorted, 0), 10);
    assert.equal(quantile(sorted, 0.25), 10);
    assert.equal(quantile(sorted, 0.26), 20);
    assert.equal(quantile(sorted, 0.5), 20);
    assert.equal(quantile(sorted, 1), 40);
    assert.equal(quantile(sorted, 2), 40);
    assert.equal(quantile(sorted, -1), 10);
  });
});
