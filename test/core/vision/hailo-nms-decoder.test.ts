import assert from "node:assert/strict";
import { decodeHailoNmsByClass, type HailoNmsDecodeOptions } from "../../../src/core/vision/hailo-nms-decoder.ts";

/** One box as the chip writes it: y_min, x_min, y_max, x_max, score (normalized). */
type Rec = readonly [number, number, number, number, number];

/** Builds a HAILO_NMS_BY_CLASS buffer; `capacity` pads it to the full frame size like HailoRT does. */
function nmsBuffer(perClass: readonly (readonly Rec[])[], capacity?: number): Float32Array {
  const floats: number[] = [];
  for (const recs of perClass) {
    floats.push(recs.length);
    for (const r of recs) floats.push(...r);
  }
  const out = new Float32Array(capacity ?? floats.length);
  out.set(floats);
  return out;
}

const OPTIONS: HailoNmsDecodeOptions = {
  outputName: "yolov8n/yolov8_nms_postprocess",
  classes: 3,
  maxBoxesPerClass: 2,
  inputWidth: 640,
  inputHeight: 320,
};

function ok(data: Float32Array, extra: Partial<HailoNmsDecodeOptions> = {}) {
  const r = decodeHailoNmsByClass(data, { ...OPTIONS, ...extra });
  assert.ok(r.ok, r.ok ? "" : r.error.message);
  return r.value.map((d) => ({ ...d, score: Math.round(d.score * 1000) / 1000 }));
}

describe("decodeHailoNmsByClass", () => {
  it("reads y-first normalized records into model-input pixels, sorted by score", () => {
    const data = nmsBuffer([[[0.25, 0.5, 0.75, 1, 0.6]], [], [[0, 0, 0.5, 0.25, 0.9]]], 3 * (1 + 5 * 2));
    assert.deepEqual(ok(data), [
      { box: { x1: 0, y1: 0, x2: 160, y2: 160 }, score: 0.9, classIndex: 2 },
      { box: { x1: 320, y1: 80, x2: 640, y2: 240 }, score: 0.6, classIndex: 0 },
    ]);
  });

  it("accepts all classes empty", () => {
    assert.deepEqual(ok(nmsBuffer([[], [], []])), []);
  });

  it("accepts full classes (count == maxBoxesPerClass) in a buffer of exactly the frame size", () => {
    const full: Rec[] = [
      [0, 0, 0.1, 0.1, 0.5],
      [0.5, 0.5, 0.6, 0.6, 0.4],
    ];
    const data = nmsBuffer([full, full, full]);
    assert.equal(data.length, 3 * (1 + 5 * 2));
    const out = ok(data);
    assert.equal(out.length, 6);
    assert.deepEqual(
      out.map((d) => d.classIndex),
      [0, 1, 2, 0, 1, 2],
    );
  });

  it("applies the score threshold, class allow-list and max detections", () => {
    const data = nmsBuffer([
      [[0, 0, 0.1, 0.1, 0.3]],
      [[0, 0, 0.1, 0.1, 0.8]],
      [
        [0, 0, 0.1, 0.1, 0.5],
        [0.2, 0.2, 0.3, 0.3, 0.7],
      ],
    ]);
    assert.deepEqual(
      ok(data, { scoreThreshold: 0.5 }).map((d) => d.score),
      [0.8, 0.7, 0.5],
    );
    assert.deepEqual(
      ok(data, { classAllowList: new Set([0, 2]) }).map((d) => d.classIndex),
      [2, 2, 0],
    );
    assert.deepEqual(
      ok(data, { maxDetections: 2 }).map((d) => d.score),
      [0.8, 0.7],
    );
  });

  const ERRORS: { name: string; data: Float32Array; code: string; mentions: string[] }[] = [
    {
      name: "a truncated record",
      data: nmsBuffer([[[0, 0, 0.1, 0.1, 0.5]], [[0, 0, 0.1, 0.1, 0.5]]]).subarray(0, 10),
      code: "truncated",
      mentions: ["yolov8n/yolov8_nms_postprocess", "class 1", "truncated"],
    },
    { name: "a missing class count", data: nmsBuffer([[], []]), code: "truncated", mentions: ["class 2 of 3"] },
    {
      name: "a fractional count",
      data: new Float32Array([0.5, 0, 0]),
      code: "bad-count",
      mentions: ["count 0.5", "class 0", "integer 0..2"],
    },
    { name: "a negative count", data: new Float32Array([0, -1, 0]), code: "bad-count", mentions: ["count -1", "class 1"] },
    {
      name: "a count above maxBoxesPerClass",
      data: nmsBuffer([
        [],
        [],
        [
          [0, 0, 1, 1, 1],
          [0, 0, 1, 1, 1],
          [0, 0, 1, 1, 1],
        ],
      ]),
      code: "bad-count",
      mentions: ["count 3", "maxBoxesPerClass"],
    },
    { name: "a NaN count", data: new Float32Array([Number.NaN, 0, 0]), code: "bad-count", mentions: ["count NaN"] },
  ];
  for (const { name, data, code, mentions } of ERRORS) {
    it(`rejects ${name}`, () => {
      const r = decodeHailoNmsByClass(data, OPTIONS);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.error.code, code);
      for (const m of mentions) assert.ok(r.error.message.includes(m), `"${r.error.message}" should mention ${m}`);
    });
  }

  it("rejects bad options, naming them", () => {
    const r = decodeHailoNmsByClass(new Float32Array(3), { ...OPTIONS, inputWidth: 0 });
    assert.ok(!r.ok && r.error.code === "bad-options" && r.error.message.includes("inputWidth 0"));
  });
});
