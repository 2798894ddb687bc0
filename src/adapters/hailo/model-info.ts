/** Maps hailort-node stream info to the inference-backend port's ModelInfo. */
import type { NativeModelInfo, StreamInfo } from "hailort-node";
import type { InputInfo, ModelInfo, OutputInfo } from "../../ports/inference-backend.ts";

export type ModelInfoResult = { readonly ok: true; readonly value: ModelInfo } | { readonly ok: false; readonly error: string };

function inputInfo(s: StreamInfo): InputInfo | string {
  if (s.formatType !== "uint8" || s.formatOrder !== "NHWC") {
    return `input '${s.name}' is ${s.formatType} ${s.formatOrder}; hailo_ros feeds uint8 NHWC frames`;
  }
  return { name: s.name, shape: [1, s.height, s.width, s.features], dtype: "uint8", layout: "NHWC" };
}

function outputInfo(s: StreamInfo): OutputInfo | string {
  if (s.formatOrder === "NMS_WITH_BYTE_MASK")
    return `output '${s.name}' is byte-mask (segmentation) NMS; hailo_ros decodes only NMS_BY_CLASS detections`;
  if (s.formatType !== "float32") return `output '${s.name}' is ${s.formatType}; the binding configures float32 outputs`;
  if (s.nms !== undefined) {
    if (s.formatOrder !== "NMS_BY_CLASS") return `NMS output '${s.name}' is ${s.formatOrder}; only NMS_BY_CLASS is decoded`;
    return { kind: "nms-by-class", name: s.name, classes: s.nms.classes, maxBoxesPerClass: s.nms.maxBoxesPerClass };
  }
  return { kind: "tensor", name: s.name, shape: [1, s.height, s.width, s.features], dtype: "float32" };
}

export function toModelInfo(native: NativeModelInfo): ModelInfoResult {
  const inputs: InputInfo[] = [];
  const outputs: OutputInfo[] = [];
  for (const s of native.inputs) {
    const r = inputInfo(s);
    if (typeof r === "string") return { ok: false, error: r };
    inputs.push(r);
  }
  for (const s of native.outputs) {
    const r = outputInfo(s);
    if (typeof r === "string") return { ok: false, error: r };
    outputs.push(r);
  }
  if (inputs.length !== 1)
    return { ok: false, error: `the model has ${inputs.length} inputs; hailo_ros models take exactly one image input` };
  return { ok: true, value: { inputs, outputs } };
}

/** Dims reported for an output tensor: NMS buffers are flat (their records vary in length). */
export function outputDims(info: OutputInfo, length: number): readonly number[] {
  return info.kind === "nms-by-class" ? [length] : info.shape;
}
