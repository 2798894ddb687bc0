/**
 * The filesystem and backend side of the detection node: which backend to build, where the
 * built-in synthetic detector lives, how labels files are read.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { SYNTHETIC_LABELS } from "../core/synthetic/palette.ts";
import type { DetectionNodeIo } from "../nodes/detection/detection-node.ts";
import type { InferenceBackend, InferenceBackendName } from "../ports/inference-backend.ts";
import type { LetterboxKernels } from "../core/vision/letterbox.ts";

/** Where generated models are cached: $HAILO_ROS_CACHE, else $XDG_CACHE_HOME/hailo_ros, else ~/.cache/hailo_ros. */
export function modelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HAILO_ROS_CACHE) return env.HAILO_ROS_CACHE;
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "hailo_ros", "models");
}

export async function createBackend(name: InferenceBackendName): Promise<InferenceBackend> {
  switch (name) {
    case "onnx": {
      const { OnnxBackend } = await import("../adapters/onnx/onnx-backend.ts");
      return new OnnxBackend();
    }
    case "hailo":
    case "sim": {
      const { openHailoBackend } = await import("../adapters/hailo/hailo-backend.ts");
      return openHailoBackend(name === "sim" ? "sim" : "hailort");
    }
  }
}

export async function defaultModelPath(backend: InferenceBackendName, cacheDir = modelCacheDir()): Promise<string> {
  switch (backend) {
    case "onnx": {
      const { ensureSyntheticDetector } = await import("../adapters/onnx/write-synthetic-detector.ts");
      return ensureSyntheticDetector(cacheDir);
    }
    case "sim": {
      const { ensureSyntheticSimModel } = await import("../adapters/hailo/synthetic-sim-model.ts");
      return ensureSyntheticSimModel(cacheDir);
    }
    case "hailo":
      throw new Error(
        "the hailo backend has no built-in model: set 'model_path' to a detection HEF compiled for hailo10h " +
          "(e.g. yolov8n.hef from the Hailo model zoo, matching your HailoRT version)",
      );
  }
}

export interface DetectionNodeIoOptions {
  readonly cacheDir?: string;
  /** From loadNativeImageKernels(); the pure TypeScript loops are used without them. */
  readonly imageKernels?: LetterboxKernels;
}

export function createDetectionNodeIo(options: DetectionNodeIoOptions = {}): DetectionNodeIo {
  const cacheDir = options.cacheDir ?? modelCacheDir();
  return {
    ...(options.imageKernels ? { imageKernels: options.imageKernels } : {}),
    createBackend,
    defaultModelPath: (backend) => defaultModelPath(backend, cacheDir),
    defaultModelLabels: SYNTHETIC_LABELS,
    readTextFile: (path) => readFileSync(path, "utf8"),
    fileExists: (path) => existsSync(path),
  };
}
