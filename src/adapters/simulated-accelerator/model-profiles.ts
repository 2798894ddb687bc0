/**
 * SIMULATED model profiles: device service time per inference and the model's I/O shapes.
 * Service times are 1 / FPS (batch 1) from the Hailo-10H Model Zoo tables: yolov8n 378 fps,
 * yolov11m 70.3 fps, scdepthv3 719 fps (also used by the synthetic depth model); the LLM (Qwen2.5-1.5B-Instruct) 6.95 tokens/s and 0.37 s
 * time to first token.
 */
import { SYNTHETIC_DEPTH_DEFAULT_SIZE, syntheticDepthLogits } from "../../core/synthetic/depth-model.ts";
import type { InferenceOutputs, ModelInfo, OutputTensor } from "../../ports/inference-backend.ts";

/** Produces the output tensors for one input; lets a test make the model "see" something. */
export type SimulatedOutputFn = (input: Uint8Array, info: ModelInfo) => InferenceOutputs;

export interface SimulatedModelProfile {
  readonly serviceMs: number;
  readonly info: ModelInfo;
  /** Default: every output all zeros (for NMS-by-class: zero boxes in every class). */
  readonly outputs?: SimulatedOutputFn;
}

export const SIM_LLM_TOKEN_MS = 144;
export const SIM_LLM_PREFILL_MS = 370;

const COCO_CLASSES = 80;

function yoloNmsInfo(size: number): ModelInfo {
  return {
    inputs: [{ name: "images", shape: [1, size, size, 3], dtype: "uint8", layout: "NHWC" }],
    outputs: [{ kind: "nms-by-class", name: "yolo_nms", classes: COCO_CLASSES, maxBoxesPerClass: 100 }],
  };
}

export const defaultSimulatedModels: Readonly<Record<string, SimulatedModelProfile>> = {
  yolov8n: { serviceMs: 2.6, info: yoloNmsInfo(640) },
  yolov11m: { serviceMs: 14.2, info: yoloNmsInfo(640) },
  scdepthv3: { serviceMs: 1.4, info: scdepthInfo(256, 320) },
  /**
   * scdepthv3's timing and I/O answering by the synthetic depth rule (core/synthetic/depth-model.ts):
   * the depth painted into the synthetic scenes' colours, as scdepthv3 pre-sigmoid values.
   */
  "synthetic-depth": {
    serviceMs: 1.4,
    info: scdepthInfo(SYNTHETIC_DEPTH_DEFAULT_SIZE.height, SYNTHETIC_DEPTH_DEFAULT_SIZE.width),
    outputs: (input, info) => {
      const output = info.outputs[0];
      const shape = output?.kind === "tensor" ? [...output.shape] : [];
      return new Map([["depth", { name: "depth", dims: shape, data: syntheticDepthLogits(input) }]]);
    },
  },
};

function scdepthInfo(height: number, width: number): ModelInfo {
  return {
    inputs: [{ name: "image", shape: [1, height, width, 3], dtype: "uint8", layout: "NHWC" }],
    outputs: [{ kind: "tensor", name: "depth", shape: [1, height, width, 1], dtype: "float32" }],
  };
}

/** Float32 element count of an output as the host receives it. */
export function outputElementCount(info: ModelInfo["outputs"][number]): { dims: number[]; count: number } {
  if (info.kind === "nms-by-class") {
    const count = info.classes * (1 + 5 * info.maxBoxesPerClass);
    return { dims: [count], count };
  }
  const dims = [...info.shape];
  return { dims, count: dims.reduce((a, b) => a * b, 1) };
}

export function zeroOutputs(_input: Uint8Array, info: ModelInfo): InferenceOutputs {
  const out = new Map<string, OutputTensor>();
  for (const o of info.outputs) {
    const { dims, count } = outputElementCount(o);
    out.set(o.name, { name: o.name, dims, data: new Float32Array(count) });
  }
  return out;
}

export function inputByteLength(info: ModelInfo): number {
  const input = info.inputs[0];
  if (input === undefined) return 0;
  const [, h, w, c] = input.shape;
  return h * w * c;
}
