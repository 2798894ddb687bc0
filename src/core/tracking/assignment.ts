/**
 * Minimum-cost assignment between rows and columns (the Hungarian method with potentials on the
 * (rows + cols)² matrix that lets either side stay unmatched), with forbidden pairs. Optimal rather than greedy: when two objects cross,
 * greedy-by-IoU takes the single best overlap first and can hand both remaining boxes to the
 * wrong tracks, while the optimum maximises the overlap of the whole frame (as ByteTrack does
 * with its linear assignment). The cost at 50 objects is the
 * bench's tracker_us_per_object.
 */

/**
 * A pair is forbidden where its cost is not finite or not below `costLimit` (e.g. different
 * classes, or IoU below the gate). Leaving a row and a column unmatched costs `costLimit` together
 * (lapjv's `cost_limit`, which ByteTrack uses), so a pair is only made when it is cheaper than
 * leaving both unmatched: never two mediocre pairs in place of one good one.
 */
export interface AssignmentResult {
  /** [row, column] pairs, rows ascending. */
  readonly pairs: ReadonlyArray<readonly [number, number]>;
  readonly unmatchedRows: readonly number[];
  readonly unmatchedColumns: readonly number[];
}

/** `cost[r][c]`; every row has `columns` entries (needed when there are no rows). */
export function assignMinimumCost(cost: readonly (readonly number[])[], costLimit: number, columns?: number): AssignmentResult {
  const rows = cost.length;
  const cols = columns ?? cost[0]?.length ?? 0;
  const allowed = (c: number): boolean => Number.isFinite(c) && c < costLimit;
  // Square of rows + cols: each row may take a dummy column and each column a dummy row at half the limit.
  const n = rows + cols;
  const m = n;
  const half = costLimit / 2;
  // Any cost above the limit keeps forbidden pairs out of the optimum: a solution with one also has a
  // dummy–dummy pair (cost 0), and trading the two for two unmatched sides costs half + half = costLimit.
  // (2|limit| + 1 rather than limit + 1, which rounds back to the limit from 2⁵³ on.)
  const forbidden = 2 * Math.abs(costLimit) + 1;
  const at = (i: number, j: number): number => {
    if (i < rows) {
      if (j >= cols) return half;
      const c = cost[i]![j]!;
      return allowed(c) ? c : forbidden;
    }
    return j < cols ? half : 0;
  };
  // 1-based arrays as in the classic formulation; column 0 is the virtual start.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j] === 1) continue;
        const cur = at(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j] === 1) {
          const row = p[j]!;
          u[row] = u[row]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const pairs: Array<readonly [number, number]> = [];
  const rowMatched = new Uint8Array(rows);
  const colMatched = new Uint8Array(cols);
  // Every column is held by a row; a real column held by a real row is a pair (never a forbidden one, see above).
  for (let c = 0; c < cols; c++) {
    const r = p[c + 1]! - 1;
    if (r >= rows) continue;
    pairs.push([r, c]);
    rowMatched[r] = 1;
    colMatched[c] = 1;
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return {
    pairs,
    unmatchedRows: range(rows).filter((r) => rowMatched[r] === 0),
    unmatchedColumns: range(cols).filter((c) => colMatched[c] === 0),
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
