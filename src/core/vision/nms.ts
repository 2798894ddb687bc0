/**
 * Greedy class-wise non-maximum suppression: boxes of different classes never suppress each
 * other, which is what YOLO post-processing (Ultralytics, Hailo) does.
 */
import { iou, type Detection } from "./detection.ts";

export interface NmsOptions {
  /** A box is suppressed when its IoU with a kept box of its class is strictly greater than this. */
  readonly iouThreshold: number;
  /** Keep at most this many detections (the highest scores). */
  readonly maxDetections?: number;
}

/**
 * Returns the kept detections sorted by descending score. Ties keep input order (the sort is
 * stable), so equal inputs always give equal outputs.
 */
export function classWiseNms(detections: readonly Detection[], options: NmsOptions): Detection[] {
  const { iouThreshold } = options;
  const maxDetections = options.maxDetections ?? Number.POSITIVE_INFINITY;
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const candidate of sorted) {
    if (kept.length >= maxDetections) break;
    let suppressed = false;
    for (const k of kept) {
      if (k.classIndex === candidate.classIndex && iou(k.box, candidate.box) > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push(candidate);
  }
  return kept;
}
