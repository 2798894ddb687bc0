/** What the depth node is given: its I/O (backends, files), its options, and the stats it reports. */
import type { AcceleratorScheduler } from "../../core/scheduling/accelerator-scheduler.ts";
import type { LatencySummary } from "../../core/stats/latency-recorder.ts";
import type { LetterboxKernels } from "../../core/vision/letterbox.ts";
import type { InferenceBackend } from "../../ports/inference-backend.ts";
import type { ParameterValue } from "../../ports/ros.ts";
import type { FrameCounts } from "../kit/frame-counters.ts";
import type { RecoveryOptions } from "../kit/scheduled-model.ts";
import type { DepthNodeParameters } from "./parameters.ts";
import type { DepthInputCounts } from "./depth-inputs.ts";

export interface DepthNodeIo {
  /** Creates the backend named by the `backend` parameter. */
  createBackend(name: DepthNodeParameters["backend"]): Promise<InferenceBackend>;
  /** The model to load when `model_path` is empty (the built-in synthetic depth model), or an error saying why none exists. */
  defaultModelPath(backend: DepthNodeParameters["backend"]): Promise<string>;
  fileExists(path: string): boolean;
  /** Native versions of the hottest image loops, when the platform has them. */
  readonly imageKernels?: LetterboxKernels;
}

export interface DepthNodeOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
  /** The time source for latency figures and camera_info timeouts (ms); performance.now by default. */
  readonly nowMs?: () => number;
  /** The process's accelerator scheduler, shared by every node that uses the device. Default: the node's own. */
  readonly scheduler?: AcceleratorScheduler;
  /** The node's job stream on the scheduler (unique per scheduler). Default: the node's name. */
  readonly streamName?: string;
  /** 0–31, higher first; also the model's HailoRT scheduler priority. Default DEPTH_PRIORITY. */
  readonly priority?: number;
  /** Period of /diagnostics; 0 turns the timer off (`publishDiagnostics()` still works). Default 1000. */
  readonly diagnosticsPeriodMs?: number;
  readonly modelRecovery?: RecoveryOptions;
}

export type DepthNodeStats = FrameCounts & DepthInputCounts & { readonly clouds: number; readonly latency: LatencySummary };
