/** The detection node's parameters: zod schema (the source of truth) and ROS descriptors. */
import { z } from "zod";
import type { ParameterDescriptor } from "../../ports/ros.ts";

export const BACKENDS = ["onnx", "hailo", "sim"] as const;
export const QOS_CHOICES = ["sensor_data", "default"] as const;

export const detectionParametersSchema = z.object({
  backend: z.enum(BACKENDS, { message: `must be one of ${BACKENDS.join(", ")}` }),
  model_path: z.string(),
  labels_file: z.string(),
  score_threshold: z.number().min(0, "must be in [0, 1]").max(1, "must be in [0, 1]"),
  iou_threshold: z.number().min(0, "must be in [0, 1]").max(1, "must be in [0, 1]"),
  max_detections: z.number().int("must be an integer").min(1, "must be at least 1").max(1000, "must be at most 1000"),
  classes: z.array(z.string().min(1, "class names must not be empty")),
  image_qos: z.enum(QOS_CHOICES, { message: `must be one of ${QOS_CHOICES.join(", ")}` }),
  publish_overlay: z.boolean(),
});

export type DetectionParameters = z.infer<typeof detectionParametersSchema>;

export const detectionParameterDescriptors: readonly ParameterDescriptor[] = [
  {
    name: "backend",
    type: "string",
    default: "onnx",
    readOnly: true,
    description: "Inference backend: onnx (CPU, onnxruntime), hailo (Hailo-10H through HailoRT), sim (simulated Hailo device, tests only)",
    additionalConstraints: `one of ${BACKENDS.join(", ")}`,
  },
  {
    name: "model_path",
    type: "string",
    default: "",
    description: "Model file (.onnx for onnx, .hef for hailo). Empty: the built-in synthetic detector (onnx and sim only)",
  },
  {
    name: "labels_file",
    type: "string",
    default: "",
    description: "Class names, one per line or a JSON array. Empty: the 80 COCO classes",
  },
  {
    name: "score_threshold",
    type: "double",
    default: 0.25,
    description: "Minimum detection score",
    range: { from: 0, to: 1 },
  },
  {
    name: "iou_threshold",
    type: "double",
    default: 0.45,
    description: "IoU above which non-maximum suppression removes the lower-scoring box of the same class",
    range: { from: 0, to: 1 },
  },
  {
    name: "max_detections",
    type: "integer",
    default: 100,
    description: "Most detections published per image (highest scores kept)",
    range: { from: 1, to: 1000, step: 1 },
  },
  {
    name: "classes",
    type: "string_array",
    default: [],
    description: "Only publish these class names. Empty: all classes",
  },
  {
    name: "image_qos",
    type: "string",
    default: "sensor_data",
    readOnly: true,
    description: "QoS of the image subscription: sensor_data (best effort) or default (reliable)",
    additionalConstraints: `one of ${QOS_CHOICES.join(", ")}`,
  },
  {
    name: "publish_overlay",
    type: "bool",
    default: true,
    description: "Publish detections/image (an rgb8 overlay) while it has subscribers",
  },
];

/** The node's scheduling parameters: how stale a frame may get and how long an inference may take. */
export const schedulingParametersSchema = z.object({
  max_frame_age_ms: z.number().min(0, "must be ≥ 0 (0 = no limit)").max(60_000, "must be at most 60000"),
  inference_timeout_ms: z.number().min(1, "must be at least 1").max(600_000, "must be at most 600000"),
});

export const detectionNodeParametersSchema = detectionParametersSchema.extend(schedulingParametersSchema.shape);
export type DetectionNodeParameters = z.infer<typeof detectionNodeParametersSchema>;

export const schedulingParameterDescriptors: readonly ParameterDescriptor[] = [
  {
    name: "max_frame_age_ms",
    type: "double",
    default: 200,
    description: "A frame still waiting for the accelerator this long after it arrived is dropped unstarted (0 = no limit)",
    range: { from: 0, to: 60_000 },
  },
  {
    name: "inference_timeout_ms",
    type: "double",
    default: 2000,
    description: "An inference running longer than this is aborted and counted as failed",
    range: { from: 1, to: 600_000 },
  },
];
