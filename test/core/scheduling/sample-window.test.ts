import assert from "node:assert/strict";
import { emptyPercentiles, nearestRank, SampleWindow } from "../../../src/core/scheduling/sample-window.ts";

describe("SampleWindow", () => {
  for (const capacity of [0, -1, 1.5, Number.NaN]) {
    it(`rejects capacity ${capacity}`, () =>
      assert.throws(() => new SampleWindow(capacity), {
        message: `SampleWindow: capacity must be a positive integer, got ${capacity}`,
      }));
  }

  it("keeps only the last `capacity` samples, even a capacity of one", () => {
    const one = new SampleWindow(1);
    one.add(5);
    one.add(7);
    assert.deepEqual(one.percentiles(), { count: 1, p50: 7, p90: 7, p99: 7, max: 7 });
    const three = new SampleWindow(3);
    for (const v of [100, 1, 2, 3]) three.add(v);
    assert.deepEqual(three.percentiles(), { count: 3, p50: 2, p90: 3, p99: 3, max: 3 });
  });

  it("reports zeros before any sample", () => assert.deepEqual(new SampleWindow(4).percentiles(), emptyPercentiles));
});

describe("nearestRank", () => {
  const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const cases: Array<[number, number]> = [
    [0, 1],
    [0.5, 5],
    [0.51, 6],
    [0.9, 9],
    [0.99, 10],
    [1, 10],
  ];
  for (const [q, value] of cases) {
    it(`q=${q} of 1..10 is ${value}`, () => assert.equal(nearestRank(sorted, q), value));
  }
  it("is 0 for no samples", () => assert.equal(nearestRank([], 0.5), 0));
});
