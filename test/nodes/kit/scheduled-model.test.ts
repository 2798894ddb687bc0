import assert from "node:assert/strict";
import { VirtualTimeScheduler } from "rxjs";
import { isModelGone, ScheduledModel, type ModelStatus, type ScheduledModelOptions } from "../../../src/nodes/kit/scheduled-model.ts";
import type { InferenceBackend, LoadedModel, LoadModelOptions } from "../../../src/ports/inference-backend.ts";

/** A backend whose models count their releases and fail inferences when told to. */
class ScriptedBackend implements InferenceBackend {
  readonly name = "scripted";
  readonly loads: LoadModelOptions[] = [];
  readonly released: string[] = [];
  /** Paths that fail to load. */
  readonly missing = new Set<string>();
  /** Errors the next inferences throw, in order. */
  readonly failures: unknown[] = [];
  closed = false;
  async load(options: LoadModelOptions): Promise<LoadedModel> {
    this.loads.push(options);
    if (this.missing.has(options.modelPath)) throw new Error(`model file '${options.modelPath}' does not exist`);
    const id = `${options.modelPath}#${this.loads.length}`;
    return {
      info: { inputs: [], outputs: [] },
      infer: async () => {
        const failure = this.failures.shift();
        if (failure !== undefined) throw failure;
        return new Map();
      },
      release: async () => void this.released.push(id),
    };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function setup(overrides: Partial<ScheduledModelOptions<string>> = {}) {
  const backend = new ScriptedBackend();
  const scheduler = new VirtualTimeScheduler();
  const logs: string[] = [];
  const logger = {
    debug: () => {},
    info: (m: string) => logs.push(`info ${m}`),
    warn: (m: string) => logs.push(`warn ${m}`),
    error: (m: string) => logs.push(`error ${m}`),
  };
  const model = new ScheduledModel<string>({
    createBackend: async () => backend,
    resolvePath: async (param) => (param === "" ? "builtin.onnx" : param),
    prepare: (_model, path) =>
      path.endsWith(".bad") ? { ok: false, error: "outputs fit no decoder" } : { ok: true, value: `prepared:${path}` },
    priority: 20,
    logger,
    scheduler,
    recovery: { initialDelayMs: 100, maxDelayMs: 400, failuresBeforeReload: 3 },
    ...overrides,
  });
  let now = 0;
  /** Advances virtual time by `ms` and lets the reload that timers started settle. */
  const advance = async (ms: number) => {
    now += ms;
    scheduler.maxFrames = now;
    scheduler.flush();
    await model.settled();
  };
  const infer = () => model.run((serving) => serving.model.infer(new Uint8Array(0)));
  return { backend, scheduler, model, logs, advance, infer };
}

const gone = Object.assign(new Error("a.hef: the model failed; reload the model"), { code: "HAILORT_NODE_MODEL_FAILED" });

describe("ScheduledModel", () => {
  it("loads at the stream's priority and serves what prepare made of the model", async () => {
    const { model, backend } = setup();
    const outcome = await model.load("", { scoreThreshold: 0.3, iouThreshold: 0.5, maxProposalsPerClass: 10 });
    assert.ok(outcome.ok);
    assert.equal(outcome.serving.prepared, "prepared:builtin.onnx");
    assert.deepEqual(backend.loads[0], {
      modelPath: "builtin.onnx",
      priority: 20,
      nms: { scoreThreshold: 0.3, iouThreshold: 0.5, maxProposalsPerClass: 10 },
    });
    assert.deepEqual(model.status, { kind: "serving", path: "builtin.onnx", reloads: 0 });
  });

  const loadFailures: Array<[string, (b: ScriptedBackend) => void, string, RegExp]> = [
    ["a missing file", (b) => b.missing.add("x.hef"), "x.hef", /x\.hef' does not exist/],
    ["outputs that fit no decoder (the model is released)", () => {}, "y.bad", /model 'y\.bad': outputs fit no decoder/],
  ];
  for (const [what, arrange, path, message] of loadFailures) {
    it(`keeps the serving model when a new one fails to load: ${what}`, async () => {
      const { model, backend } = setup();
      arrange(backend);
      await model.load("a.onnx");
      const outcome = await model.load(path);
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? "" : outcome.error, message);
      assert.equal(outcome.ok ? undefined : outcome.previous?.path, "a.onnx");
      assert.equal(model.serving?.path, "a.onnx");
      if (path.endsWith(".bad")) assert.deepEqual(backend.released, ["y.bad#2"]);
    });
  }

  it("hot-swaps: a frame running on the old model keeps it until it ends, then it is released", async () => {
    const { model, backend } = setup();
    await model.load("a.onnx");
    let finish!: () => void;
    const running = model.run(() => new Promise<void>((resolve) => (finish = resolve)));
    await model.load("b.onnx");
    assert.equal(model.serving?.path, "b.onnx");
    assert.deepEqual(backend.released, [], "still in use");
    finish();
    await running;
    assert.deepEqual(backend.released, ["a.onnx#1"]);
    await model.destroy();
    assert.deepEqual(backend.released, ["a.onnx#1", "b.onnx#2"]);
    assert.equal(backend.closed, true);
  });

  it("reloads a model the device failed for good, after a backoff, and serves again", async () => {
    const { model, backend, advance, infer, logs } = setup();
    await model.load("a.hef");
    backend.failures.push(gone);
    await assert.rejects(infer(), /reload the model/);
    assert.equal(model.serving, undefined, "no frames go to a failed model");
    assert.equal(model.status.kind, "down");
    assert.deepEqual(backend.released, ["a.hef#1"]);
    assert.deepEqual(await infer(), { ran: false });
    await advance(99);
    assert.equal(backend.loads.length, 1, "not before the backoff");
    await advance(1);
    assert.equal(backend.loads.length, 2);
    assert.deepEqual(model.status, { kind: "serving", path: "a.hef", reloads: 1 });
    assert.deepEqual(await infer(), { ran: true, value: new Map() });
    assert.ok(
      logs.some((l) => /^error model 'a\.hef' stopped working .*reloading it in 100 ms/.test(l)),
      logs.join("\n"),
    );
    assert.ok(logs.some((l) => /^info model 'a\.hef' is serving again \(reload 1\)/.test(l)));
  });

  it("doubles the backoff while reloads fail, up to the maximum, and starts again from the first delay once serving", async () => {
    const { model, backend, advance, infer } = setup();
    await model.load("a.hef");
    backend.missing.add("a.hef");
    backend.failures.push(gone);
    await assert.rejects(infer());
    const retries: number[] = [];
    for (const step of [100, 200, 400, 400]) {
      assert.equal(model.status.kind === "down" ? model.status.retryInMs : -1, step);
      await advance(step);
      retries.push(backend.loads.length);
    }
    assert.deepEqual(retries, [2, 3, 4, 5]);
    backend.missing.delete("a.hef");
    await advance(400);
    assert.equal(model.status.kind, "serving");
    backend.failures.push(gone);
    await assert.rejects(infer());
    const status = model.status as ModelStatus;
    assert.equal(status.kind === "down" ? status.retryInMs : -1, 100);
  });

  it("takes consecutive failures (hung jobs timed out) as the model being gone, but not failures between successes", async () => {
    const { model, backend, infer } = setup();
    await model.load("a.hef");
    const timeout = new Error("job exceeded its 2000 ms timeout");
    backend.failures.push(timeout, timeout);
    await assert.rejects(infer());
    await assert.rejects(infer());
    await infer();
    backend.failures.push(timeout, timeout);
    await assert.rejects(infer());
    await assert.rejects(infer());
    assert.equal(model.status.kind, "serving");
    backend.failures.push(timeout);
    await assert.rejects(infer());
    assert.equal(model.status.kind, "down");
  });

  it("a new load request replaces a pending reload; destroy cancels it", async () => {
    const { model, backend, advance, infer } = setup();
    await model.load("a.hef");
    backend.failures.push(gone);
    await assert.rejects(infer());
    await model.load("b.hef");
    await advance(1000);
    assert.deepEqual(
      backend.loads.map((l) => l.modelPath),
      ["a.hef", "b.hef"],
    );
    backend.failures.push(gone);
    await assert.rejects(infer());
    await model.destroy();
    await advance(1000);
    assert.equal(backend.loads.length, 2);
  });

  const goneErrors: Array<[string, unknown, boolean]> = [
    ["HailoRT's failed-model code", gone, true],
    ["a message that says to reload", new Error("HAILO_STREAM_ABORT: run_async failed; reload the model"), true],
    ["a plain inference error", new Error("input has 12 bytes"), false],
    ["a non-error", "boom", false],
  ];
  for (const [what, error, expected] of goneErrors) {
    it(`isModelGone: ${what} → ${expected}`, () => assert.equal(isModelGone(error), expected));
  }
});
