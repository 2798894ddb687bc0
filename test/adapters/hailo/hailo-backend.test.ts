import assert from "node:assert/strict";
import { measureNativeInferOverheadUs } from "../../../src/adapters/hailo/bench.ts";
import { HailoBackend, openHailoBackend } from "../../../src/adapters/hailo/hailo-backend.ts";
import { HailoLlmClient } from "../../../src/adapters/hailo/hailo-llm-client.ts";
import { acquireSharedDevice, sharedDeviceLeases } from "../../../src/adapters/hailo/shared-device.ts";
import { buildSyntheticSimModel, ensureSyntheticSimModel } from "../../../src/adapters/hailo/synthetic-sim-model.ts";
import { BACKGROUND_RGB, SYNTHETIC_CLASSES } from "../../../src/core/synthetic/palette.ts";
import { ModelLoadError } from "../../../src/ports/inference-backend.ts";
import { decodeNmsByClass, Frame, rejection, simDetector, simLlm, tempDir, type TempDir } from "./sim-fixtures.ts";

describe("hailo adapters on the simulated device", () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => {
    dir.remove();
    assert.equal(sharedDeviceLeases(), 0, "every test releases the shared device");
  });

  it("names itself after the device and maps NMS outputs to nms-by-class", async () => {
    const backend = await openHailoBackend("sim");
    try {
      assert.equal(backend.name, "sim");
      const model = await backend.load({
        modelPath: dir.write("det.json", simDetector()),
        nms: { scoreThreshold: 0.2, iouThreshold: 0.7, maxProposalsPerClass: 4 },
        priority: 20,
      });
      assert.deepEqual(model.info, {
        inputs: [{ name: "sim/input", shape: [1, 64, 80, 3], dtype: "uint8", layout: "NHWC" }],
        outputs: [{ kind: "nms-by-class", name: "sim/nms_by_class", classes: 3, maxBoxesPerClass: 4 }],
      });
      const outputs = await model.infer(new Frame(80, 64).fill(0, 0, 8, 8, [230, 50, 50]).data);
      const nms = outputs.get("sim/nms_by_class");
      assert.deepEqual(nms?.dims, [3 * 21]);
      assert.equal(decodeNmsByClass(nms!.data, 3).length, 1);
      await model.release();
    } finally {
      await backend.close();
    }
  });

  it("maps tensor outputs with their NHWC shape", async () => {
    const backend = await openHailoBackend("sim");
    const model = await backend.load({
      modelPath: dir.write("d.json", {
        format: "hailort-node-sim-model",
        input: { height: 4, width: 6 },
        rule: { kind: "depth-gradient" },
      }),
    });
    assert.deepEqual(model.info.outputs, [{ kind: "tensor", name: "sim/depth", shape: [1, 4, 6, 1], dtype: "float32" }]);
    assert.deepEqual((await model.infer(new Uint8Array(72))).get("sim/depth")?.dims, [1, 4, 6, 1]);
    await backend.close();
  });

  const badLoads: Array<[string, (d: TempDir) => { modelPath: string; priority?: number }, RegExp]> = [
    ["a missing file", (d) => ({ modelPath: `${d.path}/missing.hef` }), /missing\.hef.*check the path/],
    ["a HEF on the simulated device", (d) => ({ modelPath: d.write("yolo.hef", "HEF\u0000") }), /not JSON/],
    ["a priority outside 0..31", (d) => ({ modelPath: d.write("det.json", simDetector()), priority: 40 }), /priority 40.*0\.\.31/],
  ];
  for (const [name, options, message] of badLoads) {
    it(`load() of ${name} fails with a ModelLoadError naming the file`, async () => {
      const backend = await openHailoBackend("sim");
      const error = await rejection(backend.load(options(dir)));
      assert.ok(error instanceof ModelLoadError);
      assert.match(error.message, message);
      await backend.close();
    });
  }

  it("shares one device among backends and the LLM, closing it with the last lease", async () => {
    const a = await HailoBackend.open("sim");
    const b = await HailoBackend.open("sim");
    const llm = await HailoLlmClient.open({ device: "sim", modelPath: dir.write("llm.json", simLlm()) });
    assert.equal(sharedDeviceLeases(), 3);
    const other = await rejection(acquireSharedDevice({ device: "sim", groupId: "OTHER" }));
    assert.match(other.message, /one device per process.*group id "SHARED"/);
    await a.close();
    await llm.close();
    assert.equal(sharedDeviceLeases(), 1);
    await b.close();
  });

  it("HailoLlmClient streams, honours abort and clears the context", async () => {
    const client = await HailoLlmClient.open({
      device: "sim",
      modelPath: dir.write("llm.json", simLlm({ tokens: ["a", "b", "c", "d"], token_interval_ms: 5 })),
    });
    try {
      assert.equal(client.name, "sim");
      let text = "";
      for await (const t of client.generate([{ role: "user", content: "go" }], { maxGeneratedTokens: 3 })) text += t;
      assert.equal(text, "abc");
      const controller = new AbortController();
      const error = await rejection(
        (async () => {
          for await (const t of client.generate([{ role: "user", content: "go" }], { signal: controller.signal }))
            if (t === "a") controller.abort(new Error("stop"));
        })(),
      );
      assert.equal(error.message, "stop");
      assert.equal(client.llm.stats().aborted, 1);
      await client.clearContext();
      assert.equal((await client.llm.contextUsage()).used, 0);
    } finally {
      await client.close();
    }
  });

  it("the synthetic sim model finds palette-coloured rectangles with the palette's labels", async () => {
    const path = await ensureSyntheticSimModel(dir.path, { latencyMs: 0 });
    assert.equal(await ensureSyntheticSimModel(dir.path, { latencyMs: 0 }), path, "idempotent");
    const backend = await openHailoBackend("sim");
    const model = await backend.load({ modelPath: path });
    const frame = new Frame(640, 640, BACKGROUND_RGB);
    SYNTHETIC_CLASSES.forEach((c, i) => frame.fill(20 + i * 100, 40 + i * 80, 60, 30, c.rgb));
    const output = model.info.outputs[0]!;
    assert.equal(output.kind === "nms-by-class" && output.classes, SYNTHETIC_CLASSES.length);
    const boxes = decodeNmsByClass((await model.infer(frame.data)).get(output.name)!.data, SYNTHETIC_CLASSES.length);
    assert.deepEqual(
      boxes.map((b) => [b.cls, Math.round(b.xMin * 640), Math.round(b.yMin * 640), Math.round(b.xMax * 640), Math.round(b.yMax * 640)]),
      SYNTHETIC_CLASSES.map((c, i) => [c.index, 20 + i * 100, 40 + i * 80, 80 + i * 100, 70 + i * 80]),
    );
    await backend.close();
  });

  it("the synthetic sim model follows the palette's tolerances", () => {
    const model = buildSyntheticSimModel() as { rule: { classes: Array<{ rgb: number[]; tolerance: number }> } };
    assert.deepEqual(
      model.rule.classes.map((c) => c.tolerance),
      SYNTHETIC_CLASSES.map((c) => c.tolerance),
    );
  });

  it("the overhead bench returns a per-inference time in microseconds", async () => {
    const us = await measureNativeInferOverheadUs({ inferences: 300, warmup: 50 });
    assert.ok(Number.isFinite(us) && us > 0, String(us));
  });
});
