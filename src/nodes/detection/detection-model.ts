/** The detection node's model: a ScheduledModel whose loaded models get a decoder and a pipeline. */
import { selectDecoder, type DecoderChoice } from "../../core/detection/select-decoder.ts";
import type { ImageView } from "../../core/vision/image-view.ts";
import type { LetterboxGeometry, LetterboxKernels } from "../../core/vision/letterbox.ts";
import type { InferenceBackend, InferenceOutputs, NmsConfig } from "../../ports/inference-backend.ts";
import type { Logger } from "../../ports/ros.ts";
import { ScheduledModel, type RecoveryOptions, type Serving } from "../kit/scheduled-model.ts";
import { DetectionPipeline } from "./detection-pipeline.ts";
import type { DetectionNodeParameters } from "./parameters.ts";

export interface Detector {
  readonly decoder: DecoderChoice;
  readonly pipeline: DetectionPipeline;
}

/** One frame's inference: the model it ran on, its outputs, and how the frame was letterboxed. */
export interface Inferred {
  readonly serving: Serving<Detector>;
  readonly outputs: InferenceOutputs;
  readonly geometry: LetterboxGeometry;
  readonly view: ImageView;
}

export interface DetectionModelOptions {
  readonly createBackend: () => Promise<InferenceBackend>;
  /** The built-in model's file, or throws saying why there is none. */
  readonly defaultModelPath: () => Promise<string>;
  readonly imageKernels?: LetterboxKernels;
  readonly priority: number;
  readonly logger: Logger;
  readonly recovery?: RecoveryOptions;
}

export function createDetectionModel(options: DetectionModelOptions): ScheduledModel<Detector> {
  const kernels = options.imageKernels !== undefined ? { kernels: options.imageKernels } : {};
  return new ScheduledModel<Detector>({
    createBackend: options.createBackend,
    resolvePath: async (param) => (param === "" ? options.defaultModelPath() : param),
    prepare: (model) => {
      const selected = selectDecoder(model.info);
      if (!selected.ok) return { ok: false, error: selected.error };
      return { ok: true, value: { decoder: selected.decoder, pipeline: new DetectionPipeline(model.info, selected.decoder, kernels) } };
    },
    priority: options.priority,
    logger: options.logger,
    ...(options.recovery !== undefined ? { recovery: options.recovery } : {}),
  });
}

/** What a HEF's on-chip NMS is configured with, from the node's thresholds. */
export function nmsOf(p: DetectionNodeParameters): NmsConfig {
  return { scoreThreshold: p.score_threshold, iouThreshold: p.iou_threshold, maxProposalsPerClass: p.max_detections };
}

/** A HEF with on-chip NMS drops boxes before the host sees them: looser thresholds need a reload. */
export function deviceNmsIsStale({ prepared, nms }: Serving<Detector>, p: DetectionNodeParameters): boolean {
  if (prepared.decoder.kind !== "nms-by-class" || nms === undefined) return false;
  return p.score_threshold < nms.scoreThreshold || p.iou_threshold !== nms.iouThreshold || p.max_detections > nms.maxProposalsPerClass;
}

export function describeDecoder(decoder: DecoderChoice): string {
  return decoder.kind === "yolo-raw"
    ? `YOLO raw head, ${decoder.classes} classes × ${decoder.anchors} anchors`
    : `on-chip NMS by class, ${decoder.classes} classes`;
}
