import assert from "node:assert/strict";
import { SeededRandom } from "../../../src/core/synthetic/seeded-random.ts";
import { assignMinimumCost } from "../../../src/core/tracking/assignment.ts";

/** Every partial matching by brute force: the least of Σ cost(pairs) + limit × unmatched pairs of (row, column). */
function bruteForce(cost: number[][], limit: number): number {
  const rows = cost.length;
  const cols = cost[0]?.length ?? 0;
  let best = Infinity;
  const usedCols = new Array<boolean>(cols).fill(false);
  const walk = (r: number, total: number, matched: number): void => {
    if (r === rows) {
      best = Math.min(best, total + (limit / 2) * (rows - matched + cols - matched));
      return;
    }
    walk(r + 1, total, matched);
    for (let c = 0; c < cols; c++) {
      const x = cost[r]![c]!;
      if (usedCols[c] || !(x < limit)) continue;
      usedCols[c] = true;
      walk(r + 1, total + x, matched + 1);
      usedCols[c] = false;
    }
  };
  walk(0, 0, 0);
  return best;
}

function totalOf(cost: number[][], limit: number, result: ReturnType<typeof assignMinimumCost>): number {
  return (
    result.pairs.reduce((s, [r, c]) => s + cost[r]![c]!, 0) + (limit / 2) * (result.unmatchedRows.length + result.unmatchedColumns.length)
  );
}

describe("core/tracking/assignment", () => {
  const cases: Array<{ name: string; cost: number[][]; limit: number; pairs: Array<[number, number]> }> = [
    {
      name: "the diagonal",
      cost: [
        [0.1, 0.9],
        [0.9, 0.1],
      ],
      limit: 0.8,
      pairs: [
        [0, 0],
        [1, 1],
      ],
    },
    // Greedy takes (0, 0) at 0.1 first and leaves (1, 1) at 0.75; the optimum is the cross at 0.25 + 0.25.
    {
      name: "where greedy would take the single best pair",
      cost: [
        [0.1, 0.25],
        [0.25, 0.75],
      ],
      limit: 0.8,
      pairs: [
        [0, 1],
        [1, 0],
      ],
    },
    { name: "more rows than columns", cost: [[0.5], [0.2], [0.7]], limit: 0.8, pairs: [[1, 0]] },
    { name: "more columns than rows", cost: [[0.6, 0.3, Infinity]], limit: 0.8, pairs: [[0, 1]] },
    {
      name: "nothing allowed",
      cost: [
        [Infinity, 0.9],
        [0.95, Infinity],
      ],
      limit: 0.8,
      pairs: [],
    },
    // Two mediocre pairs (0.7 + 0.7) cost more than one good pair and two left alone (0.1 + 0.8).
    {
      name: "one good pair rather than two mediocre ones",
      cost: [
        [0.1, 0.7],
        [0.7, Infinity],
      ],
      limit: 0.8,
      pairs: [[0, 0]],
    },
    // A pair needs a cost strictly below the limit: at the limit it is no cheaper than leaving both alone.
    { name: "a cost exactly at the limit", cost: [[0.8]], limit: 0.8, pairs: [] },
    { name: "a cost exactly at a zero limit", cost: [[0]], limit: 0, pairs: [] },
    {
      name: "costs at the limit beside one below it",
      cost: [
        [0.8, 0.79],
        [0, 0.8],
      ],
      limit: 0.8,
      pairs: [
        [0, 1],
        [1, 0],
      ],
    },
    { name: "negative costs under a negative limit", cost: [[-2, -1, -0.5]], limit: -1, pairs: [[0, 0]] },
    { name: "a NaN cost is forbidden", cost: [[NaN, 0.3]], limit: 0.8, pairs: [[0, 1]] },
    // The only allowed pair costs far more than the limit's half; a forbidden one must still never win.
    { name: "one allowed pair at 60 under a limit of 100", cost: [[Infinity, 60]], limit: 100, pairs: [[0, 1]] },
    { name: "one allowed pair at 0.7 under a limit of 0.8", cost: [[Infinity, 0.7]], limit: 0.8, pairs: [[0, 1]] },
    { name: "a huge forbidden cost beside a free pair", cost: [[60, 0]], limit: 0.8, pairs: [[0, 1]] },
    {
      name: "an anti-diagonal under a large limit",
      cost: [
        [Infinity, 90],
        [0, Infinity],
      ],
      limit: 100,
      pairs: [
        [0, 1],
        [1, 0],
      ],
    },
    { name: "a cost of −∞ is forbidden, not the cheapest", cost: [[-Infinity, 0.3]], limit: 0.8, pairs: [[0, 1]] },
    // Ties go to the lowest indices: the first row takes the first column it ties on.
    { name: "two rows tied for one column", cost: [[90], [90]], limit: 100, pairs: [[0, 0]] },
    { name: "one row tied between two columns", cost: [[0.5, 0.5]], limit: 0.8, pairs: [[0, 0]] },
    {
      name: "three rows tied for two columns",
      cost: [
        [0.2, 0.2],
        [0.2, 0.2],
        [0.2, 0.2],
      ],
      limit: 0.8,
      pairs: [
        [0, 0],
        [1, 1],
      ],
    },
  ];
  for (const c of cases) {
    it(`finds the optimum: ${c.name}`, () => {
      const result = assignMinimumCost(c.cost, c.limit);
      assert.deepEqual(result.pairs, c.pairs);
      const rowsMatched = new Set(c.pairs.map(([r]) => r));
      const colsMatched = new Set(c.pairs.map(([, col]) => col));
      assert.deepEqual(
        result.unmatchedRows,
        c.cost.map((_, r) => r).filter((r) => !rowsMatched.has(r)),
      );
      assert.deepEqual(
        result.unmatchedColumns,
        (c.cost[0] ?? []).map((_, col) => col).filter((col) => !colsMatched.has(col)),
      );
    });
  }

  it("handles empty sides", () => {
    assert.deepEqual(assignMinimumCost([], 1), { pairs: [], unmatchedRows: [], unmatchedColumns: [] });
    assert.deepEqual(assignMinimumCost([], 1, 3), { pairs: [], unmatchedRows: [], unmatchedColumns: [0, 1, 2] });
    assert.deepEqual(assignMinimumCost([[], []], 1), { pairs: [], unmatchedRows: [0, 1], unmatchedColumns: [] });
  });

  it("matches brute force on 300 random matrices up to 5 × 5 with forbidden pairs", () => {
    const random = new SeededRandom(7);
    for (let trial = 0; trial < 300; trial++) {
      const rows = random.int(1, 5);
      const cols = random.int(1, 5);
      const cost = Array.from({ length: rows }, () => Array.from({ length: cols }, () => (random.next() < 0.2 ? Infinity : random.next())));
      const limit = 0.3 + random.next() * 0.7;
      const result = assignMinimumCost(cost, limit);
      const got = totalOf(cost, limit, result);
      assert.ok(
        Math.abs(got - bruteForce(cost, limit)) < 1e-9,
        `trial ${trial}: ${got} vs ${bruteForce(cost, limit)} for ${JSON.stringify(cost)}`,
      );
      for (const [r, c] of result.pairs) assert.ok(cost[r]![c]! < limit);
    }
  });
});
