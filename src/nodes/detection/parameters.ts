/** The detection node's parameters, declared once; schema, descriptors, params YAML and docs derive from it. */
import { defineParameters, descriptorsOf, schemaOf, type ParametersOf } from "../../core/parameters/parameter-spec.ts";
import { BACKEND_PARAMETER, IMAGE_QOS_CHOICES } from "../kit/image-model-parameters.ts";

export const detectionParameterSpec = defineParameters({
  backend: BACKEND_PARAMETER,
  model_path: {
    type: "string",
    default: "",
    description: "Model file (.onnx for onnx, .hef for hailo). Empty: the built-in synthetic detector (onnx and sim only)",
  },
  labels_file: {
    type: "string",
    default: "",
    description: "Class names, one per line or a JSON array. Empty: the 80 COCO classes",
  },
  score_threshold: { type: "double", default: 0.25, range: { from: 0, to: 1 }, description: "Minimum detection score" },
  iou_threshold: {
    type: "double",
    default: 0.45,
    range: { from: 0, to: 1 },
    description: "IoU above which non-maximum suppression removes the lower-scoring box of the same class",
  },
  max_detections: {
    type: "integer",
    default: 100,
    range: { from: 1, to: 1000, step: 1 },
    description: "Most detections published per image (highest scores kept)",
  },
  classes: { type: "string_array", default: [], nonEmptyItems: true, description: "Only publish these class names. Empty: all classes" },
  image_qos: {
    type: "string",
    default: "sensor_data",
    choices: IMAGE_QOS_CHOICES,
    readOnly: true,
    description: "QoS of the image subscription: sensor_data (best effort) or default (reliable)",
  },
  publish_overlay: { type: "bool", default: true, description: "Publish detections/image (an rgb8 overlay) while it has subscribers" },
  max_frame_age_ms: {
    type: "double",
    default: 200,
    range: { from: 0, to: 60_000 },
    description: "A frame still waiting for the accelerator this long after it arrived is dropped unstarted (0 = no limit)",
  },
  inference_timeout_ms: {
    type: "double",
    default: 2000,
    range: { from: 1, to: 600_000 },
    description: "An inference running longer than this is aborted and counted as failed",
  },
});

export type DetectionNodeParameters = ParametersOf<typeof detectionParameterSpec>;
/** Kept for the adapters and bench that name the backend type through it. */
export type DetectionParameters = DetectionNodeParameters;

export const detectionNodeParametersSchema = schemaOf(detectionParameterSpec);
export const detectionParameterDescriptors = descriptorsOf(detectionParameterSpec);

/** The stream limits the scheduling parameters set: 0 max age = no deadline. */
export function streamLimitsOf(p: DetectionNodeParameters): { deadlineMs: number | undefined; timeoutMs: number } {
  return { deadlineMs: p.max_frame_age_ms > 0 ? p.max_frame_age_ms : undefined, timeoutMs: p.inference_timeout_ms };
}
