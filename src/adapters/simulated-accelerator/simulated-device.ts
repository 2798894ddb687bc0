/**
 * A SIMULATED Hailo-10H-like device for tests and benchmarks: one chip that serves one job at a
 * time, a bounded on-device queue per model (like HAILO_DEFAULT_ASYNC_INFER_QUEUE_SIZE = 2; more
 * submissions wait on the host, like wait_for_async_ready), highest model priority first and round
 * robin between equal priorities, and asynchronous completions.
 *
 * Timing: the device keeps an exact timeline (a job starts at max(its arrival, the previous job's
 * end) and ends serviceMs later), so throughput and utilisation stay exact whatever the timers do.
 * How completions are *delivered* is a choice:
 * - "timer": when a timer fires. Node timers fire up to about 1 ms late, so a completion may be
 *   observed that late; the CPU stays idle meanwhile. Always used on virtual time.
 * - "precise" (default in real time): a timer wakes the device shortly before the end, then
 *   setImmediate turns check the clock, so a completion is seen within a fraction of a
 *   millisecond, as the real chip's completion callback is. It costs host CPU only in the last
 *   PRECISE_WINDOW_MS before each completion, and it never blocks the event loop.
 */
import { asyncScheduler } from "rxjs";
import type { SchedulerLike, Subscription } from "rxjs";
import { systemClock } from "../../ports/clock.ts";
import type { Clock } from "../../ports/clock.ts";

export interface SimulatedDeviceOptions {
  /** Timers; default RxJS asyncScheduler (real time). Pass a VirtualClock for virtual time. */
  readonly scheduler?: SchedulerLike;
  /** Default: the scheduler's `now()` if a scheduler is given, else the system clock. */
  readonly clock?: Clock;
  /** Jobs per model on the device at once (running + queued). Default 2. */
  readonly queueDepthPerModel?: number;
  /** How completions are delivered (see above). Default: "precise" in real time, "timer" with an injected scheduler. */
  readonly completionTiming?: "timer" | "precise";
}

/** How long before a completion the precise mode starts checking the clock on every loop turn. */
const PRECISE_WINDOW_MS = 1.5;

export interface DeviceJobOptions {
  readonly signal?: AbortSignal | undefined;
  /** Never finishes by itself (a hung inference); only an abort frees the device. */
  readonly hang?: boolean;
  /** Finishes after its service time with this error instead of success. */
  readonly failWith?: Error | undefined;
}

interface DeviceJob {
  readonly model: DeviceModel;
  readonly serviceMs: number;
  readonly options: DeviceJobOptions;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  startMs: number;
  endMs: number;
  /** Aborted while running a normal job: the device finishes it, then the caller gets an abort error. */
  aborted: boolean;
  onAbort: (() => void) | undefined;
}

/** A model registered on the device (one network group / the LLM). */
export class DeviceModel {
  /** Jobs on the device, first may be running. */
  readonly onDevice: DeviceJob[] = [];
  /** Jobs waiting on the host for on-device queue space. */
  readonly waitingOnHost: DeviceJob[] = [];
  jobsRun = 0;
  busyMs = 0;

  constructor(
    readonly name: string,
    readonly priority: number,
  ) {}
}

export class SimulatedDeviceAbortError extends Error {
  override readonly name = "AbortError";
  constructor(model: string, cause: unknown) {
    super(`simulated accelerator: ${model} job aborted`, { cause });
  }
}

export class SimulatedDevice {
  readonly #timers: SchedulerLike;
  readonly #clock: Clock;
  readonly #depth: number;
  readonly #models: DeviceModel[] = [];
  readonly #createdAtMs: number;
  #running: DeviceJob | undefined;
  #rrCursor = 0;
  #timer: Subscription | undefined;
  #timerAtMs = Number.POSITIVE_INFINITY;
  readonly #precise: boolean;
  #immediate: NodeJS.Immediate | undefined;
  #busyMs = 0;
  #jobsRun = 0;

  constructor(options: SimulatedDeviceOptions = {}) {
    const timers = options.scheduler ?? asyncScheduler;
    this.#timers = timers;
    // Sub-millisecond service times need a sub-millisecond clock: asyncScheduler.now() is Date.now().
    this.#clock = options.clock ?? (options.scheduler === undefined ? systemClock : { nowMs: () => timers.now() });
    this.#precise = (options.completionTiming ?? (options.scheduler === undefined ? "precise" : "timer")) === "precise";
    this.#depth = options.queueDepthPerModel ?? 2;
    if (!Number.isInteger(this.#depth) || this.#depth < 1)
      throw new Error(`simulated device: queueDepthPerModel must be an integer ≥ 1, got ${this.#depth}`);
    // The timeline is kept relative to creation: epoch-sized ms lose sub-µs precision in sums.
    this.#createdAtMs = this.#clock.nowMs();
  }

  #now(): number {
    return this.#clock.nowMs() - this.#createdAtMs;
  }

  registerModel(name: string, priority = 16): DeviceModel {
    const model = new DeviceModel(name, priority);
    this.#models.push(model);
    return model;
  }

  unregisterModel(model: DeviceModel): void {
    const i = this.#models.indexOf(model);
    if (i >= 0) this.#models.splice(i, 1);
  }

  /** Device time used so far, ms (completed and aborted jobs plus the running one's elapsed part). */
  get busyMs(): number {
    const r = this.#running;
    const now = this.#now();
    return this.#busyMs + (r !== undefined ? Math.max(0, Math.min(now, r.endMs) - r.startMs) : 0);
  }

  get jobsRun(): number {
    return this.#jobsRun;
  }

  /** busyMs ÷ time since the device was created. */
  utilisation(): number {
    const wall = this.#now();
    return wall > 0 ? this.busyMs / wall : 0;
  }

  /** The model whose job occupies the device now, if any. */
  get runningModel(): string | undefined {
    this.#catchUp();
    return this.#running?.model.name;
  }

  /** Runs one job of `serviceMs` device time; resolves when the device finishes it. */
  run(model: DeviceModel, serviceMs: number, options: DeviceJobOptions = {}): Promise<void> {
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(new SimulatedDeviceAbortError(model.name, signal.reason));
    return new Promise<void>((resolve, reject) => {
      const job: DeviceJob = { model, serviceMs, options, resolve, reject, startMs: 0, endMs: 0, aborted: false, onAbort: undefined };
      if (signal !== undefined) {
        job.onAbort = () => this.#abort(job);
        signal.addEventListener("abort", job.onAbort, { once: true });
      }
      this.#catchUp();
      if (model.onDevice.length < this.#depth) model.onDevice.push(job);
      else model.waitingOnHost.push(job);
      if (this.#running === undefined) this.#startNext(this.#now());
      this.#armTimer();
    });
  }

  /** Processes every completion due by now, each next job starting exactly at the previous end. */
  #catchUp(): void {
    const now = this.#now();
    for (;;) {
      const r = this.#running;
      if (r === undefined || r.endMs > now) return;
      this.#running = undefined;
      this.#busyMs += r.endMs - r.startMs;
      this.#complete(r);
      this.#startNext(r.endMs);
    }
  }

  #startNext(atMs: number): void {
    const model = this.#pickModel();
    if (model === undefined) return;
    const job = model.onDevice[0] as DeviceJob;
    job.startMs = atMs;
    job.endMs = job.options.hang === true ? Number.POSITIVE_INFINITY : atMs + job.serviceMs;
    this.#running = job;
  }

  /** Highest priority first; round robin among equal priorities, like HailoRT's scheduler. */
  #pickModel(): DeviceModel | undefined {
    const n = this.#models.length;
    let best: DeviceModel | undefined;
    let bestIndex = 0;
    for (let k = 0; k < n; k++) {
      const index = (this.#rrCursor + k) % n;
      const m = this.#models[index] as DeviceModel;
      if (m.onDevice.length === 0) continue;
      if (best === undefined || m.priority > best.priority) {
        best = m;
        bestIndex = index;
      }
    }
    if (best !== undefined) this.#rrCursor = (bestIndex + 1) % Math.max(1, n);
    return best;
  }

  #complete(job: DeviceJob): void {
    const model = job.model;
    model.onDevice.shift();
    model.jobsRun++;
    model.busyMs += job.endMs - job.startMs;
    this.#jobsRun++;
    const waiting = model.waitingOnHost.shift();
    if (waiting !== undefined) model.onDevice.push(waiting);
    this.#detach(job);
    if (job.aborted) job.reject(new SimulatedDeviceAbortError(model.name, job.options.signal?.reason));
    else if (job.options.failWith !== undefined) job.reject(job.options.failWith);
    else job.resolve();
  }

  #abort(job: DeviceJob): void {
    this.#catchUp();
    const model = job.model;
    const error = new SimulatedDeviceAbortError(model.name, job.options.signal?.reason);
    if (this.#running === job) {
      if (job.endMs !== Number.POSITIVE_INFINITY) {
        job.aborted = true; // a started inference runs to its end on the chip
        return;
      }
      // A hung job: the runtime gives up on it and the device is free again.
      const now = this.#now();
      this.#running = undefined;
      this.#busyMs += now - job.startMs;
      model.busyMs += now - job.startMs;
      model.onDevice.shift();
      const waiting = model.waitingOnHost.shift();
      if (waiting !== undefined) model.onDevice.push(waiting);
      job.reject(error);
      this.#startNext(now);
      this.#armTimer();
      return;
    }
    for (const queue of [model.onDevice, model.waitingOnHost]) {
      const i = queue.indexOf(job);
      if (i >= 0) {
        queue.splice(i, 1);
        if (queue === model.onDevice) {
          const waiting = model.waitingOnHost.shift();
          if (waiting !== undefined) model.onDevice.push(waiting);
        }
        job.reject(error);
        return;
      }
    }
  }

  #detach(job: DeviceJob): void {
    if (job.onAbort !== undefined) job.options.signal?.removeEventListener("abort", job.onAbort);
  }

  #armTimer(): void {
    const end = this.#running?.endMs ?? Number.POSITIVE_INFINITY;
    if (end === this.#timerAtMs) return;
    this.#timer?.unsubscribe();
    this.#timer = undefined;
    this.#timerAtMs = end;
    if (this.#immediate !== undefined) {
      clearImmediate(this.#immediate);
      this.#immediate = undefined;
    }
    if (end === Number.POSITIVE_INFINITY) return;
    const wait = end - this.#now();
    if (!this.#precise) {
      this.#timer = this.#timers.schedule(this.#onTimer, Math.max(0, wait));
    } else if (wait > PRECISE_WINDOW_MS) {
      // Wake a little early; the remaining stretch is watched turn by turn.
      this.#timer = this.#timers.schedule(this.#onEarlyWake, wait - PRECISE_WINDOW_MS);
    } else {
      this.#immediate = setImmediate(this.#onTurn);
    }
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.#timerAtMs = Number.POSITIVE_INFINITY;
    this.#catchUp();
    this.#armTimer();
  };

  readonly #onEarlyWake = (): void => {
    this.#timer = undefined;
    this.#immediate = setImmediate(this.#onTurn);
  };

  readonly #onTurn = (): void => {
    this.#immediate = undefined;
    if (this.#now() < this.#timerAtMs) {
      this.#immediate = setImmediate(this.#onTurn);
      return;
    }
    this.#onTimer();
  };

  /** Stops the completion timer; pending jobs are left unsettled. */
  close(): void {
    this.#timer?.unsubscribe();
    this.#timer = undefined;
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.#immediate = undefined;
    this.#timerAtMs = Number.POSITIVE_INFINITY;
  }
}
