/**
 * The filesystem and backend side of the depth node: which backend to build and where the built-in
 * synthetic depth model lives. The "sim" backend is the TypeScript simulated device
 * (adapters/simulated-accelerator), whose "sim:synthetic-depth" answers by the synthetic depth rule.
 */
import { existsSync } from "node:fs";
import type { LetterboxKernels } from "../core/vision/letterbox.ts";
import type { DepthNodeIo } from "../nodes/depth/depth-node-io.ts";
import type { InferenceBackend, InferenceBackendName } from "../ports/inference-backend.ts";
import { modelCacheDir } from "./detection-io.ts";

export const SIM_SYNTHETIC_DEPTH_MODEL = "sim:synthetic-depth";

export async function createDepthBackend(name: InferenceBackendName): Promise<InferenceBackend> {
  switch (name) {
    case "onnx": {
      const { OnnxBackend } = await import("../adapters/onnx/onnx-backend.ts");
      return new OnnxBackend();
    }
    case "hailo": {
      const { openHailoBackend } = await import("../adapters/hailo/hailo-backend.ts");
      return openHailoBackend("hailort");
    }
    case "sim": {
      const { SimulatedAcceleratorBackend } = await import("../adapters/simulated-accelerator/simulated-backend.ts");
      return new SimulatedAcceleratorBackend();
    }
  }
}

export async function defaultDepthModelPath(backend: InferenceBackendName, cacheDir = modelCacheDir()): Promise<string> {
  switch (backend) {
    case "onnx": {
      const { ensureSyntheticDepthModel } = await import("../adapters/onnx/write-synthetic-depth-model.ts");
      return ensureSyntheticDepthModel(cacheDir);
    }
    case "sim":
      return SIM_SYNTHETIC_DEPTH_MODEL;
    case "hailo":
      throw new Error(
        "the hailo backend has no built-in depth model: set 'model_path' to a depth HEF compiled for hailo10h " +
          "(e.g. scdepthv3.hef from the Hailo model zoo, matching your HailoRT version)",
      );
  }
}

export interface DepthNodeIoOptions {
  readonly cacheDir?: string;
  readonly imageKernels?: LetterboxKernels;
}

export function createDepthNodeIo(options: DepthNodeIoOptions = {}): DepthNodeIo {
  const cacheDir = options.cacheDir ?? modelCacheDir();
  return {
    ...(options.imageKernels ? { imageKernels: options.imageKernels } : {}),
    createBackend: createDepthBackend,
    defaultModelPath: (backend) => defaultDepthModelPath(backend, cacheDir),
    fileExists: (path) => path.startsWith("sim:") || existsSync(path),
  };
}
