import assert from "node:assert/strict";
import { boxArea, boxFromCenter, clampBox, iou, type Box } from "../../../src/core/vision/detection.ts";

const box = (x1: number, y1: number, x2: number, y2: number): Box => ({ x1, y1, x2, y2 });

describe("iou", () => {
  const CASES: { name: string; a: Box; b: Box; expected: number }[] = [
    { name: "identical boxes", a: box(0, 0, 10, 10), b: box(0, 0, 10, 10), expected: 1 },
    { name: "touching edges", a: box(0, 0, 10, 10), b: box(10, 0, 20, 10), expected: 0 },
    { name: "disjoint", a: box(0, 0, 1, 1), b: box(5, 5, 6, 6), expected: 0 },
    { name: "apart in x, level in y", a: box(0, 0, 1, 1), b: box(2, 0, 3, 1), expected: 0 },
    { name: "apart in y, level in x", a: box(0, 0, 1, 1), b: box(0, 2, 1, 3), expected: 0 },
    { name: "half overlap", a: box(0, 0, 10, 10), b: box(5, 0, 15, 10), expected: 50 / 150 },
    { name: "contained", a: box(0, 0, 10, 10), b: box(2, 2, 7, 7), expected: 25 / 100 },
    { name: "zero-area box", a: box(3, 3, 3, 3), b: box(0, 0, 10, 10), expected: 0 },
    { name: "two zero-area boxes", a: box(3, 3, 3, 3), b: box(3, 3, 3, 3), expected: 0 },
  ];
  for (const { name, a, b, expected } of CASES) {
    it(`${name} → ${expected.toFixed(3)} (both orders)`, () => {
      assert.ok(Math.abs(iou(a, b) - expected) < 1e-12);
      assert.ok(Math.abs(iou(b, a) - expected) < 1e-12);
    });
  }

  it("helpers: centre form, area of inverted boxes, clamping", () => {
    assert.deepEqual(boxFromCenter(10, 20, 4, 6), box(8, 17, 12, 23));
    assert.equal(boxArea(box(5, 5, 2, 9)), 0);
    assert.deepEqual(clampBox(box(-3, 2, 700, 900), 640, 480), box(0, 2, 640, 480));
  });
});
