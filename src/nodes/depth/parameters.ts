/** The depth node's parameters, declared once; schema, descriptors, params YAML and docs derive from it. */
import { DEPTH_FAMILIES } from "../../core/depth/depth-families.ts";
import { defineParameters, descriptorsOf, schemaOf, type ParametersOf } from "../../core/parameters/parameter-spec.ts";
import { BACKEND_PARAMETER, IMAGE_QOS_CHOICES } from "../kit/image-model-parameters.ts";

export const depthParameterSpec = defineParameters({
  backend: BACKEND_PARAMETER,
  model_path: {
    type: "string",
    default: "",
    description: "Depth model file (.onnx for onnx, .hef for hailo). Empty: the built-in synthetic depth model (onnx and sim only)",
  },
  model_family: {
    type: "string",
    default: "scdepthv3",
    choices: DEPTH_FAMILIES,
    description:
      "How the model's output becomes metres: scdepthv3, fast_depth, depth_anything (inverse depth with depth_scale/depth_shift) or generic (depth_scale × output)",
  },
  depth_scale: {
    type: "double",
    default: 1,
    description: "fast_depth/depth_anything: inverse depth = depth_scale × output + depth_shift; generic: metres = depth_scale × output",
  },
  depth_shift: {
    type: "double",
    default: 0,
    description: "fast_depth/depth_anything: added to depth_scale × output to give inverse depth (1/m)",
  },
  min_depth: { type: "double", default: 0.1, range: { from: 0, to: 1000 }, description: "Nearer depths are invalid (NaN), m" },
  max_depth: { type: "double", default: 100, range: { from: 0, to: 1000 }, description: "Farther depths are invalid (NaN), m" },
  point_decimation: {
    type: "integer",
    default: 2,
    range: { from: 1, to: 16, step: 1 },
    description: "depth/points keeps every n-th column and row (1 = one point per depth pixel)",
  },
  points_rgb: { type: "bool", default: true, description: "depth/points carries each point's colour (rgb packed as float32, as PCL does)" },
  colormap_near: { type: "double", default: 0.3, range: { from: 0, to: 1000 }, description: "depth/colored: depth shown red, m" },
  colormap_far: { type: "double", default: 5, range: { from: 0, to: 1000 }, description: "depth/colored: depth shown blue, m" },
  max_rate_hz: {
    type: "double",
    default: 15,
    range: { from: 0, to: 1000 },
    description: "Most depth inferences started per second; newer frames replace waiting ones (0 = no cap)",
  },
  image_qos: {
    type: "string",
    default: "sensor_data",
    choices: IMAGE_QOS_CHOICES,
    readOnly: true,
    description: "QoS of the image and camera_info subscriptions: sensor_data (best effort) or default (reliable)",
  },
  sync_tolerance_ms: {
    type: "double",
    default: 20,
    range: { from: 0, to: 10_000 },
    readOnly: true,
    description: "Largest stamp difference between an image and the camera_info it is matched with, ms",
  },
  camera_info_timeout_ms: {
    type: "double",
    default: 1000,
    range: { from: 0, to: 600_000 },
    description: "With no camera_info for this long, images are processed without one (depth/image only, warned)",
  },
  max_frame_age_ms: {
    type: "double",
    default: 300,
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

export type DepthNodeParameters = ParametersOf<typeof depthParameterSpec>;
export const depthNodeParametersSchema = schemaOf(depthParameterSpec);
export const depthParameterDescriptors = descriptorsOf(depthParameterSpec);

/** The stream limits the scheduling parameters set: 0 = no deadline / no rate cap. */
export function depthStreamLimitsOf(p: DepthNodeParameters): {
  deadlineMs: number | undefined;
  timeoutMs: number;
  maxRateHz: number | undefined;
} {
  return {
    deadlineMs: p.max_frame_age_ms > 0 ? p.max_frame_age_ms : undefined,
    timeoutMs: p.inference_timeout_ms,
    maxRateHz: p.max_rate_hz > 0 ? p.max_rate_hz : undefined,
  };
}
