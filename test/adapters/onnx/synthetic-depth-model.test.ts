import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OnnxBackend } from "../../../src/adapters/onnx/onnx-backend.ts";
import { SimulatedAcceleratorBackend } from "../../../src/adapters/simulated-accelerator/simulated-backend.ts";
import { SimulatedDevice } from "../../../src/adapters/simulated-accelerator/simulated-device.ts";
import { VirtualClock } from "../../../src/core/scheduling/virtual-clock.ts";
import { NO_DEPTH_CODE, paintDepthCode } from "../../../src/core/synthetic/depth-code.ts";
import { buildSyntheticDepthOnnx, syntheticDepthLogits } from "../../../src/core/synthetic/depth-model.ts";
import { depthSceneAtFrame, renderDepthScene, sceneGroundTruth3d } from "../../../src/core/synthetic/depth-scene.ts";
import { BACKGROUND_RGB } from "../../../src/core/synthetic/palette.ts";
import type { InferenceOutputs } from "../../../src/ports/inference-backend.ts";
import { depthAtProjectedCentres, letterboxFrame, metricDepth, modelIntrinsics } from "../../core/synthetic/depth-fixtures.ts";

const sameFloats = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

function depthOutput(outputs: InferenceOutputs) {
  const out = outputs.get("depth");
  assert.ok(out, "output 'depth' present");
  return out;
}

describe("synthetic depth model (ONNX graph and simulated device)", function () {
  this.timeout(20_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "hailo-ros-depth-model-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const scenes = [0, 12].map((frame) =>
    depthSceneAtFrame(5, frame, { width: 640, height: 480, objects: 5, occluder: { depth: 1.2, speed: 24 } }),
  );

  it("refuses a frame that is not whole RGB pixels, an output of the wrong size and an input size that is not positive integers", () => {
    assert.throws(() => syntheticDepthLogits(new Uint8Array(4)), /an RGB frame of 4 bytes is not a whole number of pixels/);
    assert.throws(() => syntheticDepthLogits(new Uint8Array(6), new Float32Array(3)), /output holds 3 values, expected 2/);
    for (const [inputWidth, inputHeight] of [
      [0, 256],
      [320, 0],
      [320.5, 256],
      [-320, 256],
    ] as const)
      assert.throws(
        () => buildSyntheticDepthOnnx({ inputWidth, inputHeight }),
        new RegExp(`synthetic depth model input ${inputWidth}x${inputHeight} must be positive integers`),
      );
    assert.ok(buildSyntheticDepthOnnx({ inputWidth: 1, inputHeight: 1 }).length > 0);
  });

  it("runs under onnxruntime and answers exactly the rule's value at every pixel, NaN for the no-depth code", async () => {
    const path = join(dir, "synthetic-depth.onnx");
    await writeFile(path, buildSyntheticDepthOnnx());
    const backend = new OnnxBackend();
    try {
      const model = await backend.load({ modelPath: path });
      assert.deepEqual(model.info.inputs[0]?.shape, [1, 256, 320, 3]);
      for (const scene of scenes) {
        const { input, geometry } = letterboxFrame(renderDepthScene(scene), 320, 256);
        const [r, g, b] = paintDepthCode(BACKGROUND_RGB, NO_DEPTH_CODE);
        input.set([r, g, b], 0);
        const out = depthOutput(await model.infer(input));
        assert.deepEqual(out.dims, [1, 256, 320, 1]);
        assert.ok(sameFloats(out.data, syntheticDepthLogits(input)), "ONNX output equals the rule bit for bit");
        assert.ok(Number.isNaN(out.data[0]!), "the no-depth code gives NaN");
        const depth = metricDepth(out.data, geometry);
        const truth = sceneGroundTruth3d(scene).filter((t) => t.visiblePixels === t.totalPixels);
        const got = depthAtProjectedCentres(
          depth,
          modelIntrinsics(scene, geometry),
          320,
          truth.map((t) => t.center),
        );
        truth.forEach((t, i) => assert.ok(Math.abs(got[i]! - t.depth) / t.depth < 0.01, `${t.label}: ${got[i]} vs ${t.depth} m`));
      }
      await model.release();
    } finally {
      await backend.close();
    }
  });

  it("is answered the same way by the simulated device's 'sim:synthetic-depth'", async () => {
    const clock = new VirtualClock();
    const backend = new SimulatedAcceleratorBackend({ device: new SimulatedDevice({ scheduler: clock, clock }) });
    const model = await backend.load({ modelPath: "sim:synthetic-depth" });
    assert.deepEqual(model.info.outputs[0], { kind: "tensor", name: "depth", shape: [1, 256, 320, 1], dtype: "float32" });
    const { input } = letterboxFrame(renderDepthScene(scenes[1]!), 320, 256);
    const pending = model.infer(input);
    await clock.advanceBy(2);
    const out = depthOutput(await pending);
    assert.deepEqual(out.dims, [1, 256, 320, 1]);
    assert.ok(sameFloats(out.data, syntheticDepthLogits(input)));
    await backend.close();
  });
});
