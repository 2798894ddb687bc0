/**
 * Axis-aligned boxes and detections in continuous pixel coordinates: pixel i spans [i, i+1),
 * x grows to the right and y downwards, so a box covering a whole W×H image is (0, 0, W, H).
 */

export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface Detection {
  readonly box: Box;
  readonly score: number;
  /** 0-based index into the model's label table. */
  readonly classIndex: number;
}

export function boxWidth(box: Box): number {
  return Math.max(0, box.x2 - box.x1);
}

export function boxHeight(box: Box): number {
  return Math.max(0, box.y2 - box.y1);
}

/** Area; inverted boxes (x2 < x1 or y2 < y1) count as empty. */
export function boxArea(box: Box): number {
  return boxWidth(box) * boxHeight(box);
}

/** Intersection over union; 0 when either box is empty (no division by zero). */
export function iou(a: Box, b: Box): number {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  // Stryker disable next-line EqualityOperator: equivalent, a zero-width overlap gives an intersection of 0 and so an IoU of 0
  if (iw <= 0) return 0;
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  // Stryker disable next-line EqualityOperator: equivalent, a zero-height overlap gives an intersection of 0 and so an IoU of 0
  if (ih <= 0) return 0;
  const inter = iw * ih;
  const union = boxArea(a) + boxArea(b) - inter;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, past the checks above inter > 0, so union ≥ inter > 0
  return union > 0 ? inter / union : 0;
}

/** Clamps a box to [0, width] × [0, height]. */
export function clampBox(box: Box, width: number, height: number): Box {
  return {
    x1: Math.min(Math.max(box.x1, 0), width),
    y1: Math.min(Math.max(box.y1, 0), height),
    x2: Math.min(Math.max(box.x2, 0), width),
    y2: Math.min(Math.max(box.y2, 0), height),
  };
}

/** Converts a centre/size box (YOLO's cx, cy, w, h) to corners. */
export function boxFromCenter(cx: number, cy: number, w: number, h: number): Box {
  return { x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 };
}
