/** The fusion node's parameters, declared once; schema, descriptors, params YAML and docs derive from it. */
import { defineParameters, type ParametersOf } from "../../core/parameters/parameter-spec.ts";
import type { FusionOptions } from "../../core/fusion/fuse-detections.ts";
import type { MarkerOptions } from "../../core/fusion/markers.ts";
import { IMAGE_QOS_CHOICES } from "../kit/image-model-parameters.ts";

export const fusionParameterSpec = defineParameters({
  detections_topic: {
    type: "string",
    default: "detections/tracked",
    readOnly: true,
    description: "The Detection2DArray topic fused (detections/tracked: ids from the tracking node; detections: the detector's)",
  },
  sync_tolerance_ms: {
    type: "double",
    default: 50,
    range: { from: 0, to: 10000 },
    readOnly: true,
    description: "Largest stamp difference between detections and the depth image (and each camera_info) that are fused together, ms",
  },
  queue_size: {
    type: "integer",
    default: 10,
    range: { from: 2, to: 1000, step: 1 },
    readOnly: true,
    description: "Messages kept per input while waiting for partners (message_filters' queue_size)",
  },
  depth_qos: {
    type: "string",
    default: "sensor_data",
    choices: IMAGE_QOS_CHOICES,
    readOnly: true,
    description:
      "QoS of the depth/image subscription: sensor_data (best effort: a lost depth image is skipped) or default (reliable: every one arrives, e.g. for recorded runs)",
  },
  inner_fraction: {
    type: "double",
    default: 0.5,
    range: { from: 0.05, to: 1 },
    description: "Share of a box's width and height, centred, whose median depth is the object's",
  },
  min_valid_fraction: {
    type: "double",
    default: 0.25,
    range: { from: 0, to: 1 },
    description: "Least share of that inner part holding valid depth (not 0, NaN or ∞); below it the detection gets no 3D box",
  },
  box_depth: {
    type: "double",
    default: 0,
    range: { from: 0, to: 100 },
    description: "Depth (size.z) of every 3D box, m; 0: the measured depth spread (10th to 90th percentile) of the inner part",
  },
  depth_unit_16uc1: {
    type: "double",
    default: 0.001,
    range: { from: 1e-6, to: 1 },
    description: "Metres per unit of a 16UC1 depth image (depth cameras: millimetres, 0.001); 32FC1 is always metres",
  },
  marker_lifetime: {
    type: "double",
    default: 0.5,
    range: { from: 0, to: 3600 },
    description: "Lifetime of the markers, s (each MarkerArray also starts with DELETEALL; 0: until deleted)",
  },
  marker_line_width: { type: "double", default: 0.01, range: { from: 0.001, to: 1 }, description: "Width of the box outlines, m" },
  marker_text_height: { type: "double", default: 0.08, range: { from: 0.005, to: 2 }, description: "Height of the label text, m" },
  warning_interval: {
    type: "double",
    default: 5,
    range: { from: 0, to: 3600 },
    description:
      "A repeating input problem (camera_info missing, wrong encoding, ...) is logged once per this many seconds; every one is counted",
  },
});

export type FusionParameters = ParametersOf<typeof fusionParameterSpec>;

export function fusionOptionsOf(p: FusionParameters): FusionOptions {
  return { innerFraction: p.inner_fraction, minValidFraction: p.min_valid_fraction, boxDepth: p.box_depth };
}

export function markerOptionsOf(p: FusionParameters): MarkerOptions {
  return { lifetimeSec: p.marker_lifetime, lineWidth: p.marker_line_width, textHeight: p.marker_text_height, ns: "detections_3d" };
}
