import assert from "node:assert/strict";
import {
  buildSyntheticDetectorOnnx,
  resolveSyntheticDetectorOptions,
  syntheticDetectorLimits,
} from "../../../src/core/synthetic/detector-model.ts";

describe("synthetic detector model", () => {
  it("defaults to a 640x640 input, stride 16 and a 257 px window", () => {
    assert.deepEqual(resolveSyntheticDetectorOptions(), { inputWidth: 640, inputHeight: 640, stride: 16, window: 257 });
    assert.deepEqual(syntheticDetectorLimits(), { minSize: 18, maxSize: 128, sameClassGap: 128, minGap: 2 });
  });

  const invalid: [string, Parameters<typeof buildSyntheticDetectorOnnx>[0], RegExp][] = [
    ["odd stride", { stride: 7 }, /stride 7 must be even/],
    ["input not a multiple of the stride", { inputWidth: 650 }, /input 650x640 must be a multiple of stride 16/],
    ["even window", { window: 128 }, /window 128 must be odd/],
    ["window smaller than a cell", { window: 17 }, /at least stride \+ 3/],
    ["negative size", { inputHeight: -640 }, /inputHeight/],
  ];
  for (const [name, options, error] of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(() => buildSyntheticDetectorOnnx(options), error);
    });
  }

  it("is deterministic and depends on its options", () => {
    const a = buildSyntheticDetectorOnnx();
    assert.deepEqual(buildSyntheticDetectorOnnx(), a);
    assert.notDeepEqual(buildSyntheticDetectorOnnx({ stride: 8 }), a);
    assert.ok(a.length < 100_000, `model is small (${a.length} bytes)`);
  });
});
