/**
 * What every node that runs an image model on the accelerator (detection, depth) is given: the
 * I/O to open its backend and model, and the options its runner sets. Each node adds its own.
 */
import type { AcceleratorScheduler } from "../../core/scheduling/accelerator-scheduler.ts";
import type { LetterboxKernels } from "../../core/vision/letterbox.ts";
import type { InferenceBackend } from "../../ports/inference-backend.ts";
import type { ParameterValue } from "../../ports/ros.ts";
import type { RecoveryOptions } from "./scheduled-model.ts";

export interface ImageModelNodeIo<Backend extends string> {
  /** Creates the backend named by the `backend` parameter. */
  createBackend(name: Backend): Promise<InferenceBackend>;
  /** The model to load when `model_path` is empty (the node's built-in synthetic model), or an error saying why none exists. */
  defaultModelPath(backend: Backend): Promise<string>;
  fileExists(path: string): boolean;
  /** Native versions of the hottest image loops, when the platform has them. */
  readonly imageKernels?: LetterboxKernels;
}

export interface ImageModelNodeOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
  /** The time source for latency figures (and the depth node's camera_info timeouts), ms; performance.now by default. */
  readonly nowMs?: () => number;
  /** The process's accelerator scheduler, shared by every node that uses the device. Default: the node's own, closed in destroy(). */
  readonly scheduler?: AcceleratorScheduler;
  /** The node's job stream on the scheduler (unique per scheduler). Default: the node's name. */
  readonly streamName?: string;
  /** 0–31, higher first; also the model's HailoRT scheduler priority. Default: the node's row of the priority table. */
  readonly priority?: number;
  /** Period of /diagnostics; 0 turns the timer off (`publishDiagnostics()` still works). Default 1000. */
  readonly diagnosticsPeriodMs?: number;
  /** Reload backoff after the device failed the model. Default: 500 ms doubling to 30 s. */
  readonly modelRecovery?: RecoveryOptions;
}
