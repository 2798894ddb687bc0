/**
 * Builds a buffer in Hailo's HAILO_NMS_BY_CLASS float32 layout (what a HEF with on-chip NMS returns),
 * for tests and benchmarks: per class a count, then count × {y_min, x_min, y_max, x_max, score}.
 */
export interface NormalizedBox {
  readonly classIndex: number;
  /** Normalized 0..1 to the model input. */
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly score: number;
}

/** Frame size HailoRT allocates: classes × (1 + 5 × maxBoxesPerClass) floats. */
export function nmsByClassFloats(classes: number, maxBoxesPerClass: number): number {
  return classes * (1 + 5 * maxBoxesPerClass);
}

export function encodeNmsByClass(boxes: readonly NormalizedBox[], classes: number, maxBoxesPerClass: number): Float32Array {
  const out = new Float32Array(nmsByClassFloats(classes, maxBoxesPerClass));
  let offset = 0;
  for (let c = 0; c < classes; c++) {
    const own = boxes.filter((b) => b.classIndex === c).slice(0, maxBoxesPerClass);
    out[offset++] = own.length;
    for (const b of own) {
      out[offset++] = b.y1;
      out[offset++] = b.x1;
      out[offset++] = b.y2;
      out[offset++] = b.x2;
      out[offset++] = b.score;
    }
  }
  return out;
}
