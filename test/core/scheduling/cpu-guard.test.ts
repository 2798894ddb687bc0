import assert from "node:assert/strict";
import { CpuGuardPolicy } from "../../../src/core/scheduling/cpu-guard.ts";
import { isJobDropped } from "../../../src/core/scheduling/errors.ts";
import { AcceleratorScheduler } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import { VirtualClock } from "../../../src/core/scheduling/virtual-clock.ts";
import { outcome } from "./fixtures.ts";

const streams = [
  { name: "detection", priority: 24, sheddable: false },
  { name: "depth", priority: 8, sheddable: true },
  { name: "segmentation", priority: 12, sheddable: true },
  { name: "llm", priority: 16, sheddable: true },
];

describe("CpuGuardPolicy", () => {
  it("pauses lowest priority first, one per sample, holds between thresholds, resumes in reverse order", () => {
    const guard = new CpuGuardPolicy({ throttleAboveMs: 50, recoverBelowMs: 20 });
    const table: [number, string[]][] = [
      [10, []],
      [80, ["depth"]],
      [80, ["depth", "segmentation"]],
      [35, ["depth", "segmentation"]], // between thresholds: hold (hysteresis)
      [80, ["depth", "segmentation", "llm"]],
      [80, ["depth", "segmentation", "llm"]], // detection is not sheddable
      [49, ["depth", "segmentation", "llm"]],
      [19, ["depth", "segmentation"]],
      [19, ["depth"]],
      [30, ["depth"]],
      [5, []],
    ];
    for (const [delay, expected] of table) assert.deepEqual([...guard.step(delay, streams)], expected, `after a ${delay} ms sample`);
  });

  it("rejects thresholds without hysteresis", () => {
    assert.throws(
      () => new CpuGuardPolicy({ throttleAboveMs: 20, recoverBelowMs: 30 }),
      /recoverBelowMs must be lower than throttleAboveMs/,
    );
  });
});

describe("CpuGuardPolicy thresholds and bookkeeping", () => {
  it("a sample exactly at a threshold neither pauses nor resumes", () => {
    const guard = new CpuGuardPolicy({ throttleAboveMs: 50, recoverBelowMs: 20 });
    const table: [number, string[]][] = [
      [50, []],
      [50.5, ["depth"]],
      [20, ["depth"]],
      [19.5, []],
    ];
    for (const [delay, expected] of table) {
      assert.deepEqual([...guard.step(delay, streams)], expected, `after a ${delay} ms sample`);
      assert.equal(guard.lastDelayMs, delay);
    }
  });

  it("of two sheddable streams with the same priority, pauses the one listed first", () => {
    const guard = new CpuGuardPolicy();
    const tied = [
      { name: "a", priority: 8, sheddable: true },
      { name: "b", priority: 8, sheddable: true },
    ];
    assert.deepEqual([...guard.step(100, tied)], ["a"]);
    assert.deepEqual([...guard.step(100, tied)], ["a", "b"]);
  });

  it("forgets a removed stream, and forgetting one it never paused changes nothing", () => {
    const guard = new CpuGuardPolicy();
    guard.step(100, streams);
    guard.step(100, streams);
    guard.forget("llm");
    assert.deepEqual([...guard.throttled], ["depth", "segmentation"]);
    guard.forget("depth");
    assert.deepEqual([...guard.throttled], ["segmentation"]);
  });

  const invalid: [string, ConstructorParameters<typeof CpuGuardPolicy>[0], string][] = [
    [
      "equal thresholds",
      { throttleAboveMs: 30, recoverBelowMs: 30 },
      "cpu guard: invalid options: (options): recoverBelowMs must be lower than throttleAboveMs, otherwise the guard would flap",
    ],
    [
      "two bad fields, each named",
      { recoverBelowMs: -1, intervalMs: 0 },
      "cpu guard: invalid options: recoverBelowMs: Too small: expected number to be >=0; intervalMs: Too small: expected number to be >0",
    ],
  ];
  for (const [name, options, error] of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => new CpuGuardPolicy(options),
        (e: unknown) => e instanceof Error && e.message === error,
      );
    });
  }
});

describe("AcceleratorScheduler CPU guard (virtual time)", () => {
  it("drops a paused stream's jobs as throttled, keeps higher priority flowing, and recovers", async () => {
    const clock = new VirtualClock();
    let delayMs = 0;
    const scheduler = new AcceleratorScheduler({
      scheduler: clock,
      clock,
      cpuGuard: { source: { sampleMs: () => delayMs }, intervalMs: 100 },
    });
    const det = scheduler.declareStream({ name: "detection", priority: 24 });
    // The rate cap keeps all but the first depth job pending, so there is something to drop.
    const depth = scheduler.declareStream({ name: "depth", priority: 8, capacity: 4, maxRateHz: 1 });
    const slow = (): Promise<string> => new Promise((resolve) => clock.schedule(() => resolve("x"), 500));
    const queued = outcome(depth.run(slow));
    const waiting = [outcome(depth.run(slow)), outcome(depth.run(slow))];
    delayMs = 90;
    await clock.advanceBy(100);
    assert.deepEqual(scheduler.snapshot().cpuGuard.throttledStreams, ["depth"]);
    assert.ok(
      waiting.every((w) => w.current.state === "rejected" && isJobDropped(w.current.error, "throttled")),
      "pending jobs of the paused stream are dropped",
    );
    const rejected = outcome(depth.run(async () => "x"));
    const detOk = outcome(det.run(async () => "det"));
    await clock.advanceBy(1);
    assert.ok(rejected.current.state === "rejected" && isJobDropped(rejected.current.error, "throttled"));
    assert.deepEqual(detOk.current, { state: "resolved", value: "det" });
    delayMs = 30;
    await clock.advanceBy(100);
    assert.deepEqual(scheduler.snapshot().cpuGuard.throttledStreams, ["depth"], "hysteresis: still paused between thresholds");
    delayMs = 5;
    await clock.advanceBy(100);
    assert.deepEqual(scheduler.snapshot().cpuGuard.throttledStreams, []);
    const resumed = outcome(depth.run(async () => "back"));
    await clock.advanceBy(1000);
    assert.deepEqual(resumed.current, { state: "resolved", value: "back" });
    assert.equal(queued.current.state, "resolved", "a job already running when paused finishes");
    assert.equal(scheduler.snapshot().streams.find((s) => s.stream === "depth")?.dropped.throttled, 3);
    scheduler.close();
  });
});
