/**
 * Decodes HailoRT's HAILO_NMS_BY_CLASS float32 output: for each class in order, a count followed
 * by count × {y_min, x_min, y_max, x_max, score} normalized 0..1 to the model input (y first).
 * Records are variable-length, so the buffer is parsed sequentially.
 */
import type { Detection } from "./detection.ts";
import { checkThresholds, decodeFailure, type DecodeResult } from "./decode-result.ts";

export interface HailoNmsDecodeOptions {
  /** Names the output in error messages. */
  readonly outputName?: string;
  readonly classes: number;
  readonly maxBoxesPerClass: number;
  /** Model input size, to turn normalized coordinates into model-input pixels. */
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** Scores at or above this are kept. Default 0 (the chip has already applied its own threshold). */
  readonly scoreThreshold?: number;
  /** Default 100. */
  readonly maxDetections?: number;
  readonly classAllowList?: ReadonlySet<number>;
}

const FIELDS = 5;

export function decodeHailoNmsByClass(data: Float32Array, options: HailoNmsDecodeOptions): DecodeResult {
  const name = options.outputName ?? "output";
  const { classes, maxBoxesPerClass, inputWidth: w, inputHeight: h } = options;
  const scoreThreshold = options.scoreThreshold ?? 0;
  const maxDetections = options.maxDetections ?? 100;
  const optionError = checkThresholds(name, scoreThreshold, maxDetections);
  if (optionError !== undefined) return decodeFailure("bad-options", optionError);
  for (const [label, value] of [
    ["classes", classes],
    ["maxBoxesPerClass", maxBoxesPerClass],
    ["inputWidth", w],
    ["inputHeight", h],
  ] as const) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      return decodeFailure("bad-options", `${label} ${String(value)} for NMS output "${name}" must be a positive integer`);
    }
  }
  const allow = options.classAllowList;
  const found: Detection[] = [];
  let p = 0;
  for (let k = 0; k < classes; k++) {
    if (p >= data.length) {
      return decodeFailure(
        "truncated",
        `NMS output "${name}" ends after ${data.length} floats, before the count of class ${k} of ${classes}; ` +
          `check that the output is HAILO_NMS_BY_CLASS float32 with ${classes} classes`,
      );
    }
    const count = data[p++]!;
    if (!Number.isInteger(count) || count < 0 || count > maxBoxesPerClass) {
      return decodeFailure(
        "bad-count",
        `NMS output "${name}" has box count ${count} for class ${k} at float ${p - 1}; it must be an integer 0..${maxBoxesPerClass} ` +
          "(maxBoxesPerClass); check the output format (HAILO_NMS_BY_CLASS, float32) and the class count",
      );
    }
    const end = p + count * FIELDS;
    if (end > data.length) {
      return decodeFailure(
        "truncated",
        `NMS output "${name}" declares ${count} boxes for class ${k} but only ${data.length - p} floats remain ` +
          `(need ${count * FIELDS}); the buffer is truncated`,
      );
    }
    if (allow === undefined || allow.has(k)) {
      for (let q = p; q < end; q += FIELDS) {
        const score = data[q + 4]!;
        if (!(score >= scoreThreshold)) continue;
        found.push({
          box: { x1: data[q + 1]! * w, y1: data[q]! * h, x2: data[q + 3]! * w, y2: data[q + 2]! * h },
          score,
          classIndex: k,
        });
      }
    }
    p = end;
  }
  // The chip has suppressed overlaps already; order by score so the cap keeps the best.
  found.sort((a, b) => b.score - a.score);
  if (found.length > maxDetections) found.length = maxDetections;
  return { ok: true, value: found };
}
