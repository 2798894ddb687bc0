/**
 * Picks how to decode a model's outputs from what the backend says about them, so one node serves
 * raw YOLOv8/YOLO11 heads (ONNX) and HEFs whose NMS already ran on the chip (Hailo NMS-by-class).
 */
import type { ModelInfo } from "../../ports/inference-backend.ts";

export type DecoderChoice =
  | { readonly kind: "yolo-raw"; readonly outputName: string; readonly classes: number; readonly anchors: number }
  | { readonly kind: "nms-by-class"; readonly outputName: string; readonly classes: number; readonly maxBoxesPerClass: number };

export type SelectDecoderResult = { ok: true; decoder: DecoderChoice } | { ok: false; error: string };

export function selectDecoder(info: ModelInfo): SelectDecoderResult {
  const input = info.inputs[0];
  if (info.inputs.length !== 1 || input === undefined) {
    return { ok: false, error: `the model has ${info.inputs.length} inputs; a detector takes exactly one image input` };
  }
  if (input.shape[3] !== 3) {
    return { ok: false, error: `the model input '${input.name}' has ${input.shape[3]} channels; a detector takes RGB (3)` };
  }
  for (const output of info.outputs) {
    if (output.kind === "nms-by-class") {
      return {
        ok: true,
        decoder: { kind: "nms-by-class", outputName: output.name, classes: output.classes, maxBoxesPerClass: output.maxBoxesPerClass },
      };
    }
  }
  for (const output of info.outputs) {
    if (output.kind !== "tensor") continue;
    const [batch, channels, anchors, ...rest] = output.shape;
    // Three dimensions exactly: anchors present and nothing after them.
    if (batch === 1 && channels !== undefined && anchors !== undefined && rest.length === 0 && channels > 4 && anchors > 0) {
      return { ok: true, decoder: { kind: "yolo-raw", outputName: output.name, classes: channels - 4, anchors } };
    }
  }
  const described = info.outputs
    .map((o) => (o.kind === "tensor" ? `${o.name} [${o.shape.join(", ")}] ${o.dtype}` : `${o.name} (${o.kind})`))
    .join("; ");
  return {
    ok: false,
    error:
      `the model's outputs (${described || "none"}) fit no decoder: expected a YOLOv8/YOLO11 head [1, 4+classes, anchors] ` +
      "or a Hailo HEF with on-chip NMS (NMS-by-class output); export YOLO with its raw head or compile the HEF with nms_postprocess",
  };
}
