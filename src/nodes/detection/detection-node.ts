/**
 * The detection node: sensor_msgs/Image in, vision_msgs/Detection2DArray out (source-image pixels),
 * plus LabelInfo (latched), an rgb8 overlay while someone watches it, and its accelerator stream's
 * metrics on /diagnostics. Wiring over the node kit: parameters through a ParameterHandler, the
 * model through a ScheduledModel, every inference through an AcceleratorScheduler stream (policy
 * "latest": a frame replaced before a slot is free is dropped unstarted).
 */
import { selectDecoder, type DecoderChoice } from "../../core/detection/select-decoder.ts";
import { toDetection2DArray, toLabelInfo } from "../../core/detection/to-messages.ts";
import { AcceleratorScheduler, type AcceleratorStream } from "../../core/scheduling/accelerator-scheduler.ts";
import { metricsToDiagnostics } from "../../core/scheduling/diagnostics.ts";
import { JobTimeoutError } from "../../core/scheduling/errors.ts";
import type { SchedulerMetrics } from "../../core/scheduling/metrics.ts";
import { LatencyRecorder, type LatencySummary } from "../../core/stats/latency-recorder.ts";
import type { ImageView } from "../../core/vision/image-view.ts";
import type { LetterboxGeometry, LetterboxKernels } from "../../core/vision/letterbox.ts";
import { DiagnosticLevel } from "../../messages/diagnostic_msgs.ts";
import type { Image } from "../../messages/sensor_msgs.ts";
import type { InferenceBackend, InferenceOutputs } from "../../ports/inference-backend.ts";
import { QosPresets, type Publisher, type RosNode, type RosRuntime, type Subscription, type Timer } from "../../ports/ros.ts";
import type { ParameterValue } from "../../ports/ros.ts";
import { FrameCounters, type FrameCounts } from "../kit/frame-counters.ts";
import { ParameterHandler, type Prepared } from "../kit/parameter-handler.ts";
import { ScheduledModel, type Serving } from "../kit/scheduled-model.ts";
import { ThrottledLog } from "../kit/throttled-log.ts";
import { DetectionPipeline } from "./detection-pipeline.ts";
import { classFilter, loadLabels, type ClassFilter, type LabelsResult } from "./labels.ts";
import { detectionParameterSpec, type DetectionNodeParameters, type DetectionParameters } from "./parameters.ts";

export { detectionNodeParametersSchema, type DetectionNodeParameters } from "./parameters.ts";

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
  /** The process's accelerator scheduler, shared by every node that uses the device. Default: the node's own, closed in destroy(). */
  readonly scheduler?: AcceleratorScheduler;
  /** The node's job stream on the scheduler (unique per scheduler). Default: the node's name. */
  readonly streamName?: string;
  /** 0–31, higher first; also the model's HailoRT scheduler priority. Default DETECTION_PRIORITY. */
  readonly priority?: number;
  /** Period of /diagnostics; 0 turns the timer off (`publishDiagnostics()` still works). Default 1000. */
  readonly diagnosticsPeriodMs?: number;
  /** Reload backoff after the device failed the model. Default: 500 ms doubling to 30 s. */
  readonly modelRecovery?: ConstructorParameters<typeof ScheduledModel>[0]["recovery"];
}

export type DetectionNodeStats = FrameCounts & { readonly detections: number; readonly latency: LatencySummary };

interface Detector {
  readonly decoder: DecoderChoice;
  readonly pipeline: DetectionPipeline;
}

/** What a batch of parameter changes prepared: labels parsed for it, and the class allow-list. */
interface LabelsPrepared {
  readonly labels: { readonly file: string; readonly modelParam: string; readonly result: LabelsResult } | undefined;
  readonly classes: ClassFilter;
}

type FrameOutcome =
  | { readonly kind: "inferred"; readonly serving: Serving<Detector>; readonly outputs: InferenceOutputs; readonly geometry: LetterboxGeometry; readonly view: ImageView }
  | { readonly kind: "rejected"; readonly code: string; readonly error: string }
  | { readonly kind: "no-model" };

export class DetectionNode {
  readonly node: RosNode;
  readonly #io: DetectionNodeIo;
  readonly #nowMs: () => number;
  readonly #parameters: ParameterHandler<typeof detectionParameterSpec, LabelsPrepared>;
  readonly #model: ScheduledModel<Detector>;
  readonly #scheduler: AcceleratorScheduler;
  readonly #ownsScheduler: boolean;
  readonly #stream: AcceleratorStream;
  readonly #counters = new FrameCounters();
  readonly #latency = new LatencyRecorder();
  readonly #log: ThrottledLog;
  /** Aborted by destroy(): drops waiting frames and aborts running inferences. */
  readonly #lifetime = new AbortController();
  readonly #detectionsPub: Publisher<"vision_msgs/msg/Detection2DArray">;
  readonly #labelsPub: Publisher<"vision_msgs/msg/LabelInfo">;
  readonly #overlayPub: Publisher<"sensor_msgs/msg/Image">;
  readonly #diagnosticsPub: Publisher<"diagnostic_msgs/msg/DiagnosticArray">;
  /** Its topic is the resolved name (namespace and remaps applied), as `ros2 topic list` shows it. */
  readonly #imageSub: Subscription;
  readonly #diagnosticsTimer: Timer | undefined;
  #lastDiagnostics: SchedulerMetrics | undefined;
  #labels: readonly string[] = [];
  #labelsMemo: LabelsPrepared["labels"];
  #allowedClasses: ReadonlySet<number> | undefined;
  #detections = 0;
  #loading: Promise<void> = Promise.resolve();
  #loadFailed = false;
  #destroyed = false;
  /** Frames submitted whose scheduler outcome is not known yet, and job bodies still running. */
  #outstanding = 0;
  #bodies = 0;
  #submittedSeq = 0;
  #publishedSeq = 0;
  #idle: Array<() => void> = [];

  /** Creates the node and starts loading its model; await `ready()` to know the outcome. */
  constructor(runtime: RosRuntime, io: DetectionNodeIo, options: DetectionNodeOptions = {}) {
    this.#io = io;
    this.#nowMs = options.nowMs ?? (() => performance.now());
    this.node = runtime.createNode(options.name ?? "detection", {
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.parameterOverrides !== undefined ? { parameterOverrides: options.parameterOverrides } : {}),
    });
    this.#log = new ThrottledLog(this.node.logger, this.#nowMs);
    this.#parameters = new ParameterHandler(this.node, detectionParameterSpec, {
      refuse: () => (this.#destroyed ? `detection node '${this.node.name}' is shutting down` : undefined),
      prepare: (next, _changed, current) => this.#prepare(next, current),
      apply: (next, prepared, _changed, previous) => this.#apply(next, prepared, previous),
    });
    const params = this.#parameters.values;
    // A bad labels file or class list is reported and the node runs on (class_N names, all classes) until fixed.
    const initial = this.#parameters.initial.ok ? this.#parameters.initial.value : undefined;
    const labels = initial?.labels?.result;
    this.#labelsMemo = initial?.labels;
    this.#labels = labels?.ok === true ? labels.labels : [];
    if (labels !== undefined && !labels.ok) this.node.logger.error(`${labels.error}; publishing class_N names until it is fixed`);
    this.#setClasses(classFilter(params.classes, this.#labels));

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
      ...streamLimits(params),
    });
    this.#model = new ScheduledModel<Detector>({
      createBackend: () => io.createBackend(params.backend),
      resolvePath: async (param) => (param === "" ? io.defaultModelPath(params.backend) : param),
      prepare: (model) => {
        const selected = selectDecoder(model.info);
        if (!selected.ok) return { ok: false, error: selected.error };
        const kernels = io.imageKernels !== undefined ? { kernels: io.imageKernels } : {};
        return { ok: true, value: { decoder: selected.decoder, pipeline: new DetectionPipeline(model.info, selected.decoder, kernels) } };
      },
      priority: this.#stream.hailoPriority,
      logger: this.node.logger,
      ...(options.modelRecovery !== undefined ? { recovery: options.modelRecovery } : {}),
    });
    const period = options.diagnosticsPeriodMs ?? 1000;
    if (!(period >= 0)) throw new Error(`detection node '${this.node.name}': diagnosticsPeriodMs must be ≥ 0 ms, got ${period}`);
    this.#diagnosticsTimer = period > 0 ? this.node.createTimer(period, () => this.publishDiagnostics()) : undefined;

    this.#publishLabels();
    // Depth 1: only the newest frame is ever used, so older ones are not kept (nor deserialised).
    this.#imageSub = this.node.createSubscription("sensor_msgs/msg/Image", "image", { ...QosPresets[params.image_qos], depth: 1 }, (image) =>
      this.#onImage(image),
    );
    this.#load(params.model_path);
  }

  get parameters(): Readonly<DetectionNodeParameters> {
    return this.#parameters.values;
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
    return this.#model.serving !== undefined;
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
    return { ...this.#counters.snapshot(), detections: this.#detections, latency: this.#latency.summary() };
  }

  /** Publishes this node's stream metrics and model state on /diagnostics now (the timer does it every period). */
  publishDiagnostics(): void {
    const full = this.#scheduler.snapshot();
    const mine = full.streams.filter((s) => s.stream === this.#stream.name);
    // A shared scheduler also carries other nodes' streams; each node reports its own.
    const snapshot: SchedulerMetrics = { ...full, streams: mine, lanes: full.lanes.filter((l) => mine.some((s) => s.lane === l.lane)) };
    const array = metricsToDiagnostics(snapshot, {
      hardwareId: this.#model.backendName ?? this.#parameters.values.backend,
      nodeName: this.node.namespace === "/" ? `/${this.node.name}` : `${this.node.namespace}/${this.node.name}`,
      ...(this.#lastDiagnostics !== undefined ? { previous: this.#lastDiagnostics } : {}),
    });
    const status = this.#model.status;
    for (const s of array.status) {
      s.values.push({ key: "model", value: status.kind });
      if (status.kind === "down") {
        s.level = DiagnosticLevel.ERROR;
        s.message = `model down (${status.error}); reloading in ${status.retryInMs} ms`;
      }
    }
    this.#diagnosticsPub.publish(array);
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
    await this.#model.destroy();
    this.node.destroy();
  }

  #onImage(image: Image): void {
    if (this.#destroyed) return;
    this.#counters.count("received");
    const receivedMs = this.#nowMs();
    if (this.#model.serving === undefined) {
      this.#counters.count("rejected");
      const why = this.#loadFailed ? "no model is loaded (see the error above; fix 'model_path')" : "until the model has loaded";
      this.#log.log("no-model", this.#loadFailed ? "error" : "warn", `dropping images on '${this.#imageSub.topic}': ${why}`);
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
        this.#counters.count("failed");
        this.#log.log("publish", "error", `publishing the result of a frame from '${this.#imageSub.topic}' failed: ${(error as Error).message}`);
      })
      .finally(() => {
        this.#outstanding--;
        this.#checkIdle();
      });
  }

  /** One frame's accelerator job; it runs only when the scheduler starts it, so a superseded frame costs nothing. */
  async #inferFrame(image: Image, signal: AbortSignal): Promise<FrameOutcome> {
    this.#bodies++;
    try {
      const result = await this.#model.run(async (serving): Promise<FrameOutcome> => {
        const prepared = serving.prepared.pipeline.prepare(image);
        if (!prepared.ok) return { kind: "rejected", code: prepared.code, error: prepared.error };
        try {
          const outputs = await serving.model.infer(prepared.input, { signal });
          return { kind: "inferred", serving, outputs, geometry: prepared.geometry, view: prepared.view };
        } finally {
          serving.prepared.pipeline.releaseInput(prepared.input);
        }
      });
      return result.ran ? result.value : { kind: "no-model" };
    } finally {
      this.#bodies--;
      this.#checkIdle();
    }
  }

  #onNotInferred(error: unknown): void {
    const kind = this.#counters.countNotRun(error);
    if (kind === "expired") {
      this.#log.log("expired", "warn", `frames on '${this.#imageSub.topic}' dropped: ${(error as Error).message} (parameter 'max_frame_age_ms')`);
    } else if (kind === "failed") {
      const hint = error instanceof JobTimeoutError ? " (parameter 'inference_timeout_ms')" : "";
      this.#log.log("infer", "error", `inference failed on model '${this.#model.serving?.path ?? "?"}': ${(error as Error).message}${hint}`);
    }
  }

  #onInferred(outcome: FrameOutcome, image: Image, seq: number, receivedMs: number): void {
    if (outcome.kind !== "inferred") {
      this.#counters.count("rejected");
      if (outcome.kind === "rejected") this.#log.log(`image:${outcome.code}`, "error", `image on '${this.#imageSub.topic}' rejected: ${outcome.error}`);
      return;
    }
    if (this.#destroyed) return;
    // With frames in flight side by side, an older one can finish after a newer one was published.
    if (seq < this.#publishedSeq) return this.#counters.count("stale");
    const { pipeline } = outcome.serving.prepared;
    const params = this.#parameters.values;
    const decoded = pipeline.decode(outcome.outputs, outcome.geometry, {
      scoreThreshold: params.score_threshold,
      iouThreshold: params.iou_threshold,
      maxDetections: params.max_detections,
      allowedClasses: this.#allowedClasses,
    });
    if (!decoded.ok) {
      this.#counters.count("failed");
      this.#log.log("decode", "error", `model '${outcome.serving.path}' output could not be decoded: ${decoded.error}`);
      return;
    }
    this.#publishedSeq = seq;
    this.#detectionsPub.publish(toDetection2DArray(image.header, decoded.detections, this.#labels));
    this.#counters.count("processed");
    this.#detections += decoded.detections.length;
    this.#latency.record(this.#nowMs() - receivedMs);
    if (params.publish_overlay && this.#overlayPub.subscriptionCount() > 0) {
      this.#overlayPub.publish(pipeline.overlay(image, outcome.view, decoded.detections, this.#labels));
    }
  }

  #checkIdle(): void {
    if (this.#outstanding !== 0 || this.#bodies !== 0) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Loads `param` ("" = built-in); labels follow the model that serves, switched only once it does. */
  #load(param: string): void {
    if (this.#destroyed) return;
    const p = this.#parameters.values;
    const nms = { scoreThreshold: p.score_threshold, iouThreshold: p.iou_threshold, maxProposalsPerClass: p.max_detections };
    this.#loading = this.#model.load(param, nms).then((outcome) => {
      if (outcome.ok) {
        this.#loadFailed = false;
        const { path, prepared } = outcome.serving;
        this.#applyLabels(this.#parameters.values.labels_file, param);
        if (prepared.decoder.classes !== this.#labels.length) {
          this.node.logger.warn(
            `model '${path}' has ${prepared.decoder.classes} classes but the labels list has ${this.#labels.length}; set 'labels_file' to the model's class names`,
          );
        }
        this.node.logger.info(`loaded '${path}' on backend '${this.#model.backendName ?? "?"}' (${describeDecoder(prepared.decoder)})`);
        return;
      }
      this.#loadFailed = true;
      this.node.logger.error(`parameter 'model_path': ${outcome.error}`);
      const previous = outcome.previous;
      if (previous !== undefined && !this.#destroyed && this.#parameters.values.model_path !== previous.param) {
        // The old model keeps serving; the parameter says so again rather than naming a model that is not running.
        this.node.logger.warn(`parameter 'model_path': still serving '${previous.path}'; 'model_path' is set back to '${previous.param}'`);
        this.node.setParameters([{ name: "model_path", value: previous.param }]);
      }
    });
  }

  /** Checks a candidate configuration: labels readable, classes known, model file present. Start-up never fails here. */
  #prepare(next: DetectionNodeParameters, current: DetectionNodeParameters | undefined): Prepared<LabelsPrepared> {
    const labelsChanged = current === undefined || next.labels_file !== current.labels_file || next.model_path !== current.model_path;
    const labels = labelsChanged ? { file: next.labels_file, modelParam: next.model_path, result: loadLabels(this.#io, next.labels_file, next.model_path) } : undefined;
    if (current === undefined) return { ok: true, value: { labels, classes: { ok: true, allowed: undefined } } };
    if (labels !== undefined && !labels.result.ok) return { ok: false, reason: labels.result.error };
    const classes = classFilter(next.classes, labels?.result.ok === true ? labels.result.labels : this.#labels);
    if (!classes.ok) return { ok: false, reason: classes.error };
    if (next.model_path !== current.model_path && next.model_path !== "" && !this.#io.fileExists(next.model_path)) {
      return { ok: false, reason: `parameter 'model_path': file '${next.model_path}' does not exist` };
    }
    return { ok: true, value: { labels, classes } };
  }

  #apply(next: DetectionNodeParameters, prepared: LabelsPrepared, previous: DetectionNodeParameters): void {
    if (next.max_frame_age_ms !== previous.max_frame_age_ms || next.inference_timeout_ms !== previous.inference_timeout_ms) {
      const limits = this.#stream.reconfigure(streamLimits(next));
      if (!limits.ok) this.node.logger.error(`parameters 'max_frame_age_ms'/'inference_timeout_ms': ${limits.error}`);
    }
    if (prepared.labels !== undefined) this.#labelsMemo = prepared.labels;
    const serving = this.#model.serving;
    const servingParam = serving?.param ?? next.model_path;
    if (next.labels_file !== previous.labels_file) {
      this.#applyLabels(next.labels_file, servingParam);
    } else {
      if (prepared.classes.ok) this.#allowedClasses = prepared.classes.allowed;
      if (next.score_threshold !== previous.score_threshold) this.#publishLabels();
    }
    const modelWanted = next.model_path !== servingParam || (serving === undefined && next.model_path !== previous.model_path);
    if (modelWanted || (serving !== undefined && this.#deviceNmsIsStale(serving))) this.#load(next.model_path);
  }

  /** A HEF with on-chip NMS drops boxes before the host sees them: looser thresholds need a reload. */
  #deviceNmsIsStale(serving: Serving<Detector>): boolean {
    const p = this.#parameters.values;
    const nms = serving.nms;
    if (serving.prepared.decoder.kind !== "nms-by-class" || nms === undefined) return false;
    return p.score_threshold < nms.scoreThreshold || p.iou_threshold !== nms.iouThreshold || p.max_detections > nms.maxProposalsPerClass;
  }

  /** Labels for `labels_file` and the serving model (parsed once per batch), and the class allow-list against them. */
  #applyLabels(file: string, modelParam: string): void {
    const memo = this.#labelsMemo;
    const parsed = memo !== undefined && memo.file === file && memo.modelParam === modelParam ? memo.result : loadLabels(this.#io, file, modelParam);
    this.#labelsMemo = { file, modelParam, result: parsed };
    if (!parsed.ok) this.node.logger.error(`${parsed.error}; publishing class_N names until it is fixed`);
    this.#labels = parsed.ok ? parsed.labels : [];
    this.#setClasses(classFilter(this.#parameters.values.classes, this.#labels));
    this.#publishLabels();
  }

  #setClasses(classes: ClassFilter): void {
    this.#allowedClasses = classes.ok ? classes.allowed : undefined;
    if (!classes.ok) this.node.logger.error(`${classes.error}; publishing all classes until it is fixed`);
  }

  #publishLabels(): void {
    this.#labelsPub.publish(toLabelInfo({ stamp: this.node.now(), frame_id: "" }, this.#labels, this.#parameters.values.score_threshold));
  }
}

function streamLimits(params: DetectionNodeParameters): { deadlineMs: number | undefined; timeoutMs: number } {
  return { deadlineMs: params.max_frame_age_ms > 0 ? params.max_frame_age_ms : undefined, timeoutMs: params.inference_timeout_ms };
}

function describeDecoder(decoder: DecoderChoice): string {
  return decoder.kind === "yolo-raw"
    ? `YOLO raw head, ${decoder.classes} classes × ${decoder.anchors} anchors`
    : `on-chip NMS by class, ${decoder.classes} classes`;
}
