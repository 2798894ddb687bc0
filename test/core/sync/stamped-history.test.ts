import assert from "node:assert/strict";
import { StampedHistory } from "../../../src/core/sync/stamped-history.ts";

const at = (ms: number) => ({ sec: Math.floor(ms / 1000) + 1_700_000_000, nanosec: (ms % 1000) * 1e6 });

describe("core/sync/StampedHistory", () => {
  const filled = () => {
    const history = new StampedHistory<string>(3);
    for (const ms of [0, 100, 200, 300]) history.add(`m${ms}`, at(ms));
    return history;
  };

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
      assert.equal(filled().nearest(at(ms), tolerance), expected);
    });
  }

  it("picks the nearest stamp, not the last one within tolerance", () => {
    const h = new StampedHistory<string>(4);
    for (const ms of [0, 10, 50]) h.add(`m${ms}`, at(ms));
    assert.equal(h.nearest(at(12), 100), "m10");
    assert.equal(h.nearest(at(45), 100), "m50");
    assert.equal(h.nearest(at(5), 100), "m10", "the newer one on a tie");
  });

  it("with capacity 1 keeps only the latest, and after clear finds nothing", () => {
    const h = new StampedHistory<string>(1);
    h.add("a", at(0));
    h.add("b", at(100));
    assert.equal(h.size, 1);
    assert.equal(h.nearest(at(0), 1000), "b");
    h.clear();
    assert.equal(h.size, 0);
    assert.equal(h.nearest(at(100), 1000), undefined);
  });

  it("refuses a capacity that is not a whole number", () => {
    for (const bad of [1.5, Number.NaN, -2])
      assert.throws(() => new StampedHistory(bad), /stamped history: capacity .* must be an integer ≥ 1/);
    assert.equal(new StampedHistory().size, 0);
  });

  it("keeps at most its capacity and refuses a capacity below 1", () => {
    assert.equal(filled().size, 3);
    assert.throws(() => new StampedHistory(0), /capacity 0 must be an integer ≥ 1/);
  });
});
