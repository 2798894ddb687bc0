/**
 * The class names the detection node publishes, and its `classes` allow-list: they follow
 * `labels_file` and the model that is serving (the built-in model has its own names), are parsed
 * once per accepted parameter batch, and are republished (latched LabelInfo) whenever they change.
 */
import type { Logger } from "../../ports/ros.ts";
import type { Prepared } from "../kit/parameter-handler.ts";
import { classFilter, loadLabels, type ClassFilter, type LabelSource, type LabelsResult } from "./labels.ts";

interface LabelsParsed {
  readonly file: string;
  readonly modelParam: string;
  readonly result: LabelsResult;
}

/** What a parameter batch prepared: labels parsed for it (if their inputs changed) and the allow-list. */
export interface LabelsPrepared {
  readonly parsed: LabelsParsed | undefined;
  readonly classes: ClassFilter;
}

interface LabelInputs {
  readonly labels_file: string;
  readonly model_path: string;
  readonly classes: readonly string[];
}

export class DetectionLabels {
  readonly #source: LabelSource;
  readonly #logger: Logger;
  readonly #changed: () => void;
  #labels: readonly string[] = [];
  #allowed: ReadonlySet<number> | undefined;
  #memo: LabelsParsed | undefined;

  /** `changed` runs after the names or the allow-list changed (to republish LabelInfo). */
  constructor(source: LabelSource, logger: Logger, changed: () => void) {
    this.#source = source;
    this.#logger = logger;
    this.#changed = changed;
  }

  get names(): readonly string[] {
    return this.#labels;
  }

  get allowed(): ReadonlySet<number> | undefined {
    return this.#allowed;
  }

  /** Checks a candidate configuration (`current` undefined at start-up, which never fails). */
  prepare(next: LabelInputs, current: LabelInputs | undefined): Prepared<LabelsPrepared> {
    const inputsChanged = current === undefined || next.labels_file !== current.labels_file || next.model_path !== current.model_path;
    const parsed = inputsChanged
      ? { file: next.labels_file, modelParam: next.model_path, result: loadLabels(this.#source, next.labels_file, next.model_path) }
      : undefined;
    if (current === undefined) return { ok: true, value: { parsed, classes: { ok: true, allowed: undefined } } };
    if (parsed !== undefined && !parsed.result.ok) return { ok: false, reason: parsed.result.error };
    const classes = classFilter(next.classes, parsed?.result.ok === true ? parsed.result.labels : this.#labels);
    return classes.ok ? { ok: true, value: { parsed, classes } } : { ok: false, reason: classes.error };
  }

  /** The start-up labels: a bad file or class list is logged and the node runs on (class_N names, all classes). */
  start(prepared: Prepared<LabelsPrepared>, params: LabelInputs): void {
    const parsed = prepared.ok ? prepared.value.parsed : undefined;
    this.#memo = parsed;
    if (parsed !== undefined && !parsed.result.ok) this.#logger.error(`${parsed.result.error}; publishing class_N names until it is fixed`);
    this.#labels = parsed?.result.ok === true ? parsed.result.labels : [];
    this.#setClasses(classFilter(params.classes, this.#labels));
  }

  /** Applies an accepted batch; `servingParam` is the model_path of the model serving now. */
  apply(next: LabelInputs, prepared: LabelsPrepared, previous: LabelInputs, servingParam: string): void {
    if (prepared.parsed !== undefined) this.#memo = prepared.parsed;
    if (next.labels_file !== previous.labels_file) {
      this.follow(next, servingParam);
    } else if (prepared.classes.ok) {
      this.#allowed = prepared.classes.allowed;
    }
  }

  /** Labels for `labels_file` and the model now serving (`modelParam`); parsed again only if not prepared. */
  follow(params: LabelInputs, modelParam: string): void {
    const memo = this.#memo;
    const result =
      memo !== undefined && memo.file === params.labels_file && memo.modelParam === modelParam
        ? memo.result
        : loadLabels(this.#source, params.labels_file, modelParam);
    this.#memo = { file: params.labels_file, modelParam, result };
    if (!result.ok) this.#logger.error(`${result.error}; publishing class_N names until it is fixed`);
    this.#labels = result.ok ? result.labels : [];
    this.#setClasses(classFilter(params.classes, this.#labels));
    this.#changed();
  }

  #setClasses(classes: ClassFilter): void {
    this.#allowed = classes.ok ? classes.allowed : undefined;
    if (!classes.ok) this.#logger.error(`${classes.error}; publishing all classes until it is fixed`);
  }
}
