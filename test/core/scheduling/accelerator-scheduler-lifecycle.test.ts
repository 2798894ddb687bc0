import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { AcceleratorScheduler } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import type { AcceleratorJob } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import { isJobDropped, JobTimeoutError } from "../../../src/core/scheduling/errors.ts";
import { VirtualClock } from "../../../src/core/scheduling/virtual-clock.ts";
import { jobLog, outcome, timedJob, virtualScheduler } from "./fixtures.ts";

/** A job that starts (logging it) and never settles unless aborted; `honourAbort: false` makes it hang through an abort too. */
function hungJob(clock: VirtualClock, log: ReturnType<typeof jobLog>, label: string, honourAbort = true): AcceleratorJob<string> {
  return (signal) =>
    new Promise<string>((_, reject) => {
      log.starts.push({ label, atMs: clock.nowMs() });
      signal.addEventListener("abort", () => {
        log.aborts.push({ label, atMs: clock.nowMs(), reason: signal.reason });
        if (honourAbort) reject(signal.reason);
      });
    });
}

function message(o: { current: { state: string; error?: unknown } }): string {
  assert.equal(o.current.state, "rejected");
  return (o.current.error as Error).message;
}

describe("AcceleratorScheduler lifecycle, errors and timers (virtual time)", () => {
  it("close: pending jobs are dropped and running ones aborted as cancelled, later jobs too; closing twice changes nothing", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const det = scheduler.declareStream({ name: "det", policy: "queue", capacity: 4, timeoutMs: 500 });
    const log = jobLog();
    const running = outcome(det.run(hungJob(clock, log, "running")));
    const pending = outcome(det.run(timedJob(clock, log, "pending", 5)));
    const events: string[] = [];
    det.run$(timedJob(clock, log, "observed", 5)).subscribe({ complete: () => events.push("complete"), error: () => events.push("error") });
    scheduler.close();
    scheduler.close();
    await clock.advanceBy(1000);
    const late = outcome(det.run(timedJob(clock, log, "late", 5)));
    await clock.advanceBy(10);
    assert.equal(message(running), 'stream "det": job cancelled (scheduler closed)');
    assert.equal(message(pending), 'stream "det": job cancelled (scheduler closed)');
    assert.equal(message(late), 'stream "det": job cancelled (scheduler closed)');
    assert.deepEqual(events, ["complete"], "a cancelled run$ completes without a value");
    assert.deepEqual(
      log.starts.map((s) => s.label),
      ["running"],
    );
    assert.equal(log.aborts.length, 1);
    const m = scheduler.snapshot().streams[0]!;
    assert.deepEqual([m.dropped.cancelled, m.submitted, m.timedOut], [4, 4, 0]);
    assert.equal(clock.pendingTimers, 0, "no timer left behind");
  });

  it("removeStream aborts only that stream's running jobs and names the reason; later jobs on its handle are dropped", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 2 } } });
    const front = scheduler.declareStream({ name: "front" });
    const rear = scheduler.declareStream({ name: "rear" });
    const log = jobLog();
    const frontJob = outcome(front.run(timedJob(clock, log, "front", 10)));
    const rearJob = outcome(rear.run(hungJob(clock, log, "rear")));
    scheduler.removeStream("rear");
    const late = outcome(rear.run(timedJob(clock, log, "late", 1)));
    await clock.advanceBy(20);
    assert.deepEqual(frontJob.current, { state: "resolved", value: "front" });
    assert.equal(message(rearJob), 'stream "rear": job cancelled (stream removed)');
    assert.equal(message(late), 'stream "rear": job cancelled (stream removed)');
    assert.deepEqual(
      log.aborts.map((a) => a.label),
      ["rear"],
    );
    assert.deepEqual(
      scheduler.snapshot().streams.map((s) => s.stream),
      ["front"],
    );
  });

  const invalidSchedulers: [string, () => unknown, string][] = [
    ["zero aging", () => new AcceleratorScheduler({ agingMsPerLevel: 0 }), "accelerator scheduler: agingMsPerLevel must be > 0, got 0"],
    [
      "negative aging",
      () => new AcceleratorScheduler({ agingMsPerLevel: -5 }),
      "accelerator scheduler: agingMsPerLevel must be > 0, got -5",
    ],
    [
      "NaN aging",
      () => new AcceleratorScheduler({ agingMsPerLevel: Number.NaN }),
      "accelerator scheduler: agingMsPerLevel must be > 0, got NaN",
    ],
    [
      "an unknown stream",
      () => {
        const s = new AcceleratorScheduler({ scheduler: new VirtualClock() });
        s.declareStream({ name: "a" });
        s.declareStream({ name: "b" });
        return s.agingBoundMs("c");
      },
      'accelerator scheduler: no stream named "c"; declared: a, b',
    ],
  ];
  for (const [name, make, error] of invalidSchedulers) {
    it(`rejects ${name} with a message naming it`, () => {
      assert.throws(make, (e: unknown) => e instanceof Error && e.message === error);
    });
  }

  it("accepts a fractional aging step and ages by it", async () => {
    const { clock, scheduler } = virtualScheduler({ agingMsPerLevel: 0.5, lanes: { vision: { maxInFlight: 1 } } });
    const low = scheduler.declareStream({ name: "low", priority: 0 });
    const high = scheduler.declareStream({ name: "high", priority: 10 });
    const log = jobLog();
    void high.run(timedJob(clock, log, "occupy", 6));
    void low.run(timedJob(clock, log, "low", 1)); // waits 6 ms = 12 levels by the time the slot frees
    await clock.advanceBy(5);
    void high.run(timedJob(clock, log, "high", 1)); // waits 1 ms = 2 levels: 12 > 10 + 2
    await clock.advanceBy(10);
    assert.deepEqual(
      log.starts.map((s) => s.label),
      ["occupy", "low", "high"],
    );
  });

  it("an already-aborted signal drops the job unstarted, naming why", async () => {
    const { clock, scheduler } = virtualScheduler();
    const det = scheduler.declareStream({ name: "det" });
    const log = jobLog();
    const controller = new AbortController();
    controller.abort();
    const o = outcome(det.run(timedJob(clock, log, "never", 1), { signal: controller.signal }));
    await clock.advanceBy(5);
    assert.equal(message(o), 'stream "det": job cancelled (its AbortSignal was already aborted)');
    assert.deepEqual(log.starts, []);
    assert.equal(scheduler.snapshot().streams[0]?.dropped.cancelled, 1);
  });

  it("a long-lived AbortSignal shared by many jobs keeps no listener once they have finished", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const det = scheduler.declareStream({ name: "det", policy: "queue", capacity: 8 });
    const log = jobLog();
    const controller = new AbortController();
    const results = ["a", "b", "c"].map((l) => outcome(det.run(timedJob(clock, log, l, 2), { signal: controller.signal })));
    assert.equal(getEventListeners(controller.signal, "abort").length, 3);
    await clock.advanceBy(10);
    assert.deepEqual(
      results.map((r) => r.current.state),
      ["resolved", "resolved", "resolved"],
    );
    assert.equal(getEventListeners(controller.signal, "abort").length, 0);
    controller.abort(); // after the fact: nothing is cancelled
    assert.equal(scheduler.snapshot().streams[0]?.dropped.cancelled, 0);
  });

  it("aborting a running job reports it cancelled with no detail, and aborting it again counts once", async () => {
    const { clock, scheduler } = virtualScheduler();
    const det = scheduler.declareStream({ name: "det" });
    const log = jobLog();
    const controller = new AbortController();
    const o = outcome(det.run(hungJob(clock, log, "hung", false), { signal: controller.signal }));
    await clock.advanceBy(1);
    controller.abort();
    controller.abort();
    await clock.advanceBy(1);
    assert.equal(message(o), 'stream "det": job cancelled');
    assert.equal(scheduler.snapshot().streams[0]?.dropped.cancelled, 1);
  });

  it("unsubscribing run$ removes a pending job unstarted and aborts a running one", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const det = scheduler.declareStream({ name: "det", policy: "queue", capacity: 4 });
    const log = jobLog();
    const running = det.run$(hungJob(clock, log, "running")).subscribe();
    const pending = det.run$(timedJob(clock, log, "pending", 1)).subscribe();
    await clock.advanceBy(1);
    pending.unsubscribe();
    running.unsubscribe();
    await clock.advanceBy(10);
    assert.deepEqual(
      log.starts.map((s) => s.label),
      ["running"],
    );
    assert.deepEqual(
      log.aborts.map((a) => a.label),
      ["running"],
    );
    assert.equal(scheduler.snapshot().streams[0]?.dropped.cancelled, 2);
  });

  it("names why a latest job was replaced: by a newer one, or while the rate cap held it back", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
    const det = scheduler.declareStream({ name: "det", policy: "latest", maxRateHz: 20 });
    const log = jobLog();
    void det.run(timedJob(clock, log, "first", 1));
    const superseded = outcome(det.run(timedJob(clock, log, "a", 1))); // rate-gated until 50 ms
    void det.run(timedJob(clock, log, "b", 1));
    await clock.advanceBy(100);
    assert.equal(message(superseded), 'stream "det": job dropped, superseded while held back by the stream\'s rate cap (maxRateHz=20)');
    const busy = scheduler.declareStream({ name: "busy", policy: "latest" });
    void busy.run(hungJob(clock, log, "hold"));
    const replaced = outcome(busy.run(timedJob(clock, log, "x", 1)));
    void busy.run(timedJob(clock, log, "y", 1));
    await clock.advanceBy(1);
    assert.equal(
      message(replaced),
      'stream "busy": job dropped, superseded by a newer job before it started (policy "latest" keeps only the newest)',
    );
  });

  describe("deadlines", () => {
    it("a job that waited exactly deadlineMs still runs; one that waited longer does not", async () => {
      const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
      const busy = scheduler.declareStream({ name: "busy" });
      const depth = scheduler.declareStream({ name: "depth", policy: "queue", deadlineMs: 20 });
      const log = jobLog();
      void busy.run(timedJob(clock, log, "hold", 20));
      const onTime = outcome(depth.run(timedJob(clock, log, "on-time", 1))); // waits 0 → 20 ms
      const late = outcome(depth.run(timedJob(clock, log, "late", 1), { capturedAtMs: -1 })); // 21 ms by then
      await clock.advanceBy(50);
      assert.deepEqual(onTime.current, { state: "resolved", value: "on-time" });
      assert.ok(late.current.state === "rejected" && isJobDropped(late.current.error, "deadline"));
    });

    it("when every pending job of a stream has expired, the slot goes to the next stream", async () => {
      const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
      const depth = scheduler.declareStream({ name: "depth", priority: 30, deadlineMs: 5 });
      const other = scheduler.declareStream({ name: "other", priority: 1 });
      const log = jobLog();
      void other.run(timedJob(clock, log, "hold", 10));
      depth.run(timedJob(clock, log, "expired", 1)).catch(() => undefined);
      void other.run(timedJob(clock, log, "next", 1));
      await clock.advanceBy(20);
      assert.deepEqual(
        log.starts.map((s) => [s.label, s.atMs]),
        [
          ["hold", 0],
          ["next", 10],
        ],
      );
    });
  });

  describe("ordering between streams of equal priority", () => {
    it("the stream waiting longest starts first", async () => {
      const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
      const a = scheduler.declareStream({ name: "a", priority: 5 });
      const b = scheduler.declareStream({ name: "b", priority: 5 });
      const hold = scheduler.declareStream({ name: "hold", priority: 5 });
      const log = jobLog();
      void hold.run(timedJob(clock, log, "hold", 10));
      await clock.advanceBy(2);
      void b.run(timedJob(clock, log, "b", 1));
      await clock.advanceBy(3);
      void a.run(timedJob(clock, log, "a", 1));
      await clock.advanceBy(20);
      assert.deepEqual(
        log.starts.map((s) => s.label),
        ["hold", "b", "a"],
      );
    });

    it("an exact tie goes to the stream declared first", async () => {
      const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
      const a = scheduler.declareStream({ name: "a", priority: 5 });
      const b = scheduler.declareStream({ name: "b", priority: 5 });
      const log = jobLog();
      void a.run(timedJob(clock, log, "hold", 10));
      await clock.advanceBy(2);
      void b.run(timedJob(clock, log, "b", 1));
      void a.run(timedJob(clock, log, "a", 1));
      await clock.advanceBy(20);
      assert.deepEqual(
        log.starts.map((s) => s.label),
        ["hold", "a", "b"],
      );
    });
  });

  it("rate gates: the stream whose gate opens first starts then, whatever the declaration order", async () => {
    const { clock, scheduler } = virtualScheduler();
    const slow = scheduler.declareStream({ name: "slow", maxRateHz: 10 }); // gate 100 ms after a start
    const fast = scheduler.declareStream({ name: "fast", maxRateHz: 25 }); // gate 40 ms after a start
    const log = jobLog();
    void fast.run(timedJob(clock, log, "fast0", 1));
    void slow.run(timedJob(clock, log, "slow0", 1));
    await clock.advanceBy(5);
    void slow.run(timedJob(clock, log, "slow1", 1));
    void fast.run(timedJob(clock, log, "fast1", 1));
    await clock.advanceBy(200);
    assert.deepEqual(
      log.starts.map((s) => [s.label, s.atMs]),
      [
        ["fast0", 0],
        ["slow0", 0],
        ["fast1", 40],
        ["slow1", 100],
      ],
    );
  });

  it("a job submitted from inside a starting job starts at once when a slot is free", async () => {
    const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 2 } } });
    const det = scheduler.declareStream({ name: "det" });
    const depth = scheduler.declareStream({ name: "depth" });
    const log = jobLog();
    let inner: Promise<string> | undefined;
    void det.run(async (signal) => {
      inner = depth.run(timedJob(clock, log, "inner", 1));
      return timedJob(clock, log, "outer", 10)(signal);
    });
    await clock.advanceBy(0);
    assert.deepEqual(
      log.starts.map((s) => [s.label, s.atMs]),
      [
        ["outer", 0],
        ["inner", 0],
      ],
      "the inner job starts as soon as the outer one has, not when it finishes",
    );
    await clock.advanceBy(20);
    assert.equal(await inner, "inner");
  });

  describe("timeouts", () => {
    it("each running job times out at its own start + timeoutMs, whatever the order they started in", async () => {
      const clock = new VirtualClock(1000);
      const scheduler = new AcceleratorScheduler({ scheduler: clock, clock, lanes: { vision: { maxInFlight: 3 } } });
      const log = jobLog();
      const timedOutAt: [string, number][] = [];
      const streams: [string, number, number][] = [
        ["long", 300, 0],
        ["short", 100, 10],
        ["middle", 150, 20],
      ];
      for (const [name, timeoutMs, startAt] of streams) {
        const s = scheduler.declareStream({ name, timeoutMs });
        clock.schedule(() => {
          s.run(hungJob(clock, log, name, false)).catch((e: unknown) => {
            assert.ok(e instanceof JobTimeoutError);
            timedOutAt.push([name, clock.nowMs() - 1000]);
          });
        }, startAt);
      }
      await clock.advanceBy(1000);
      assert.deepEqual(timedOutAt, [
        ["short", 110],
        ["middle", 170],
        ["long", 300],
      ]);
      assert.deepEqual(
        scheduler.snapshot().streams.map((s) => [s.stream, s.timedOut, s.consecutiveFailures, s.running]),
        [
          ["long", 1, 1, 0],
          ["short", 1, 1, 0],
          ["middle", 1, 1, 0],
        ],
      );
      assert.equal(clock.pendingTimers, 0, "no watchdog is left armed once nothing runs");
    });

    it("a job cancelled while running keeps its slot until its timeout, and is not counted as timed out", async () => {
      const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
      const det = scheduler.declareStream({ name: "det", policy: "queue", timeoutMs: 50 });
      const log = jobLog();
      const controller = new AbortController();
      const cancelled = outcome(det.run(hungJob(clock, log, "hung", false), { signal: controller.signal }));
      const next = outcome(det.run(timedJob(clock, log, "next", 1)));
      await clock.advanceBy(10);
      controller.abort();
      await clock.advanceBy(100);
      assert.ok(cancelled.current.state === "rejected" && isJobDropped(cancelled.current.error, "cancelled"));
      assert.deepEqual(next.current, { state: "resolved", value: "next" });
      assert.deepEqual(
        log.starts.map((s) => [s.label, s.atMs]),
        [
          ["hung", 0],
          ["next", 50],
        ],
      );
      const m = scheduler.snapshot().streams[0]!;
      assert.deepEqual([m.timedOut, m.dropped.cancelled, m.completed, m.consecutiveFailures], [0, 1, 1, 0]);
    });

    it("run$ reports a timeout and a failure as errors, not as an empty completion", async () => {
      const { clock, scheduler } = virtualScheduler();
      const det = scheduler.declareStream({ name: "det", timeoutMs: 20 });
      const log = jobLog();
      const events: string[] = [];
      const record = (what: string) => ({
        next: () => events.push(`${what} next`),
        complete: () => events.push(`${what} complete`),
        error: (e: unknown) => events.push(`${what} error ${(e as Error).message}`),
      });
      det.run$(hungJob(clock, log, "hung", false)).subscribe(record("hung"));
      det
        .run$(async () => {
          throw new Error("boom");
        })
        .subscribe(record("failing"));
      await clock.advanceBy(30);
      assert.deepEqual(events, [
        "failing error boom",
        `hung error stream "det": job did not finish within timeoutMs=20 ms; it was aborted and its slot freed. If the model is really this slow, raise the stream's timeoutMs`,
      ]);
      assert.equal(scheduler.snapshot().streams[0]?.consecutiveFailures, 2);
    });
  });

  describe("snapshot", () => {
    it("counts running jobs, waits from submission, and lane busy time including the job still running", async () => {
      const clock = new VirtualClock(500);
      const scheduler = new AcceleratorScheduler({ scheduler: clock, clock, lanes: { vision: { maxInFlight: 1 } } });
      const det = scheduler.declareStream({ name: "det", policy: "queue" });
      const log = jobLog();
      assert.deepEqual(scheduler.snapshot().lanes[0], {
        lane: "vision",
        maxInFlight: 1,
        inFlight: 0,
        busyMs: 0,
        wallMs: 0,
        utilisation: 0,
      });
      await clock.advanceBy(10);
      void det.run(timedJob(clock, log, "a", 20));
      await clock.advanceBy(5);
      void det.run(timedJob(clock, log, "b", 20)); // submitted at +15, starts at +30: waits 15 ms
      await clock.advanceBy(25); // +40: b has run for 10 ms
      const m = scheduler.snapshot();
      const s = m.streams[0]!;
      assert.deepEqual([s.running, s.pending, s.started, s.completed], [1, 0, 2, 1]);
      assert.equal(s.waitMs.max, 15);
      assert.deepEqual(m.lanes[0], { lane: "vision", maxInFlight: 1, inFlight: 1, busyMs: 30, wallMs: 40, utilisation: 0.75 });
      assert.deepEqual(m.cpuGuard, { eventLoopDelayMs: 0, throttledStreams: [] });
    });

    it("droppedTotal adds up every reason", async () => {
      const { clock, scheduler } = virtualScheduler({ lanes: { vision: { maxInFlight: 1 } } });
      const q = scheduler.declareStream({ name: "q", policy: "queue", capacity: 1 });
      const log = jobLog();
      void q.run(hungJob(clock, log, "hold"));
      void q.run(timedJob(clock, log, "queued", 1));
      q.run(timedJob(clock, log, "overflow", 1)).catch(() => undefined);
      const controller = new AbortController();
      controller.abort();
      q.run(timedJob(clock, log, "aborted", 1), { signal: controller.signal }).catch(() => undefined);
      await clock.advanceBy(1);
      const s = scheduler.snapshot().streams[0]!;
      assert.deepEqual([s.dropped.overflow, s.dropped.cancelled, s.droppedTotal], [1, 1, 2]);
    });
  });
});
