/**
 * Scores a run's detections against the camera's ground truth, frame by frame: both arrive as
 * vision_msgs/Detection2DArray and a frame's detections carry its image's stamp. A frame whose
 * detections never came counts as every object missed.
 */
import { combineEvaluations, evaluateFrame, type FrameEvaluation, type RunEvaluation } from "../core/detection/evaluate.ts";
import { labelledBoxes } from "../core/detection/to-messages.ts";
import type { Detection2DArray } from "../messages/vision_msgs.ts";
import type { Time } from "../ports/clock.ts";
import { QosPresets, type RosNode } from "../ports/ros.ts";

export interface DetectionEvaluationOptions {
  readonly detectionsTopic?: string;
  readonly groundTruthTopic?: string;
  /** IoU a detection needs to count as finding an object (default 0.5). */
  readonly minIou?: number;
}

export class DetectionEvaluation {
  readonly #minIou: number;
  /** Ground truth by stamp, until its frame's detections arrive. */
  readonly #awaiting = new Map<string, Detection2DArray>();
  readonly #scored: FrameEvaluation[] = [];

  constructor(node: RosNode, options: DetectionEvaluationOptions = {}) {
    this.#minIou = options.minIou ?? 0.5;
    // The camera publishes a frame's ground truth with its image, so it is here before the frame's detections.
    node.createSubscription("vision_msgs/msg/Detection2DArray", options.groundTruthTopic ?? "/ground_truth", QosPresets.default, (truth) =>
      this.#awaiting.set(stampKey(truth.header.stamp), truth),
    );
    node.createSubscription("vision_msgs/msg/Detection2DArray", options.detectionsTopic ?? "/detections", QosPresets.default, (found) =>
      this.#score(found),
    );
  }

  /** The run so far, with frames still waiting for detections counted as missed; undefined without ground truth. */
  result(): RunEvaluation | undefined {
    const missed = [...this.#awaiting.values()].map((truth) => evaluateFrame(labelledBoxes(truth), [], this.#minIou));
    const frames = [...this.#scored, ...missed];
    return frames.length > 0 ? combineEvaluations(frames) : undefined;
  }

  #score(found: Detection2DArray): void {
    const key = stampKey(found.header.stamp);
    const truth = this.#awaiting.get(key);
    if (truth === undefined) return;
    this.#awaiting.delete(key);
    this.#scored.push(evaluateFrame(labelledBoxes(truth), labelledBoxes(found), this.#minIou));
  }
}

function stampKey(stamp: Time): string {
  return `${stamp.sec}.${stamp.nanosec}`;
}
