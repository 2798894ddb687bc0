import assert from "node:assert/strict";
import type { DepthView } from "../../../src/core/fusion/depth-image.ts";
import { DepthSampler, type RobustDepth, type RobustDepthOptions } from "../../../src/core/fusion/robust-depth.ts";

/** A 32FC1 view of metres given row by row; `padding` extra elements at the end of each row hold 99 m (never sampled). */
function viewOf(rows: readonly (readonly number[])[], padding = 0): DepthView {
  const width = rows[0]!.length;
  const stride = width + padding;
  const values = new Float32Array(stride * rows.length).fill(99);
  rows.forEach((row, y) => values.set(row, y * stride));
  return { width, height: rows.length, encoding: "32FC1", values, stride, scale: 1 };
}

/** 10 × 4, every pixel its own depth: 1 + x + 10·y m (row 0: 1…10, row 3: 31…40). */
const grid = viewOf(Array.from({ length: 4 }, (_, y) => Array.from({ length: 10 }, (_, x) => 1 + x + 10 * y)));

const ALL: RobustDepthOptions = { innerFraction: 1, minValidFraction: 0 };

function box(x1: number, y1: number, x2: number, y2: number) {
  return { x1, y1, x2, y2 };
}

function sample(view: DepthView, b: ReturnType<typeof box>, options: RobustDepthOptions = ALL): RobustDepth {
  return new DepthSampler().sample(view, b, options);
}

/** The median, 10th and 90th percentiles of the depths 1 + x + 10·y over the given columns and rows, by sorting them. */
function statsOf(columns: readonly number[], rows: readonly number[]) {
  const values = rows.flatMap((y) => columns.map((x) => 1 + x + 10 * y)).sort((a, b) => a - b);
  const quantile = (q: number) => {
    const at = q * (values.length - 1);
    const lo = Math.floor(at);
    return lo + 1 < values.length ? values[lo]! + (values[lo + 1]! - values[lo]!) * (at - lo) : values[lo]!;
  };
  return { depth: quantile(0.5), near: quantile(0.1), far: quantile(0.9), valid: values.length, sampled: values.length };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe("core/fusion/robust-depth", () => {
  describe("samples the pixels whose centre lies inside the inner box", () => {
    const cases = [
      // Pixel i spans [i, i + 1), centre i + 0.5.
      { name: "a box on pixel edges", box: box(2, 1, 8, 3), options: ALL, columns: range(2, 7), rows: [1, 2] },
      { name: "a box between pixel centres", box: box(2.4, 0.6, 7.6, 3.4), options: ALL, columns: range(2, 7), rows: [1, 2] },
      { name: "a box just over pixel centres", box: box(1.5, 0.5, 7.5, 3.5), options: ALL, columns: range(1, 7), rows: [0, 1, 2, 3] },
      { name: "one pixel column and row", box: box(3, 1, 4, 2), options: ALL, columns: [3], rows: [1] },
      // Inner half of an 8 × 4 box centred at (5, 2): [3, 7) × [1, 3).
      {
        name: "the inner half of a box",
        box: box(1, 0, 9, 4),
        options: { innerFraction: 0.5, minValidFraction: 0 },
        columns: range(3, 6),
        rows: [1, 2],
      },
      { name: "a box over the left and top edges", box: box(-3, -2, 2, 2), options: ALL, columns: [0, 1], rows: [0, 1] },
      { name: "a box over the right and bottom edges", box: box(7, 2, 14, 9), options: ALL, columns: [7, 8, 9], rows: [2, 3] },
      { name: "a box over the whole image", box: box(-5, -5, 15, 15), options: ALL, columns: range(0, 9), rows: range(0, 3) },
    ];
    for (const c of cases) {
      it(c.name, () => {
        assert.deepEqual(sample(grid, c.box, c.options), { ok: true, ...statsOf(c.columns, c.rows) });
      });
    }
  });

  describe("a box narrower than a pixel samples the pixel under its centre", () => {
    const cases = [
      { name: "inside the image", box: box(4.2, 1.3, 4.4, 1.45), pixel: [4, 1] },
      { name: "narrow only in x", box: box(6.1, 1, 6.3, 3), pixel: [6, 1], rows: [1, 2] },
      { name: "narrow only in y", box: box(2, 2.6, 4, 2.7), pixel: [2, 2], columns: [2, 3] },
      { name: "centred on the left edge", box: box(-0.1, 2.2, 0.1, 2.3), pixel: [0, 2] },
      { name: "centred on the top edge", box: box(5.1, -0.1, 5.2, 0.1), pixel: [5, 0] },
      { name: "at the last column and row", box: box(9.8, 3.8, 9.9, 3.9), pixel: [9, 3] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const [x, y] = c.pixel as [number, number];
        assert.deepEqual(sample(grid, c.box), { ok: true, ...statsOf(c.columns ?? [x], c.rows ?? [y]) });
      });
    }
  });

  describe("reports a box with no pixel of the depth image as outside it", () => {
    const cases = [
      { name: "narrow, centred left of the image", box: box(-0.6, 1.2, -0.4, 1.3) },
      { name: "narrow, centred on the right edge", box: box(9.9, 1.2, 10.1, 1.3) },
      { name: "narrow, centred right of the image", box: box(10.2, 1.2, 10.4, 1.3) },
      { name: "narrow, centred above the image", box: box(4.2, -0.6, 4.3, -0.4) },
      { name: "narrow, centred on the bottom edge", box: box(4.2, 3.9, 4.3, 4.1) },
      { name: "narrow, centred below the image", box: box(4.2, 4.4, 4.3, 4.6) },
      { name: "wide, below the image", box: box(2, 6, 8, 9) },
      { name: "wide, right of the image", box: box(12, 1, 15, 3) },
      { name: "wide, left of and above the image", box: box(-8, -9, -2, -3) },
    ];
    for (const c of cases) {
      it(c.name, () => {
        assert.deepEqual(sample(grid, c.box), { ok: false, reason: "outside_depth_image", valid: 0, sampled: 0 });
      });
    }
  });

  it("ignores the padding at the end of each row", () => {
    const tight = viewOf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const withPadding = viewOf(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      5,
    );
    const whole = box(-1, -1, 4, 3);
    assert.deepEqual(sample(withPadding, whole), sample(tight, whole));
    assert.deepEqual(sample(withPadding, whole), { ok: true, depth: 3.5, near: 1.5, far: 5.5, valid: 6, sampled: 6 });
  });

  describe("takes the median and the 10th and 90th percentiles of the valid depths", () => {
    const cases = [
      // 11 values: the quantiles fall on values 1, 5 and 9 of the sorted list.
      { name: "11 values out of order", rows: [[7, 3, 10, 1, 9, 5, 11, 2, 8, 4, 6]], depth: 6, near: 2, far: 10 },
      // 4 values: at 0.3, 1.5 and 2.7 between sorted neighbours.
      { name: "an even count (the middle two's mean)", rows: [[4, 1, 3, 2]], depth: 2.5, near: 1 + 0.1 * 3, far: 3 + (0.9 * 3 - 2) },
      {
        name: "two rows out of order",
        rows: [
          [8, 2],
          [6, 4],
        ],
        depth: 5,
        near: 2 + 2 * (0.1 * 3),
        far: 6 + 2 * (0.9 * 3 - 2),
      },
      { name: "one value", rows: [[2.5]], depth: 2.5, near: 2.5, far: 2.5 },
      { name: "all the same", rows: [[3, 3, 3]], depth: 3, near: 3, far: 3 },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const result = sample(viewOf(c.rows), box(-1, -1, 20, 20));
        assert.equal(result.ok, true);
        if (!result.ok) return;
        assert.equal(result.depth, c.depth);
        assert.ok(Math.abs(result.near - c.near) < 1e-12, `near ${result.near}, expected ${c.near}`);
        assert.ok(Math.abs(result.far - c.far) < 1e-12, `far ${result.far}, expected ${c.far}`);
      });
    }
  });

  describe("skips pixels with no measurement", () => {
    const cases = [
      { name: "NaN", hole: NaN },
      { name: "0", hole: 0 },
      { name: "+∞", hole: Infinity },
      { name: "-∞", hole: -Infinity },
      { name: "negative", hole: -2 },
    ];
    for (const c of cases) {
      it(`${c.name} pixels`, () => {
        const h = c.hole;
        const view = viewOf([
          [h, 1, h, 3],
          [2, h, h, 4],
          [h, 5, 6, h],
        ]);
        // Valid: 1, 2, 3, 4, 5, 6; median 3.5, near 1 + 0.5, far 5 + 0.5.
        assert.deepEqual(sample(view, box(0, 0, 4, 3), { innerFraction: 1, minValidFraction: 0.5 }), {
          ok: true,
          depth: 3.5,
          near: 1.5,
          far: 5.5,
          valid: 6,
          sampled: 12,
        });
      });
    }
  });

  describe("refuses a box with too few valid pixels", () => {
    const holes = viewOf([
      [NaN, 2, NaN, 4],
      [2, NaN, NaN, 4],
    ]);
    const cases = [
      { name: "4 of 8 valid, half required: enough", view: holes, minValidFraction: 0.5, ok: true },
      { name: "4 of 8 valid, more than half required", view: holes, minValidFraction: 0.51, ok: false },
      { name: "none valid, none required", view: viewOf([[NaN, 0, -1, Infinity]]), minValidFraction: 0, ok: false },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const result = sample(c.view, box(0, 0, 4, 2), { innerFraction: 1, minValidFraction: c.minValidFraction });
        if (c.ok) assert.deepEqual(result, { ok: true, depth: 3, near: 2, far: 4, valid: 4, sampled: 8 });
        else
          assert.deepEqual(result, {
            ok: false,
            reason: "too_few_valid",
            valid: c.view === holes ? 4 : 0,
            sampled: c.view === holes ? 8 : 4,
          });
      });
    }
  });

  it("samples boxes of more pixels than it first holds, and smaller ones after them", () => {
    // 100 × 60: the first 30 rows at 1 m, the last 30 at 5 m. The median lies between the two halves.
    const rows = Array.from({ length: 60 }, (_, y) => new Array<number>(100).fill(y < 30 ? 1 : 5));
    const view = viewOf(rows);
    const sampler = new DepthSampler();
    assert.deepEqual(sampler.sample(view, box(0, 0, 100, 60), ALL), { ok: true, depth: 3, near: 1, far: 5, valid: 6000, sampled: 6000 });
    assert.deepEqual(sampler.sample(view, box(0, 28, 2, 32), ALL), { ok: true, depth: 3, near: 1, far: 5, valid: 8, sampled: 8 });
    assert.deepEqual(sampler.sample(grid, box(2, 1, 8, 3), ALL), { ok: true, ...statsOf(range(2, 7), [1, 2]) });
  });
});
