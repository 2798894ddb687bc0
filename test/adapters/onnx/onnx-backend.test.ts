import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OnnxBackend } from "../../../src/adapters/onnx/onnx-backend.ts";
import { ensureSyntheticDetector } from "../../../src/adapters/onnx/write-synthetic-detector.ts";
import { GraphBuilder } from "../../../src/core/onnx/graph-builder.ts";
import { encodeModelProto } from "../../../src/core/onnx/onnx-proto.ts";
import { BACKGROUND_RGB } from "../../../src/core/synthetic/palette.ts";
import { renderScene, sceneAtFrame, sceneGroundTruth } from "../../../src/core/synthetic/scene.ts";
import type { Scene } from "../../../src/core/synthetic/scene.ts";
import type { GroundTruthObject } from "../../../src/ports/image-source.ts";
import type { InferenceOutputs, LoadedModel } from "../../../src/ports/inference-backend.ts";
import { ModelLoadError } from "../../../src/ports/inference-backend.ts";
import { decodeYoloRaw, iou, letterboxRgb } from "./yolo-fixtures.ts";
import type { TestBox } from "./yolo-fixtures.ts";

function output0(outputs: InferenceOutputs) {
  const out = outputs.get("output0");
  assert.ok(out, "output0 present");
  return out;
}

/** Every ground-truth object found with IoU ≥ minIou, and nothing else. */
function assertDetectsExactly(
  outputs: InferenceOutputs,
  truth: readonly { box: TestBox; classIndex: number }[],
  minIou: number,
  what: string,
) {
  const detections = decodeYoloRaw(output0(outputs));
  for (const t of truth) {
    const best = Math.max(0, ...detections.filter((d) => d.classIndex === t.classIndex).map((d) => iou(d.box, t.box)));
    assert.ok(best >= minIou, `${what}: class ${t.classIndex} at ${JSON.stringify(t.box)} found with IoU ${best.toFixed(3)}`);
  }
  const falsePositives = detections.filter((d) => !truth.some((t) => t.classIndex === d.classIndex && iou(d.box, t.box) >= minIou));
  assert.deepEqual(falsePositives, [], `${what}: no false positives`);
  assert.equal(detections.length, truth.length, `${what}: one detection per object`);
}

describe("OnnxBackend", function () {
  let dir: string;
  let detectorPath: string;
  let backend: OnnxBackend;
  let detector: LoadedModel;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "hailo-ros-onnx-"));
    detectorPath = await ensureSyntheticDetector(dir);
    backend = new OnnxBackend();
    detector = await backend.load({ modelPath: detectorPath });
  });

  after(async () => {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("describes the synthetic detector as uint8 NHWC in, YOLOv8 raw head out", () => {
    assert.equal(backend.name, "onnx");
    assert.deepEqual(detector.info, {
      inputs: [{ name: "images", shape: [1, 640, 640, 3], dtype: "uint8", layout: "NHWC" }],
      outputs: [{ kind: "tensor", name: "output0", shape: [1, 10, 1600], dtype: "float32" }],
    });
  });

  describe("end to end on synthetic scenes", () => {
    const generated: [number, number][] = [
      [1, 0],
      [5, 37],
      [99, 250],
      [2024, 1000],
    ];
    for (const [seed, frame] of generated) {
      it(`finds every object of seed ${seed}, frame ${frame}`, async () => {
        const scene = sceneAtFrame(seed, frame, { width: 640, height: 640, objects: 6 });
        const outputs = await detector.infer(renderScene(scene).data);
        assertDetectsExactly(outputs, sceneGroundTruth(scene), 0.95, `seed ${seed} frame ${frame}`);
      });
    }

    const handMade: [string, Scene][] = [
      [
        "rectangles on the borders, at the minimum and maximum sizes",
        {
          width: 640,
          height: 640,
          background: BACKGROUND_RGB,
          rects: [
            { x: 0, y: 0, width: 18, height: 18, classIndex: 0 },
            { x: 622, y: 0, width: 18, height: 128, classIndex: 1 },
            { x: 0, y: 512, width: 128, height: 128, classIndex: 2 },
            { x: 512, y: 600, width: 128, height: 40, classIndex: 3 },
            { x: 300, y: 300, width: 128, height: 18, classIndex: 4 },
            { x: 203, y: 157, width: 19, height: 23, classIndex: 5 },
          ],
        },
      ],
      [
        "two objects of one class sharing rows, just beyond the window",
        {
          width: 640,
          height: 640,
          background: BACKGROUND_RGB,
          rects: [
            { x: 150, y: 200, width: 60, height: 60, classIndex: 0 },
            { x: 339, y: 230, width: 40, height: 90, classIndex: 0 },
            { x: 215, y: 205, width: 30, height: 30, classIndex: 3 },
          ],
        },
      ],
      ["an empty scene", { width: 640, height: 640, background: BACKGROUND_RGB, rects: [] }],
    ];
    for (const [name, scene] of handMade) {
      it(`finds ${name}`, async () => {
        const outputs = await detector.infer(renderScene(scene).data);
        assertDetectsExactly(outputs, sceneGroundTruth(scene), 0.95, name);
      });
    }

    it("scores cells inside a rectangle 1 and cells on its edge 0.5, with the class's exact box", async () => {
      // Cell (column j, row i) samples pixel (16j + 8, 16i + 8); the rectangle's left column is x = 24 (cell column 1).
      const scene: Scene = {
        width: 640,
        height: 640,
        background: BACKGROUND_RGB,
        rects: [{ x: 24, y: 100, width: 40, height: 30, classIndex: 4 }],
      };
      const out = output0(await detector.infer(renderScene(scene).data));
      const at = (feature: number, column: number, row: number) => out.data[feature * 1600 + row * 40 + column];
      const cases: [string, number, number, number][] = [
        ["left edge", 1, 6, 0.5],
        ["inside", 2, 6, 1],
        ["inside, last sampled column", 3, 6, 1],
        ["outside", 4, 6, 0],
        ["above", 2, 5, 0],
      ];
      for (const [name, column, row, score] of cases) {
        assert.equal(at(4 + 4, column, row), score, `${name}: bottle score`);
        assert.equal(at(4 + 0, column, row), 0, `${name}: person score`);
        if (score > 0)
          assert.deepEqual(
            [0, 1, 2, 3].map((k) => at(k, column, row)),
            [44, 115, 40, 30],
            `${name}: box`,
          );
      }
    });

    it("stays accurate (IoU ≥ 0.9) on a bilinear-letterboxed 1280x960 camera frame", async () => {
      const scene = sceneAtFrame(11, 5, { width: 1280, height: 960, objects: 6 });
      const frame = renderScene(scene);
      const boxed = letterboxRgb(frame.data, 1280, 960, 640, 640);
      const toModel = (t: GroundTruthObject) => ({
        classIndex: t.classIndex,
        box: {
          x1: t.box.x1 * boxed.scale + boxed.padX,
          y1: t.box.y1 * boxed.scale + boxed.padY,
          x2: t.box.x2 * boxed.scale + boxed.padX,
          y2: t.box.y2 * boxed.scale + boxed.padY,
        },
      });
      const outputs = await detector.infer(boxed.data);
      assertDetectsExactly(outputs, sceneGroundTruth(scene).map(toModel), 0.9, "letterboxed");
    });
  });

  describe("errors", () => {
    it("names a missing model file", async () => {
      const missing = join(dir, "nope.onnx");
      await assert.rejects(backend.load({ modelPath: missing }), (e: unknown) => {
        assert.ok(e instanceof ModelLoadError);
        assert.equal(e.modelPath, missing);
        assert.match(e.message, /model file ".*nope\.onnx" does not exist/);
        return true;
      });
    });

    it("names a file that is not an ONNX model", async () => {
      const garbage = join(dir, "garbage.onnx");
      await writeFile(garbage, Buffer.from("this is not a protobuf model \u0000\u0001\u0002"));
      await assert.rejects(backend.load({ modelPath: garbage }), (e: unknown) => {
        assert.ok(e instanceof ModelLoadError);
        assert.match(e.message, /garbage\.onnx" is not a valid ONNX model/);
        return true;
      });
    });

    it("names a directory given as the model", async () => {
      const folder = join(dir, "folder.onnx");
      await mkdir(folder);
      await assert.rejects(backend.load({ modelPath: folder }), /model path ".*folder\.onnx" is not a file/);
    });

    it("names an unreadable model file", async function () {
      if (process.getuid?.() === 0) this.skip(); // root reads any file
      const locked = join(dir, "locked.onnx");
      await writeFile(locked, new Uint8Array([0]));
      await chmod(locked, 0o000);
      await assert.rejects(backend.load({ modelPath: locked }), /locked\.onnx" is not readable/);
    });

    it("rejects a frame of the wrong size, naming the model and the expected size", async () => {
      await assert.rejects(detector.infer(new Uint8Array(320 * 320 * 3)), (e: unknown) => {
        assert.ok(e instanceof RangeError);
        assert.ok(e.message.includes(detectorPath));
        assert.match(e.message, /needs a 640x640 RGB frame: 1228800 bytes of uint8 NHWC, but got 307200 bytes/);
        return true;
      });
    });

    it("rejects with an AbortError when aborted before running", async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(detector.infer(new Uint8Array(640 * 640 * 3), { signal: controller.signal }), { name: "AbortError" });
    });

    it("discards the result when aborted while running", async () => {
      const controller = new AbortController();
      const pending = detector.infer(new Uint8Array(640 * 640 * 3), { signal: controller.signal });
      controller.abort();
      await assert.rejects(pending, { name: "AbortError" });
    });

    it("refuses a released model and a closed backend", async () => {
      const own = new OnnxBackend({ intraOpNumThreads: 1 });
      const model = await own.load({ modelPath: detectorPath });
      await model.release();
      await model.release(); // idempotent
      await assert.rejects(model.infer(new Uint8Array(640 * 640 * 3)), /was released; load it again/);
      const other = await own.load({ modelPath: detectorPath });
      await own.close();
      await assert.rejects(other.infer(new Uint8Array(640 * 640 * 3)), /was released/);
      await assert.rejects(own.load({ modelPath: detectorPath }), /backend was closed/);
    });

    it("rejects a nonsensical thread count", () => {
      assert.throws(() => new OnnxBackend({ intraOpNumThreads: 0 }), /intraOpNumThreads must be a positive integer/);
    });
  });

  describe("input and output conversion", () => {
    // A 4x2 frame (width 4, so the layout is unambiguous) whose pixel (x, y) is (10x + y, 100 + 10x + y, 200 + x + y).
    const width = 4;
    const height = 2;
    const frame = new Uint8Array(width * height * 3);
    const planar: number[] = [];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) frame.set([10 * x + y, 100 + 10 * x + y, 200 + x + y], (y * width + x) * 3);
    }
    for (let ch = 0; ch < 3; ch++) {
      for (let p = 0; p < width * height; p++) planar.push(frame[p * 3 + ch] as number);
    }

    async function writeModel(
      name: string,
      build: (g: GraphBuilder) => { outputs: { name: string; elemType: "float" | "float16"; shape: (number | string)[] }[] },
    ) {
      const g = new GraphBuilder(name);
      const { outputs } = build(g);
      const path = join(dir, `${name}.onnx`);
      await writeFile(path, encodeModelProto({ graph: g.build(outputs) }));
      return path;
    }

    it("feeds float32 NCHW models (Ultralytics style) the frame scaled to 0..1 and converts float16 outputs", async () => {
      const path = await writeModel("float_nchw", (g) => {
        const images = g.input({ name: "images", elemType: "float", shape: [1, 3, height, width] });
        const scaled = g.node("Mul", [images, g.floatConstant("k", [], [255])], undefined, "scaled");
        g.node("Cast", [scaled], { to: { int: 10 } }, "half");
        return {
          outputs: [
            { name: "scaled", elemType: "float", shape: [1, 3, height, width] },
            { name: "half", elemType: "float16", shape: [1, 3, height, width] },
          ],
        };
      });
      const model = await backend.load({ modelPath: path });
      assert.deepEqual(model.info.inputs[0], { name: "images", shape: [1, height, width, 3], dtype: "uint8", layout: "NHWC" });
      assert.deepEqual(model.info.outputs[1], { kind: "tensor", name: "half", shape: [1, 3, height, width], dtype: "float16" });
      const outputs = await model.infer(frame);
      for (const name of ["scaled", "half"]) {
        const out = outputs.get(name);
        assert.ok(out && out.data instanceof Float32Array, name);
        assert.deepEqual(out.dims, [1, 3, height, width]);
        assert.deepEqual([...out.data].map(Math.round), planar, name);
      }
      await model.release();
    });

    it("transposes for uint8 NCHW models", async () => {
      const path = await writeModel("uint8_nchw", (g) => {
        const images = g.input({ name: "images", elemType: "uint8", shape: [1, 3, height, width] });
        g.node("Cast", [images], { to: { int: 1 } }, "values");
        return { outputs: [{ name: "values", elemType: "float", shape: [1, 3, height, width] }] };
      });
      const model = await backend.load({ modelPath: path });
      assert.deepEqual([...(await model.infer(frame)).get("values")!.data], planar);
      await model.release();
    });

    it("uses the configured size for dynamic-shape models", async () => {
      const path = await writeModel("dynamic", (g) => {
        const images = g.input({ name: "images", elemType: "float", shape: ["batch", 3, "height", "width"] });
        g.node("Mul", [images, g.floatConstant("k", [], [255])], undefined, "scaled");
        return { outputs: [{ name: "scaled", elemType: "float", shape: ["batch", 3, "height", "width"] }] };
      });
      const own = new OnnxBackend({ dynamicInputSize: { width, height } });
      const model = await own.load({ modelPath: path });
      assert.deepEqual(model.info.inputs[0]?.shape, [1, height, width, 3]);
      assert.deepEqual(model.info.outputs[0], { kind: "tensor", name: "scaled", shape: [-1, 3, -1, -1], dtype: "float32" });
      const out = (await model.infer(frame)).get("scaled")!;
      assert.deepEqual(out.dims, [1, 3, height, width]);
      assert.deepEqual([...out.data].map(Math.round), planar);
      await own.close();
    });
  });
});
