/**
 * Scores detections against known ground truth (synthetic scenes): each ground-truth object is
 * matched to the best unmatched detection of the same class by IoU.
 */
import { iou, type Box } from "../vision/detection.ts";

export interface LabelledBox {
  readonly box: Box;
  readonly label: string;
}

export interface FrameEvaluation {
  readonly objects: number;
  readonly matched: number;
  readonly falsePositives: number;
  /** Smallest IoU among matched objects (1 when there were none). */
  readonly minIou: number;
}

export function evaluateFrame(truth: readonly LabelledBox[], detections: readonly LabelledBox[], minIou = 0.5): FrameEvaluation {
  const used = new Uint8Array(detections.length);
  let matched = 0;
  let worst = 1;
  for (const object of truth) {
    let best = -1;
    let bestIou = minIou;
    for (let i = 0; i < detections.length; i++) {
      const d = detections[i]!;
      if (used[i] || d.label !== object.label) continue;
      const overlap = iou(object.box, d.box);
      if (overlap >= bestIou) {
        best = i;
        bestIou = overlap;
      }
    }
    if (best >= 0) {
      used[best] = 1;
      matched++;
      worst = Math.min(worst, bestIou);
    }
  }
  return { objects: truth.length, matched, falsePositives: detections.length - matched, minIou: worst };
}

export interface RunEvaluation {
  readonly frames: number;
  readonly objects: number;
  readonly matched: number;
  readonly falsePositives: number;
  readonly minIou: number;
}

export function combineEvaluations(frames: readonly FrameEvaluation[]): RunEvaluation {
  let objects = 0;
  let matched = 0;
  let falsePositives = 0;
  let minIou = 1;
  for (const f of frames) {
    objects += f.objects;
    matched += f.matched;
    falsePositives += f.falsePositives;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a frame without a match reports minIou 1, which min() ignores
    if (f.matched > 0) minIou = Math.min(minIou, f.minIou);
  }
  return { frames: frames.length, objects, matched, falsePositives, minIou };
}
