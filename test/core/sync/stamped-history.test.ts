import assert from "node:assert/strict";
import { StampedHistory } from "../../../src/core/sync/stamped-history.ts";

const at = (ms: number) => ({ sec: Math.floor(ms / 1000) + 1_700_000_000, nanosec: (ms % 1000) * 1e6 });

describe("core/sync/StampedHistory", () => {
  const history = new StampedHistory<string>(3);
  for (const ms of [0, 100, 200, 300]) history.add(`m${ms}`, at(ms));

  const cases: Array<[number, number, string | undefined]> = [
    [300, 0, "m300"],
    [290, 20, "m300"],
    [240, 50, "m200"],
    [250, 50, "m300"],
    [150, 10, undefined],
    [0, 10, undefined], // dropped: only the last 3 are kept
    [100, 0, "m100"],
  ];
  for (const [ms, tolerance, expected] of cases) {
    it(`finds ${expected ?? "nothing"} nearest to ${ms} ms within ${tolerance} ms`, () => {
      assert.equal(history.nearest(at(ms), tolerance), expected);
    });
  }

  it("keeps at most its capacity and refuses a capacity below 1", () => {
    assert.equal(history.size, 3);
    assert.throws(() => new StampedHistory(0), /capacity 0 must be an integer ≥ 1/);
  });
});
