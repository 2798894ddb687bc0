/**
 * The detection node: sensor_msgs/Image in, vision_msgs/Detection2DArray out (source-image pixels),
 * plus LabelInfo (latched) and an rgb8 overlay while someone watches it.
 *
 * It talks to ROS only through the ROS port and to the accelerator only through the
 * inference-backend port, so it runs unchanged under rclnodejs, in standalone mode and in tests.
 */
import { validateParameters } from "../../core/parameters/validate-parameters.ts";
import { parseLabels } from "../../core/labels/parse-labels.ts";
import { COCO_LABELS } from "../../core/labels/coco.ts";
import { selectDecoder, type DecoderChoice } from "../../core/detection/select-decoder.ts";
import { toDetection2DArray, toLabelInfo } from "../../core/detection/to-messages.ts";
import { LatencyRecorder, type LatencySummary } from "../../core/stats/latency-recorder.ts";
import { DetectionPipeline } from "./detection-pipeline.ts";
import { detectionParameterDescriptors, detectionParametersSchema, type DetectionParameters } from "./parameters.ts";
import type { Image } from "../../messages/sensor_msgs.ts";
import type { InferenceBackend, LoadedModel } from "../../ports/inference-backend.ts";
import type {
  ParameterChange,
  ParameterValue,
  Publisher,
  RosNode,
  RosRuntime,
  SetParametersResult,
} from "../../ports/ros.ts";
import { QosPresets } from "../../ports/ros.ts";

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
}

export interface DetectionNodeOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
  /** The time source for latency figures (ms); performance.now by default. */
  readonly nowMs?: () => number;
}

export interface DetectionNodeStats {
  readonly received: number;
  readonly processed: number;
  /** Frames replaced by a newer one before the backend was free (latest frame wins). */
  readonly superseded: number;
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
}

export class DetectionNode {
  readonly node: RosNode;
  readonly #io: DetectionNodeIo;
  readonly #nowMs: () => number;
  #params: DetectionParameters;
  #labels: readonly string[];
  #allowedClasses: ReadonlySet<number> | undefined;
  #backend: InferenceBackend | undefined;
  #detector: LoadedDetector | undefined;
  #loading: Promise<void> = Promise.resolve();
  #busy = false;
  #pending: { image: Image; receivedMs: number } | undefined;
  #destroyed = false;
  readonly #detectionsPub: Publisher<"vision_msgs/msg/Detection2DArray">;
  readonly #labelsPub: Publisher<"vision_msgs/msg/LabelInfo">;
  readonly #overlayPub: Publisher<"sensor_msgs/msg/Image">;
  readonly #latency = new LatencyRecorder();
  readonly #counts = { received: 0, processed: 0, superseded: 0, rejected: 0, failed: 0, detections: 0 };
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
    for (const descriptor of detectionParameterDescriptors) {
      values[descriptor.name] = this.node.declareParameter(descriptor);
    }
    const validated = validateParameters(detectionParametersSchema, values);
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
    this.#publishLabels();
    this.node.createSubscription("sensor_msgs/msg/Image", "image", QosPresets[this.#params.image_qos], (image) =>
      this.#onImage(image),
    );
    this.#loading = this.#loadModel(this.#params.model_path);
  }

  get parameters(): Readonly<DetectionParameters> {
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

  /** Resolves when no frame is being processed or waiting. */
  idle(): Promise<void> {
    if (!this.#busy && this.#pending === undefined) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  stats(): DetectionNodeStats {
    return { ...this.#counts, latency: this.#latency.summary() };
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    this.#pending = undefined;
    await this.#loading.catch(() => undefined);
    await this.idle();
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
    if (this.#busy) {
      if (this.#pending !== undefined) this.#counts.superseded++;
      this.#pending = { image, receivedMs };
      return;
    }
    void this.#run(image, receivedMs);
  }

  async #run(image: Image, receivedMs: number): Promise<void> {
    this.#busy = true;
    try {
      await this.#processOne(image, receivedMs);
      for (let next = this.#pending; next !== undefined && !this.#destroyed; next = this.#pending) {
        this.#pending = undefined;
        await this.#processOne(next.image, next.receivedMs);
      }
    } finally {
      this.#busy = false;
      this.#pending = undefined;
      const waiting = this.#idle;
      this.#idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  async #processOne(image: Image, receivedMs: number): Promise<void> {
    const detector = this.#detector;
    if (detector === undefined) {
      this.#counts.rejected++;
      this.#logThrottled("no-model", "error", `dropping images on '${this.#topic("image")}': no model is loaded (see the error above; fix 'model_path')`);
      return;
    }
    const prepared = detector.pipeline.prepare(image);
    if (!prepared.ok) {
      this.#counts.rejected++;
      this.#logThrottled(`image:${prepared.code}`, "error", `image on '${this.#topic("image")}' rejected: ${prepared.error}`);
      return;
    }
    let outputs;
    try {
      outputs = await detector.model.infer(prepared.input);
    } catch (e) {
      this.#counts.failed++;
      this.#logThrottled("infer", "error", `inference failed on model '${detector.path}': ${(e as Error).message}`);
      return;
    }
    if (this.#destroyed) return;
    const decoded = detector.pipeline.decode(outputs, prepared.geometry, {
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
    this.#detectionsPub.publish(toDetection2DArray(image.header, decoded.detections, this.#labels));
    this.#counts.processed++;
    this.#counts.detections += decoded.detections.length;
    this.#latency.record(this.#nowMs() - receivedMs);
    if (this.#params.publish_overlay && this.#overlayPub.subscriptionCount() > 0) {
      this.#overlayPub.publish(detector.pipeline.overlay(image, prepared.view, decoded.detections, this.#labels));
    }
  }

  async #loadModel(modelPathParam: string): Promise<void> {
    const previous = this.#detector;
    try {
      this.#backend ??= await this.#io.createBackend(this.#params.backend);
      const path = modelPathParam === "" ? await this.#io.defaultModelPath(this.#params.backend) : modelPathParam;
      const model = await this.#backend.load({
        modelPath: path,
        nms: {
          scoreThreshold: this.#params.score_threshold,
          iouThreshold: this.#params.iou_threshold,
          maxProposalsPerClass: this.#params.max_detections,
        },
      });
      const selected = selectDecoder(model.info);
      if (!selected.ok) {
        await model.release().catch(() => undefined);
        throw new Error(`model '${path}': ${selected.error}`);
      }
      const pipeline = new DetectionPipeline(model.info, selected.decoder);
      if (selected.decoder.classes !== this.#labels.length) {
        this.node.logger.warn(
          `model '${path}' has ${selected.decoder.classes} classes but the labels list has ${this.#labels.length}; ` +
            "set 'labels_file' to the model's class names",
        );
      }
      this.#detector = { model, decoder: selected.decoder, pipeline, path };
      this.node.logger.info(`loaded '${path}' on backend '${this.#backend.name}' (${describeDecoder(selected.decoder)})`);
      if (previous !== undefined) await previous.model.release().catch(() => undefined);
    } catch (e) {
      this.node.logger.error(`parameter 'model_path': ${(e as Error).message}`);
    }
  }

  #validateChanges(changes: readonly ParameterChange[]): SetParametersResult {
    const validated = validateParameters(detectionParametersSchema, this.#params, changes);
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
    const validated = validateParameters(detectionParametersSchema, this.#params, changes);
    if (!validated.ok) return; // validators already accepted this batch
    const previous = this.#params;
    this.#params = validated.value;
    const labelsChanged = this.#params.labels_file !== previous.labels_file || this.#params.model_path !== previous.model_path;
    if (labelsChanged) {
      const parsed = this.#loadLabels(this.#params);
      if (parsed.ok) this.#labels = parsed.labels;
    }
    const classes = this.#classFilter(this.#params.classes, this.#labels);
    if (classes.ok) this.#allowedClasses = classes.allowed;
    if (labelsChanged || this.#params.score_threshold !== previous.score_threshold) {
      this.#publishLabels();
    }
    if (this.#params.model_path !== previous.model_path) {
      this.#loading = this.#loading.then(() => this.#loadModel(this.#params.model_path));
    }
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

  #topic(name: string): string {
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
