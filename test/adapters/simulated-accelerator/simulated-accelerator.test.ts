import assert from "node:assert/strict";
import type { SchedulerAction, SchedulerLike, Subscription } from "rxjs";
import { AcceleratorScheduler } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import { JobTimeoutError, isJobDropped } from "../../../src/core/scheduling/errors.ts";
import { VirtualClock } from "../../../src/core/scheduling/virtual-clock.ts";
import { SimulatedAcceleratorBackend, SimulatedInferenceError } from "../../../src/adapters/simulated-accelerator/simulated-backend.ts";
import { SimulatedDevice } from "../../../src/adapters/simulated-accelerator/simulated-device.ts";
import { SimulatedLlm } from "../../../src/adapters/simulated-accelerator/simulated-llm.ts";
import { ModelLoadError } from "../../../src/ports/inference-backend.ts";
import type { OutputTensor } from "../../../src/ports/inference-backend.ts";

function rig(
  models: ConstructorParameters<typeof SimulatedAcceleratorBackend>[0] extends infer O
    ? O extends { models?: infer M }
      ? M
      : never
    : never = {},
) {
  const clock = new VirtualClock();
  const device = new SimulatedDevice({ scheduler: clock, clock });
  const backend = new SimulatedAcceleratorBackend({ device, models });
  return { clock, device, backend };
}

const frame640 = (): Uint8Array => new Uint8Array(640 * 640 * 3);
const frameDepth = (): Uint8Array => new Uint8Array(256 * 320 * 3);

/** Records when each promise settles, in virtual ms. */
function track(clock: VirtualClock, label: string, p: Promise<unknown>, into: string[]): void {
  p.then(
    () => into.push(`${label}@${clock.nowMs().toFixed(1)}`),
    (e: Error) => into.push(`${label}!${e.name}@${clock.nowMs().toFixed(1)}`),
  );
}

describe("Simulated accelerator (virtual time)", () => {
  it("serves one job at a time with model-zoo service times, highest priority first", async () => {
    const { clock, device, backend } = rig();
    const det = await backend.load({ modelPath: "sim:yolov8n", priority: 20 });
    const depth = await backend.load({ modelPath: "sim:scdepthv3", priority: 10 });
    const done: string[] = [];
    track(clock, "det1", det.infer(frame640()), done);
    track(clock, "depth1", depth.infer(frameDepth()), done);
    track(clock, "det2", det.infer(frame640()), done);
    await clock.advanceBy(20);
    // det1 starts at once; then det2 (priority 20) before depth1 (10).
    assert.deepEqual(done, ["det1@2.6", "det2@5.2", "depth1@6.6"]);
    assert.equal(device.jobsRun, 3);
    assert.ok(Math.abs(device.busyMs - 6.6) < 1e-9);
  });

  it("keeps at most queueDepthPerModel jobs of a model on the device; the rest wait on the host", async () => {
    const { clock, backend } = rig();
    const heavy = await backend.load({ modelPath: "sim:yolov11m" });
    const light = await backend.load({ modelPath: "sim:yolov8n" });
    const done: string[] = [];
    for (let i = 1; i <= 4; i++) track(clock, `m${i}`, heavy.infer(frame640()), done);
    track(clock, "n1", light.infer(frame640()), done);
    await clock.advanceBy(100);
    // Equal priority → round robin: n1 gets the device after m1, although m2..m4 were submitted first.
    assert.deepEqual(done, ["m1@14.2", "n1@16.8", "m2@31.0", "m3@45.2", "m4@59.4"]);
  });

  it("produces outputs from the caller's function, and zero-filled NMS outputs by default", async () => {
    const { clock, backend } = rig({
      scdepthv3: {
        outputs: (input, info) =>
          new Map<string, OutputTensor>([
            ["depth", { name: "depth", dims: [1], data: Float32Array.of(input[0] ?? 0, info.inputs.length) }],
          ]),
      },
    });
    const depth = await backend.load({ modelPath: "sim:scdepthv3" });
    const det = await backend.load({ modelPath: "sim:yolov8n" });
    const input = frameDepth();
    input[0] = 42;
    const pd = depth.infer(input);
    const pn = det.infer(frame640());
    await clock.advanceBy(10);
    assert.deepEqual([...(await pd).get("depth")!.data], [42, 1]);
    const nms = (await pn).get("yolo_nms")!;
    assert.equal(nms.data.length, 80 * (1 + 5 * 100));
    assert.ok(nms.data.every((v) => v === 0));
  });

  it("reports bad model names and input sizes clearly", async () => {
    const { backend } = rig();
    await assert.rejects(
      backend.load({ modelPath: "yolov8n.hef" }),
      (e: unknown) => e instanceof ModelLoadError && /must name a simulated model like "sim:yolov8n"/.test(e.message),
    );
    await assert.rejects(
      backend.load({ modelPath: "sim:resnet" }),
      /unknown model "sim:resnet".*known: sim:yolov8n, sim:yolov11m, sim:scdepthv3/,
    );
    const det = await backend.load({ modelPath: "sim:yolov8n" });
    await assert.rejects(det.infer(new Uint8Array(10)), /"yolov8n": input has 10 bytes, expected 1228800 \(uint8 NHWC 1x640x640x3\)/);
  });

  it("lets vision jobs run between LLM token slices", async () => {
    const { clock, device, backend } = rig();
    const llm = new SimulatedLlm({ device, prefillMs: 100, tokenMs: 144, script: () => ["a", "b", "c"] });
    const det = await backend.load({ modelPath: "sim:yolov8n" });
    const tokens: string[] = [];
    const generation = (async () => {
      for await (const t of llm.generate([{ role: "user", content: "hi" }])) tokens.push(`${t}@${clock.nowMs().toFixed(1)}`);
    })();
    await clock.advanceBy(150); // inside the first token slice (100 → 244)
    const done: string[] = [];
    track(clock, "det", det.infer(frame640()), done);
    await clock.advanceBy(600);
    await generation;
    assert.deepEqual(done, ["det@246.6"], "the detection waits for the current slice only");
    assert.deepEqual(tokens, ["a@244.0", "b@390.6", "c@534.6"]);
    assert.equal(llm.lastEnd, "logical_end");
  });

  it("cuts a long prefill into token-sized slices so vision is not blocked for the whole prefill", async () => {
    const { clock, device, backend } = rig();
    const llm = new SimulatedLlm({ device, prefillMs: 300, tokenMs: 144, script: () => ["a"] });
    const det = await backend.load({ modelPath: "sim:yolov8n" });
    const generation = (async () => {
      for await (const _t of llm.generate([{ role: "user", content: "hi" }])) void _t;
    })();
    await clock.advanceBy(10);
    const done: string[] = [];
    track(clock, "det", det.infer(frame640()), done);
    await clock.advanceBy(600);
    await generation;
    assert.deepEqual(done, ["det@146.6"]);
    // 144 + 144 + 12 ms prefill, a 144 ms token, and the 2.6 ms detection.
    assert.ok(Math.abs(device.busyMs - (300 + 144 + 2.6)) < 1e-9);
  });

  it("aborting a generation stops it on the device", async () => {
    const { clock, device } = rig();
    const llm = new SimulatedLlm({ device, prefillMs: 100, tokenMs: 144, script: () => ["a", "b", "c", "d"] });
    const controller = new AbortController();
    const tokens: string[] = [];
    const generation = (async () => {
      for await (const t of llm.generate([{ role: "user", content: "go" }], { signal: controller.signal })) tokens.push(t);
    })();
    await clock.advanceBy(250); // token "a" delivered at 244
    controller.abort();
    await clock.advanceBy(1000);
    await generation;
    assert.deepEqual(tokens, ["a"]);
    assert.equal(llm.lastEnd, "aborted");
    assert.equal(llm.abortedGenerations, 1);
    assert.equal(device.runningModel, undefined);
    // prefill + token a + the slice that was running when aborted (a started slice finishes), nothing after.
    assert.equal(device.jobsRun, 3);
    assert.ok(Math.abs(device.busyMs - (100 + 144 + 144)) < 1e-9);
  });
});

describe("AcceleratorScheduler + simulated accelerator (virtual time)", () => {
  it("an injected fault surfaces as the caller's error and the stream continues", async () => {
    const { clock, backend } = rig({ yolov8n: { failOnCalls: [2] } });
    const scheduler = new AcceleratorScheduler({ scheduler: clock, clock });
    const stream = scheduler.declareStream({ name: "detection", capacity: 8 });
    const model = await backend.load({ modelPath: "sim:yolov8n", priority: stream.hailoPriority });
    const results = [1, 2, 3].map(() =>
      stream
        .run((signal) => model.infer(frame640(), { signal }))
        .then(
          () => "ok",
          (e: Error) => e,
        ),
    );
    await clock.advanceBy(20);
    const [a, b, c] = await Promise.all(results);
    assert.equal(a, "ok");
    assert.ok(b instanceof SimulatedInferenceError && /injected device fault on infer call 2/.test(b.message));
    assert.equal(c, "ok");
    const m = scheduler.snapshot().streams[0];
    assert.deepEqual([m?.completed, m?.failed], [2, 1]);
  });

  it("a hung inference times out, the device is freed by the abort, and the next job runs", async () => {
    const { clock, device, backend } = rig({ yolov8n: { hangOnCalls: [1] } });
    // One slot, so the second job is not already queued on the device behind the hung one.
    const scheduler = new AcceleratorScheduler({ scheduler: clock, clock, lanes: { vision: { maxInFlight: 1 } } });
    const stream = scheduler.declareStream({ name: "detection", timeoutMs: 100 });
    const model = await backend.load({ modelPath: "sim:yolov8n" });
    const hung = stream.run((signal) => model.infer(frame640(), { signal })).catch((e: unknown) => e);
    const next = stream.run((signal) => model.infer(frame640(), { signal })).then(() => clock.nowMs());
    await clock.advanceBy(150);
    assert.ok((await hung) instanceof JobTimeoutError);
    // The hung job held the device until the timeout at 100 ms; the second then took 2.6 ms.
    assert.ok(Math.abs((await next) - 102.6) < 1e-9);
    assert.equal(device.runningModel, undefined);
  });

  it("cancelling a scheduled LLM job aborts the generation on the device and frees the llm lane", async () => {
    const { clock, device } = rig();
    const llm = new SimulatedLlm({ device, prefillMs: 100, tokenMs: 144, script: () => Array.from({ length: 50 }, (_, i) => `t${i}`) });
    const scheduler = new AcceleratorScheduler({ scheduler: clock, clock });
    const chat = scheduler.declareStream({ name: "llm", lane: "llm", timeoutMs: 60_000 });
    const tokens: string[] = [];
    const generate = async (signal: AbortSignal): Promise<string> => {
      for await (const t of llm.generate([{ role: "user", content: "drive" }], { signal })) tokens.push(t);
      return tokens.join("");
    };
    const sub = chat.run$(generate).subscribe();
    await clock.advanceBy(500);
    sub.unsubscribe();
    await clock.advanceBy(500);
    assert.equal(llm.abortedGenerations, 1);
    assert.ok(tokens.length >= 2 && tokens.length <= 3, `got ${tokens.length} tokens`);
    assert.equal(device.runningModel, undefined);
    const lane = scheduler.snapshot().lanes.find((l) => l.lane === "llm");
    assert.equal(lane?.inFlight, 0);
    const cancelled = scheduler.snapshot().streams[0]?.dropped.cancelled;
    assert.equal(cancelled, 1);
    const again = await (async () => {
      const p = chat.run(async () => "next");
      await clock.advanceBy(1);
      return p;
    })();
    assert.equal(again, "next");
    assert.ok(!isJobDropped(again));
  });
});

describe("Simulated device (completion delivery, virtual time)", () => {
  /** Timers like Node's: whole milliseconds, and a timer never fires early but up to 1 ms late. */
  function coarseTimers(clock: VirtualClock): SchedulerLike {
    return {
      now: () => clock.now(),
      schedule: <T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription =>
        clock.schedule(work, Math.ceil(delay) + 1, state),
    };
  }

  /** Runs 100 back-to-back 1.4 ms jobs and returns, per job, when its completion was seen minus its exact end. */
  async function lateness(device: SimulatedDevice, clock: VirtualClock, step: (clock: VirtualClock) => Promise<void>): Promise<number[]> {
    const model = device.registerModel("scdepthv3");
    const seenAt: number[] = [];
    const jobs = Array.from({ length: 100 }, () => device.run(model, 1.4).then(() => void seenAt.push(clock.nowMs())));
    while (seenAt.length < jobs.length && clock.nowMs() < 1000) await step(clock);
    await Promise.all(jobs);
    assert.ok(Math.abs(device.busyMs - 140) < 1e-6, `busy ${device.busyMs}`);
    device.close();
    return seenAt.map((t, i) => t - 1.4 * (i + 1));
  }

  it("keeps an exact timeline for sub-millisecond service times although coarse timers deliver late", async () => {
    const clock = new VirtualClock();
    const device = new SimulatedDevice({ scheduler: coarseTimers(clock), clock, completionTiming: "timer" });
    // Bounded lateness for every job means the late deliveries do not shift the timeline.
    const late = await lateness(device, clock, (c) => c.advanceBy(0.1));
    assert.ok(
      late.every((l) => l >= -1e-9 && l <= 2 + 1e-9),
      `lateness ${late.map((l) => l.toFixed(2)).join(" ")}`,
    );
  });

  it("precise delivery sees each completion on the first loop turn after its end, despite coarse timers", async () => {
    const clock = new VirtualClock();
    const device = new SimulatedDevice({ scheduler: coarseTimers(clock), clock, completionTiming: "precise" });
    // Each step is one event-loop turn in which 0.05 ms pass.
    const late = await lateness(device, clock, async (c) => {
      await c.advanceBy(0.05);
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
    assert.ok(
      late.every((l) => l >= -1e-9 && l <= 0.05 + 1e-9),
      `lateness ${late.map((l) => l.toFixed(3)).join(" ")}`,
    );
  });
});
