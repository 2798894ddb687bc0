/**
 * A node's model on the accelerator: creates the backend, loads the model at the stream's
 * priority, hot-swaps it (frames still running on the old one keep it until the last ends),
 * releases it on destroy, and brings it back when the device fails it for good — HailoRT shuts a
 * model down after a failed submission, a device reset fails every job, a hung job never ends —
 * by reloading with exponential backoff while the node keeps running.
 */
import { asyncScheduler, type SchedulerLike, type Subscription } from "rxjs";
import type { InferenceBackend, LoadedModel, NmsConfig } from "../../ports/inference-backend.ts";
import type { Logger } from "../../ports/ros.ts";

export type PrepareResult<M> = { readonly ok: true; readonly value: M } | { readonly ok: false; readonly error: string };

export interface Serving<M> {
  readonly model: LoadedModel;
  /** What the node made of the model (decoder, pipeline, …). */
  readonly prepared: M;
  /** The file loaded. */
  readonly path: string;
  /** The parameter value it was loaded for ("" = the built-in model). */
  readonly param: string;
  readonly nms: NmsConfig | undefined;
}

export type ModelStatus =
  | { readonly kind: "loading"; readonly param: string }
  | { readonly kind: "serving"; readonly path: string; readonly reloads: number }
  | { readonly kind: "failed"; readonly error: string }
  | { readonly kind: "down"; readonly path: string; readonly error: string; readonly retryInMs: number; readonly reloads: number };

export type LoadOutcome<M> =
  | { readonly ok: true; readonly serving: Serving<M> }
  | { readonly ok: false; readonly error: string; readonly previous: Serving<M> | undefined };

export interface RecoveryOptions {
  /** First wait before reloading a failed model. Default 500 ms. */
  readonly initialDelayMs?: number;
  /** The wait doubles after each failed reload, up to this. Default 30 s. */
  readonly maxDelayMs?: number;
  /** Consecutive failed inferences (timeouts included) that count as the model being gone. Default 3. */
  readonly failuresBeforeReload?: number;
}

export interface ScheduledModelOptions<M> {
  readonly createBackend: () => Promise<InferenceBackend>;
  /** The file to load for a parameter value ("" = the built-in model), or throws saying why none. */
  readonly resolvePath: (param: string) => Promise<string>;
  /** Checks a loaded model and makes what the node runs; an error rejects the model. */
  readonly prepare: (model: LoadedModel, path: string) => PrepareResult<M>;
  /** HailoRT scheduler priority (0–31) of the node's stream. */
  readonly priority: number;
  readonly logger: Logger;
  readonly recovery?: RecoveryOptions;
  /** Timers of the reload backoff (virtual time in tests). Default: asyncScheduler. */
  readonly scheduler?: SchedulerLike;
}

/** Errors after which the device will not run the model again until it is reloaded. */
export function isModelGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "HAILORT_NODE_MODEL_FAILED" || (error instanceof Error && /reload the model/i.test(error.message));
}

interface Entry<M> extends Serving<M> {
  active: number;
  retired: boolean;
}

export class ScheduledModel<M> {
  readonly #options: ScheduledModelOptions<M>;
  readonly #scheduler: SchedulerLike;
  #backend: InferenceBackend | undefined;
  #serving: Entry<M> | undefined;
  #status: ModelStatus = { kind: "failed", error: "no model requested yet" };
  #chain: Promise<unknown> = Promise.resolve();
  #destroyed = false;
  #consecutiveFailures = 0;
  #reloads = 0;
  #retryDelayMs: number;
  #retry: Subscription | undefined;
  /** The request the model should serve; a reload after a failure loads it again. */
  #wanted: { param: string; nms: NmsConfig | undefined } | undefined;

  constructor(options: ScheduledModelOptions<M>) {
    this.#options = options;
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#retryDelayMs = options.recovery?.initialDelayMs ?? 500;
  }

  get serving(): Serving<M> | undefined {
    return this.#serving;
  }

  get status(): ModelStatus {
    return this.#status;
  }

  get backendName(): string | undefined {
    return this.#backend?.name;
  }

  /** Loads (or replaces) the model; loads run one after another. */
  load(param: string, nms?: NmsConfig): Promise<LoadOutcome<M>> {
    this.#wanted = { param, nms };
    this.#cancelRetry();
    // Asked for means loading, for whoever looks before the load starts (frames arriving meanwhile).
    if (this.#serving === undefined && this.#status.kind !== "down") this.#status = { kind: "loading", param };
    const next = this.#chain.then(() => this.#load(param, nms));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every load asked for so far has finished. */
  settled(): Promise<void> {
    return this.#chain.then(() => undefined);
  }

  /**
   * Runs `body` on the serving model, keeping it loaded until `body` ends even if a new model
   * replaces it meanwhile. Undefined when no model is serving.
   */
  async run<T>(body: (serving: Serving<M>) => Promise<T>): Promise<{ readonly ran: true; readonly value: T } | { readonly ran: false }> {
    const entry = this.#serving;
    if (entry === undefined) return { ran: false };
    entry.active++;
    try {
      const value = await body(entry);
      if (entry === this.#serving) this.#consecutiveFailures = 0;
      return { ran: true, value };
    } catch (error) {
      if (entry === this.#serving) this.#onFailure(entry, error);
      throw error;
    } finally {
      entry.active--;
      if (entry.retired && entry.active === 0) await entry.model.release().catch(() => undefined);
    }
  }

  /** Counts an inference that failed outside `run` (e.g. a job the scheduler timed out). */
  reportFailure(error: unknown): void {
    if (this.#serving !== undefined) this.#onFailure(this.#serving, error);
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#cancelRetry();
    await this.#chain.catch(() => undefined);
    const entry = this.#serving;
    this.#serving = undefined;
    if (entry !== undefined) await this.#retire(entry);
    await this.#backend?.close().catch(() => undefined);
    this.#backend = undefined;
  }

  async #load(param: string, nms: NmsConfig | undefined): Promise<LoadOutcome<M>> {
    const previous = this.#serving;
    if (this.#destroyed) return { ok: false, error: "the node is shutting down", previous };
    const wasDown = this.#status.kind === "down";
    this.#status = { kind: "loading", param };
    try {
      this.#backend ??= await this.#options.createBackend();
      const path = await this.#options.resolvePath(param);
      const model = await this.#backend.load({ modelPath: path, priority: this.#options.priority, ...(nms !== undefined ? { nms } : {}) });
      const prepared = this.#options.prepare(model, path);
      if (!prepared.ok || this.#destroyed) {
        await model.release().catch(() => undefined);
        if (!prepared.ok) throw new Error(`model '${path}': ${prepared.error}`);
        return { ok: false, error: "the node is shutting down", previous };
      }
      const entry: Entry<M> = { model, prepared: prepared.value, path, param, nms, active: 0, retired: false };
      this.#serving = entry;
      this.#consecutiveFailures = 0;
      if (wasDown) this.#reloads++;
      this.#retryDelayMs = this.#options.recovery?.initialDelayMs ?? 500;
      this.#status = { kind: "serving", path, reloads: this.#reloads };
      if (previous !== undefined) await this.#retire(previous);
      return { ok: true, serving: entry };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.#status =
        previous !== undefined ? { kind: "serving", path: previous.path, reloads: this.#reloads } : { kind: "failed", error: text };
      if (wasDown && previous === undefined) this.#scheduleReload(text);
      return { ok: false, error: text, previous };
    }
  }

  #onFailure(entry: Entry<M>, error: unknown): void {
    this.#consecutiveFailures++;
    const limit = this.#options.recovery?.failuresBeforeReload ?? 3;
    if (!isModelGone(error) && this.#consecutiveFailures < limit) return;
    // The model is gone: stop sending it frames, release it once they are back, load it again.
    this.#serving = undefined;
    void this.#retire(entry);
    const reason = error instanceof Error ? error.message : String(error);
    this.#options.logger.error(
      `model '${entry.path}' stopped working (${isModelGone(error) ? reason : `${this.#consecutiveFailures} inferences failed in a row, the last: ${reason}`}); ` +
        `reloading it in ${this.#retryDelayMs} ms`,
    );
    this.#consecutiveFailures = 0;
    this.#scheduleReload(reason, entry.path);
  }

  #scheduleReload(error: string, path = this.#wanted?.param ?? "?"): void {
    if (this.#destroyed || this.#wanted === undefined) return;
    const delay = this.#retryDelayMs;
    this.#status = { kind: "down", path, error, retryInMs: delay, reloads: this.#reloads };
    this.#retryDelayMs = Math.min(delay * 2, this.#options.recovery?.maxDelayMs ?? 30_000);
    this.#cancelRetry();
    const wanted = this.#wanted;
    this.#retry = this.#scheduler.schedule(() => {
      this.#retry = undefined;
      const next = this.#chain.then(async () => {
        // A newer request (load()) replaced this one, or a model serves again: nothing to do.
        if (this.#destroyed || this.#wanted !== wanted || this.#serving !== undefined) return;
        const outcome = await this.#load(wanted.param, wanted.nms);
        if (outcome.ok) this.#options.logger.info(`model '${outcome.serving.path}' is serving again (reload ${this.#reloads})`);
        else
          this.#options.logger.error(
            `reloading the model failed: ${outcome.error}; next try in ${this.#status.kind === "down" ? this.#status.retryInMs : "?"} ms`,
          );
      });
      this.#chain = next.catch(() => undefined);
    }, delay);
  }

  #cancelRetry(): void {
    this.#retry?.unsubscribe();
    this.#retry = undefined;
  }

  async #retire(entry: Entry<M>): Promise<void> {
    entry.retired = true;
    if (entry.active === 0) await entry.model.release().catch(() => undefined);
  }
}
