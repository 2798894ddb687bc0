import assert from "node:assert/strict";
import { SeededRandom } from "../../../src/core/synthetic/seeded-random.ts";

describe("SeededRandom", () => {
  it("gives mulberry32's sequence for a seed, so scenes are the same on every platform", () => {
    const r = new SeededRandom(42);
    assert.deepEqual([r.next(), r.next(), r.next()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it("truncates the seed and takes it modulo 2^32; rejects non-finite seeds", () => {
    assert.equal(new SeededRandom(-7.9).next(), new SeededRandom(2 ** 32 - 7).next());
    assert.equal(new SeededRandom(42.9).next(), 0.6011037519201636);
    for (const seed of [Number.NaN, Number.POSITIVE_INFINITY])
      assert.throws(() => new SeededRandom(seed), /seed must be a finite number, got/);
  });

  it("draws integers in an inclusive range and rejects an empty range", () => {
    const r = new SeededRandom(1);
    assert.deepEqual(
      Array.from({ length: 10 }, () => r.int(3, 5)),
      [4, 3, 4, 5, 5, 3, 4, 5, 4, 5],
    );
    assert.equal(new SeededRandom(9).int(7, 7), 7);
    assert.throws(() => r.int(5, 4), /empty integer range \[5, 4\]/);
    const many = new SeededRandom(3);
    const seen = new Set(Array.from({ length: 300 }, () => many.int(0, 2)));
    assert.deepEqual([...seen].sort(), [0, 1, 2], "both ends of the range are reached");
  });

  it("permutes 0..n-1", () => {
    assert.deepEqual(new SeededRandom(5).permutation(8), [4, 2, 6, 0, 3, 1, 7, 5]);
    assert.deepEqual(new SeededRandom(5).permutation(1), [0]);
    assert.deepEqual(new SeededRandom(5).permutation(0), []);
  });
});
