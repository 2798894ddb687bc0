import assert from "node:assert/strict";
import { decodeYoloRaw, type RawTensor } from "../../../src/core/vision/yolo-raw-decoder.ts";

interface Anchor {
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
  readonly scores: readonly number[];
}

/** Builds a [1, 4+C, N] channel-major tensor from per-anchor rows. */
function tensor(classes: number, anchors: readonly Anchor[]): RawTensor {
  const n = anchors.length;
  const data = new Float32Array((4 + classes) * n);
  anchors.forEach((a, i) => {
    data[i] = a.cx;
    data[n + i] = a.cy;
    data[2 * n + i] = a.w;
    data[3 * n + i] = a.h;
    for (let k = 0; k < classes; k++) data[(4 + k) * n + i] = a.scores[k] ?? 0;
  });
  return { dims: [1, 4 + classes, n], data };
}

const anchor = (cx: number, cy: number, w: number, h: number, ...scores: number[]): Anchor => ({ cx, cy, w, h, scores });

function decoded(t: RawTensor, options: Parameters<typeof decodeYoloRaw>[1] = {}) {
  const r = decodeYoloRaw(t, options);
  assert.ok(r.ok, r.ok ? "" : r.error.message);
  return r.value.map((d) => ({ ...d, score: Math.round(d.score * 1000) / 1000 }));
}

describe("decodeYoloRaw", () => {
  it("converts centre/size rows to corner boxes and picks each anchor's best class", () => {
    const t = tensor(3, [anchor(100, 50, 20, 10, 0.1, 0.8, 0.3), anchor(300, 200, 40, 40, 0, 0, 0.05)]);
    assert.deepEqual(decoded(t), [{ box: { x1: 90, y1: 45, x2: 110, y2: 55 }, score: 0.8, classIndex: 1 }]);
  });

  it("keeps scores equal to the threshold and drops those below", () => {
    const t = tensor(1, [anchor(10, 10, 4, 4, 0.5), anchor(50, 50, 4, 4, 0.4999)]);
    assert.deepEqual(
      decoded(t, { scoreThreshold: 0.5 }).map((d) => d.box.x1),
      [8],
    );
  });

  it("suppresses overlaps within a class but not across classes", () => {
    const t = tensor(2, [anchor(100, 100, 50, 50, 0.9, 0), anchor(102, 100, 50, 50, 0.8, 0), anchor(100, 100, 50, 50, 0, 0.7)]);
    assert.deepEqual(
      decoded(t, { iouThreshold: 0.5 }).map((d) => [d.classIndex, d.score]),
      [
        [0, 0.9],
        [1, 0.7],
      ],
    );
  });

  it("keeps a box whose IoU with a kept box equals the threshold and suppresses it just above", () => {
    // Two 10×10 boxes overlapping by 4 px in x: intersection 40, union 160, IoU exactly 0.25.
    const t = tensor(1, [anchor(100, 100, 10, 10, 0.9), anchor(106, 100, 10, 10, 0.8)]);
    assert.deepEqual(
      decoded(t, { iouThreshold: 0.25 }).map((d) => d.box.x1),
      [95, 101],
    );
    assert.deepEqual(
      decoded(t, { iouThreshold: 0.2499 }).map((d) => d.box.x1),
      [95],
    );
  });

  it("multiLabel yields every class above the threshold for an anchor", () => {
    const t = tensor(3, [anchor(100, 100, 10, 10, 0.6, 0.7, 0.1)]);
    assert.deepEqual(
      decoded(t, { multiLabel: true }).map((d) => d.classIndex),
      [1, 0],
    );
    assert.deepEqual(
      decoded(t).map((d) => d.classIndex),
      [1],
    );
  });

  it("applies the class allow-list before choosing the best class", () => {
    const t = tensor(3, [anchor(100, 100, 10, 10, 0.6, 0.9, 0.1), anchor(300, 300, 10, 10, 0, 0.95, 0)]);
    assert.deepEqual(
      decoded(t, { classAllowList: new Set([0]) }).map((d) => [d.classIndex, d.score]),
      [[0, 0.6]],
    );
  });

  it("keeps the highest scores up to maxDetections", () => {
    const anchors = [0.3, 0.9, 0.5, 0.7, 0.6].map((s, i) => anchor(i * 100 + 20, 20, 10, 10, s));
    assert.deepEqual(
      decoded(tensor(1, anchors), { maxDetections: 3 }).map((d) => d.score),
      [0.9, 0.7, 0.6],
    );
  });

  it("handles anchor counts that are not a multiple of four", () => {
    for (const n of [1, 2, 3, 5, 6, 7]) {
      const anchors = Array.from({ length: n }, (_, i) => anchor(i * 100 + 20, 20, 10, 10, i === n - 1 ? 0.9 : 0));
      assert.deepEqual(
        decoded(tensor(2, anchors)).map((d) => d.box.x1),
        [(n - 1) * 100 + 15],
        `N = ${n}`,
      );
    }
  });

  it("decodes a realistic [1, 84, 8400] tensor with a few objects among noise", () => {
    const n = 8400;
    const data = new Float32Array(84 * n);
    for (let i = 0; i < 80 * n; i++) data[4 * n + i] = (((i * 7919) % 1000) / 1000) * 0.05;
    const objects = [
      { i: 17, k: 0, cx: 100 },
      { i: 4000, k: 41, cx: 300 },
      { i: 8399, k: 79, cx: 500 },
    ];
    for (const { i, k, cx } of objects) {
      data[i] = cx;
      data[n + i] = 200;
      data[2 * n + i] = 30;
      data[3 * n + i] = 30;
      data[(4 + k) * n + i] = 0.9;
    }
    const r = decodeYoloRaw({ dims: [1, 84, n], data });
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((d) => [d.classIndex, d.box.x1]).sort((a, b) => a[0]! - b[0]!),
      [
        [0, 85],
        [41, 285],
        [79, 485],
      ],
    );
  });

  const ERRORS: { name: string; t: RawTensor; options?: Parameters<typeof decodeYoloRaw>[1]; code: string; mentions: string[] }[] = [
    {
      name: "two dims",
      t: { dims: [84, 8400], data: new Float32Array(84 * 8400) },
      code: "bad-shape",
      mentions: ['"output"', "[84, 8400]", "[1, 4+C, N]"],
    },
    { name: "no class rows", t: { dims: [1, 4, 10], data: new Float32Array(40) }, code: "bad-shape", mentions: ["[1, 4, 10]"] },
    {
      name: "data length mismatch",
      t: { dims: [1, 6, 10], data: new Float32Array(59) },
      code: "bad-shape",
      mentions: ["59 values", "needs 60"],
    },
    {
      name: "bad IoU threshold",
      t: { dims: [1, 5, 1], data: new Float32Array(5) },
      options: { iouThreshold: 1.5, outputName: "output0" },
      code: "bad-options",
      mentions: ['"output0"', "1.5"],
    },
    {
      name: "NaN score threshold",
      t: { dims: [1, 5, 1], data: new Float32Array(5) },
      options: { scoreThreshold: Number.NaN },
      code: "bad-options",
      mentions: ["NaN"],
    },
  ];
  for (const { name, t, options, code, mentions } of ERRORS) {
    it(`rejects ${name}`, () => {
      const r = decodeYoloRaw(t, options);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.error.code, code);
      for (const m of mentions) assert.ok(r.error.message.includes(m), `"${r.error.message}" should mention ${m}`);
    });
  }
});
