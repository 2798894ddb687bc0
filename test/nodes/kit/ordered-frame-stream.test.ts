import assert from "node:assert/strict";
import { AcceleratorScheduler } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import { JobDroppedError } from "../../../src/core/scheduling/errors.ts";
import { classifyNotRun, FrameCounters } from "../../../src/nodes/kit/frame-counters.ts";
import { OrderedFrameStream, type FrameJobOutcome } from "../../../src/nodes/kit/ordered-frame-stream.ts";
import { ScheduledModel } from "../../../src/nodes/kit/scheduled-model.ts";
import { ThrottledLog } from "../../../src/nodes/kit/throttled-log.ts";
import type { InferenceBackend } from "../../../src/ports/inference-backend.ts";

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Frames are numbers; each job waits until the test releases it, then doubles the frame. */
async function setup(options: { load?: boolean } = {}) {
  const backend: InferenceBackend = {
    name: "test",
    load: async () => ({ info: { inputs: [], outputs: [] }, infer: async () => new Map(), release: async () => {} }),
    close: async () => {},
  };
  const model = new ScheduledModel<string>({
    createBackend: async () => backend,
    resolvePath: async (p) => p,
    prepare: () => ({ ok: true, value: "m" }),
    priority: 10,
    logger: silent,
  });
  if (options.load ?? true) await model.load("model.bin");
  const scheduler = new AcceleratorScheduler();
  const stream = scheduler.declareStream({ name: "frames", policy: "queue", priority: 10 });
  const lines: string[] = [];
  const log = new ThrottledLog({ ...silent, warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) }, () => 0, 0);
  const gates = new Map<number, (outcome: FrameJobOutcome<number>) => void>();
  const published: number[] = [];
  const controller = new AbortController();
  const frames = new OrderedFrameStream<number, string, number>({
    stream,
    model,
    signal: controller.signal,
    log,
    topic: () => "/in",
    noun: "frame",
    job: (frame) => new Promise((resolve) => gates.set(frame, resolve)),
    publish: (result) => (published.push(result), result >= 0),
    nowMs: () => 0,
  });
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise((resolve) => setImmediate(resolve));
  };
  return { frames, gates, published, lines, model, scheduler, until };
}

describe("OrderedFrameStream", () => {
  it("publishes in frame order: a frame finishing after a newer one was published is stale", async () => {
    const { frames, gates, published, until, scheduler } = await setup();
    frames.submit(1);
    frames.submit(2);
    await until(() => gates.size === 2);
    gates.get(2)!({ kind: "done", result: 20 });
    await until(() => published.length === 1);
    gates.get(1)!({ kind: "done", result: 10 });
    await frames.idle();
    assert.deepEqual(published, [20]);
    assert.deepEqual(frames.counts(), { ...zero, received: 2, processed: 1, stale: 1 });
    scheduler.close();
  });

  const outcomes: Array<[string, FrameJobOutcome<number>, Partial<typeof zero>, RegExp | undefined]> = [
    ["a result", { kind: "done", result: 5 }, { processed: 1 }, undefined],
    ["a result the node could not publish", { kind: "done", result: -1 }, {}, undefined],
    [
      "a refused input",
      { kind: "rejected", code: "bad_step", error: "step 3 < 12" },
      { rejected: 1 },
      /^error frame on '\/in' rejected: step 3 < 12/,
    ],
    ["no model serving when the job ran", { kind: "no-model" }, { rejected: 1 }, undefined],
  ];
  for (const [what, outcome, counts, line] of outcomes) {
    it(`counts ${what}`, async () => {
      const { frames, gates, lines, until, scheduler } = await setup();
      frames.submit(1);
      await until(() => gates.size === 1);
      gates.get(1)!(outcome);
      await frames.idle();
      assert.deepEqual(frames.counts(), { ...zero, received: 1, ...counts });
      if (line !== undefined) assert.match(lines.join("\n"), line);
      scheduler.close();
    });
  }

  it("drops a frame that arrives while no model serves, saying why", async () => {
    const { frames, lines, model, scheduler } = await setup({ load: false });
    frames.submit(1);
    await frames.idle();
    assert.deepEqual(frames.counts(), { ...zero, received: 1, rejected: 1 });
    assert.match(lines[0]!, /^error dropping frames on '\/in': no model is loaded/);
    void model.load("model.bin");
    frames.submit(2);
    assert.match(lines[1]!, /^warn dropping frames on '\/in' until the model has loaded/);
    await model.settled();
    scheduler.close();
  });
});

const zero = { received: 0, processed: 0, superseded: 0, expired: 0, throttled: 0, stale: 0, rejected: 0, failed: 0 };

describe("FrameCounters", () => {
  const reasons: Array<[unknown, string]> = [
    [new JobDroppedError("s", "superseded"), "superseded"],
    [new JobDroppedError("s", "rate"), "superseded"],
    [new JobDroppedError("s", "deadline"), "expired"],
    [new JobDroppedError("s", "throttled"), "throttled"],
    [new JobDroppedError("s", "cancelled"), "cancelled"],
    [new JobDroppedError("s", "overflow"), "failed"],
    [new Error("device error"), "failed"],
  ];
  for (const [error, kind] of reasons) {
    it(`counts ${(error as Error).message} as ${kind}`, () => {
      const counters = new FrameCounters();
      assert.equal(classifyNotRun(error), kind);
      assert.equal(counters.countNotRun(error), kind);
      const counted = Object.entries(counters.snapshot()).filter(([, n]) => n > 0);
      assert.deepEqual(counted, kind === "cancelled" ? [] : [[kind, 1]]);
    });
  }
});

describe("ThrottledLog", () => {
  it("logs a kind at most once per period, other kinds independently", () => {
    let now = 0;
    const lines: string[] = [];
    const log = new ThrottledLog({ ...silent, warn: (m) => lines.push(m), error: (m) => lines.push(m) }, () => now, 1000);
    for (const t of [0, 500, 999, 1000, 1500, 2100]) {
      now = t;
      log.log("a", "warn", `a@${t}`);
      log.log("b", "error", `b@${t}`);
    }
    assert.deepEqual(lines, ["a@0", "b@0", "a@1000", "b@1000", "a@2100", "b@2100"]);
  });
});
