/**
 * The camera node: frames of an image source (the synthetic scenes, an .mcap replay or a folder
 * of images) published as a camera driver does — sensor_msgs/Image on `image` and, when the source
 * knows the calibration, sensor_msgs/CameraInfo on `camera_info` with the same header, at
 * `rate_hz`, stamped with the node's clock when published and in `frame_id`. The synthetic scenes'
 * ground truth goes to `ground_truth` (vision_msgs/Detection2DArray, same header), so a consumer
 * can score detections against it. A frame that is not ready when the timer fires is skipped and
 * counted (the camera never queues); a source that ends stops the timer, the node stays up.
 */
import { toDetection2DArray } from "../../core/detection/to-messages.ts";
import { DiagnosticLevel, type DiagnosticStatus } from "../../messages/diagnostic_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";
import type { GroundTruthObject, ImageSource, SourceFrame } from "../../ports/image-source.ts";
import type { ParameterValue, Publisher, RosNode, RosRuntime, Timer } from "../../ports/ros.ts";
import { NodeDiagnostics } from "../kit/node-diagnostics.ts";
import { createPublisherOf } from "../kit/node-interfaces.ts";
import { ParameterHandler } from "../kit/parameter-handler.ts";
import { ThrottledLog } from "../kit/throttled-log.ts";
import type { CameraNodeIo } from "./camera-node-io.ts";
import { cameraInterfaces } from "./interfaces.ts";
import { cameraParameterSpec, type CameraParameters } from "./parameters.ts";

export interface CameraNodeOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
  /** Period of /diagnostics; 0 turns the timer off. Default 1000. */
  readonly diagnosticsPeriodMs?: number;
  /** Time source of the throttled warnings (ms). Default performance.now. */
  readonly nowMs?: () => number;
}

export interface CameraNodeStats {
  readonly published: number;
  /** Timer ticks that found the previous frame still being prepared. */
  readonly late: number;
  /** Frames the source gave that were not images (undecodable). */
  readonly skipped: number;
  readonly ended: number;
}

export class CameraNode {
  readonly node: RosNode;
  readonly #parameters: ParameterHandler<typeof cameraParameterSpec>;
  readonly #source: ImageSource;
  readonly #frames: AsyncIterator<SourceFrame>;
  readonly #image: Publisher<"sensor_msgs/msg/Image">;
  readonly #info: Publisher<"sensor_msgs/msg/CameraInfo">;
  readonly #groundTruth: Publisher<"vision_msgs/msg/Detection2DArray">;
  readonly #diagnostics: NodeDiagnostics;
  readonly #log: ThrottledLog;
  #timer: Timer | undefined;
  #pulling: Promise<void> | undefined;
  #counts = { published: 0, late: 0, skipped: 0, ended: 0 };
  #destroyed = false;

  /** Opens the source first: a source that cannot open fails the start (the node exits non-zero). */
  static async create(runtime: RosRuntime, io: CameraNodeIo, options: CameraNodeOptions = {}): Promise<CameraNode> {
    const node = runtime.createNode(options.name ?? "camera", {
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.parameterOverrides !== undefined ? { parameterOverrides: options.parameterOverrides } : {}),
    });
    let source: ImageSource;
    let parameters: ParameterHandler<typeof cameraParameterSpec>;
    // The timer is re-armed by the handler's apply, which needs the node built; this forwards to it.
    let camera: CameraNode | undefined;
    try {
      parameters = new ParameterHandler(node, cameraParameterSpec, {
        apply: (next, _prepared, changed) => {
          if (changed.has("rate_hz") && camera !== undefined) camera.#arm(next.rate_hz);
        },
        refuse: () => (camera !== undefined && camera.#destroyed ? `camera node '${node.name}' is shutting down` : undefined),
      });
      const p = parameters.values;
      source = await io.openSource({
        source: p.source,
        width: p.width,
        height: p.height,
        seed: p.seed,
        mcapTopic: p.mcap_topic,
        mcapCameraInfoTopic: p.mcap_camera_info_topic,
        loop: p.loop,
      });
    } catch (error) {
      node.destroy();
      throw new Error(`node '${node.name}': ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    camera = new CameraNode(node, parameters, source, options);
    return camera;
  }

  private constructor(
    node: RosNode,
    parameters: ParameterHandler<typeof cameraParameterSpec>,
    source: ImageSource,
    options: CameraNodeOptions,
  ) {
    this.node = node;
    this.#parameters = parameters;
    this.#source = source;
    this.#frames = source.frames()[Symbol.asyncIterator]();
    const { publishes } = cameraInterfaces;
    const preset = parameters.values.image_qos;
    this.#image = createPublisherOf(node, publishes.image, { preset });
    this.#info = createPublisherOf(node, publishes.cameraInfo, { preset });
    this.#groundTruth = createPublisherOf(node, publishes.groundTruth);
    this.#log = new ThrottledLog(node.logger, options.nowMs ?? (() => performance.now()));
    this.#diagnostics = new NodeDiagnostics(node, {
      ...(options.diagnosticsPeriodMs !== undefined ? { periodMs: options.diagnosticsPeriodMs } : {}),
      extraStatus: (name) => [this.diagnosticsStatus(name)],
      topic: publishes.diagnostics,
    });
    node.logger.info(`publishing ${source.description} at ${parameters.values.rate_hz} Hz`);
    this.#arm(parameters.values.rate_hz);
  }

  get parameters(): Readonly<CameraParameters> {
    return this.#parameters.values;
  }

  get description(): string {
    return this.#source.description;
  }

  #arm(rateHz: number): void {
    this.#timer?.cancel();
    if (this.#destroyed || this.#counts.ended > 0) return;
    this.#timer = this.node.createTimer(1000 / rateHz, () => this.#tick());
  }

  #tick(): void {
    if (this.#pulling !== undefined) {
      this.#counts.late++;
      return;
    }
    this.#pulling = this.#frames.next().then(
      (next) => {
        this.#pulling = undefined;
        if (this.#destroyed) return;
        if (next.done === true) return this.#end();
        this.#publish(next.value);
      },
      (error: unknown) => {
        this.#pulling = undefined;
        if (this.#destroyed) return;
        this.node.logger.error(
          `reading ${this.#source.description} failed: ${error instanceof Error ? error.message : String(error)}; no more frames`,
        );
        this.#end();
      },
    );
  }

  /** Resolves once the frame being prepared (if any) is published. */
  async idle(): Promise<void> {
    await this.#pulling;
  }

  #end(): void {
    this.#counts.ended = 1;
    this.#timer?.cancel();
    this.node.logger.info(`${this.#source.description} ended after ${this.#counts.published} frames (set loop true to replay it)`);
  }

  #publish(frame: SourceFrame): void {
    if (frame.data.kind !== "image") {
      this.#counts.skipped++;
      this.#log.log("compressed", "warn", `frame ${frame.index} of ${this.#source.description} is not a decoded image; skipped`);
      return;
    }
    const header: Header = { stamp: this.node.now(), frame_id: this.#parameters.values.frame_id };
    // Calibration first, so that a node matching images with camera_info has it when the image arrives.
    if (frame.cameraInfo !== undefined) this.#info.publish({ ...frame.cameraInfo, header });
    this.#image.publish({ ...frame.data.message, header });
    if (frame.groundTruth !== undefined) this.#groundTruth.publish(groundTruthMessage(header, frame.groundTruth));
    this.#counts.published++;
  }

  stats(): CameraNodeStats {
    return { ...this.#counts };
  }

  diagnosticsStatus(nodeName: string): DiagnosticStatus {
    const c = this.stats();
    const late = c.late > 0 ? `, ${c.late} ticks late` : "";
    return {
      level: c.skipped > 0 ? DiagnosticLevel.WARN : DiagnosticLevel.OK,
      name: `${nodeName}: camera`,
      message: `${c.ended > 0 ? "ended" : "publishing"}: ${c.published} frames of ${this.#source.description}${late}`,
      hardware_id: "camera",
      values: Object.entries(c).map(([key, value]) => ({ key, value: String(value) })),
    };
  }

  publishDiagnostics(): void {
    this.#diagnostics.publish();
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#timer?.cancel();
    this.#diagnostics.stop();
    await this.#source.close();
    this.node.destroy();
  }
}

function groundTruthMessage(header: Header, truth: readonly GroundTruthObject[]) {
  const labels = truth.reduce<string[]>((names, g) => ((names[g.classIndex] = g.label), names), []);
  return toDetection2DArray(
    header,
    truth.map((g) => ({ box: g.box, score: 1, classIndex: g.classIndex })),
    labels,
  );
}
