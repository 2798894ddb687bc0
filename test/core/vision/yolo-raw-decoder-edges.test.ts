import assert from "node:assert/strict";
import { decodeYoloRaw, type RawTensor } from "../../../src/core/vision/yolo-raw-decoder.ts";

/** One class row per entry of `scores` (each a score per anchor); anchor i's box is 20×10 centred at (100 i + 50, 40). */
function tensor(scores: readonly (readonly number[])[], n: number): RawTensor {
  const data = new Float32Array((4 + scores.length) * n);
  for (let i = 0; i < n; i++) {
    data[i] = 100 * i + 50;
    data[n + i] = 40;
    data[2 * n + i] = 20;
    data[3 * n + i] = 10;
  }
  scores.forEach((row, k) => data.set(row, (4 + k) * n));
  return { dims: [1, 4 + scores.length, n], data };
}

const boxOf = (i: number) => ({ x1: 100 * i + 40, y1: 35, x2: 100 * i + 60, y2: 45 });

function decoded(t: RawTensor, options: Parameters<typeof decodeYoloRaw>[1] = {}) {
  const r = decodeYoloRaw(t, options);
  assert.ok(r.ok, r.ok ? "" : r.error.message);
  return r.value;
}

describe("decodeYoloRaw edge cases", () => {
  // Nine anchors: two groups of four and one left over, so every position of the scan is covered.
  for (let at = 0; at < 9; at++) {
    it(`finds a score exactly at the threshold on anchor ${at} of 9, with that anchor's box`, () => {
      const row = Array.from({ length: 9 }, (_, i) => (i === at ? 0.25 : 0.2499));
      assert.deepEqual(decoded(tensor([[0, 0, 0, 0, 0, 0, 0, 0, 0], row], 9)), [{ box: boxOf(at), score: 0.25, classIndex: 1 }]);
    });
  }

  it("gives an anchor whose two classes tie the lower class index", () => {
    const scores = [
      [0, 0.6, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0.6, 0, 0, 0],
    ];
    assert.deepEqual(
      decoded(tensor(scores, 5)).map((d) => [d.classIndex, d.box]),
      [[0, boxOf(1)]],
    );
  });

  it("reports an anchor that scores in several classes once, even when NMS would keep identical boxes", () => {
    const scores = [
      [0.3, 0, 0, 0],
      [0.9, 0, 0, 0],
    ];
    assert.deepEqual(
      decoded(tensor(scores, 4), { iouThreshold: 1 }).map((d) => d.classIndex),
      [1],
    );
  });

  it("breaks an exact score tie between overlapping boxes by anchor order, whatever class found them first", () => {
    // Anchor 3 hits class 0 first (then its best is class 1); anchor 1 hits only class 1. Same score, same class, overlapping.
    const n = 4;
    const t = tensor(
      [
        [0, 0, 0, 0.3],
        [0, 0.9, 0, 0.9],
      ],
      n,
    );
    t.data[3] = 152; // anchor 3's box 2 px right of anchor 1's: they overlap but differ
    assert.deepEqual(
      decoded(t).map((d) => d.box),
      [boxOf(1)],
    );
  });

  it("keeps only the maxCandidates best scores before NMS", () => {
    const t = tensor([[0.9, 0.5, 0.7, 0.3]], 4);
    assert.deepEqual(
      decoded(t, { maxCandidates: 2 }).map((d) => [d.box.x1, d.score]),
      [
        [40, Math.fround(0.9)],
        [240, Math.fround(0.7)],
      ],
    );
    assert.equal(decoded(t, { maxCandidates: 4 }).length, 4);
  });

  const options: [string, Parameters<typeof decodeYoloRaw>[1], boolean][] = [
    ["IoU threshold 0", { iouThreshold: 0 }, true],
    ["IoU threshold 1", { iouThreshold: 1 }, true],
    ["IoU threshold just below 0", { iouThreshold: -0.001 }, false],
    ["IoU threshold just above 1", { iouThreshold: 1.001 }, false],
  ];
  for (const [name, o, ok] of options) {
    it(`${ok ? "accepts" : "rejects"} ${name}`, () => {
      const r = decodeYoloRaw(tensor([[0.9]], 1), o);
      assert.equal(r.ok, ok);
      if (!r.ok) assert.match(r.error.message, /IoU threshold .* for output "output" must be in 0\.\.1/);
    });
  }

  const shapes: [string, number[], number][] = [
    ["two dimensions", [1, 6], 6],
    ["a batch of two", [2, 5, 1], 10],
    ["no class rows", [1, 4, 2], 8],
    ["no anchors", [1, 6, 0], 0],
  ];
  for (const [name, dims, values] of shapes) {
    it(`rejects ${name}, naming the expected layout`, () => {
      const r = decodeYoloRaw({ dims, data: new Float32Array(values) });
      assert.ok(!r.ok);
      assert.equal(r.error.code, "bad-shape");
      assert.equal(
        r.error.message,
        `output "output" has shape [${dims.join(", ")}], expected [1, 4+C, N] (e.g. [1, 84, 8400]) from a YOLOv8/YOLO11 detection head`,
      );
    });
  }
});
