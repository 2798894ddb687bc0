/**
 * The detection node: sensor_msgs/Image in, vision_msgs/Detection2DArray out (source-image pixels),
 * plus LabelInfo (latched), an rgb8 overlay while someone watches it, and its accelerator stream's
 * metrics on /diagnostics.
 *
 * It talks to ROS only through the ROS port and to the accelerator only through the
 * inference-backend port, so it runs unchanged under rclnodejs, in standalone mode and in tests.
 * Every inference goes through an AcceleratorScheduler stream (policy "latest"): a frame that a
 * newer one replaces before a slot is free is dropped unstarted, at no cost, and up to the lane's
 * in-flight limit of frames run at once so the device never waits for the host.
 */
import { validateParameters } from "../../core/parameters/validate-parameters.ts";
import { parseLabels } from "../../core/labels/parse-labels.ts";
import { COCO_LABELS } from "../../core/labels/coco.ts";
import { selectDecoder, type DecoderChoice } from "../../core/detection/select-decoder.ts";
import { toDetection2DArray, toLabelInfo } from "../../core/detection/to-messages.ts";
import { LatencyRecorder, type LatencySummary } from "../../core/stats/latency-recorder.ts";
import { AcceleratorScheduler, type AcceleratorStream } from "../../core/scheduling/accelerator-scheduler.ts";
import { metricsToDiagnostics } from "../../core/scheduling/diagnostics.ts";
import { JobDroppedError, JobTimeoutError } from "../../core/scheduling/errors.ts";
import type { SchedulerMetrics } from "../../core/scheduling/metrics.ts";
import type { LetterboxGeometry, LetterboxKernels } from "../../core/vision/letterbox.ts";
import type { ImageView } from "../../core/vision/image-view.ts";
import { DetectionPipeline } from "./detection-pipeline.ts";
import {
  detectionNodeParametersSchema,
  detectionParameterDescriptors,
  schedulingParameterDescriptors,
  type DetectionNodeParameters,
  type DetectionParameters,
} from "./parameters.ts";

export { detectionNodeParametersSchema, schedulingParameterDescriptors, type DetectionNodeParameters };
import type { Image } from "../../messages/sensor_msgs.ts";
import type { InferenceBackend, InferenceOutputs, LoadedModel } from "../../ports/inference-backend.ts";
import type {
  ParameterChange,
  ParameterDescriptor,
  ParameterValue,
  Publisher,
  Subscription,
  RosNode,
  RosRuntime,
  SetParametersResult,
  Timer,
} from "../../ports/ros.ts";
import { QosPresets } from "../../ports/ros.ts";

/** HailoRT-range priority (0–31) of detection jobs: above depth, below nothing the robot needs faster. */
export const DETECTION_PRIORITY = 20;

export interface DetectionNodeIo {
  /** Creates the backend named by the `backend` parameter. */
  createBackend(name: DetectionParameters["backend"]): Promise<InferenceBackend>;
  /** The model to load when `model_path` is empty (the built-in synthetic detector), or an error saying why none exists. */
  defaultModelPath(backend: DetectionParameters["backend"]): Promise<string>;
  /** The class names of that built-in model, used when `model_path` and `labels_file` are both empty. */
  readonly defaultModelLabels: readonly string[];
  /** Reads a small text file synchronously (labels); throws a Node fs error when it can't. */
  readTextFile(path: string): string;
  fileExists(path: string): boolean;
  /** Native versions of the hottest image loops, when the platform has them. */
  readonly imageKernels?: LetterboxKernels;
}

export interface DetectionNodeOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
  /** The time source for latency figures (ms); performance.now by default. */
  readonly nowMs?: () => number;
  /**
   * The process's accelerator scheduler, shared by every node that uses the device. Default: the
   * node creates its own and closes it in `destroy()`.
   */
  readonly scheduler?: AcceleratorScheduler;
  /** The node's job stream on the scheduler (unique per scheduler). Default: the node's name. */
  readonly streamName?: string;
  /** 0–31, higher first; also the model's HailoRT scheduler priority. Default DETECTION_PRIORITY. */
  readonly priority?: number;
  /** Period of /diagnostics; 0 turns the timer off (`publishDiagnostics()` still works). Default 1000. */
  readonly diagnosticsPeriodMs?: number;
}

export interface DetectionNodeStats {
  readonly received: number;
  readonly processed: number;
  /** Frames replaced by a newer one before an accelerator slot was free (latest frame wins). */
  readonly superseded: number;
  /** Frames dropped unstarted because they waited longer than `max_frame_age_ms`. */
  readonly expired: number;
  /** Frames dropped because the scheduler's CPU guard paused the stream. */
  readonly throttled: number;
  /** Results dropped because a newer frame's result was already published (keeps output in frame order). */
  readonly stale: number;
  readonly rejected: number;
  readonly failed: number;
  readonly detections: number;
  readonly latency: LatencySummary;
}

interface LoadedDetector {
  readonly model: LoadedModel;
  readonly decoder: DecoderChoice;
  readonly pipeline: DetectionPipeline;
  readonly path: string;
  /** The `model_path` parameter value it was loaded for ("" = the built-in model). */
  readonly modelParam: string;
  /** What the device's own NMS was configured with (HEFs with on-chip NMS filter before we see boxes). */
  readonly nms: { readonly scoreThreshold: number; readonly iouThreshold: number; readonly maxProposalsPerClass: number };
  /** Inferences running on this model; a replaced model is released when the last one ends. */
  active: number;
  retired: boolean;
}

/** What a frame's accelerator job hands back: the raw outputs, or why the image was refused. */
type FrameOutcome =
  | {
      readonly kind: "inferred";
      readonly detector: LoadedDetector;
      readonly outputs: InferenceOutputs;
      readonly geometry: LetterboxGeometry;
      readonly view: ImageView;
    }
  | { readonly kind: "rejected"; readonly code: string; readonly error: string }
  | { readonly kind: "no-model" };

export class DetectionNode {
  readonly node: RosNode;
  readonly #io: DetectionNodeIo;
  readonly #nowMs: () => number;
  #params: DetectionNodeParameters;
  #labels: readonly string[];
  #allowedClasses: ReadonlySet<number> | undefined;
  #backend: InferenceBackend | undefined;
  #detector: LoadedDetector | undefined;
  #loading: Promise<void> = Promise.resolve();
  #destroyed = false;
  /** The last model load failed (no model, or the previous one still serving). */
  #loadFailed = false;
  readonly #scheduler: AcceleratorScheduler;
  readonly #ownsScheduler: boolean;
  readonly #stream: AcceleratorStream;
  /** Aborted by destroy(): drops waiting frames and aborts running inferences. */
  readonly #lifetime = new AbortController();
  /** Frames submitted whose scheduler outcome is not known yet. */
  #outstanding = 0;
  /** Job bodies still running (a cancelled or timed-out job may outlive its outcome). */
  #bodies = 0;
  /** Sequence number of the last frame submitted, and of the last frame whose result was published. */
  #submittedSeq = 0;
  #publishedSeq = 0;
  readonly #detectionsPub: Publisher<"vision_msgs/msg/Detection2DArray">;
  readonly #labelsPub: Publisher<"vision_msgs/msg/LabelInfo">;
  readonly #overlayPub: Publisher<"sensor_msgs/msg/Image">;
  /** Its topic is the resolved name (namespace and remaps applied), as `ros2 topic list` shows it. */
  readonly #imageSub: Subscription;
  readonly #diagnosticsPub: Publisher<"diagnostic_msgs/msg/DiagnosticArray">;
  readonly #diagnosticsTimer: Timer | undefined;
  #lastDiagnostics: SchedulerMetrics | undefined;
  readonly #latency = new LatencyRecorder();
  readonly #counts = { received: 0, processed: 0, superseded: 0, expired: 0, throttled: 0, stale: 0, rejected: 0, failed: 0, detections: 0 };
  readonly #lastLogMs = new Map<string, number>();
  #idle: Array<() => void> = [];

  /** Creates the node and starts loading its model; await `ready()` to know the outcome. */
  constructor(runtime: RosRuntime, io: DetectionNodeIo, options: DetectionNodeOptions = {}) {
    this.#io = io;
    this.#nowMs = options.nowMs ?? (() => performance.now());
    this.node = runtime.createNode(options.name ?? "detection", {
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.parameterOverrides !== undefined ? { parameterOverrides: options.parameterOverrides } : {}),
    });
    const values: Record<string, ParameterValue> = {};
    for (const descriptor of [...detectionParameterDescriptors, ...schedulingParameterDescriptors]) {
      values[descriptor.name] = this.node.declareParameter(descriptor);
    }
    const validated = validateParameters(detectionNodeParametersSchema, values);
    if (!validated.ok) {
      // Overrides are checked by the port at declaration; anything left is a cross-field rule.
      throw new Error(`detection node '${this.node.name}': ${validated.reason}`);
    }
    this.#params = validated.value;
    const labels = this.#loadLabels(this.#params);
    // A bad labels file or class list is reported and the node runs on (class_N names, all
    // classes) until the parameter is fixed with `ros2 param set`.
    this.#labels = labels.ok ? labels.labels : [];
    if (!labels.ok) this.node.logger.error(`${labels.error}; publishing class_N names until it is fixed`);
    const classes = this.#classFilter(this.#params.classes, this.#labels);
    this.#allowedClasses = classes.ok ? classes.allowed : undefined;
    if (!classes.ok) this.node.logger.error(`${classes.error}; publishing all classes until it is fixed`);

    this.node.addParameterValidator((changes) => this.#validateChanges(changes));
    this.node.onParametersChanged((changes) => this.#applyChanges(changes));

    this.#detectionsPub = this.node.createPublisher("vision_msgs/msg/Detection2DArray", "detections", QosPresets.default);
    this.#labelsPub = this.node.createPublisher("vision_msgs/msg/LabelInfo", "detections/labels", QosPresets.latched);
    this.#overlayPub = this.node.createPublisher("sensor_msgs/msg/Image", "detections/image", QosPresets.default);
    this.#diagnosticsPub = this.node.createPublisher("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", QosPresets.default);

    this.#ownsScheduler = options.scheduler === undefined;
    this.#scheduler = options.scheduler ?? new AcceleratorScheduler();
    this.#stream = this.#scheduler.declareStream({
      name: options.streamName ?? this.node.name,
      policy: "latest",
      priority: options.priority ?? DETECTION_PRIORITY,
      ...this.#streamLimits(this.#params),
    });
    const period = options.diagnosticsPeriodMs ?? 1000;
    if (!(period >= 0)) throw new Error(`detection node '${this.node.name}': diagnosticsPeriodMs must be ≥ 0 ms, got ${period}`);
    this.#diagnosticsTimer = period > 0 ? this.node.createTimer(period, () => this.publishDiagnostics()) : undefined;

    this.#publishLabels();
    // Depth 1: only the newest frame is ever used, so older ones are not kept (nor deserialised).
    this.#imageSub = this.node.createSubscription(
      "sensor_msgs/msg/Image",
      "image",
      { ...QosPresets[this.#params.image_qos], depth: 1 },
      (image) => this.#onImage(image),
    );
    this.#loading = this.#loadModel(this.#params.model_path);
  }

  get parameters(): Readonly<DetectionNodeParameters> {
    return this.#params;
  }

  get labels(): readonly string[] {
    return this.#labels;
  }

  /** Resolves once the current model load finished (successfully or with a logged error). */
  ready(): Promise<void> {
    return this.#loading;
  }

  /** True when a model is loaded and frames will be processed. */
  get hasModel(): boolean {
    return this.#detector !== undefined;
  }

  /** The node's job stream on the accelerator scheduler. */
  get acceleratorStream(): AcceleratorStream {
    return this.#stream;
  }

  /** Resolves when no frame is waiting for, or running on, the accelerator. */
  idle(): Promise<void> {
    if (this.#outstanding === 0 && this.#bodies === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  stats(): DetectionNodeStats {
    return { ...this.#counts, latency: this.#latency.summary() };
  }

  /**
   * Publishes this node's accelerator stream metrics on /diagnostics now (the timer does it every
   * period; a short run calls this at its end so the recording has at least one).
   */
  publishDiagnostics(): void {
    const full = this.#scheduler.snapshot();
    const mine = full.streams.filter((s) => s.stream === this.#stream.name);
    // A shared scheduler also carries other nodes' streams; each node reports its own.
    const snapshot: SchedulerMetrics = { ...full, streams: mine, lanes: full.lanes.filter((l) => mine.some((s) => s.lane === l.lane)) };
    this.#diagnosticsPub.publish(
      metricsToDiagnostics(snapshot, {
        hardwareId: this.#backend?.name ?? this.#params.backend,
        nodeName: this.#qualifiedName(this.node.name),
        ...(this.#lastDiagnostics !== undefined ? { previous: this.#lastDiagnostics } : {}),
      }),
    );
    this.#lastDiagnostics = snapshot;
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#diagnosticsTimer?.cancel();
    this.#lifetime.abort(new Error(`detection node '${this.node.name}' is shutting down`));
    await this.#loading.catch(() => undefined);
    await this.idle();
    if (this.#ownsScheduler) this.#scheduler.close();
    else this.#scheduler.removeStream(this.#stream.name);
    await this.#detector?.model.release().catch(() => undefined);
    this.#detector = undefined;
    await this.#backend?.close().catch(() => undefined);
    this.#backend = undefined;
    this.node.destroy();
  }

  #onImage(image: Image): void {
    if (this.#destroyed) return;
    this.#counts.received++;
    const receivedMs = this.#nowMs();
    if (this.#detector === undefined) {
      this.#counts.rejected++;
      if (this.#loadFailed) {
        this.#logThrottled("no-model", "error", `dropping images on '${this.#imageSub.topic}': no model is loaded (see the error above; fix 'model_path')`);
      } else {
        this.#logThrottled("no-model", "warn", `dropping images on '${this.#imageSub.topic}' until the model has loaded`);
      }
      return;
    }
    const seq = ++this.#submittedSeq;
    this.#outstanding++;
    this.#stream
      .run((signal) => this.#inferFrame(image, signal), { signal: this.#lifetime.signal })
      .then(
        (outcome) => this.#onInferred(outcome, image, seq, receivedMs),
        (error: unknown) => this.#onNotInferred(error),
      )
      .catch((error: unknown) => {
        this.#counts.failed++;
        this.#logThrottled("publish", "error", `publishing the result of a frame from '${this.#imageSub.topic}' failed: ${(error as Error).message}`);
      })
      .finally(() => {
        this.#outstanding--;
        this.#checkIdle();
      });
  }

  /**
   * The accelerator job of one frame. It runs only when the scheduler starts it, so the image
   * check and letterbox of a frame that gets superseded are never done.
   */
  async #inferFrame(image: Image, signal: AbortSignal): Promise<FrameOutcome> {
    const detector = this.#detector;
    if (detector === undefined) return { kind: "no-model" };
    this.#bodies++;
    detector.active++;
    try {
      const prepared = detector.pipeline.prepare(image);
      if (!prepared.ok) return { kind: "rejected", code: prepared.code, error: prepared.error };
      try {
        const outputs = await detector.model.infer(prepared.input, { signal });
        return { kind: "inferred", detector, outputs, geometry: prepared.geometry, view: prepared.view };
      } finally {
        detector.pipeline.releaseInput(prepared.input);
      }
    } finally {
      detector.active--;
      if (detector.retired && detector.active === 0) await detector.model.release().catch(() => undefined);
      this.#bodies--;
      this.#checkIdle();
    }
  }

  #onNotInferred(error: unknown): void {
    if (error instanceof JobDroppedError) {
      switch (error.reason) {
        case "superseded":
        case "rate":
          this.#counts.superseded++;
          return;
        case "deadline":
          this.#counts.expired++;
          this.#logThrottled("expired", "warn", `frames on '${this.#imageSub.topic}' dropped: ${error.message} (parameter 'max_frame_age_ms')`);
          return;
        case "throttled":
          this.#counts.throttled++;
          return;
        case "cancelled":
          return;
        case "overflow":
          break;
      }
    }
    this.#counts.failed++;
    const path = this.#detector?.path ?? "?";
    const hint = error instanceof JobTimeoutError ? " (parameter 'inference_timeout_ms')" : "";
    this.#logThrottled("infer", "error", `inference failed on model '${path}': ${(error as Error).message}${hint}`);
  }

  #onInferred(outcome: FrameOutcome, image: Image, seq: number, receivedMs: number): void {
    if (outcome.kind === "no-model") {
      this.#counts.rejected++;
      return;
    }
    if (outcome.kind === "rejected") {
      this.#counts.rejected++;
      this.#logThrottled(`image:${outcome.code}`, "error", `image on '${this.#imageSub.topic}' rejected: ${outcome.error}`);
      return;
    }
    if (this.#destroyed) return;
    if (seq < this.#publishedSeq) {
      // With frames in flight side by side, an older one can finish after a newer one was published.
      this.#counts.stale++;
      return;
    }
    const { detector, outputs } = outcome;
    const decoded = detector.pipeline.decode(outputs, outcome.geometry, {
      scoreThreshold: this.#params.score_threshold,
      iouThreshold: this.#params.iou_threshold,
      maxDetections: this.#params.max_detections,
      allowedClasses: this.#allowedClasses,
    });
    if (!decoded.ok) {
      this.#counts.failed++;
      this.#logThrottled("decode", "error", `model '${detector.path}' output could not be decoded: ${decoded.error}`);
      return;
    }
    this.#publishedSeq = seq;
    this.#detectionsPub.publish(toDetection2DArray(image.header, decoded.detections, this.#labels));
    this.#counts.processed++;
    this.#counts.detections += decoded.detections.length;
    this.#latency.record(this.#nowMs() - receivedMs);
    if (this.#params.publish_overlay && this.#overlayPub.subscriptionCount() > 0) {
      this.#overlayPub.publish(detector.pipeline.overlay(image, outcome.view, decoded.detections, this.#labels));
    }
  }

  #checkIdle(): void {
    if (this.#outstanding !== 0 || this.#bodies !== 0) return;
    const waiting = this.#idle;
    this.#idle = [];
    for (const resolve of waiting) resolve();
  }

  #streamLimits(params: DetectionNodeParameters): { deadlineMs: number | undefined; timeoutMs: number } {
    return { deadlineMs: params.max_frame_age_ms > 0 ? params.max_frame_age_ms : undefined, timeoutMs: params.inference_timeout_ms };
  }

  async #loadModel(modelPathParam: string): Promise<void> {
    if (this.#destroyed) return;
    const previous = this.#detector;
    const nms = {
      scoreThreshold: this.#params.score_threshold,
      iouThreshold: this.#params.iou_threshold,
      maxProposalsPerClass: this.#params.max_detections,
    };
    try {
      this.#backend ??= await this.#io.createBackend(this.#params.backend);
      const path = modelPathParam === "" ? await this.#io.defaultModelPath(this.#params.backend) : modelPathParam;
      const model = await this.#backend.load({ modelPath: path, priority: this.#stream.hailoPriority, nms });
      const selected = selectDecoder(model.info);
      if (!selected.ok) {
        await model.release().catch(() => undefined);
        throw new Error(`model '${path}': ${selected.error}`);
      }
      if (this.#destroyed) {
        await model.release().catch(() => undefined);
        return;
      }
      const pipeline = new DetectionPipeline(model.info, selected.decoder, {
        ...(this.#io.imageKernels ? { kernels: this.#io.imageKernels } : {}),
      });
      this.#detector = { model, decoder: selected.decoder, pipeline, path, modelParam: modelPathParam, nms, active: 0, retired: false };
      this.#loadFailed = false;
      // Labels follow the model that serves: switch them only now that it does.
      this.#applyLabels(this.#params.labels_file, modelPathParam);
      if (selected.decoder.classes !== this.#labels.length) {
        this.node.logger.warn(
          `model '${path}' has ${selected.decoder.classes} classes but the labels list has ${this.#labels.length}; ` +
            "set 'labels_file' to the model's class names",
        );
      }
      this.node.logger.info(`loaded '${path}' on backend '${this.#backend.name}' (${describeDecoder(selected.decoder)})`);
      if (previous !== undefined) {
        // Frames still running on the old model release it when the last one ends.
        previous.retired = true;
        if (previous.active === 0) await previous.model.release().catch(() => undefined);
      }
    } catch (e) {
      this.#loadFailed = true;
      this.node.logger.error(`parameter 'model_path': ${(e as Error).message}`);
      if (previous !== undefined && !this.#destroyed && this.#params.model_path !== previous.modelParam) {
        // The old model keeps serving; the parameter says so again rather than naming a model that is not running.
        this.node.logger.warn(`parameter 'model_path': still serving '${previous.path}'; 'model_path' is set back to '${previous.modelParam}'`);
        this.node.setParameters([{ name: "model_path", value: previous.modelParam }]);
      }
    }
  }

  /** Labels for `labels_file` and the model being served, and the class allow-list against them. */
  #applyLabels(labelsFile: string, modelParam: string): void {
    const parsed = this.#loadLabels({ ...this.#params, labels_file: labelsFile, model_path: modelParam });
    if (!parsed.ok) {
      this.node.logger.error(`${parsed.error}; publishing class_N names until it is fixed`);
      this.#labels = [];
    } else {
      this.#labels = parsed.labels;
    }
    const classes = this.#classFilter(this.#params.classes, this.#labels);
    this.#allowedClasses = classes.ok ? classes.allowed : undefined;
    if (!classes.ok) this.node.logger.error(`${classes.error}; publishing all classes until it is fixed`);
    this.#publishLabels();
  }

  #validateChanges(changes: readonly ParameterChange[]): SetParametersResult {
    if (this.#destroyed) return { successful: false, reason: `detection node '${this.node.name}' is shutting down` };
    const validated = validateParameters(detectionNodeParametersSchema, this.#params, changes);
    if (!validated.ok) return { successful: false, reason: validated.reason };
    const next = validated.value;
    let labels = this.#labels;
    if (next.labels_file !== this.#params.labels_file || next.model_path !== this.#params.model_path) {
      const parsed = this.#loadLabels(next);
      if (!parsed.ok) return { successful: false, reason: parsed.error };
      labels = parsed.labels;
    }
    const classes = this.#classFilter(next.classes, labels);
    if (!classes.ok) return { successful: false, reason: classes.error };
    if (next.model_path !== this.#params.model_path && next.model_path !== "" && !this.#io.fileExists(next.model_path)) {
      return { successful: false, reason: `parameter 'model_path': file '${next.model_path}' does not exist` };
    }
    return { successful: true };
  }

  #applyChanges(changes: readonly ParameterChange[]): void {
    const validated = validateParameters(detectionNodeParametersSchema, this.#params, changes);
    if (!validated.ok) return; // validators already accepted this batch
    const previous = this.#params;
    this.#params = validated.value;
    if (this.#params.max_frame_age_ms !== previous.max_frame_age_ms || this.#params.inference_timeout_ms !== previous.inference_timeout_ms) {
      const limits = this.#stream.reconfigure(this.#streamLimits(this.#params));
      if (!limits.ok) this.node.logger.error(`parameters 'max_frame_age_ms'/'inference_timeout_ms': ${limits.error}`);
    }
    const serving = this.#detector;
    const servingParam = serving?.modelParam ?? this.#params.model_path;
    if (this.#params.labels_file !== previous.labels_file) {
      this.#applyLabels(this.#params.labels_file, servingParam);
    } else {
      const classes = this.#classFilter(this.#params.classes, this.#labels);
      if (classes.ok) this.#allowedClasses = classes.allowed;
      if (this.#params.score_threshold !== previous.score_threshold) this.#publishLabels();
    }
    const modelWanted = this.#params.model_path !== servingParam || (serving === undefined && this.#params.model_path !== previous.model_path);
    if (modelWanted || (serving !== undefined && this.#deviceNmsIsStale(serving))) {
      this.#loading = this.#loading.then(() => this.#loadModel(this.#params.model_path));
    }
  }

  /**
   * A HEF with on-chip NMS drops boxes before the host sees them, so a lower score threshold, a
   * different IoU threshold or more detections than it was configured with need a reload.
   */
  #deviceNmsIsStale(detector: LoadedDetector): boolean {
    if (detector.decoder.kind !== "nms-by-class") return false;
    const p = this.#params;
    return (
      p.score_threshold < detector.nms.scoreThreshold ||
      p.iou_threshold !== detector.nms.iouThreshold ||
      p.max_detections > detector.nms.maxProposalsPerClass
    );
  }

  #loadLabels(params: DetectionParameters): { ok: true; labels: readonly string[] } | { ok: false; error: string } {
    const path = params.labels_file;
    if (path === "") return { ok: true, labels: params.model_path === "" ? this.#io.defaultModelLabels : COCO_LABELS };
    let text: string;
    try {
      text = this.#io.readTextFile(path);
    } catch (e) {
      return { ok: false, error: `parameter 'labels_file': cannot read '${path}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    }
    const parsed = parseLabels(text);
    if (!parsed.ok) return { ok: false, error: `parameter 'labels_file': '${path}' is malformed: ${parsed.error}` };
    return parsed;
  }

  #classFilter(
    names: readonly string[],
    labels: readonly string[],
  ): { ok: true; allowed: ReadonlySet<number> | undefined } | { ok: false; error: string } {
    if (names.length === 0) return { ok: true, allowed: undefined };
    const allowed = new Set<number>();
    for (const name of names) {
      const index = labels.indexOf(name);
      if (index < 0) {
        return { ok: false, error: `parameter 'classes': '${name}' is not a label of this model (labels: ${preview(labels)})` };
      }
      allowed.add(index);
    }
    return { ok: true, allowed };
  }

  #publishLabels(): void {
    this.#labelsPub.publish(toLabelInfo({ stamp: this.node.now(), frame_id: "" }, this.#labels, this.#params.score_threshold));
  }

  /** The node's fully qualified name, as ROS prints it. */
  #qualifiedName(name: string): string {
    const ns = this.node.namespace === "/" ? "" : this.node.namespace;
    return `${ns}/${name}`;
  }

  /** Logs a repeating error at most once a second per kind; every occurrence is still counted. */
  #logThrottled(kind: string, level: "warn" | "error", message: string): void {
    const now = this.#nowMs();
    const last = this.#lastLogMs.get(kind);
    if (last !== undefined && now - last < 1000) return;
    this.#lastLogMs.set(kind, now);
    this.node.logger[level](message);
  }
}

function describeDecoder(decoder: DecoderChoice): string {
  return decoder.kind === "yolo-raw"
    ? `YOLO raw head, ${decoder.classes} classes × ${decoder.anchors} anchors`
    : `on-chip NMS by class, ${decoder.classes} classes`;
}

function preview(labels: readonly string[]): string {
  return labels.length <= 8 ? labels.join(", ") : `${labels.slice(0, 8).join(", ")}, … (${labels.length})`;
}
