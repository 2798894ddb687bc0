import assert from "node:assert/strict";
import { isJobDropped, JobTimeoutError } from "../../../src/core/scheduling/errors.ts";
import { jobLog, outcome, timedJob, virtualScheduler } from "./fixtures.ts";

describe("AcceleratorScheduler policies (virtual time)", () => {
  it("latest: a newer job supersedes the pending one; Promise rejects, Observable completes empty", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const det = scheduler.declareStream({ name: "detection", policy: "latest" });
    const log = jobLog();
    const first = outcome(det.run(timedJob(clock, log, "f1", 10)));
    const second = outcome(det.run(timedJob(clock, log, "f2", 10)));
    const events: string[] = [];
    det.run$(timedJob(clock, log, "f3", 10)).subscribe({ next: (v) => events.push(`next ${v}`), complete: () => events.push("complete") });
    const fourth = outcome(det.run(timedJob(clock, log, "f4", 10)));
    await clock.advanceBy(30);

    assert.deepEqual(
      log.starts.map((s) => s.label),
      ["f1", "f4"],
    );
    assert.deepEqual(first.current, { state: "resolved", value: "f1" });
    assert.equal(second.current.state, "rejected");
    assert.ok(second.current.state === "rejected" && isJobDropped(second.current.error, "superseded"));
    assert.match(String((second.current as { error: Error }).error.message), /stream "detection".*superseded/);
    assert.deepEqual(events, ["complete"]);
    assert.deepEqual(fourth.current, { state: "resolved", value: "f4" });
    const m = scheduler.snapshot().streams[0];
    assert.equal(m?.dropped.superseded, 2);
    assert.equal(m?.completed, 2);
    assert.equal(m?.submitted, 4);
  });

  it("deadline: a job that waited longer than deadlineMs is dropped, not run (from capture time when given)", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const busy = scheduler.declareStream({ name: "busy" });
    const depth = scheduler.declareStream({ name: "depth", deadlineMs: 20 });
    const log = jobLog();
    void busy.run(timedJob(clock, log, "long", 50));
    const late = outcome(depth.run(timedJob(clock, log, "late", 1)));
    await clock.advanceBy(10);
    const fresh = outcome(depth.run(timedJob(clock, log, "fresh", 1), { capturedAtMs: 45 }));
    const stale = outcome(depth.run(timedJob(clock, log, "stale-capture", 1), { capturedAtMs: -100 }));
    await clock.advanceBy(100);
    assert.ok(late.current.state === "rejected" && isJobDropped(late.current.error, "deadline"));
    assert.ok(stale.current.state === "rejected" && isJobDropped(stale.current.error, "deadline"));
    assert.deepEqual(fresh.current, { state: "resolved", value: "fresh" });
    assert.deepEqual(
      log.starts.map((s) => s.label),
      ["long", "fresh"],
    );
    assert.equal(scheduler.snapshot().streams[1]?.dropped.deadline, 2);
  });

  it("queue: bounded FIFO; overflow is rejected with an error naming the stream and its capacity", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const tts = scheduler.declareStream({ name: "tts", policy: "queue", capacity: 2 });
    const log = jobLog();
    const results = ["a", "b", "c", "d"].map((l) => outcome(tts.run(timedJob(clock, log, l, 5))));
    let observableError: unknown;
    tts.run$(timedJob(clock, log, "e", 5)).subscribe({ error: (e) => (observableError = e) });
    await clock.advanceBy(50);
    assert.deepEqual(
      log.starts.map((s) => s.label),
      ["a", "b", "c"],
    );
    const rejected = results[3]?.current;
    assert.ok(rejected?.state === "rejected" && isJobDropped(rejected.error, "overflow"));
    assert.match((rejected.error as Error).message, /stream "tts": queue is full \(capacity 2\)/);
    assert.ok(isJobDropped(observableError, "overflow"), "run$ errors on overflow");
    assert.equal(scheduler.snapshot().streams[0]?.dropped.overflow, 2);
  });

  it("maxRateHz: starts are spaced by 1/rate; a latest job superseded while rate-gated counts as a rate drop", async () => {
    const { clock, scheduler } = virtualScheduler();
    const q = scheduler.declareStream({ name: "q", policy: "queue", maxRateHz: 10 });
    const depth = scheduler.declareStream({ name: "depth", policy: "latest", maxRateHz: 10 });
    const log = jobLog();
    for (const l of ["q1", "q2", "q3"]) void q.run(timedJob(clock, log, l, 1));
    // A camera at 33 fps (exact 30 ms period keeps virtual times integral).
    for (let i = 0; i < 10; i++) {
      depth.run(timedJob(clock, log, `d${i}`, 1)).catch(() => undefined);
      await clock.advanceBy(30);
    }
    await clock.advanceBy(200);
    const starts = (prefix: string): number[] => log.starts.filter((s) => s.label.startsWith(prefix)).map((s) => Math.round(s.atMs));
    assert.deepEqual(starts("q"), [0, 100, 200]);
    assert.deepEqual(starts("d"), [0, 100, 200, 300]);
    assert.deepEqual(
      log.starts.filter((s) => s.label.startsWith("d")).map((s) => s.label),
      ["d0", "d3", "d6", "d9"],
    );
    assert.equal(scheduler.snapshot().streams[1]?.dropped.rate, 6);
  });

  it("priority: the higher-priority stream's job starts first", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const low = scheduler.declareStream({ name: "low", priority: 4 });
    const high = scheduler.declareStream({ name: "high", priority: 20 });
    const log = jobLog();
    void low.run(timedJob(clock, log, "occupy", 5));
    void low.run(timedJob(clock, log, "low", 5));
    void high.run(timedJob(clock, log, "high", 5));
    await clock.advanceBy(20);
    assert.deepEqual(
      log.starts.map((s) => s.label),
      ["occupy", "high", "low"],
    );
    assert.equal(high.hailoPriority, 20);
  });

  it("aging: a low-priority `latest` stream whose frames keep replacing each other still ages and starts within the bound", async () => {
    const { clock, scheduler } = virtualScheduler({ agingMsPerLevel: 10, lanes: { vision: { maxInFlight: 1 } } });
    const flood = scheduler.declareStream({ name: "flood", priority: 31, capacity: 8, timeoutMs: 20 });
    const camera = scheduler.declareStream({ name: "camera", policy: "latest", priority: 0, timeoutMs: 20 });
    const log = jobLog();
    const refill = (): void => {
      while (scheduler.snapshot().streams[0]!.pending < 4) flood.run(timedJob(clock, log, "flood", 5)).then(refill, () => undefined);
    };
    refill();
    // A 30 fps camera: every frame supersedes the one before it while the flood holds the slot.
    for (let t = 0; t < 2000; t += 33) {
      clock.schedule(() => void camera.run(timedJob(clock, log, `frame@${t}`, 5)).catch(() => undefined), t);
    }
    await clock.advanceBy(2000);
    const starts = log.starts.filter((s) => s.label.startsWith("frame@"));
    const bound = scheduler.agingBoundMs("camera");
    assert.ok(starts.length >= 2000 / bound - 1, `camera started ${starts.length} frames in 2 s; bound ${bound} ms`);
    assert.ok(starts[0]!.atMs <= bound, `first camera frame started at ${starts[0]!.atMs} ms, bound ${bound} ms`);
    scheduler.close();
  });

  it("removeStream: pending jobs are cancelled, running ones aborted, the old handle drops, and the name can be declared again", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const det = scheduler.declareStream({ name: "detection", policy: "queue" });
    const log = jobLog();
    let abortedWhileRunning = false;
    const running = outcome(
      det.run((signal) => {
        signal.addEventListener("abort", () => (abortedWhileRunning = true));
        return timedJob(clock, log, "running", 50)(signal);
      }),
    );
    const waiting = outcome(det.run(timedJob(clock, log, "waiting", 5)));
    await clock.advanceBy(1);
    scheduler.removeStream("detection");
    await clock.advanceBy(100);
    assert.ok(abortedWhileRunning, "the running job's signal fired");
    assert.ok(waiting.current.state === "rejected" && isJobDropped(waiting.current.error, "cancelled"));
    assert.equal(running.current.state, "rejected");
    const late = outcome(det.run(timedJob(clock, log, "late", 5)));
    await clock.advanceBy(1);
    assert.ok(late.current.state === "rejected" && isJobDropped(late.current.error, "cancelled"));
    const again = scheduler.declareStream({ name: "detection" });
    const fresh = outcome(again.run(timedJob(clock, log, "fresh", 5)));
    await clock.advanceBy(10);
    assert.deepEqual(fresh.current, { state: "resolved", value: "fresh" });
    assert.deepEqual(
      scheduler.snapshot().streams.map((m) => m.stream),
      ["detection"],
    );
    scheduler.close();
  });

  for (const { agingMsPerLevel, expectStarved } of [
    { agingMsPerLevel: 10, expectStarved: false },
    { agingMsPerLevel: 1e9, expectStarved: true },
  ]) {
    it(`aging: a low-priority stream under a saturating high-priority flood ${expectStarved ? "starves without aging" : "starts within the stated bound"} (agingMsPerLevel=${agingMsPerLevel})`, async () => {
      const { clock, scheduler } = virtualScheduler({ agingMsPerLevel, lanes: { vision: { maxInFlight: 2 } } });
      const flood = scheduler.declareStream({ name: "detection", priority: 30, capacity: 4, timeoutMs: 20 });
      const depth = scheduler.declareStream({ name: "depth", priority: 2, timeoutMs: 20 });
      const log = jobLog();
      const refill = (): void => {
        while (scheduler.snapshot().streams[0]!.pending < 4) flood.run(timedJob(clock, log, "det", 7)).then(refill, () => undefined);
      };
      refill();
      const waitStarted = clock.nowMs();
      const late = outcome(depth.run(timedJob(clock, log, "depth", 3)));
      await clock.advanceBy(1000);
      const depthStart = log.starts.find((s) => s.label === "depth");
      if (expectStarved) {
        assert.equal(depthStart, undefined, "without aging the flood keeps the low stream waiting");
        assert.equal(late.current.state, "pending");
      } else {
        const bound = scheduler.agingBoundMs("depth");
        // (30 − 2)·10 + ⌈2 streams / 2 slots⌉·20 = 300 ms
        assert.equal(bound, 300);
        assert.ok(depthStart !== undefined, "the low-priority job started");
        const waited = depthStart.atMs - waitStarted;
        // Aging, not a free slot, let it in: it overtakes the flood once (30 − 2) levels have accrued.
        assert.ok(waited >= 270 && waited <= bound, `waited ${waited} ms, bound ${bound} ms`);
      }
      scheduler.close();
      await clock.advanceBy(50);
    });
  }

  it("concurrency: at most maxInFlight vision jobs at once, and an LLM generation holds the llm lane, not a vision slot", async () => {
    const { clock, scheduler } = virtualScheduler();
    const det = scheduler.declareStream({ name: "detection", policy: "queue", capacity: 16 });
    const llm = scheduler.declareStream({ name: "llm", lane: "llm", timeoutMs: 60_000 });
    const log = jobLog();
    void llm.run(timedJob(clock, log, "generation", 5000));
    void llm.run(timedJob(clock, log, "generation-2", 10));
    for (let i = 0; i < 6; i++) void det.run(timedJob(clock, log, `det${i}`, 10));
    await clock.advanceBy(0);
    assert.deepEqual(
      scheduler.snapshot().lanes.map((l) => [l.lane, l.inFlight]),
      [
        ["vision", 2],
        ["llm", 1],
      ],
    );
    await clock.advanceBy(30);
    assert.equal(log.starts.filter((s) => s.label.startsWith("det")).length, 6);
    assert.equal(log.starts.filter((s) => s.label.startsWith("generation")).length, 1);
  });

  it("cancellation: unsubscribing a running job aborts its signal; aborting a pending job removes it unstarted", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const s = scheduler.declareStream({ name: "detection" });
    const log = jobLog();
    const sub = s.run$(timedJob(clock, log, "running", 100)).subscribe();
    const controller = new AbortController();
    const pending = outcome(s.run(timedJob(clock, log, "pending", 10), { signal: controller.signal }));
    const after = outcome(s.run(timedJob(clock, log, "after", 10)));
    await clock.advanceBy(5);
    controller.abort();
    sub.unsubscribe();
    await clock.advanceBy(0);
    assert.deepEqual(
      log.aborts.map((a) => a.label),
      ["running"],
    );
    assert.ok(isJobDropped(log.aborts[0]?.reason, "cancelled"), "the backend sees the abort with a cancelled reason");
    assert.ok(pending.current.state === "rejected" && isJobDropped(pending.current.error, "cancelled"));
    await clock.advanceBy(20);
    assert.deepEqual(
      log.starts.map((x) => x.label),
      ["running", "after"],
    );
    assert.deepEqual(after.current, { state: "resolved", value: "after" });
    assert.equal(scheduler.snapshot().streams[0]?.dropped.cancelled, 2);
  });

  it("failure: a job's error reaches its caller unchanged and the stream continues", async () => {
    const { clock, scheduler } = virtualScheduler();
    const s = scheduler.declareStream({ name: "detection" });
    const boom = new Error("device fault");
    const failed = outcome(s.run(() => Promise.reject(boom)));
    const thrown = outcome(
      s.run(() => {
        throw boom;
      }),
    );
    const ok = outcome(s.run(async () => "fine"));
    await clock.advanceBy(1);
    assert.deepEqual(failed.current, { state: "rejected", error: boom });
    assert.deepEqual(thrown.current, { state: "rejected", error: boom });
    assert.deepEqual(ok.current, { state: "resolved", value: "fine" });
    const m = scheduler.snapshot().streams[0];
    assert.equal(m?.failed, 2);
    assert.equal(m?.consecutiveFailures, 0, "a success resets the streak");
  });

  it("timeout: a hung job fails with JobTimeoutError, its signal aborts, its slot frees and the stream continues", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const s = scheduler.declareStream({ name: "detection", timeoutMs: 50 });
    let hungSignal: AbortSignal | undefined;
    const hung = outcome(
      s.run((signal) => {
        hungSignal = signal;
        return new Promise<string>(() => undefined);
      }),
    );
    const log = jobLog();
    const next = outcome(s.run(timedJob(clock, log, "next", 5)));
    await clock.advanceBy(49);
    assert.equal(hung.current.state, "pending");
    await clock.advanceBy(1);
    const settled = hung.current as { state: string; error?: unknown };
    assert.ok(settled.state === "rejected" && settled.error instanceof JobTimeoutError);
    assert.match((settled.error as Error).message, /stream "detection": job did not finish within timeoutMs=50 ms/);
    assert.equal(hungSignal?.aborted, true);
    await clock.advanceBy(5);
    assert.deepEqual(next.current, { state: "resolved", value: "next" });
    assert.deepEqual(log.starts, [{ label: "next", atMs: 50 }]);
    assert.equal(scheduler.snapshot().streams[0]?.timedOut, 1);
  });

  it("metrics: counts, nearest-rank wait/service percentiles and lane utilisation", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const s = scheduler.declareStream({ name: "detection", capacity: 200 });
    const log = jobLog();
    for (let i = 1; i <= 100; i++) void s.run(timedJob(clock, log, `j${i}`, i === 100 ? 100 : 1));
    await clock.advanceBy(199);
    await clock.advanceBy(199);
    const m = scheduler.snapshot();
    const st = m.streams[0];
    assert.equal(st?.completed, 100);
    assert.equal(st?.started, 100);
    // Service: 99 × 1 ms and one 100 ms → p50 1, p99 1, max 100. Wait of job k is k−1 ms.
    assert.deepEqual([st?.serviceMs.p50, st?.serviceMs.p99, st?.serviceMs.max], [1, 1, 100]);
    assert.deepEqual([st?.waitMs.p50, st?.waitMs.p90, st?.waitMs.p99, st?.waitMs.count], [49, 89, 98, 100]);
    const lane = m.lanes.find((l) => l.lane === "vision");
    assert.equal(lane?.busyMs, 199);
    assert.ok(Math.abs((lane?.utilisation ?? 0) - 199 / 398) < 1e-9);
  });

  it("metrics$: emits a snapshot every metricsIntervalMs while subscribed", async () => {
    const { clock, scheduler } = virtualScheduler({ metricsIntervalMs: 1000 });
    scheduler.declareStream({ name: "a" });
    const at: number[] = [];
    const sub = scheduler.metrics$.subscribe((m) => at.push(m.atMs));
    await clock.advanceBy(3500);
    sub.unsubscribe();
    await clock.advanceBy(2000);
    assert.deepEqual(at, [1000, 2000, 3000]);
  });

  for (const { input, pattern } of [
    { input: { name: "depth", priority: 40 }, pattern: /stream "depth": invalid options: priority/ },
    { input: { name: "depth", lane: "gpu" }, pattern: /stream "depth" uses lane "gpu", which is not configured; known lanes: vision, llm/ },
    { input: { name: "depth", maxRateHz: -1 }, pattern: /stream "depth": invalid options: maxRateHz/ },
  ]) {
    it(`rejects bad stream options clearly: ${pattern.source.slice(0, 40)}`, () => {
      const { scheduler } = virtualScheduler();
      assert.throws(() => scheduler.declareStream(input), pattern);
    });
  }

  it("rejects a duplicate stream name", () => {
    const { scheduler } = virtualScheduler();
    scheduler.declareStream({ name: "depth" });
    assert.throws(() => scheduler.declareStream({ name: "depth" }), /stream "depth" is already declared/);
  });
});
