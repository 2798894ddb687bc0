/**
 * A node's frames through its accelerator stream and model: each frame becomes a job that runs
 * only when the scheduler starts it (a superseded frame costs nothing) on the model serving then,
 * outcomes are counted the same way for every node, results are handed on in frame order (an
 * older frame finishing after a newer one was published is dropped as stale), frames arriving
 * while no model serves are dropped with a reason, and `idle()` tells when nothing is waiting or running.
 */
import type { AcceleratorStream } from "../../core/scheduling/accelerator-scheduler.ts";
import { JobTimeoutError } from "../../core/scheduling/errors.ts";
import { LatencyRecorder, type LatencySummary } from "../../core/stats/latency-recorder.ts";
import { FrameCounters, type FrameCounts } from "./frame-counters.ts";
import type { ScheduledModel, Serving } from "./scheduled-model.ts";
import type { ThrottledLog } from "./throttled-log.ts";

/** What a frame's job hands back: a result, why the input was refused, or that no model served. */
export type FrameJobOutcome<R> =
  | { readonly kind: "done"; readonly result: R }
  | { readonly kind: "rejected"; readonly code: string; readonly error: string }
  | { readonly kind: "no-model" };

export interface OrderedFrameStreamOptions<F, M, R> {
  readonly stream: AcceleratorStream;
  readonly model: ScheduledModel<M>;
  /** Aborted when the node stops: waiting frames are dropped, running jobs see it. */
  readonly signal: AbortSignal;
  readonly log: ThrottledLog;
  /** The input topic (resolved name) and what arrives on it, for messages: "image on '/camera/image_raw' rejected". */
  readonly topic: () => string;
  readonly noun: string;
  /** Runs one frame on the serving model. */
  readonly job: (frame: F, serving: Serving<M>, signal: AbortSignal) => Promise<FrameJobOutcome<R>>;
  /** Publishes a result (in frame order); false if it could not (the node counted and logged why). */
  readonly publish: (result: R, frame: F) => boolean;
  readonly nowMs: () => number;
}

export class OrderedFrameStream<F, M, R> {
  readonly counters = new FrameCounters();
  readonly #latency = new LatencyRecorder();
  readonly #options: OrderedFrameStreamOptions<F, M, R>;
  /** Frames submitted whose outcome is not known yet, and job bodies still running (a cancelled job may outlive its outcome). */
  #outstanding = 0;
  #bodies = 0;
  #submittedSeq = 0;
  #publishedSeq = 0;
  #idle: Array<() => void> = [];

  constructor(options: OrderedFrameStreamOptions<F, M, R>) {
    this.#options = options;
  }

  get latency(): LatencySummary {
    return this.#latency.summary();
  }

  counts(): FrameCounts {
    return this.counters.snapshot();
  }

  submit(frame: F, receivedMs = this.#options.nowMs()): void {
    const o = this.#options;
    this.counters.count("received");
    if (o.model.serving === undefined) return this.#dropWithoutModel();
    const seq = ++this.#submittedSeq;
    this.#outstanding++;
    o.stream
      .run((signal) => this.#body(frame, signal), { signal: o.signal })
      .then(
        (outcome) => this.#onOutcome(outcome, frame, seq, receivedMs),
        (error: unknown) => this.#onNotRun(error),
      )
      .catch((error: unknown) => {
        this.counters.count("failed");
        o.log.log("publish", "error", `publishing the result of a frame from '${o.topic()}' failed: ${(error as Error).message}`);
      })
      .finally(() => {
        this.#outstanding--;
        this.#checkIdle();
      });
  }

  /** Resolves when no frame is waiting for, or running on, the accelerator. */
  idle(): Promise<void> {
    if (this.#outstanding === 0 && this.#bodies === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #dropWithoutModel(): void {
    const { log, topic, noun, model } = this.#options;
    this.counters.count("rejected");
    const where = `dropping ${noun}s on '${topic()}'`;
    const status = model.status;
    if (status.kind === "loading") log.log("no-model", "warn", `${where} until the model has loaded`);
    else if (status.kind === "down")
      log.log("no-model", "error", `${where}: the model stopped working and is reloading (see the error above)`);
    else log.log("no-model", "error", `${where}: no model is loaded (see the error above; fix 'model_path')`);
  }

  async #body(frame: F, signal: AbortSignal): Promise<FrameJobOutcome<R>> {
    this.#bodies++;
    try {
      const result = await this.#options.model.run((serving) => this.#options.job(frame, serving, signal));
      return result.ran ? result.value : { kind: "no-model" };
    } finally {
      this.#bodies--;
      this.#checkIdle();
    }
  }

  #onNotRun(error: unknown): void {
    const o = this.#options;
    const kind = this.counters.countNotRun(error);
    if (kind === "expired") {
      o.log.log("expired", "warn", `frames on '${o.topic()}' dropped: ${(error as Error).message} (parameter 'max_frame_age_ms')`);
    } else if (kind === "failed") {
      const hint = error instanceof JobTimeoutError ? " (parameter 'inference_timeout_ms')" : "";
      o.log.log("infer", "error", `inference failed on model '${o.model.serving?.path ?? "?"}': ${(error as Error).message}${hint}`);
    }
  }

  #onOutcome(outcome: FrameJobOutcome<R>, frame: F, seq: number, receivedMs: number): void {
    const o = this.#options;
    if (outcome.kind !== "done") {
      this.counters.count("rejected");
      if (outcome.kind === "rejected")
        o.log.log(`input:${outcome.code}`, "error", `${o.noun} on '${o.topic()}' rejected: ${outcome.error}`);
      return;
    }
    if (o.signal.aborted) return;
    // With frames in flight side by side, an older one can finish after a newer one was published.
    if (seq < this.#publishedSeq) return this.counters.count("stale");
    if (!o.publish(outcome.result, frame)) return;
    this.#publishedSeq = seq;
    this.counters.count("processed");
    this.#latency.record(o.nowMs() - receivedMs);
  }

  #checkIdle(): void {
    if (this.#outstanding !== 0 || this.#bodies !== 0) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
