/**
 * The detection node: sensor_msgs/Image in, vision_msgs/Detection2DArray out (source-image pixels),
 * plus LabelInfo (latched), an rgb8 overlay while someone watches it, and its accelerator stream's
 * metrics on /diagnostics. Wiring over the node kit: parameters through a ParameterHandler, the
 * model through a ScheduledModel, frames through an OrderedFrameStream on the scheduler (policy
 * "latest": a frame replaced before a slot is free is dropped unstarted).
 */
import type { AcceleratorStream } from "../../core/scheduling/accelerator-scheduler.ts";
import { DETECTION_PRIORITY } from "../../core/scheduling/priorities.ts";
import type { Image } from "../../messages/sensor_msgs.ts";
import type { RosNode, RosRuntime, Subscription } from "../../ports/ros.ts";
import { createSubscriptionOf } from "../kit/node-interfaces.ts";
import { detectionInterfaces } from "./interfaces.ts";
import { NodeDiagnostics } from "../kit/node-diagnostics.ts";
import { NodeStream } from "../kit/node-stream.ts";
import { OrderedFrameStream, type FrameJobOutcome } from "../kit/ordered-frame-stream.ts";
import { ParameterHandler, type Prepared } from "../kit/parameter-handler.ts";
import type { ScheduledModel, Serving } from "../kit/scheduled-model.ts";
import { ThrottledLog } from "../kit/throttled-log.ts";
import { DetectionLabels, type LabelsPrepared } from "./detection-labels.ts";
import type { DetectionNodeIo, DetectionNodeOptions, DetectionNodeStats } from "./detection-node-io.ts";
import { DetectionOutputs } from "./detection-outputs.ts";
import { createDetectionModel, describeDecoder, deviceNmsIsStale, nmsOf, type Detector, type Inferred } from "./detection-model.ts";
import { detectionParameterSpec, streamLimitsOf, type DetectionNodeParameters } from "./parameters.ts";

export type { DetectionNodeIo, DetectionNodeOptions, DetectionNodeStats } from "./detection-node-io.ts";

export class DetectionNode {
  readonly node: RosNode;
  readonly #io: DetectionNodeIo;
  readonly #parameters: ParameterHandler<typeof detectionParameterSpec, LabelsPrepared>;
  readonly #labels: DetectionLabels;
  readonly #model: ScheduledModel<Detector>;
  readonly #stream: NodeStream;
  readonly #frames: OrderedFrameStream<Image, Detector, Inferred>;
  readonly #log: ThrottledLog;
  readonly #diagnostics: NodeDiagnostics;
  /** Aborted by destroy(): drops waiting frames and aborts running inferences. */
  readonly #lifetime = new AbortController();
  readonly #outputs: DetectionOutputs;
  /** Its topic is the resolved name (namespace and remaps applied), as `ros2 topic list` shows it. */
  readonly #imageSub: Subscription;
  #detections = 0;
  #loading: Promise<void> = Promise.resolve();
  #destroyed = false;

  /** Creates the node and starts loading its model; await `ready()` to know the outcome. */
  constructor(runtime: RosRuntime, io: DetectionNodeIo, options: DetectionNodeOptions = {}) {
    this.#io = io;
    const nowMs = options.nowMs ?? (() => performance.now());
    this.node = runtime.createNode(options.name ?? "detection", {
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.parameterOverrides !== undefined ? { parameterOverrides: options.parameterOverrides } : {}),
    });
    this.#log = new ThrottledLog(this.node.logger, nowMs);
    this.#labels = new DetectionLabels(io, this.node.logger, () => this.#publishLabels());
    this.#parameters = new ParameterHandler(this.node, detectionParameterSpec, {
      refuse: () => (this.#destroyed ? `detection node '${this.node.name}' is shutting down` : undefined),
      prepare: (next, _changed, current) => this.#prepare(next, current),
      apply: (next, prepared, _changed, previous) => this.#apply(next, prepared, previous),
    });
    const params = this.#parameters.values;
    this.#labels.start(this.#parameters.initial, params);

    this.#outputs = new DetectionOutputs(this.node);
    const streamName = options.streamName ?? this.node.name;
    const priority = options.priority ?? DETECTION_PRIORITY;
    this.#stream = new NodeStream(options.scheduler, { name: streamName, policy: "latest", priority, ...streamLimitsOf(params) });
    this.#model = createDetectionModel({
      createBackend: () => io.createBackend(params.backend),
      defaultModelPath: () => io.defaultModelPath(params.backend),
      ...(io.imageKernels !== undefined ? { imageKernels: io.imageKernels } : {}),
      priority: this.#stream.stream.hailoPriority,
      logger: this.node.logger,
      ...(options.modelRecovery !== undefined ? { recovery: options.modelRecovery } : {}),
    });
    this.#frames = new OrderedFrameStream<Image, Detector, Inferred>({
      stream: this.#stream.stream,
      model: this.#model,
      signal: this.#lifetime.signal,
      log: this.#log,
      topic: () => this.#imageSub.topic,
      noun: "image",
      job: (image, serving, signal) => this.#infer(image, serving, signal),
      publish: (inferred, image) => this.#publish(inferred, image),
      nowMs,
    });
    this.#diagnostics = new NodeDiagnostics(this.node, {
      scheduler: this.#stream.scheduler,
      streams: [streamName],
      ...(options.diagnosticsPeriodMs !== undefined ? { periodMs: options.diagnosticsPeriodMs } : {}),
      hardwareId: () => this.#model.backendName ?? params.backend,
      modelStatus: () => this.#model.status,
      topic: detectionInterfaces.publishes.diagnostics,
    });
    this.#publishLabels();
    this.#imageSub = createSubscriptionOf(
      this.node,
      detectionInterfaces.subscribes.image,
      (image) => {
        if (!this.#destroyed) this.#frames.submit(image);
      },
      { preset: params.image_qos },
    );
    this.#load(params.model_path);
  }

  get parameters(): Readonly<DetectionNodeParameters> {
    return this.#parameters.values;
  }

  get labels(): readonly string[] {
    return this.#labels.names;
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
    return this.#stream.stream;
  }

  /** Resolves when no frame is waiting for, or running on, the accelerator. */
  idle(): Promise<void> {
    return this.#frames.idle();
  }

  stats(): DetectionNodeStats {
    return { ...this.#frames.counts(), detections: this.#detections, latency: this.#frames.latency };
  }

  /** Publishes this node's stream metrics and model state on /diagnostics now (the timer does it every period). */
  publishDiagnostics(): void {
    this.#diagnostics.publish();
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#diagnostics.stop();
    this.#lifetime.abort(new Error(`detection node '${this.node.name}' is shutting down`));
    await this.#loading.catch(() => undefined);
    await this.idle();
    this.#stream.release();
    await this.#model.destroy();
    this.node.destroy();
  }

  /** One frame's accelerator job; it runs only when the scheduler starts it. */
  async #infer(image: Image, serving: Serving<Detector>, signal: AbortSignal): Promise<FrameJobOutcome<Inferred>> {
    const prepared = serving.prepared.pipeline.prepare(image);
    if (!prepared.ok) return { kind: "rejected", code: prepared.code, error: prepared.error };
    try {
      const outputs = await serving.model.infer(prepared.input, { signal });
      return { kind: "done", result: { serving, outputs, geometry: prepared.geometry, view: prepared.view } };
    } finally {
      serving.prepared.pipeline.releaseInput(prepared.input);
    }
  }

  #publish({ serving, outputs, geometry, view }: Inferred, image: Image): boolean {
    const { pipeline } = serving.prepared;
    const p = this.#parameters.values;
    const limits = {
      scoreThreshold: p.score_threshold,
      iouThreshold: p.iou_threshold,
      maxDetections: p.max_detections,
      allowedClasses: this.#labels.allowed,
    };
    const decoded = pipeline.decode(outputs, geometry, limits);
    if (!decoded.ok) {
      this.#frames.counters.count("failed");
      this.#log.log("decode", "error", `model '${serving.path}' output could not be decoded: ${decoded.error}`);
      return false;
    }
    this.#outputs.publishDetections(image, decoded.detections, this.#labels.names);
    this.#detections += decoded.detections.length;
    this.#outputs.publishOverlay(p.publish_overlay, () => pipeline.overlay(image, view, decoded.detections, this.#labels.names));
    return true;
  }

  /** Loads `param` ("" = built-in); labels follow the model that serves, switched only once it does. */
  #load(param: string): void {
    if (this.#destroyed) return;
    this.#loading = this.#model.load(param, nmsOf(this.#parameters.values)).then((outcome) => {
      if (outcome.ok) {
        const { path, prepared } = outcome.serving;
        this.#labels.follow(this.#parameters.values, param);
        const classes = prepared.decoder.classes;
        const named = this.#labels.names.length;
        if (classes !== named)
          this.node.logger.warn(
            `model '${path}' has ${classes} classes but the labels list has ${named}; set 'labels_file' to the model's class names`,
          );
        this.node.logger.info(`loaded '${path}' on backend '${this.#model.backendName ?? "?"}' (${describeDecoder(prepared.decoder)})`);
        return;
      }
      this.node.logger.error(`parameter 'model_path': ${outcome.error}`);
      const previous = outcome.previous;
      if (previous !== undefined && !this.#destroyed && this.#parameters.values.model_path !== previous.param) {
        // The old model keeps serving; the parameter says so again rather than naming a model that is not running.
        this.node.logger.warn(`parameter 'model_path': still serving '${previous.path}'; 'model_path' is set back to '${previous.param}'`);
        this.node.setParameters([{ name: "model_path", value: previous.param }]);
      }
    });
  }

  /** Checks a candidate configuration: labels readable, classes known, model file present. */
  #prepare(next: DetectionNodeParameters, current: DetectionNodeParameters | undefined): Prepared<LabelsPrepared> {
    const labels = this.#labels.prepare(next, current);
    if (
      labels.ok &&
      current !== undefined &&
      next.model_path !== current.model_path &&
      next.model_path !== "" &&
      !this.#io.fileExists(next.model_path)
    ) {
      return { ok: false, reason: `parameter 'model_path': file '${next.model_path}' does not exist` };
    }
    return labels;
  }

  #apply(next: DetectionNodeParameters, prepared: LabelsPrepared, previous: DetectionNodeParameters): void {
    if (next.max_frame_age_ms !== previous.max_frame_age_ms || next.inference_timeout_ms !== previous.inference_timeout_ms) {
      const limits = this.#stream.stream.reconfigure(streamLimitsOf(next));
      if (!limits.ok) this.node.logger.error(`parameters 'max_frame_age_ms'/'inference_timeout_ms': ${limits.error}`);
    }
    const serving = this.#model.serving;
    const servingParam = serving?.param ?? next.model_path;
    this.#labels.apply(next, prepared, previous, servingParam);
    if (next.labels_file === previous.labels_file && next.score_threshold !== previous.score_threshold) this.#publishLabels();
    const modelWanted = next.model_path !== servingParam || (serving === undefined && next.model_path !== previous.model_path);
    if (modelWanted || (serving !== undefined && deviceNmsIsStale(serving, next))) this.#load(next.model_path);
  }

  #publishLabels(): void {
    this.#outputs.publishLabels(this.#labels.names, this.#parameters.values.score_threshold);
  }
}
