import assert from "node:assert/strict";
import { selectDecoder } from "../../../src/core/detection/select-decoder.ts";
import type { ModelInfo, OutputInfo } from "../../../src/ports/inference-backend.ts";

const input = { name: "images", shape: [1, 640, 640, 3] as const, dtype: "uint8" as const, layout: "NHWC" as const };
const model = (outputs: OutputInfo[], inputs: ModelInfo["inputs"] = [input]): ModelInfo => ({ inputs, outputs });

describe("selectDecoder", () => {
  it("picks the Hailo NMS-by-class decoder when the HEF has on-chip NMS", () => {
    const result = selectDecoder(model([{ kind: "nms-by-class", name: "nms", classes: 80, maxBoxesPerClass: 100 }]));
    assert.deepEqual(result, { ok: true, decoder: { kind: "nms-by-class", outputName: "nms", classes: 80, maxBoxesPerClass: 100 } });
  });

  it("picks the raw YOLO decoder for a [1, 4+C, N] head", () => {
    const result = selectDecoder(model([{ kind: "tensor", name: "output0", shape: [1, 84, 8400], dtype: "float32" }]));
    assert.deepEqual(result, { ok: true, decoder: { kind: "yolo-raw", outputName: "output0", classes: 80, anchors: 8400 } });
  });

  const unfit: Array<[string, ModelInfo, RegExp]> = [
    ["a classifier", model([{ kind: "tensor", name: "logits", shape: [1, 1000], dtype: "float32" }]), /logits \[1, 1000\].*fit no decoder/],
    ["a head with no class channels", model([{ kind: "tensor", name: "o", shape: [1, 4, 100], dtype: "float32" }]), /fit no decoder/],
    ["no outputs", model([]), /none/],
    ["two inputs", model([], [input, input]), /2 inputs/],
    ["a one-channel input", model([], [{ ...input, shape: [1, 64, 64, 1] }]), /1 channels/],
  ];
  for (const [what, info, pattern] of unfit) {
    it(`explains why ${what} fits no decoder`, () => {
      const result = selectDecoder(info);
      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : result.error, pattern);
    });
  }
});
