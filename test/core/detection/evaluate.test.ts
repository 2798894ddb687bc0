import assert from "node:assert/strict";
import { combineEvaluations, evaluateFrame } from "../../../src/core/detection/evaluate.ts";

const box = (x1: number, y1: number, x2: number, y2: number) => ({ x1, y1, x2, y2 });

describe("evaluateFrame", () => {
  it("matches by class and IoU and counts false positives", () => {
    const truth = [
      { box: box(0, 0, 10, 10), label: "a" },
      { box: box(20, 20, 30, 30), label: "b" },
    ];
    const detections = [
      { box: box(0, 0, 10, 9), label: "a" },
      { box: box(20, 20, 30, 30), label: "a" },
      { box: box(50, 50, 60, 60), label: "b" },
    ];
    const result = evaluateFrame(truth, detections);
    assert.equal(result.matched, 1);
    assert.equal(result.falsePositives, 2);
    assert.ok(Math.abs(result.minIou - 0.9) < 1e-9);
  });

  it("uses each detection once", () => {
    const truth = [
      { box: box(0, 0, 10, 10), label: "a" },
      { box: box(0, 0, 10, 10), label: "a" },
    ];
    const result = evaluateFrame(truth, [{ box: box(0, 0, 10, 10), label: "a" }]);
    assert.equal(result.matched, 1);
    assert.equal(result.falsePositives, 0);
  });

  it("combines frames", () => {
    const all = combineEvaluations([
      { objects: 2, matched: 2, falsePositives: 0, minIou: 0.95 },
      { objects: 1, matched: 0, falsePositives: 1, minIou: 1 },
    ]);
    assert.deepEqual(all, { frames: 2, objects: 3, matched: 2, falsePositives: 1, minIou: 0.95 });
  });

  it("matches a detection whose IoU is exactly the threshold", () => {
    // Half the truth box: IoU 50 / 100 = 0.5.
    const result = evaluateFrame([{ label: "cup", box: box(0, 0, 10, 10) }], [{ label: "cup", box: box(0, 0, 10, 5) }], 0.5);
    assert.deepEqual(result, { objects: 1, matched: 1, falsePositives: 0, minIou: 0.5 });
  });
});
