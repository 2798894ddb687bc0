import assert from "node:assert/strict";
import { letterbox } from "../../../src/core/vision/letterbox.ts";
import { toImageView } from "../../../src/core/vision/image-view.ts";
import type { DecoderChoice } from "../../../src/core/detection/select-decoder.ts";
import type { Image } from "../../../src/messages/sensor_msgs.ts";
import type { ModelInfo } from "../../../src/ports/inference-backend.ts";
import { DetectionPipeline } from "../../../src/nodes/detection/detection-pipeline.ts";
import { noise } from "../../core/vision/fixtures.ts";

const decoder: DecoderChoice = { kind: "nms-by-class", outputName: "nms", classes: 1, maxBoxesPerClass: 1 };

function modelInfo(width: number, height: number): ModelInfo {
  return {
    inputs: [{ name: "images", shape: [1, height, width, 3], dtype: "uint8", layout: "NHWC" }],
    outputs: [{ kind: "nms-by-class", name: "nms", classes: 1, maxBoxesPerClass: 1 }],
  };
}

function image(encoding: string, width: number, height: number, seed: number): Image {
  const bpp = encoding === "yuyv" ? 2 : 3;
  return {
    header: { stamp: { sec: seed, nanosec: 0 }, frame_id: "camera" },
    height,
    width,
    encoding,
    is_bigendian: 0,
    step: width * bpp,
    data: noise(width * bpp * height, seed),
  };
}

function expectedInput(frame: Image, width: number, height: number): Uint8Array {
  const checked = toImageView(frame);
  assert.ok(checked.ok);
  return letterbox(checked.value, width, height);
}

describe("DetectionPipeline letterbox tables", () => {
  // Sizes whose ratio to the frame is not an integer, so every frame resamples through tables.
  const CASES: { name: string; encoding: string; frame: [number, number] }[] = [
    { name: "rgb8 bilinear", encoding: "rgb8", frame: [100, 75] },
    { name: "yuyv (always tables)", encoding: "yuyv", frame: [64, 48] },
  ];
  for (const c of CASES) {
    it(`${c.name}: two models of different input sizes alternate frames and each builds its tables once`, () => {
      const small = new DetectionPipeline(modelInfo(40, 40), decoder);
      const large = new DetectionPipeline(modelInfo(56, 32), decoder);
      for (let i = 0; i < 6; i++) {
        const frame = image(c.encoding, c.frame[0], c.frame[1], i + 1);
        for (const pipeline of [small, large]) {
          const prepared = pipeline.prepare(frame);
          assert.ok(prepared.ok);
          assert.deepEqual(prepared.input, expectedInput(frame, pipeline.inputWidth, pipeline.inputHeight), `frame ${i}`);
          pipeline.releaseInput(prepared.input);
        }
      }
      assert.deepEqual([small.letterboxTableBuilds, large.letterboxTableBuilds], [1, 1]);
    });
  }

  it("rebuilds when the frame size changes, and only then", () => {
    const pipeline = new DetectionPipeline(modelInfo(40, 40), decoder);
    const sizes: [number, number][] = [
      [100, 75],
      [100, 75],
      [90, 60],
      [90, 60],
      [100, 75],
    ];
    const builds = sizes.map(([w, h], i) => {
      const prepared = pipeline.prepare(image("rgb8", w, h, i + 1));
      assert.ok(prepared.ok);
      pipeline.releaseInput(prepared.input);
      return pipeline.letterboxTableBuilds;
    });
    assert.deepEqual(builds, [1, 1, 2, 2, 3]);
  });

  it("needs no tables on the 2:1 path (kernel or TypeScript)", () => {
    let kernelCalls = 0;
    const pipeline = new DetectionPipeline(modelInfo(40, 40), decoder, {
      kernels: { average2x2Packed3: () => void kernelCalls++ },
    });
    const prepared = pipeline.prepare(image("rgb8", 80, 60, 1));
    assert.ok(prepared.ok);
    assert.equal(kernelCalls, 1);
    assert.equal(pipeline.letterboxTableBuilds, 0);
  });
});
