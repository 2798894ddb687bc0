/**
 * The fusion node: 2D detections + a depth image → metric 3D detections and rviz markers.
 *
 * Inputs: a Detection2DArray (`detections_topic`, default detections/tracked), `depth/image`
 * (32FC1 metres or 16UC1 millimetres, registered to the camera image: our depth node, or a depth
 * camera's depth aligned to colour), `depth/camera_info` (the depth image's intrinsics) and
 * `camera_info` (the intrinsics of the image the detections' pixels refer to). Detections and
 * depth images are paired by approximate time (core/sync, `sync_tolerance_ms`); each pair takes
 * the CameraInfos stamped nearest to it within the same tolerance.
 *
 * Outputs: `detections_3d` (vision_msgs/Detection3DArray, metric centre and size in the depth
 * image's optical frame, results and ids copied) and `markers` (visualization_msgs/MarkerArray).
 * A pair that cannot be fused (a CameraInfo missing or zeroed, a depth image of the wrong
 * encoding or size) is published 2D only — an empty Detection3DArray and a DELETEALL, so nothing
 * stale stays — and the reason is logged once per `warning_interval` and counted on /diagnostics.
 */
import { depthViewOf } from "../../core/fusion/depth-image.ts";
import { DetectionFuser, toDetection3DArray, type FusionCounts } from "../../core/fusion/fuse-detections.ts";
import { toMarkerArray } from "../../core/fusion/markers.ts";
import { intrinsicsFromCameraInfo } from "../../core/fusion/pinhole.ts";
import { ApproximateTimeSync } from "../../core/sync/approximate-time-sync.ts";
import { StampedHistory } from "../../core/sync/stamped-history.ts";
import { DiagnosticLevel, type DiagnosticStatus } from "../../messages/diagnostic_msgs.ts";
import type { CameraInfo, Image } from "../../messages/sensor_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";
import type { Detection2DArray } from "../../messages/vision_msgs.ts";
import type { ParameterValue, Publisher, RosNode, RosRuntime, Subscription } from "../../ports/ros.ts";
import { createPublisherOf, createSubscriptionOf } from "../kit/node-interfaces.ts";
import { fusionInterfaces } from "./interfaces.ts";
import { NodeDiagnostics } from "../kit/node-diagnostics.ts";
import { ParameterHandler } from "../kit/parameter-handler.ts";
import { ThrottledLog } from "../kit/throttled-log.ts";
import { fusionOptionsOf, fusionParameterSpec, markerOptionsOf, type FusionParameters } from "./parameters.ts";

export interface FusionNodeOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
  /** Period of /diagnostics; 0 turns the timer off. Default 1000. */
  readonly diagnosticsPeriodMs?: number;
  /** Time source of the throttled warnings (ms). Default performance.now. */
  readonly nowMs?: () => number;
}

/** Why a matched pair was published 2D only. */
export const TWO_D_ONLY_REASONS = [
  "no_camera_info",
  "no_depth_camera_info",
  "invalid_camera_info",
  "invalid_depth_camera_info",
  "invalid_depth_image",
  "size_mismatch",
] as const;
export type TwoDOnlyReason = (typeof TWO_D_ONLY_REASONS)[number];

export interface FusionNodeStats {
  /** Detection arrays paired with a depth image. */
  readonly pairs: number;
  readonly published3d: number;
  /** Detections given a 3D box. */
  readonly fused: number;
  /** Detections with too few valid depth pixels. */
  readonly noDepth: number;
  /** Detections whose box lies outside the depth image. */
  readonly outside: number;
  /** Detection arrays that found no depth image within the tolerance. */
  readonly detectionsWithoutDepth: number;
  /** Depth images that found no detections within the tolerance. */
  readonly depthWithoutDetections: number;
  readonly twoDOnly: Readonly<Record<TwoDOnlyReason, number>>;
}

type Pair = [Detection2DArray, Image];

export class FusionNode {
  readonly node: RosNode;
  readonly #parameters: ParameterHandler<typeof fusionParameterSpec>;
  readonly #sync: ApproximateTimeSync<Pair>;
  readonly #cameraInfos = new StampedHistory<CameraInfo>(20);
  readonly #depthInfos = new StampedHistory<CameraInfo>(20);
  readonly #fuser = new DetectionFuser();
  readonly #detections3d: Publisher<"vision_msgs/msg/Detection3DArray">;
  readonly #markers: Publisher<"visualization_msgs/msg/MarkerArray">;
  readonly #detectionsSub: Subscription;
  readonly #depthSub: Subscription;
  readonly #depthInfoSub: Subscription;
  readonly #cameraInfoSub: Subscription;
  readonly #diagnostics: NodeDiagnostics;
  readonly #nowMs: () => number;
  #log: ThrottledLog;
  #counts = { pairs: 0, published3d: 0, fused: 0, noDepth: 0, outside: 0 };
  #twoDOnly: Record<TwoDOnlyReason, number> = Object.fromEntries(TWO_D_ONLY_REASONS.map((r) => [r, 0])) as Record<TwoDOnlyReason, number>;
  #lastProblem: string | undefined;
  #reportedDrops = [0, 0];
  #destroyed = false;

  constructor(runtime: RosRuntime, options: FusionNodeOptions = {}) {
    this.node = runtime.createNode(options.name ?? "fusion", {
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.parameterOverrides !== undefined ? { parameterOverrides: options.parameterOverrides } : {}),
    });
    this.#nowMs = options.nowMs ?? (() => performance.now());
    try {
      this.#parameters = new ParameterHandler(this.node, fusionParameterSpec, {
        apply: (next, _prepared, changed) => {
          if (changed.has("warning_interval")) this.#log = this.#throttledLog(next);
        },
        refuse: () => (this.#destroyed ? `fusion node '${this.node.name}' is shutting down` : undefined),
      });
    } catch (error) {
      this.node.destroy();
      throw error;
    }
    const p = this.#parameters.values;
    this.#log = this.#throttledLog(p);
    this.#sync = new ApproximateTimeSync<Pair>({ streams: 2, queueSize: p.queue_size, maxIntervalMs: p.sync_tolerance_ms });
    const { publishes, subscribes } = fusionInterfaces;
    this.#detections3d = createPublisherOf(this.node, publishes.detections3d);
    this.#markers = createPublisherOf(this.node, publishes.markers);
    this.#diagnostics = new NodeDiagnostics(this.node, {
      ...(options.diagnosticsPeriodMs !== undefined ? { periodMs: options.diagnosticsPeriodMs } : {}),
      extraStatus: () => [this.diagnosticsStatus()],
      topic: publishes.diagnostics,
    });
    this.#cameraInfoSub = createSubscriptionOf(this.node, subscribes.cameraInfo, (info) => {
      if (!this.#destroyed) this.#cameraInfos.add(info, info.header.stamp);
    });
    this.#depthInfoSub = createSubscriptionOf(this.node, subscribes.depthInfo, (info) => {
      if (!this.#destroyed) this.#depthInfos.add(info, info.header.stamp);
    });
    this.#depthSub = createSubscriptionOf(
      this.node,
      subscribes.depth,
      (image) => {
        if (!this.#destroyed) this.#handle(this.#sync.add(1, image, image.header.stamp));
      },
      { preset: p.depth_qos },
    );
    this.#detectionsSub = createSubscriptionOf(
      this.node,
      subscribes.detections,
      (msg) => {
        if (!this.#destroyed) this.#handle(this.#sync.add(0, msg, msg.header.stamp));
      },
      { topic: p.detections_topic },
    );
  }

  get parameters(): Readonly<FusionParameters> {
    return this.#parameters.values;
  }

  #throttledLog(p: FusionParameters): ThrottledLog {
    return new ThrottledLog(this.node.logger, this.#nowMs, p.warning_interval * 1000);
  }

  #handle(sets: ReadonlyArray<{ readonly messages: Pair }>): void {
    for (const set of sets) this.#fusePair(set.messages[0], set.messages[1]);
    this.#reportUnmatched();
  }

  /** Sync drops: detections (or depth images) that found no partner within the tolerance. */
  #reportUnmatched(): void {
    const stats = this.#sync.stats();
    const tolerance = this.#parameters.values.sync_tolerance_ms;
    const [detections, depth] = [stats[0]!, stats[1]!];
    if (detections.droppedTotal > this.#reportedDrops[0]!) {
      this.#log.log(
        "detections_without_depth",
        "warn",
        `${detections.droppedTotal} detection arrays on "${this.#detectionsSub.topic}" found no depth image on "${this.#depthSub.topic}" within sync_tolerance_ms ${tolerance}: they get no 3D (is the depth node running, on the same clock?)`,
      );
    }
    this.#reportedDrops = [detections.droppedTotal, depth.droppedTotal];
  }

  #twoDOnlyBecause(reason: TwoDOnlyReason, message: string, header: Header): void {
    this.#twoDOnly[reason]++;
    this.#lastProblem = message;
    this.#log.log(reason, "warn", `${message}; publishing 2D only`);
    this.#publish({ header, detections: [] });
  }

  #fusePair(detections: Detection2DArray, image: Image): void {
    this.#counts.pairs++;
    const p = this.#parameters.values;
    const header: Header = {
      stamp: detections.header.stamp,
      frame_id: image.header.frame_id !== "" ? image.header.frame_id : detections.header.frame_id,
    };
    const depthTopic = this.#depthSub.topic;
    const depthInfoTopic = this.#depthInfoSub.topic;
    const cameraInfoTopic = this.#cameraInfoSub.topic;
    const depthInfo = this.#depthInfos.nearest(image.header.stamp, p.sync_tolerance_ms);
    if (depthInfo === undefined) {
      return this.#twoDOnlyBecause(
        "no_depth_camera_info",
        `no CameraInfo on "${depthInfoTopic}" within sync_tolerance_ms ${p.sync_tolerance_ms} of the depth image (${this.#depthInfos.size} held); publish it with every depth image`,
        header,
      );
    }
    const cameraInfo = this.#cameraInfos.nearest(detections.header.stamp, p.sync_tolerance_ms);
    if (cameraInfo === undefined) {
      return this.#twoDOnlyBecause(
        "no_camera_info",
        `no CameraInfo on "${cameraInfoTopic}" within sync_tolerance_ms ${p.sync_tolerance_ms} of the detections (${this.#cameraInfos.size} held); it gives the detections' pixels their intrinsics`,
        header,
      );
    }
    const depthK = intrinsicsFromCameraInfo(depthInfo, depthInfoTopic);
    if (!depthK.ok) return this.#twoDOnlyBecause("invalid_depth_camera_info", depthK.error, header);
    const cameraK = intrinsicsFromCameraInfo(cameraInfo, cameraInfoTopic);
    if (!cameraK.ok) return this.#twoDOnlyBecause("invalid_camera_info", cameraK.error, header);
    const view = depthViewOf(image, depthTopic, p.depth_unit_16uc1);
    if (!view.ok) return this.#twoDOnlyBecause("invalid_depth_image", view.error, header);
    if (view.value.width !== depthK.value.width || view.value.height !== depthK.value.height) {
      return this.#twoDOnlyBecause(
        "size_mismatch",
        `"${depthTopic}" is ${view.value.width} × ${view.value.height} but "${depthInfoTopic}" describes ${depthK.value.width} × ${depthK.value.height}; the CameraInfo must be the depth image's own`,
        header,
      );
    }
    const result = this.#fuser.fuse(
      { detections, depth: view.value, depthIntrinsics: depthK.value, cameraIntrinsics: cameraK.value },
      fusionOptionsOf(p),
    );
    this.#count(result.counts);
    this.#counts.published3d++;
    this.#publish(toDetection3DArray(header, detections.detections, result.objects));
  }

  #count(c: FusionCounts): void {
    this.#counts.fused += c.fused;
    this.#counts.noDepth += c.noDepth;
    this.#counts.outside += c.outside;
  }

  #publish(array: ReturnType<typeof toDetection3DArray>): void {
    this.#detections3d.publish(array);
    this.#markers.publish(toMarkerArray(array, markerOptionsOf(this.#parameters.values)));
  }

  stats(): FusionNodeStats {
    const sync = this.#sync.stats();
    return {
      ...this.#counts,
      detectionsWithoutDepth: sync[0]!.droppedTotal,
      depthWithoutDetections: sync[1]!.droppedTotal,
      twoDOnly: { ...this.#twoDOnly },
    };
  }

  diagnosticsStatus(): DiagnosticStatus {
    const s = this.stats();
    const twoDOnly = Object.values(s.twoDOnly).reduce((a, b) => a + b, 0);
    const level = twoDOnly > 0 || s.detectionsWithoutDepth > 0 ? DiagnosticLevel.WARN : DiagnosticLevel.OK;
    const values = [
      ...Object.entries(s)
        .filter(([, v]) => typeof v === "number")
        .map(([key, value]) => ({ key, value: String(value) })),
      ...Object.entries(s.twoDOnly).map(([key, value]) => ({ key: `2d_only ${key}`, value: String(value) })),
    ];
    return {
      level,
      name: `${this.node.fullyQualifiedName}: fusion`,
      message:
        level === DiagnosticLevel.OK
          ? `${s.fused} objects fused`
          : (this.#lastProblem ?? `${s.detectionsWithoutDepth} detection arrays without depth`),
      hardware_id: "cpu",
      values,
    };
  }

  publishDiagnostics(): void {
    this.#diagnostics.publish();
  }

  destroy(): Promise<void> {
    if (this.#destroyed) return Promise.resolve();
    this.#destroyed = true;
    this.#diagnostics.stop();
    this.node.destroy();
    return Promise.resolve();
  }
}
