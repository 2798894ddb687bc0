import assert from "node:assert/strict";
import type { Detection } from "../../../src/core/vision/detection.ts";
import { classWiseNms } from "../../../src/core/vision/nms.ts";

const det = (x1: number, y1: number, x2: number, y2: number, score: number, classIndex = 0): Detection => ({
  box: { x1, y1, x2, y2 },
  score,
  classIndex,
});

describe("classWiseNms", () => {
  const CASES: { name: string; input: Detection[]; iou: number; max?: number; kept: number[] }[] = [
    { name: "empty input", input: [], iou: 0.5, kept: [] },
    {
      name: "identical boxes keep the higher score",
      input: [det(0, 0, 10, 10, 0.6), det(0, 0, 10, 10, 0.9)],
      iou: 0.5,
      kept: [1],
    },
    {
      name: "identical boxes and scores keep the earlier one",
      input: [det(0, 0, 10, 10, 0.7), det(0, 0, 10, 10, 0.7)],
      iou: 0.5,
      kept: [0],
    },
    {
      name: "touching boxes (IoU 0) both kept",
      input: [det(0, 0, 10, 10, 0.9), det(10, 0, 20, 10, 0.8)],
      iou: 0,
      kept: [0, 1],
    },
    {
      name: "overlapping boxes of different classes both kept",
      input: [det(0, 0, 10, 10, 0.9, 0), det(0, 0, 10, 10, 0.8, 1)],
      iou: 0.1,
      kept: [0, 1],
    },
    {
      // The second box is the top half of the first: IoU = 50 / 100, exactly 0.5.
      name: "IoU equal to the threshold is kept",
      input: [det(0, 0, 10, 10, 0.9), det(0, 0, 10, 5, 0.8)],
      iou: 0.5,
      kept: [0, 1],
    },
    {
      name: "IoU just above the threshold is suppressed",
      input: [det(0, 0, 10, 10, 0.9), det(0, 0, 10, 5.01, 0.8)],
      iou: 0.5,
      kept: [0],
    },
    {
      name: "max detections keeps the highest scores",
      input: [det(0, 0, 1, 1, 0.3), det(5, 5, 6, 6, 0.9), det(10, 10, 11, 11, 0.5), det(20, 20, 21, 21, 0.7)],
      iou: 0.5,
      max: 2,
      kept: [1, 3],
    },
    {
      name: "suppressed boxes do not suppress others (greedy)",
      // b overlaps a and c heavily; a and c do not overlap each other.
      input: [det(0, 0, 10, 10, 0.9), det(3, 0, 13, 10, 0.8), det(6, 0, 16, 10, 0.7)],
      iou: 0.3,
      kept: [0, 2],
    },
    {
      name: "zero-area boxes never suppress",
      input: [det(5, 5, 5, 5, 0.9), det(5, 5, 5, 5, 0.8), det(0, 0, 10, 10, 0.7)],
      iou: 0,
      kept: [0, 1, 2],
    },
    { name: "max detections 0", input: [det(0, 0, 1, 1, 0.9)], iou: 0.5, max: 0, kept: [] },
  ];
  for (const { name, input, iou, max, kept } of CASES) {
    it(name, () => {
      const out = classWiseNms(input, max === undefined ? { iouThreshold: iou } : { iouThreshold: iou, maxDetections: max });
      assert.deepEqual(
        out,
        kept.map((i) => input[i]),
      );
    });
  }

  it("does not reorder or modify its input", () => {
    const input = [det(0, 0, 1, 1, 0.1), det(0, 0, 1, 1, 0.9)];
    const copy = [...input];
    classWiseNms(input, { iouThreshold: 0.5 });
    assert.deepEqual(input, copy);
  });
});
