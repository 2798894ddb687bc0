/** What the detection node is given: its I/O (backends, files), its options, and the stats it reports. */
import type { LatencySummary } from "../../core/stats/latency-recorder.ts";
import type { FrameCounts } from "../kit/frame-counters.ts";
import type { ImageModelNodeIo, ImageModelNodeOptions } from "../kit/image-model-node-io.ts";
import type { DetectionParameters } from "./parameters.ts";

export interface DetectionNodeIo extends ImageModelNodeIo<DetectionParameters["backend"]> {
  /** The class names of the built-in model, used when `model_path` and `labels_file` are both empty. */
  readonly defaultModelLabels: readonly string[];
  /** Reads a small text file synchronously (labels); throws a Node fs error when it can't. */
  readTextFile(path: string): string;
}

/** Priority default: DETECTION_PRIORITY. */
export type DetectionNodeOptions = ImageModelNodeOptions;

export type DetectionNodeStats = FrameCounts & { readonly detections: number; readonly latency: LatencySummary };
