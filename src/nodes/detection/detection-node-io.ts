/** What the detection node is given: its I/O (backends, files), its options, and the stats it reports. */
import type { LatencySummary } from "../../core/stats/latency-recorder.ts";
import type { AcceleratorScheduler } from "../../core/scheduling/accelerator-scheduler.ts";
import type { LetterboxKernels } from "../../core/vision/letterbox.ts";
import type { InferenceBackend } from "../../ports/inference-backend.ts";
import type { ParameterValue } from "../../ports/ros.ts";
import type { FrameCounts } from "../kit/frame-counters.ts";
import type { RecoveryOptions } from "../kit/scheduled-model.ts";
import type { DetectionParameters } from "./parameters.ts";

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
  readonly modelRecovery?: RecoveryOptions;
}

export type DetectionNodeStats = FrameCounts & { readonly detections: number; readonly latency: LatencySummary };
