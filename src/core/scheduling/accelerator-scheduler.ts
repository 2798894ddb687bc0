/**
 * The accelerator scheduler: nodes submit jobs on named streams; the scheduler decides which jobs
 * are admitted, dropped, and started, and how many run at once per lane. It is a pure core: its
 * only contact with the world is the injected RxJS scheduler (timers), the Clock (now) and an
 * optional event-loop delay source, so all of it runs in virtual time in tests.
 *
 * Ordering between streams of a lane: the stream whose head job has the highest
 *   score = priority + (now − agingFrom) / agingMsPerLevel
 * starts next, where agingFrom is when the stream last became able to start a job (it became
 * non-empty, or its last start / rate-cap gate). Aging bound (see `agingBoundMs`): another stream k
 * can overtake an eligible stream s only while agingFrom_k ≤ agingFrom_s + (p_k − p_s)·A, and every
 * start of k moves agingFrom_k to at least that start. So after (p_max − p_s)·A each other stream
 * starts at most one more job ahead of s, and slots free within the longest timeoutMs S of the lane:
 *   wait_s ≤ (p_max − p_s)·A + ⌈K / c⌉·S      (K streams on the lane, c = maxInFlight).
 *
 * Results: `run` returns a Promise that rejects with JobDroppedError for every drop. `run$` returns
 * a cold Observable (subscribing submits, unsubscribing cancels) that emits the result and completes;
 * load-shedding drops (superseded, rate, deadline, throttled, cancelled) complete it without a value,
 * while overflow, failures and timeouts are errors.
 */
import { Observable, asyncScheduler } from "rxjs";
import type { SchedulerLike, Subscriber, Subscription } from "rxjs";
import { systemClock } from "../../ports/clock.ts";
import type { Clock } from "../../ports/clock.ts";
import { CpuGuardPolicy } from "./cpu-guard.ts";
import type { CpuGuardOptionsInput, EventLoopDelaySource } from "./cpu-guard.ts";
import { JobDroppedError, JobTimeoutError, dropReasons, sheddingReasons } from "./errors.ts";
import type { DropReason } from "./errors.ts";
import type { LaneMetrics, SchedulerMetrics, StreamMetrics } from "./metrics.ts";
import { SampleWindow } from "./sample-window.ts";
import { defaultLanes, parseLaneOptions, parseStreamOptions } from "./stream-options.ts";
import type { LaneOptionsInput, ParseResult, StreamOptions, StreamOptionsInput } from "./stream-options.ts";

/** One unit of accelerator work. It must stop (and settle) when `signal` aborts. */
export type AcceleratorJob<R> = (signal: AbortSignal) => Promise<R>;

/** The limits of a stream that may change while it runs (see `AcceleratorStream.reconfigure`). */
export type StreamLimits = Pick<StreamOptionsInput, "deadlineMs" | "timeoutMs" | "maxRateHz">;

export interface RunOptions {
  /** Aborting cancels the job: removed if pending, its own signal aborted if running. */
  readonly signal?: AbortSignal;
  /** When the input was captured (e.g. the frame stamp) on the scheduler's clock; deadlines count from it. */
  readonly capturedAtMs?: number;
}

export interface AcceleratorSchedulerOptions {
  /** Timers (rate gates, timeouts, CPU guard, metrics). Default: RxJS asyncScheduler. */
  readonly scheduler?: SchedulerLike;
  /** "Now" in ms. Default: the scheduler's own `now()` if a scheduler is given, else the system clock. */
  readonly clock?: Clock;
  /** Concurrency pools. Default: `vision` (2 in flight) and `llm` (1). */
  readonly lanes?: Readonly<Record<string, LaneOptionsInput>>;
  /** Waiting time that adds one priority level (aging). Default 10 ms. */
  readonly agingMsPerLevel?: number;
  /** Period of `metrics$`. Default 1000 ms. */
  readonly metricsIntervalMs?: number;
  /** Samples kept per stream for wait/service percentiles. Default 1024. */
  readonly percentileWindow?: number;
  /** Pause low-priority streams while the event loop lags. Off unless a source is given. */
  readonly cpuGuard?: CpuGuardOptionsInput & { readonly source: EventLoopDelaySource };
}

const PENDING = 0;
const RUNNING = 1;
/** Cancelled while running: already reported, still holding its slot until it settles or times out. */
const CANCELLED_RUNNING = 2;
const DONE = 3;

class JobRecord {
  state = PENDING;
  // Stryker disable next-line BooleanLiteral: equivalent, #start sets slotHeld before the job can settle, and only settling reads it
  slotHeld = false;
  startedAtMs = 0;
  timeoutAtMs = 0;
  controller: AbortController | undefined = undefined;
  subscriber: Subscriber<unknown> | undefined = undefined;
  resolve: ((value: unknown) => void) | undefined = undefined;
  reject: ((error: unknown) => void) | undefined = undefined;
  externalSignal: AbortSignal | undefined = undefined;
  onExternalAbort: (() => void) | undefined = undefined;

  constructor(
    readonly stream: StreamState,
    readonly job: AcceleratorJob<unknown>,
    readonly submittedAtMs: number,
    /** Deadlines count from here (capture time when known). */
    readonly deadlineFromMs: number,
  ) {}
}

class LaneState {
  readonly streams: StreamState[] = [];
  inFlight = 0;
  busyMs = 0;
  busySinceMs = 0;
  pumping = false;
  // Stryker disable next-line BooleanLiteral: equivalent, #pump clears repump before every pass, so its initial value is never read
  repump = false;
  wakeAtMs = Number.POSITIVE_INFINITY;
  wake: Subscription | undefined = undefined;

  constructor(
    readonly name: string,
    readonly maxInFlight: number,
  ) {}
}

class StreamState {
  readonly pending: JobRecord[] = [];
  minIntervalMs: number;
  nonEmptySinceMs = 0;
  nextStartAtMs = Number.NEGATIVE_INFINITY;
  throttled = false;
  /** Set by removeStream: later submissions are dropped. */
  removed = false;
  running = 0;
  submitted = 0;
  started = 0;
  completed = 0;
  failed = 0;
  timedOut = 0;
  consecutiveFailures = 0;
  readonly dropped: Record<DropReason, number> = { superseded: 0, deadline: 0, rate: 0, overflow: 0, throttled: 0, cancelled: 0 };
  readonly waitMs: SampleWindow;
  readonly serviceMs: SampleWindow;

  constructor(
    public options: StreamOptions,
    readonly lane: LaneState,
    window: number,
  ) {
    this.minIntervalMs = options.maxRateHz === undefined ? 0 : 1000 / options.maxRateHz;
    this.waitMs = new SampleWindow(window);
    this.serviceMs = new SampleWindow(window);
  }
}

/** A declared stream: where a node submits its jobs. */
export class AcceleratorStream {
  readonly #state: StreamState;
  readonly #submit: (record: JobRecord) => void;
  readonly #now: () => number;

  /** @internal created by AcceleratorScheduler.declareStream */
  constructor(state: StreamState, submit: (record: JobRecord) => void, now: () => number) {
    this.#state = state;
    this.#submit = submit;
    this.#now = now;
  }

  get name(): string {
    return this.#state.options.name;
  }
  get options(): StreamOptions {
    return this.#state.options;
  }
  /** The stream's priority in HailoRT's 0–31 range, for `LoadModelOptions.priority` / set_scheduler_priority. */
  get hailoPriority(): number {
    return this.#state.options.priority;
  }

  /**
   * Changes the stream's limits while it runs (they come from live node parameters). Applies to
   * admissions and starts from now on; running jobs keep the timeout they started with.
   * Returns the new options, or an error naming the bad value (the stream is then unchanged).
   */
  reconfigure(changes: StreamLimits): ParseResult<StreamOptions> {
    const current = this.#state.options;
    const parsed = parseStreamOptions({ ...current, ...changes });
    if (!parsed.ok) return parsed;
    this.#state.options = parsed.value;
    this.#state.minIntervalMs = parsed.value.maxRateHz === undefined ? 0 : 1000 / parsed.value.maxRateHz;
    return parsed;
  }

  /** Submits a job now; the Promise rejects with JobDroppedError if it is dropped, or with the job's own error. */
  run<R>(job: AcceleratorJob<R>, options?: RunOptions): Promise<R> {
    const now = this.#now();
    const record = new JobRecord(this.#state, job as AcceleratorJob<unknown>, now, options?.capturedAtMs ?? now);
    record.externalSignal = options?.signal;
    return new Promise<R>((resolve, reject) => {
      record.resolve = resolve as (value: unknown) => void;
      record.reject = reject;
      this.#submit(record);
    });
  }

  /** A cold Observable of the job's result: subscribe submits, unsubscribe cancels (see module doc for drops). */
  run$<R>(job: AcceleratorJob<R>, options?: Omit<RunOptions, "signal">): Observable<R> {
    return new Observable<R>((subscriber) => {
      const now = this.#now();
      const record = new JobRecord(this.#state, job as AcceleratorJob<unknown>, now, options?.capturedAtMs ?? now);
      record.subscriber = subscriber as Subscriber<unknown>;
      this.#submit(record);
      return () => {
        if (record.state === PENDING || record.state === RUNNING) record.onExternalAbort?.();
      };
    });
  }
}

export class AcceleratorScheduler {
  readonly #timers: SchedulerLike;
  readonly #clock: Clock;
  readonly #agingMs: number;
  readonly #window: number;
  readonly #metricsIntervalMs: number;
  readonly #createdAtMs: number;
  readonly #lanes = new Map<string, LaneState>();
  readonly #streams = new Map<string, StreamState>();
  readonly #running = new Set<JobRecord>();
  #watchdogAtMs = Number.POSITIVE_INFINITY;
  #watchdog: Subscription | undefined;
  readonly #guard: CpuGuardPolicy | undefined;
  readonly #guardSource: EventLoopDelaySource | undefined;
  #guardTimer: Subscription | undefined;
  #closed = false;
  readonly #submitFn = (record: JobRecord): void => this.#admit(record);
  readonly #nowFn = (): number => this.#clock.nowMs();

  /** Snapshots every `metricsIntervalMs` while subscribed. */
  readonly metrics$: Observable<SchedulerMetrics>;

  constructor(options: AcceleratorSchedulerOptions = {}) {
    const timers = options.scheduler ?? asyncScheduler;
    this.#timers = timers;
    // Wait and service times need sub-millisecond resolution: asyncScheduler.now() is Date.now().
    this.#clock = options.clock ?? (options.scheduler === undefined ? systemClock : { nowMs: () => timers.now() });
    this.#agingMs = options.agingMsPerLevel ?? 10;
    if (!(this.#agingMs > 0)) throw new Error(`accelerator scheduler: agingMsPerLevel must be > 0, got ${this.#agingMs}`);
    this.#window = options.percentileWindow ?? 1024;
    this.#metricsIntervalMs = options.metricsIntervalMs ?? 1000;
    this.#createdAtMs = this.#clock.nowMs();
    for (const [name, laneInput] of Object.entries(options.lanes ?? defaultLanes)) {
      const parsed = parseLaneOptions(name, laneInput);
      if (!parsed.ok) throw new Error(`accelerator scheduler: ${parsed.error}`);
      this.#lanes.set(name, new LaneState(name, parsed.value.maxInFlight));
    }
    if (options.cpuGuard !== undefined) {
      const { source, ...guardOptions } = options.cpuGuard;
      this.#guard = new CpuGuardPolicy(guardOptions);
      this.#guardSource = source;
      const tick = this.#guardTick;
      const interval = this.#guard.options.intervalMs;
      this.#guardTimer = timers.schedule(function () {
        tick();
        this.schedule(undefined, interval);
      }, interval);
    }
    this.metrics$ = new Observable<SchedulerMetrics>((subscriber) => {
      const snapshot = (): SchedulerMetrics => this.snapshot();
      const period = this.#metricsIntervalMs;
      return this.#timers.schedule(function () {
        subscriber.next(snapshot());
        this.schedule(undefined, period);
      }, period);
    });
  }

  /** Declares a job stream. Throws a descriptive error for invalid options, unknown lanes or duplicate names. */
  declareStream(input: StreamOptionsInput): AcceleratorStream {
    const parsed = parseStreamOptions(input);
    if (!parsed.ok) throw new Error(`accelerator scheduler: ${parsed.error}`);
    const options = parsed.value;
    if (this.#streams.has(options.name))
      throw new Error(`accelerator scheduler: stream "${options.name}" is already declared; stream names must be unique`);
    const lane = this.#lanes.get(options.lane);
    if (lane === undefined) {
      throw new Error(
        `accelerator scheduler: stream "${options.name}" uses lane "${options.lane}", which is not configured; known lanes: ${[...this.#lanes.keys()].join(", ")}`,
      );
    }
    const state = new StreamState(options, lane, this.#window);
    lane.streams.push(state);
    this.#streams.set(options.name, state);
    return new AcceleratorStream(state, this.#submitFn, this.#nowFn);
  }

  /**
   * The stated worst-case time an eligible job of this stream waits for a slot (see module doc),
   * assuming jobs finish or time out within their stream's timeoutMs.
   */
  agingBoundMs(streamName: string): number {
    const s = this.#requireStream(streamName);
    const lane = s.lane;
    let maxPriority = 0;
    let maxService = 0;
    for (const other of lane.streams) {
      maxPriority = Math.max(maxPriority, other.options.priority);
      maxService = Math.max(maxService, other.options.timeoutMs);
    }
    return (maxPriority - s.options.priority) * this.#agingMs + Math.ceil(lane.streams.length / lane.maxInFlight) * maxService;
  }

  snapshot(): SchedulerMetrics {
    const now = this.#clock.nowMs();
    const streams: StreamMetrics[] = [];
    for (const s of this.#streams.values()) {
      let droppedTotal = 0;
      for (const r of dropReasons) droppedTotal += s.dropped[r];
      streams.push({
        stream: s.options.name,
        lane: s.lane.name,
        priority: s.options.priority,
        policy: s.options.policy,
        throttled: s.throttled,
        pending: s.pending.length,
        running: s.running,
        submitted: s.submitted,
        started: s.started,
        completed: s.completed,
        failed: s.failed,
        timedOut: s.timedOut,
        dropped: { ...s.dropped },
        droppedTotal,
        consecutiveFailures: s.consecutiveFailures,
        waitMs: s.waitMs.percentiles(),
        serviceMs: s.serviceMs.percentiles(),
      });
    }
    const wallMs = now - this.#createdAtMs;
    const lanes: LaneMetrics[] = [];
    for (const lane of this.#lanes.values()) {
      const busyMs = lane.busyMs + (lane.inFlight > 0 ? now - lane.busySinceMs : 0);
      lanes.push({
        lane: lane.name,
        maxInFlight: lane.maxInFlight,
        inFlight: lane.inFlight,
        busyMs,
        wallMs,
        utilisation: wallMs > 0 ? busyMs / wallMs : 0,
      });
    }
    return {
      atMs: now,
      streams,
      lanes,
      cpuGuard: { eventLoopDelayMs: this.#guard?.lastDelayMs ?? 0, throttledStreams: [...(this.#guard?.throttled ?? [])] },
    };
  }

  /**
   * Removes a stream (its node is gone): pending jobs are dropped as cancelled, running ones are
   * aborted, and the name can be declared again. The stream's handle drops later submissions.
   */
  removeStream(name: string): void {
    const s = this.#requireStream(name);
    for (const record of s.pending.splice(0)) this.#drop(record, "cancelled", "stream removed");
    for (const record of [...this.#running]) {
      if (record.stream === s && record.state === RUNNING) this.#cancelRunning(record, "stream removed");
    }
    s.removed = true;
    s.lane.streams.splice(s.lane.streams.indexOf(s), 1);
    this.#streams.delete(name);
    this.#guard?.forget(name);
  }

  /** Stops timers, drops pending jobs and aborts running ones (reported as cancelled); later submissions are dropped. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#guardTimer?.unsubscribe();
    this.#watchdog?.unsubscribe();
    for (const lane of this.#lanes.values()) lane.wake?.unsubscribe();
    for (const s of this.#streams.values()) {
      for (const record of s.pending.splice(0)) this.#drop(record, "cancelled", "scheduler closed");
    }
    for (const record of [...this.#running]) {
      if (record.state === RUNNING) this.#cancelRunning(record, "scheduler closed");
    }
  }

  #requireStream(name: string): StreamState {
    const s = this.#streams.get(name);
    if (s === undefined)
      throw new Error(`accelerator scheduler: no stream named "${name}"; declared: ${[...this.#streams.keys()].join(", ")}`);
    return s;
  }

  // ---- admission ------------------------------------------------------------------------------

  #admit(record: JobRecord): void {
    const s = record.stream;
    s.submitted++;
    if (this.#closed) return this.#drop(record, "cancelled", "scheduler closed");
    if (s.removed) return this.#drop(record, "cancelled", "stream removed");
    const signal = record.externalSignal;
    if (signal !== undefined) {
      if (signal.aborted) return this.#drop(record, "cancelled", "its AbortSignal was already aborted");
      record.onExternalAbort = () => this.#cancel(record);
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, #finish removes this listener whenever the job ends (aborted or not), so `once` never matters
      signal.addEventListener("abort", record.onExternalAbort, { once: true });
    } else if (record.subscriber !== undefined) {
      record.onExternalAbort = () => this.#cancel(record);
    }
    if (s.throttled) return this.#drop(record, "throttled", "paused lowest-priority first");
    const now = record.submittedAtMs;
    // A stream ages from when it last became non-empty: a newer frame replacing an older one
    // keeps the stream waiting, so it must not restart the clock (or `latest` streams never age).
    const wasEmpty = s.pending.length === 0;
    if (s.options.policy === "latest") {
      const previous = s.pending.pop();
      if (previous !== undefined) {
        if (s.nextStartAtMs > now) this.#drop(previous, "rate", `maxRateHz=${s.options.maxRateHz}`);
        else this.#drop(previous, "superseded");
      }
    } else if (s.pending.length >= s.options.capacity) {
      return this.#drop(record, "overflow", String(s.options.capacity));
    }
    if (wasEmpty) s.nonEmptySinceMs = now;
    s.pending.push(record);
    this.#pump(s.lane);
  }

  #cancel(record: JobRecord): void {
    if (record.state === PENDING) {
      const pending = record.stream.pending;
      const i = pending.indexOf(record);
      if (i >= 0) pending.splice(i, 1);
      this.#drop(record, "cancelled");
    } else if (record.state === RUNNING) {
      this.#cancelRunning(record, "");
    }
  }

  #cancelRunning(record: JobRecord, detail: string): void {
    const error = new JobDroppedError(record.stream.options.name, "cancelled", detail);
    record.stream.dropped.cancelled++;
    record.controller?.abort(error);
    this.#deliverError(record, error, true, CANCELLED_RUNNING);
  }

  #drop(record: JobRecord, reason: DropReason, detail = ""): void {
    record.stream.dropped[reason]++;
    this.#deliverError(record, new JobDroppedError(record.stream.options.name, reason, detail), sheddingReasons.has(reason), DONE);
  }

  // ---- dispatch -------------------------------------------------------------------------------

  #pump(lane: LaneState): void {
    if (lane.pumping) {
      lane.repump = true;
      return;
    }
    lane.pumping = true;
    try {
      do {
        lane.repump = false;
        this.#fillSlots(lane);
      } while (lane.repump);
    } finally {
      lane.pumping = false;
    }
  }

  #fillSlots(lane: LaneState): void {
    const now = this.#clock.nowMs();
    while (lane.inFlight < lane.maxInFlight) {
      let best: StreamState | undefined;
      let bestScore = Number.NEGATIVE_INFINITY;
      let bestFrom = 0;
      let earliestGate = Number.POSITIVE_INFINITY;
      for (const s of lane.streams) {
        if (s.pending.length === 0) continue;
        if (s.nextStartAtMs > now) {
          if (s.nextStartAtMs < earliestGate) earliestGate = s.nextStartAtMs;
          continue;
        }
        const deadline = s.options.deadlineMs;
        if (deadline !== undefined) {
          let head = s.pending[0];
          while (head !== undefined && now - head.deadlineFromMs > deadline) {
            s.pending.shift();
            this.#drop(head, "deadline", String(deadline));
            head = s.pending[0];
          }
          if (head === undefined) continue;
        }
        const from = s.nonEmptySinceMs > s.nextStartAtMs ? s.nonEmptySinceMs : s.nextStartAtMs;
        const score = s.options.priority + (now - from) / this.#agingMs;
        if (score > bestScore || (score === bestScore && from < bestFrom)) {
          best = s;
          bestScore = score;
          bestFrom = from;
        }
      }
      if (best === undefined) {
        if (earliestGate !== Number.POSITIVE_INFINITY) this.#armWake(lane, earliestGate, now);
        return;
      }
      this.#start(best.pending.shift() as JobRecord, now);
    }
  }

  #armWake(lane: LaneState, atMs: number, now: number): void {
    if (lane.wake !== undefined && !lane.wake.closed && lane.wakeAtMs <= atMs) return;
    lane.wake?.unsubscribe();
    lane.wakeAtMs = atMs;
    lane.wake = this.#timers.schedule(() => {
      lane.wakeAtMs = Number.POSITIVE_INFINITY;
      this.#pump(lane);
    }, atMs - now);
  }

  #start(record: JobRecord, now: number): void {
    const s = record.stream;
    const lane = s.lane;
    record.state = RUNNING;
    record.slotHeld = true;
    record.startedAtMs = now;
    s.started++;
    s.running++;
    s.waitMs.add(now - record.submittedAtMs);
    s.nextStartAtMs = now + s.minIntervalMs;
    if (lane.inFlight++ === 0) lane.busySinceMs = now;
    const controller = new AbortController();
    record.controller = controller;
    record.timeoutAtMs = now + s.options.timeoutMs;
    this.#running.add(record);
    if (record.timeoutAtMs < this.#watchdogAtMs) this.#armWatchdog(record.timeoutAtMs, now);
    let result: Promise<unknown>;
    try {
      result = record.job(controller.signal);
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => this.#settled(record, true, value),
      (error) => this.#settled(record, false, error),
    );
  }

  #settled(record: JobRecord, ok: boolean, outcome: unknown): void {
    if (!record.slotHeld) return; // timed out earlier; its slot is already free
    this.#releaseSlot(record);
    if (record.state === RUNNING) {
      const s = record.stream;
      s.serviceMs.add(this.#clock.nowMs() - record.startedAtMs);
      if (ok) {
        s.completed++;
        s.consecutiveFailures = 0;
        this.#deliverValue(record, outcome);
      } else {
        s.failed++;
        s.consecutiveFailures++;
        this.#deliverError(record, outcome, false, DONE);
      }
    } else {
      record.state = DONE;
    }
    this.#pump(record.stream.lane);
  }

  #releaseSlot(record: JobRecord): void {
    record.slotHeld = false;
    this.#running.delete(record);
    const s = record.stream;
    const lane = s.lane;
    s.running--;
    if (--lane.inFlight === 0) lane.busyMs += this.#clock.nowMs() - lane.busySinceMs;
  }

  // ---- timeouts: one watchdog timer for all running jobs, re-armed only when an earlier timeout appears ----

  #armWatchdog(atMs: number, now: number): void {
    this.#watchdog?.unsubscribe();
    this.#watchdogAtMs = atMs;
    this.#watchdog = this.#timers.schedule(this.#onWatchdog, Math.max(0, atMs - now));
  }

  readonly #onWatchdog = (): void => {
    this.#watchdogAtMs = Number.POSITIVE_INFINITY;
    this.#watchdog = undefined;
    const now = this.#clock.nowMs();
    let next = Number.POSITIVE_INFINITY;
    const lanes = new Set<LaneState>();
    for (const record of [...this.#running]) {
      if (record.timeoutAtMs <= now) {
        const s = record.stream;
        this.#releaseSlot(record);
        lanes.add(s.lane);
        if (record.state === RUNNING) {
          s.timedOut++;
          s.consecutiveFailures++;
          const error = new JobTimeoutError(s.options.name, s.options.timeoutMs);
          record.controller?.abort(error);
          this.#deliverError(record, error, false, DONE);
          // Stryker disable next-line BlockStatement: equivalent, a cancelled job whose slot was freed is in no list any more; nothing reads its state again
        } else {
          record.state = DONE;
        }
      } else if (record.timeoutAtMs < next) {
        next = record.timeoutAtMs;
      }
    }
    if (next !== Number.POSITIVE_INFINITY && !this.#closed) this.#armWatchdog(next, now);
    for (const lane of lanes) this.#pump(lane);
  };

  // ---- CPU guard ------------------------------------------------------------------------------

  readonly #guardTick = (): void => {
    const guard = this.#guard;
    const source = this.#guardSource;
    if (guard === undefined || source === undefined) return;
    const streams = [...this.#streams.values()];
    const throttled = guard.step(
      source.sampleMs(),
      streams.map((s) => ({ name: s.options.name, priority: s.options.priority, sheddable: s.options.sheddable })),
    );
    const lanes = new Set<LaneState>();
    for (const s of streams) {
      const now = throttled.includes(s.options.name);
      if (now === s.throttled) continue;
      s.throttled = now;
      lanes.add(s.lane);
      if (now) for (const record of s.pending.splice(0)) this.#drop(record, "throttled", "paused lowest-priority first");
    }
    for (const lane of lanes) this.#pump(lane);
  };

  // ---- delivery -------------------------------------------------------------------------------

  #finish(record: JobRecord, state: number): void {
    record.state = state;
    if (record.externalSignal !== undefined && record.onExternalAbort !== undefined) {
      record.externalSignal.removeEventListener("abort", record.onExternalAbort);
    }
  }

  #deliverValue(record: JobRecord, value: unknown): void {
    this.#finish(record, DONE);
    const subscriber = record.subscriber;
    if (subscriber !== undefined) {
      subscriber.next(value);
      subscriber.complete();
    } else {
      record.resolve?.(value);
    }
  }

  #deliverError(record: JobRecord, error: unknown, shedding: boolean, state: number): void {
    this.#finish(record, state);
    const subscriber = record.subscriber;
    if (subscriber !== undefined) {
      if (shedding) subscriber.complete();
      else subscriber.error(error);
    } else {
      record.reject?.(error);
    }
  }
}
