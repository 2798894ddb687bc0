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
    ["a head of batch 2", model([{ kind: "tensor", name: "o", shape: [2, 84, 100], dtype: "float32" }]), /o \[2, 84, 100\] float32/],
    ["a four-dimensional head", model([{ kind: "tensor", name: "o", shape: [1, 84, 100, 1], dtype: "float32" }]), /o \[1, 84, 100, 1\]/],
    ["a head with no anchors", model([{ kind: "tensor", name: "o", shape: [1, 84, 0], dtype: "float32" }]), /o \[1, 84, 0\]/],
  ];
  for (const [what, info, pattern] of unfit) {
    it(`explains why ${what} fits no decoder`, () => {
      const result = selectDecoder(info);
      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : result.error, pattern);
    });
  }

  it("skips outputs that fit nothing and takes the first head that fits", () => {
    const result = selectDecoder(
      model([
        { kind: "tensor", name: "proto", shape: [1, 32, 160, 160], dtype: "float32" },
        { kind: "tensor", name: "output0", shape: [1, 5, 10], dtype: "float32" },
      ]),
    );
    assert.deepEqual(result, { ok: true, decoder: { kind: "yolo-raw", outputName: "output0", classes: 1, anchors: 10 } });
  });

  it("lists every output and both accepted forms when none fits", () => {
    const result = selectDecoder(
      model([
        { kind: "tensor", name: "a", shape: [1, 4, 8], dtype: "float32" },
        { kind: "tensor", name: "b", shape: [1, 10], dtype: "uint8" },
      ]),
    );
    assert.deepEqual(result, {
      ok: false,
      error:
        "the model's outputs (a [1, 4, 8] float32; b [1, 10] uint8) fit no decoder: expected a YOLOv8/YOLO11 head [1, 4+classes, anchors] " +
        "or a Hailo HEF with on-chip NMS (NMS-by-class output); export YOLO with its raw head or compile the HEF with nms_postprocess",
    });
  });
});
