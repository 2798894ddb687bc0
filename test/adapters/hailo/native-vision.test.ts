import assert from "node:assert/strict";
import { isHailoAvailable, openDevice, type Device } from "hailort-node";
import { toModelInfo } from "../../../src/adapters/hailo/model-info.ts";
import { decodeNmsByClass, Frame, rejection, simDetector, tempDir, type TempDir } from "./sim-fixtures.ts";

const RED = [230, 50, 50] as const;
const GREEN = [50, 200, 60] as const;
const BLUE = [40, 60, 230] as const;

describe("hailort-node simulated device: vision", () => {
  let dir: TempDir;
  let device: Device;

  beforeEach(async () => {
    dir = tempDir();
    device = await openDevice({ device: "sim", groupId: "test" });
  });
  afterEach(async () => {
    await device.close();
    dir.remove();
  });

  describe("device selection", () => {
    const saved = process.env.HAILORT_NODE_DEVICE;
    afterEach(() => {
      if (saved === undefined) delete process.env.HAILORT_NODE_DEVICE;
      else process.env.HAILORT_NODE_DEVICE = saved;
    });

    it("never falls back to the simulated device silently", async function () {
      if (isHailoAvailable().available) this.skip();
      delete process.env.HAILORT_NODE_DEVICE;
      const error = await rejection(openDevice());
      assert.equal(error.code, "HAILORT_NODE_UNAVAILABLE");
      assert.match(error.message, /built without HailoRT/);
      assert.match(error.message, /device: "sim"/);
    });

    it("takes the simulated device from HAILORT_NODE_DEVICE=sim", async () => {
      process.env.HAILORT_NODE_DEVICE = "sim";
      const d = await openDevice();
      assert.equal(d.kind, "sim");
      assert.equal((await d.info()).kind, "sim");
      await d.close();
    });

    it("rejects an unknown device kind naming the variable", async () => {
      process.env.HAILORT_NODE_DEVICE = "gpu";
      const error = await rejection(openDevice());
      assert.equal(error.code, "HAILORT_NODE_INVALID_ARGUMENT");
      assert.match(error.message, /HAILORT_NODE_DEVICE is "gpu"/);
    });
  });

  it('follows HailoRT\'s group rule: an exclusive "UNIQUE" device fails with HAILO_DEVICE_IN_USE', async () => {
    const error = await rejection(openDevice({ device: "sim", groupId: "UNIQUE" }));
    assert.equal(error.code, "HAILO_DEVICE_IN_USE");
    assert.match(error.message, /Stop hailo-ollama/);
    const shared = await openDevice({ device: "sim", groupId: "test" });
    await shared.close();
    await device.close();
    const unique = await openDevice({ device: "sim", groupId: "UNIQUE" });
    assert.equal((await rejection(openDevice({ device: "sim" }))).code, "HAILO_DEVICE_IN_USE");
    await unique.close();
  });

  it("reports identity, temperature and which stats are unavailable", async () => {
    const info = await device.info();
    assert.equal(info.groupId, "test");
    assert.match(info.architecture, /simulated/);
    assert.equal((await device.temperature()).available, true);
    const stats = await device.stats();
    assert.equal(stats.power.available, false);
    assert.match(String(stats.power.reason), /no power sensor/);
  });

  it("describes NMS outputs with classes and max boxes per class", async () => {
    const model = await device.loadModel(dir.write("det.json", simDetector()));
    const [input] = model.info.inputs;
    const [output] = model.info.outputs;
    assert.deepEqual([input?.height, input?.width, input?.features, input?.formatType, input?.formatOrder], [64, 80, 3, "uint8", "NHWC"]);
    assert.deepEqual(output?.nms, { classes: 3, maxBoxesPerClass: 4, overrides: {} });
    assert.equal(output?.formatOrder, "NMS_BY_CLASS");
    assert.equal(output?.frameSize, 3 * (1 + 5 * 4) * 4);
  });

  const detectionCases = [
    {
      name: "one rectangle",
      paint: (f: Frame) => f.fill(8, 4, 20, 10, RED),
      expected: [{ cls: 0, box: [4 / 64, 8 / 80, 14 / 64, 28 / 80] }],
    },
    {
      name: "three classes",
      paint: (f: Frame) => f.fill(0, 0, 10, 10, RED).fill(40, 20, 16, 8, GREEN).fill(60, 50, 20, 14, BLUE),
      expected: [
        { cls: 0, box: [0, 0, 10 / 64, 10 / 80] },
        { cls: 1, box: [20 / 64, 40 / 80, 28 / 64, 56 / 80] },
        { cls: 2, box: [50 / 64, 60 / 80, 1, 1] },
      ],
    },
    {
      name: "two rectangles of one class, larger first",
      paint: (f: Frame) => f.fill(2, 2, 6, 6, GREEN).fill(30, 30, 20, 20, GREEN),
      expected: [
        { cls: 1, box: [30 / 64, 30 / 80, 50 / 64, 50 / 80] },
        { cls: 1, box: [2 / 64, 2 / 80, 8 / 64, 8 / 80] },
      ],
    },
    {
      name: "colour within tolerance",
      paint: (f: Frame) => f.fill(10, 10, 8, 8, [240, 45, 55]),
      expected: [{ cls: 0, box: [10 / 64, 10 / 80, 18 / 64, 18 / 80] }],
    },
    { name: "blob below min_pixels", paint: (f: Frame) => f.fill(10, 10, 1, 3, RED), expected: [] },
    { name: "background only", paint: (_f: Frame) => undefined, expected: [] },
  ];

  for (const c of detectionCases) {
    it(`finds colour rectangles as HAILO_NMS_BY_CLASS: ${c.name}`, async () => {
      const model = await device.loadModel(dir.write("det.json", simDetector()));
      const frame = new Frame(80, 64);
      c.paint(frame);
      const out = await model.infer(frame.data);
      const boxes = decodeNmsByClass(out["sim/nms_by_class"]!, 3);
      assert.deepEqual(
        boxes.map((b) => ({ cls: b.cls, box: [b.yMin, b.xMin, b.yMax, b.xMax].map((v) => Math.round(v * 1e5) / 1e5) })),
        c.expected.map((e) => ({ cls: e.cls, box: e.box.map((v) => Math.round(v * 1e5) / 1e5) })),
      );
      for (const b of boxes) assert.equal(b.score, 1);
    });
  }

  it("applies the NMS score threshold and max proposals per class", async () => {
    const path = dir.write("det.json", simDetector());
    // An L-shaped blob covers 3/4 of its bounding box: score 0.75.
    const frame = new Frame(80, 64)
      .fill(0, 0, 10, 5, RED)
      .fill(0, 5, 5, 5, RED)
      .fill(40, 40, 4, 4, GREEN)
      .fill(50, 40, 4, 4, GREEN)
      .fill(60, 40, 4, 4, GREEN);
    const loose = await device.loadModel(path, { nms: { scoreThreshold: 0.5, iouThreshold: 0.5, maxProposalsPerClass: 2 } });
    const strict = await device.loadModel(path, { nms: { scoreThreshold: 0.8, iouThreshold: 0.5, maxProposalsPerClass: 10 } });
    const looseBoxes = decodeNmsByClass((await loose.infer(frame.data))["sim/nms_by_class"]!, 3);
    const strictBoxes = decodeNmsByClass((await strict.infer(frame.data))["sim/nms_by_class"]!, 3);
    assert.deepEqual(
      looseBoxes.map((b) => [b.cls, b.score]),
      [
        [0, 0.75],
        [1, 1],
        [1, 1],
      ],
    );
    assert.deepEqual(
      strictBoxes.map((b) => [b.cls, b.score]),
      [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
    );
  });

  describe("NMS settings", () => {
    // An L-shaped red blob covers 3/4 of its bounding box (score 0.75); four green squares score 1.
    const frame = () =>
      new Frame(80, 64)
        .fill(0, 0, 10, 5, RED)
        .fill(0, 5, 5, 5, RED)
        .fill(40, 40, 4, 4, GREEN)
        .fill(50, 40, 4, 4, GREEN)
        .fill(60, 40, 4, 4, GREEN)
        .fill(70, 40, 4, 4, GREEN);
    // The simulated HEF's own settings: score 0.8, at most 3 boxes per class.
    const model = () => simDetector({}, { nms_defaults: { score_threshold: 0.8, max_proposals_per_class: 3 } });
    const cases: Array<{ name: string; nms?: Record<string, number>; overrides: Record<string, number>; boxes: Array<[number, number]> }> =
      [
        {
          name: "no NMS options",
          overrides: {},
          boxes: [
            [1, 1],
            [1, 1],
            [1, 1],
          ],
        },
        {
          name: "only maxProposalsPerClass",
          nms: { maxProposalsPerClass: 2 },
          overrides: { maxProposalsPerClass: 2 },
          boxes: [
            [1, 1],
            [1, 1],
          ],
        },
        {
          name: "only scoreThreshold",
          nms: { scoreThreshold: 0.5 },
          overrides: { scoreThreshold: 0.5 },
          boxes: [
            [0, 0.75],
            [1, 1],
            [1, 1],
            [1, 1],
          ],
        },
        {
          name: "only iouThreshold",
          nms: { iouThreshold: 0.625 },
          overrides: { iouThreshold: 0.625 },
          boxes: [
            [1, 1],
            [1, 1],
            [1, 1],
          ],
        },
        {
          name: "every key",
          nms: { scoreThreshold: 0.5, iouThreshold: 0.5, maxProposalsPerClass: 4 },
          overrides: { scoreThreshold: 0.5, iouThreshold: 0.5, maxProposalsPerClass: 4 },
          boxes: [
            [0, 0.75],
            [1, 1],
            [1, 1],
            [1, 1],
            [1, 1],
          ],
        },
      ];
    for (const c of cases) {
      it(`${c.name}: sets only the keys given, the others keep the model's own values`, async () => {
        const m = await device.loadModel(dir.write("det.json", model()), c.nms === undefined ? {} : { nms: c.nms });
        assert.deepEqual(m.info.outputs[0]?.nms?.overrides, c.overrides);
        const boxes = decodeNmsByClass((await m.infer(frame().data))["sim/nms_by_class"], 3);
        assert.deepEqual(
          boxes.map((b) => [b.cls, b.score]),
          c.boxes,
        );
      });
    }
  });

  // A segmentation HEF's byte-mask NMS post-process accepts only NMS_WITH_BYTE_MASK uint8 (HailoRT's
  // configure() rejects anything else), so the binding leaves such outputs in their own format.
  const nmsFormats = [
    {
      hefOrder: "NMS_BY_CLASS",
      name: "sim/nms_by_class",
      order: "NMS_BY_CLASS",
      type: "float32",
      array: Float32Array,
      frameSize: 3 * (1 + 5 * 4) * 4,
    },
    {
      hefOrder: "NMS_WITH_BYTE_MASK",
      name: "sim/nms_with_byte_mask",
      order: "NMS_WITH_BYTE_MASK",
      type: "uint8",
      array: Uint8Array,
      frameSize: 2 + 3 * 4 * 46 + 2 * 64 * 80,
    },
  ];
  for (const f of nmsFormats) {
    it(`an NMS output the HEF reports as ${f.hefOrder} is configured as ${f.order} ${f.type}`, async () => {
      const model = await device.loadModel(dir.write("seg.json", simDetector({}, { hef_output_order: f.hefOrder })));
      const [output] = model.info.outputs;
      assert.deepEqual(
        [output?.name, output?.formatOrder, output?.formatType, output?.frameSize, output?.nms?.classes],
        [f.name, f.order, f.type, f.frameSize, 3],
      );
      const data = (await model.infer(new Frame(80, 64).data))[f.name];
      assert.ok(data instanceof f.array, `${data?.constructor.name}`);
      assert.equal(data.byteLength, f.frameSize);
    });
  }

  it("hailo_ros refuses a byte-mask NMS model with a clear message", async () => {
    const info = toModelInfo(
      (await device.loadModel(dir.write("seg.json", simDetector({}, { hef_output_order: "NMS_WITH_BYTE_MASK" })))).info,
    );
    assert.equal(info.ok, false);
    assert.match(info.ok ? "" : info.error, /sim\/nms_with_byte_mask.*byte-mask \(segmentation\) NMS; hailo_ros decodes only NMS_BY_CLASS/);
  });

  it("produces a depth gradient from far (top) to near (bottom)", async () => {
    const model = await device.loadModel(
      dir.write("depth.json", {
        format: "hailort-node-sim-model",
        input: { height: 5, width: 3 },
        rule: { kind: "depth-gradient", near_m: 1, far_m: 5 },
      }),
    );
    const depth = (await model.infer(new Uint8Array(45)))["sim/depth"]!;
    assert.deepEqual(Array.from(depth.filter((_, i) => i % 3 === 0)), [5, 4, 3, 2, 1]);
    assert.deepEqual(model.info.outputs[0]?.features, 1);
  });

  it("echoes the input through the identity rule", async () => {
    const model = await device.loadModel(
      dir.write("id.json", {
        format: "hailort-node-sim-model",
        input: { height: 1, width: 2, channels: 2 },
        rule: { kind: "identity", scale: 0.5, offset: 1 },
      }),
    );
    const out = (await model.infer(new Uint8Array([0, 2, 4, 200])))["sim/identity"]!;
    assert.deepEqual(Array.from(out), [1, 2, 3, 101]);
  });

  describe("bad input", () => {
    const inputs: Array<[string, () => unknown]> = [
      ["too short", () => new Uint8Array(64 * 80 * 3 - 1)],
      ["too long", () => new Uint8Array(64 * 80 * 3 + 1)],
      ["a Float32Array", () => new Float32Array(64 * 80)],
      ["a string", () => "frame"],
    ];
    for (const [name, make] of inputs) {
      it(`rejects an input that is ${name}`, async () => {
        const model = await device.loadModel(dir.write("det.json", simDetector()));
        const error = await rejection(model.infer(make() as Uint8Array));
        assert.equal(error.code, "HAILORT_NODE_INVALID_ARGUMENT");
        assert.match(error.message, /det\.json/);
      });
    }
    it("says the expected size and shape", async () => {
      const model = await device.loadModel(dir.write("det.json", simDetector()));
      const error = await rejection(model.infer(new Uint8Array(10)));
      assert.match(error.message, /must be 15360 bytes \(64x80x3 uint8 NHWC\), got 10/);
    });
  });

  describe("bad model files", () => {
    const files: Array<[string, unknown, string, RegExp]> = [
      ["not JSON (a HEF)", "HEF\u0000binary", "HAILORT_NODE_INVALID_SIM_MODEL", /not JSON.*device: "hailort"/],
      ["wrong format", { format: "onnx" }, "HAILORT_NODE_INVALID_SIM_MODEL", /"format" must be "hailort-node-sim-model"/],
      [
        "missing input height",
        { format: "hailort-node-sim-model", input: { width: 4 }, rule: { kind: "identity" } },
        "HAILORT_NODE_INVALID_SIM_MODEL",
        /"height" is required/,
      ],
      [
        "unknown rule",
        { format: "hailort-node-sim-model", input: { height: 2, width: 2 }, rule: { kind: "magic" } },
        "HAILORT_NODE_INVALID_SIM_MODEL",
        /"rule.kind"/,
      ],
      ["bad class colour", simDetector({}, { classes: [{ rgb: [300, 0, 0] }] }), "HAILORT_NODE_INVALID_SIM_MODEL", /classes\[0\]\.rgb/],
      [
        "bad fault status",
        simDetector({ faults: { fail_on_inference: 1, fail_status: "oops" } }),
        "HAILORT_NODE_INVALID_SIM_MODEL",
        /fail_status/,
      ],
    ];
    for (const [name, content, code, message] of files) {
      it(`rejects a model file with ${name}`, async () => {
        const path = dir.write("bad.json", content);
        const error = await rejection(device.loadModel(path));
        assert.equal(error.code, code);
        assert.match(error.message, message);
        assert.ok(error.message.includes(path), "the message names the file");
      });
    }
    it("rejects a missing file with HAILO_OPEN_FILE_FAILURE naming it", async () => {
      const error = await rejection(device.loadModel(`${dir.path}/nope.hef`));
      assert.equal(error.code, "HAILO_OPEN_FILE_FAILURE");
      assert.match(error.message, /nope\.hef.*check the path/);
    });
  });

  it("serves many concurrent inferences, each with its own answer", async () => {
    const model = await device.loadModel(dir.write("det.json", simDetector({ queue_size: 3 })));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const frame = new Frame(80, 64).fill(i % 70, 0, 10, 4, RED);
        return model.infer(frame.data).then((o) => decodeNmsByClass(o["sim/nms_by_class"]!, 3)[0]?.xMin);
      }),
    );
    results.forEach((xMin, i) => assert.equal(xMin, Math.fround((i % 70) / 80)));
    assert.equal(model.inFlight, 0);
  });

  it("close() with inferences in flight settles every promise without crashing", async () => {
    const model = await device.loadModel(dir.write("slow.json", simDetector({ latency_ms: 3, queue_size: 2 })));
    const frame = new Frame(80, 64).data;
    const settled = Array.from({ length: 40 }, () =>
      model.infer(frame).then(
        () => "ok",
        (e: { code?: string }) => e.code,
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    await model.close();
    const outcomes = await Promise.all(settled);
    assert.ok(outcomes.includes("HAILORT_NODE_CLOSED"), "queued inferences reject");
    assert.ok(
      outcomes.every((o) => o === "ok" || o === "HAILORT_NODE_CLOSED"),
      outcomes.join(","),
    );
    assert.equal((await rejection(model.infer(frame))).code, "HAILORT_NODE_CLOSED");
  });

  // HailoRT's shutdown() aborts frames on the device rather than letting them finish.
  const onDevice: Array<[string, Record<string, unknown>]> = [
    ["a frame the device never returns", { faults: { hang_on_inference: 1 } }],
    ["a slow frame", { latency_ms: 600_000 }],
  ];
  for (const [name, overrides] of onDevice) {
    it(`close() rejects ${name} with HAILORT_NODE_CLOSED instead of waiting for it`, async () => {
      const model = await device.loadModel(dir.write("held.json", simDetector(overrides)));
      const settled = rejection(model.infer(new Frame(80, 64).data));
      await model.close();
      const error = await settled;
      assert.equal(error.code, "HAILORT_NODE_CLOSED");
      assert.match(error.message, /held\.json: model closed while (the frame was on the device|the inference was queued)/);
    });
  }

  // HailoRT shuts a configured model down for good when run_async fails.
  const submissions: Array<{ name: string; concurrent: boolean }> = [
    { name: "one after another", concurrent: false },
    { name: "all at once", concurrent: true },
  ];
  for (const c of submissions) {
    it(`after a failed submission every later inference says to reload the model (${c.name})`, async () => {
      const path = dir.write(
        "flaky.json",
        simDetector({ queue_size: 1, faults: { fail_submit_on_inference: 2, fail_submit_status: "HAILO_RPC_FAILED" } }),
      );
      const model = await device.loadModel(path);
      const frame = new Frame(80, 64).data;
      const outcome = (p: Promise<unknown>) =>
        p.then(
          () => "ok",
          (e: Error & { code?: string }) => `${e.code}: ${e.message}`,
        );
      const outcomes: string[] = [];
      if (c.concurrent) outcomes.push(...(await Promise.all(Array.from({ length: 5 }, () => outcome(model.infer(frame))))));
      else for (let i = 0; i < 5; i++) outcomes.push(await outcome(model.infer(frame)));
      assert.equal(outcomes[0], "ok");
      assert.match(outcomes[1]!, /^HAILO_RPC_FAILED: .*flaky\.json: run_async.*reload the model/);
      for (const o of outcomes.slice(2))
        assert.match(
          o,
          /^HAILORT_NODE_MODEL_FAILED: .*flaky\.json: the model was shut down after a failed submission \(HAILO_RPC_FAILED\); reload the model/,
        );
      await model.close();
      const reloaded = await device.loadModel(path);
      assert.equal(await outcome(reloaded.infer(frame)), "ok", "a reloaded model works");
    });
  }

  it("device.close() closes its models and rejects their queued inferences", async () => {
    const model = await device.loadModel(dir.write("slow.json", simDetector({ latency_ms: 2 })));
    const pending = Array.from({ length: 10 }, () =>
      model.infer(new Frame(80, 64).data).then(
        () => "ok",
        (e: { code?: string }) => e.code,
      ),
    );
    await device.close();
    const outcomes = await Promise.all(pending);
    assert.ok(outcomes.includes("HAILORT_NODE_CLOSED"));
  });

  it("injects an error status on the Nth inference", async () => {
    const model = await device.loadModel(
      dir.write("faulty.json", simDetector({ faults: { fail_on_inference: 3, fail_status: "HAILO_TIMEOUT" } })),
    );
    const frame = new Frame(80, 64).data;
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++)
      outcomes.push(
        await model.infer(frame).then(
          () => "ok",
          (e: { code?: string }) => String(e.code),
        ),
      );
    assert.deepEqual(outcomes, ["ok", "ok", "HAILO_TIMEOUT", "ok", "ok"]);
    const error = await rejection(
      (
        await device.loadModel(
          dir.write("faulty2.json", simDetector({ faults: { fail_on_inference: 1, fail_status: "HAILO_DEVICE_IN_USE" } })),
        )
      ).infer(frame),
    );
    assert.match(error.message, /simulated fault on inference 1: HAILO_DEVICE_IN_USE.*Stop hailo-ollama/);
  });

  it("a hung inference times out, and close() still returns", async () => {
    const model = await device.loadModel(dir.write("hang.json", simDetector({ faults: { hang_on_inference: 2 } })));
    const frame = new Frame(80, 64).data;
    await model.infer(frame, { timeoutMs: 1000 });
    const error = await rejection(model.infer(frame, { timeoutMs: 30 }));
    assert.equal(error.code, "HAILO_TIMEOUT");
    assert.match(error.message, /within 30 ms/);
    await model.close();
  });

  it("an aborted infer rejects with the signal's reason", async () => {
    const model = await device.loadModel(dir.write("slow.json", simDetector({ latency_ms: 50 })));
    const controller = new AbortController();
    const p = model.infer(new Frame(80, 64).data, { signal: controller.signal });
    controller.abort(new Error("frame superseded"));
    assert.equal((await rejection(p)).message, "frame superseded");
  });
});
