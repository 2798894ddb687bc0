/**
 * The tracking node: vision_msgs/Detection2DArray on `detections` in, the same detections with a
 * stable track id in `Detection2D.id` out on `detections/tracked` (its own node so that it runs
 * on any detector's output and so fusion, downstream, copies the ids into Detection3D.id).
 * One ByteTracker (core/tracking) per node; frames in stamp order, a stamp going back (a bag
 * looping) starts the tracks over with new ids. Bad input (a box that is not finite) is dropped
 * with a throttled warning naming the topic; /diagnostics reports counts.
 */
import { ByteTracker, checkTrackerOptions, type TrackerDetection } from "../../core/tracking/byte-tracker.ts";
import { msFromTime } from "../../ports/clock.ts";
import { DiagnosticLevel, type DiagnosticStatus } from "../../messages/diagnostic_msgs.ts";
import type { Detection2DArray } from "../../messages/vision_msgs.ts";
import type { ParameterValue, Publisher, RosNode, RosRuntime, Subscription } from "../../ports/ros.ts";
import { createPublisherOf, createSubscriptionOf } from "../kit/node-interfaces.ts";
import { trackingInterfaces } from "./interfaces.ts";
import { NodeDiagnostics } from "../kit/node-diagnostics.ts";
import { ParameterHandler } from "../kit/parameter-handler.ts";
import { ThrottledLog } from "../kit/throttled-log.ts";
import { trackerOptionsOf, trackingParameterSpec, type TrackingParameters } from "./parameters.ts";

export interface TrackingNodeOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
  /** Period of /diagnostics; 0 turns the timer off. Default 1000. */
  readonly diagnosticsPeriodMs?: number;
  /** Time source of the throttled warnings (ms). Default performance.now. */
  readonly nowMs?: () => number;
}

export interface TrackingNodeStats {
  readonly frames: number;
  readonly detections: number;
  readonly tracked: number;
  readonly tracksStarted: number;
  readonly tracksRemoved: number;
  readonly tracksNow: number;
  readonly invalidDetections: number;
}

export class TrackingNode {
  readonly node: RosNode;
  readonly #parameters: ParameterHandler<typeof trackingParameterSpec>;
  readonly #tracker: ByteTracker;
  readonly #publisher: Publisher<"vision_msgs/msg/Detection2DArray">;
  readonly #subscription: Subscription;
  readonly #diagnostics: NodeDiagnostics;
  readonly #log: ThrottledLog;
  #counts = { frames: 0, detections: 0, tracked: 0, tracksStarted: 0, tracksRemoved: 0, invalidDetections: 0 };
  #destroyed = false;

  constructor(runtime: RosRuntime, options: TrackingNodeOptions = {}) {
    this.node = runtime.createNode(options.name ?? "tracking", {
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.parameterOverrides !== undefined ? { parameterOverrides: options.parameterOverrides } : {}),
    });
    try {
      this.#parameters = new ParameterHandler(this.node, trackingParameterSpec, {
        prepare: (next) => {
          const problem = checkTrackerOptions(trackerOptionsOf(next));
          return problem !== undefined
            ? { ok: false, reason: `${problem} (the parameters must keep low_score ≤ high_score ≤ new_track_score)` }
            : { ok: true, value: undefined };
        },
        apply: (next) => {
          this.#tracker.options = trackerOptionsOf(next);
        },
        refuse: () => (this.#destroyed ? `tracking node '${this.node.name}' is shutting down` : undefined),
      });
      if (!this.#parameters.initial.ok) throw new Error(`node '${this.node.name}': ${this.#parameters.initial.reason}`);
      this.#tracker = new ByteTracker(trackerOptionsOf(this.#parameters.values));
    } catch (error) {
      this.node.destroy();
      throw error;
    }
    this.#log = new ThrottledLog(this.node.logger, options.nowMs ?? (() => performance.now()));
    const { publishes, subscribes } = trackingInterfaces;
    this.#publisher = createPublisherOf(this.node, publishes.tracked);
    this.#diagnostics = new NodeDiagnostics(this.node, {
      ...(options.diagnosticsPeriodMs !== undefined ? { periodMs: options.diagnosticsPeriodMs } : {}),
      extraStatus: () => [this.diagnosticsStatus()],
      topic: publishes.diagnostics,
    });
    this.#subscription = createSubscriptionOf(this.node, subscribes.detections, (msg) => {
      if (!this.#destroyed) this.#onDetections(msg);
    });
  }

  get parameters(): Readonly<TrackingParameters> {
    return this.#parameters.values;
  }

  #onDetections(msg: Detection2DArray): void {
    this.#counts.frames++;
    const valid: number[] = [];
    const inputs: TrackerDetection[] = [];
    msg.detections.forEach((d, i) => {
      const { x, y } = d.bbox.center.position;
      const hypothesis = d.results[0]?.hypothesis;
      if (
        ![x, y, d.bbox.size_x, d.bbox.size_y].every(Number.isFinite) ||
        !(d.bbox.size_x > 0 && d.bbox.size_y > 0) ||
        hypothesis === undefined
      ) {
        this.#counts.invalidDetections++;
        this.#log.log(
          "invalid",
          "warn",
          `dropped a detection on topic "${this.#subscription.topic}" with no class or a box that is empty or not finite (center ${x}, ${y}, size ${d.bbox.size_x} × ${d.bbox.size_y})`,
        );
        return;
      }
      valid.push(i);
      inputs.push({
        box: { x1: x - d.bbox.size_x / 2, y1: y - d.bbox.size_y / 2, x2: x + d.bbox.size_x / 2, y2: y + d.bbox.size_y / 2 },
        score: hypothesis.score,
        classId: hypothesis.class_id,
      });
    });
    this.#counts.detections += inputs.length;
    const result = this.#tracker.update(inputs, msFromTime(msg.header.stamp) / 1000);
    this.#counts.tracksRemoved += result.removed;
    const idOf = new Map<number, number>();
    for (const a of result.assignments) {
      idOf.set(valid[a.detection]!, a.trackId);
      if (a.isNew) this.#counts.tracksStarted++;
    }
    this.#counts.tracked += result.assignments.length;
    const publishUntracked = this.#parameters.values.publish_untracked;
    const detections = msg.detections.flatMap((d, i) => {
      const id = idOf.get(i);
      if (id !== undefined) return [{ ...d, id: String(id) }];
      return publishUntracked ? [{ ...d, id: "" }] : [];
    });
    this.#publisher.publish({ header: msg.header, detections });
  }

  stats(): TrackingNodeStats {
    return { ...this.#counts, tracksNow: this.#tracker.trackCount };
  }

  diagnosticsStatus(): DiagnosticStatus {
    const c = this.stats();
    return {
      level: c.invalidDetections > 0 ? DiagnosticLevel.WARN : DiagnosticLevel.OK,
      name: `${this.node.fullyQualifiedName}: tracking`,
      message: c.invalidDetections > 0 ? `${c.invalidDetections} invalid detections dropped` : `${c.tracksNow} tracks`,
      hardware_id: "cpu",
      values: Object.entries(c).map(([key, value]) => ({ key, value: String(value) })),
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
