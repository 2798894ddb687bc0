/**
 * The depth node: sensor_msgs/Image + sensor_msgs/CameraInfo in; depth/image (32FC1, metres, NaN =
 * invalid, at the model's resolution) and depth/camera_info (the intrinsics moved by the letterbox)
 * out for every processed frame, with the input image's header; depth/points (organized
 * PointCloud2) and depth/colored (rgb8) only while subscribed. Wiring over the node kit like the
 * detection node: a ParameterHandler, a ScheduledModel, an OrderedFrameStream on its own scheduler
 * stream (policy "latest", rate cap `max_rate_hz`, priority DEPTH_PRIORITY, below detection).
 */
import { colorizeDepth } from "../../core/depth/colormap.ts";
import type { DepthConversion } from "../../core/depth/depth-families.ts";
import { depthImageMessage } from "../../core/depth/depth-image.ts";
import { convertDepth, validRegionOf } from "../../core/depth/depth-output.ts";
import { cameraInfoForOutput, modelOutputIntrinsics } from "../../core/depth/intrinsics.ts";
import { pointCloudFromDepth } from "../../core/depth/point-cloud.ts";
import type { AcceleratorStream } from "../../core/scheduling/accelerator-scheduler.ts";
import { DEPTH_PRIORITY } from "../../core/scheduling/priorities.ts";
import { DiagnosticLevel, type DiagnosticStatus } from "../../messages/diagnostic_msgs.ts";
import { packedRgb8Image } from "../../messages/sensor_msgs.ts";
import type { RosNode, RosRuntime, Subscription } from "../../ports/ros.ts";
import { createSubscriptionOf } from "../kit/node-interfaces.ts";
import { depthInterfaces } from "./interfaces.ts";
import { NodeDiagnostics } from "../kit/node-diagnostics.ts";
import { NodeStream } from "../kit/node-stream.ts";
import { OrderedFrameStream, type FrameJobOutcome } from "../kit/ordered-frame-stream.ts";
import { ParameterHandler, type Prepared } from "../kit/parameter-handler.ts";
import type { ScheduledModel, Serving } from "../kit/scheduled-model.ts";
import { ThrottledLog } from "../kit/throttled-log.ts";
import { checkCamera, DepthInputs, type DepthFrame } from "./depth-inputs.ts";
import { createDepthModel, type DepthInferred, type DepthModel } from "./depth-model.ts";
import type { DepthNodeIo, DepthNodeOptions, DepthNodeStats } from "./depth-node-io.ts";
import { DepthOutputs } from "./depth-outputs.ts";
import { depthParameterSpec, depthStreamLimitsOf, type DepthNodeParameters } from "./parameters.ts";

export type { DepthNodeIo, DepthNodeOptions, DepthNodeStats } from "./depth-node-io.ts";

export function depthConversionOf(p: DepthNodeParameters): DepthConversion {
  return { family: p.model_family, scale: p.depth_scale, shift: p.depth_shift, minDepth: p.min_depth, maxDepth: p.max_depth };
}

export class DepthNode {
  readonly node: RosNode;
  readonly #io: DepthNodeIo;
  readonly #parameters: ParameterHandler<typeof depthParameterSpec>;
  readonly #model: ScheduledModel<DepthModel>;
  readonly #stream: NodeStream;
  readonly #frames: OrderedFrameStream<DepthFrame, DepthModel, DepthInferred>;
  readonly #inputs: DepthInputs;
  readonly #outputs: DepthOutputs;
  readonly #log: ThrottledLog;
  readonly #diagnostics: NodeDiagnostics;
  readonly #lifetime = new AbortController();
  readonly #imageSub: Subscription;
  readonly #infoSub: Subscription;
  #clouds = 0;
  #loading: Promise<void> = Promise.resolve();
  #destroyed = false;

  constructor(runtime: RosRuntime, io: DepthNodeIo, options: DepthNodeOptions = {}) {
    this.#io = io;
    const nowMs = options.nowMs ?? (() => performance.now());
    this.node = runtime.createNode(options.name ?? "depth", {
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.parameterOverrides !== undefined ? { parameterOverrides: options.parameterOverrides } : {}),
    });
    this.#log = new ThrottledLog(this.node.logger, nowMs);
    this.#parameters = new ParameterHandler(this.node, depthParameterSpec, {
      refuse: () => (this.#destroyed ? `depth node '${this.node.name}' is shutting down` : undefined),
      prepare: (next, _changed, current) => this.#prepare(next, current),
      apply: (next, _prepared, _changed, previous) => this.#apply(next, previous),
    });
    if (!this.#parameters.initial.ok) throw new Error(this.#parameters.initial.reason);
    const params = this.#parameters.values;

    this.#outputs = new DepthOutputs(this.node);
    const streamName = options.streamName ?? this.node.name;
    this.#stream = new NodeStream(options.scheduler, {
      name: streamName,
      policy: "latest",
      priority: options.priority ?? DEPTH_PRIORITY,
      ...depthStreamLimitsOf(params),
    });
    this.#model = createDepthModel({
      createBackend: () => io.createBackend(params.backend),
      defaultModelPath: () => io.defaultModelPath(params.backend),
      ...(io.imageKernels !== undefined ? { imageKernels: io.imageKernels } : {}),
      priority: this.#stream.stream.hailoPriority,
      logger: this.node.logger,
      ...(options.modelRecovery !== undefined ? { recovery: options.modelRecovery } : {}),
    });
    this.#frames = new OrderedFrameStream<DepthFrame, DepthModel, DepthInferred>({
      stream: this.#stream.stream,
      model: this.#model,
      signal: this.#lifetime.signal,
      log: this.#log,
      topic: () => this.#imageSub.topic,
      noun: "image",
      job: (frame, serving, signal) => this.#infer(frame, serving, signal),
      publish: (inferred, frame) => this.#publish(inferred, frame),
      nowMs,
    });
    this.#inputs = new DepthInputs({
      toleranceMs: params.sync_tolerance_ms,
      timeoutMs: () => this.#parameters.values.camera_info_timeout_ms,
      nowMs,
      log: this.#log,
      topics: () => ({ image: this.#imageSub.topic, info: this.#infoSub.topic }),
      submit: (frame) => {
        if (!this.#destroyed) this.#frames.submit(frame);
      },
    });
    this.#diagnostics = new NodeDiagnostics(this.node, {
      scheduler: this.#stream.scheduler,
      streams: [streamName],
      ...(options.diagnosticsPeriodMs !== undefined ? { periodMs: options.diagnosticsPeriodMs } : {}),
      hardwareId: () => this.#model.backendName ?? params.backend,
      modelStatus: () => this.#model.status,
      extraStatus: (nodeName) => [this.#inputStatus(nodeName)],
      topic: depthInterfaces.publishes.diagnostics,
    });
    const { subscribes } = depthInterfaces;
    const choice = { preset: params.image_qos };
    this.#imageSub = createSubscriptionOf(
      this.node,
      subscribes.image,
      (image) => {
        if (!this.#destroyed) this.#inputs.onImage(image);
      },
      choice,
    );
    this.#infoSub = createSubscriptionOf(
      this.node,
      subscribes.cameraInfo,
      (info) => {
        if (!this.#destroyed) this.#inputs.onCameraInfo(info);
      },
      choice,
    );
    this.#load(params.model_path);
  }

  get parameters(): Readonly<DepthNodeParameters> {
    return this.#parameters.values;
  }

  ready(): Promise<void> {
    return this.#loading;
  }

  get hasModel(): boolean {
    return this.#model.serving !== undefined;
  }

  get acceleratorStream(): AcceleratorStream {
    return this.#stream.stream;
  }

  idle(): Promise<void> {
    return this.#frames.idle();
  }

  stats(): DepthNodeStats {
    return { ...this.#frames.counts(), ...this.#inputs.counts(), clouds: this.#clouds, latency: this.#frames.latency };
  }

  publishDiagnostics(): void {
    this.#diagnostics.publish();
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#diagnostics.stop();
    this.#lifetime.abort(new Error(`depth node '${this.node.name}' is shutting down`));
    await this.#loading.catch(() => undefined);
    await this.idle();
    this.#stream.release();
    await this.#model.destroy();
    this.node.destroy();
  }

  async #infer(frame: DepthFrame, serving: Serving<DepthModel>, signal: AbortSignal): Promise<FrameJobOutcome<DepthInferred>> {
    const { pipeline } = serving.prepared;
    const prepared = pipeline.prepare(frame.image);
    if (!prepared.ok) return { kind: "rejected", code: prepared.code, error: prepared.error };
    try {
      const outputs = await serving.model.infer(prepared.input, { signal });
      return { kind: "done", result: { serving, outputs, geometry: prepared.geometry, input: prepared.input } };
    } catch (error) {
      pipeline.releaseInput(prepared.input);
      throw error;
    }
  }

  #publish({ serving, outputs, geometry, input }: DepthInferred, frame: DepthFrame): boolean {
    const { pipeline, output, size } = serving.prepared;
    try {
      const raw = outputs.get(output);
      if (raw === undefined || raw.data.length < size.width * size.height) {
        this.#frames.counters.count("failed");
        const got = raw === undefined ? "none" : `${raw.data.length} values`;
        this.#log.log(
          "output",
          "error",
          `model '${serving.path}' gave no depth map in output '${output}' (${got}, expected ${size.width}x${size.height})`,
        );
        return false;
      }
      const p = this.#parameters.values;
      const depth = convertDepth(raw.data, size, depthConversionOf(p), { valid: validRegionOf(geometry, size) });
      const header = frame.image.header;
      const camera = checkCamera(frame);
      this.#inputs.report(camera);
      // A zeroed K is passed on zeroed (consumers see the camera is uncalibrated); a mismatched one is not passed on.
      const info =
        camera.kind === "ok" || camera.kind === "invalid"
          ? cameraInfoForOutput(frame.info!, geometry, size.width, size.height, header)
          : undefined;
      this.#outputs.publishDepth(depthImageMessage(header, depth, size.width, size.height), info);
      if (camera.kind === "ok" && this.#outputs.wantsPoints) {
        const k = modelOutputIntrinsics(camera.intrinsics, geometry, size.width, size.height);
        const sameSize = size.width === pipeline.inputWidth && size.height === pipeline.inputHeight;
        const rgb = p.points_rgb && sameSize ? input : undefined;
        this.#outputs.publishPoints(
          pointCloudFromDepth(depth, size.width, size.height, k, header, { decimation: p.point_decimation, ...(rgb ? { rgb } : {}) }),
        );
        this.#clouds++;
      }
      if (this.#outputs.wantsColored) {
        const colours = colorizeDepth(depth, p.colormap_near, p.colormap_far);
        this.#outputs.publishColored(packedRgb8Image(header, { width: size.width, height: size.height, data: colours }));
      }
      return true;
    } finally {
      pipeline.releaseInput(input);
    }
  }

  #inputStatus(nodeName: string): DiagnosticStatus {
    const c = this.#inputs.counts();
    const problems = [
      c.cameraInfoMissing > 0 ? `${c.cameraInfoMissing} images without camera_info` : "",
      c.cameraInfoInvalid > 0 ? `${c.cameraInfoInvalid} with an unusable camera_info K` : "",
      c.cameraInfoSizeMismatch > 0 ? `${c.cameraInfoSizeMismatch} with a camera_info of another size` : "",
    ].filter((s) => s !== "");
    return {
      level: problems.length > 0 ? DiagnosticLevel.WARN : DiagnosticLevel.OK,
      name: `${nodeName}: inputs`,
      message: problems.length > 0 ? `${problems.join(", ")} (depth/image only for those)` : "image and camera_info matched",
      hardware_id: "",
      values: Object.entries(c).map(([key, value]) => ({ key, value: String(value) })),
    };
  }

  #load(param: string): void {
    if (this.#destroyed) return;
    this.#loading = this.#model.load(param).then((outcome) => {
      if (outcome.ok) {
        const { path, prepared } = outcome.serving;
        this.node.logger.info(
          `loaded '${path}' on backend '${this.#model.backendName ?? "?"}' (input ${prepared.pipeline.inputWidth}x${prepared.pipeline.inputHeight}, depth ${prepared.size.width}x${prepared.size.height}, family ${this.#parameters.values.model_family})`,
        );
        return;
      }
      this.node.logger.error(`parameter 'model_path': ${outcome.error}`);
      const previous = outcome.previous;
      if (previous !== undefined && !this.#destroyed && this.#parameters.values.model_path !== previous.param) {
        this.node.logger.warn(`parameter 'model_path': still serving '${previous.path}'; 'model_path' is set back to '${previous.param}'`);
        this.node.setParameters([{ name: "model_path", value: previous.param }]);
      }
    });
  }

  #prepare(next: DepthNodeParameters, current: DepthNodeParameters | undefined): Prepared<undefined> {
    if (!(next.min_depth < next.max_depth)) {
      return {
        ok: false,
        reason: `parameters 'min_depth' (${next.min_depth}) and 'max_depth' (${next.max_depth}): min_depth must be below max_depth`,
      };
    }
    if (!(next.colormap_near < next.colormap_far)) {
      return {
        ok: false,
        reason: `parameters 'colormap_near' (${next.colormap_near}) and 'colormap_far' (${next.colormap_far}): colormap_near must be below colormap_far`,
      };
    }
    if (
      current !== undefined &&
      next.model_path !== current.model_path &&
      next.model_path !== "" &&
      !this.#io.fileExists(next.model_path)
    ) {
      return { ok: false, reason: `parameter 'model_path': file '${next.model_path}' does not exist` };
    }
    return { ok: true, value: undefined };
  }

  #apply(next: DepthNodeParameters, previous: DepthNodeParameters): void {
    if (
      next.max_frame_age_ms !== previous.max_frame_age_ms ||
      next.inference_timeout_ms !== previous.inference_timeout_ms ||
      next.max_rate_hz !== previous.max_rate_hz
    ) {
      const limits = this.#stream.stream.reconfigure(depthStreamLimitsOf(next));
      if (!limits.ok) this.node.logger.error(`parameters 'max_frame_age_ms'/'inference_timeout_ms'/'max_rate_hz': ${limits.error}`);
    }
    const serving = this.#model.serving;
    const servingParam = serving?.param ?? next.model_path;
    if (next.model_path !== servingParam || (serving === undefined && next.model_path !== previous.model_path)) this.#load(next.model_path);
  }
}
