/**
 * Decodes the raw head of YOLOv8/YOLO11 detection models: a float32 tensor [1, 4+C, N],
 * channel-major (value (k, i) at k·N + i), rows cx, cy, w, h in model-input pixels followed by
 * C class scores per anchor.
 */
import { boxFromCenter, type Detection } from "./detection.ts";
import { checkThresholds, decodeFailure, type DecodeResult } from "./decode-result.ts";
import { classWiseNms } from "./nms.ts";

export interface YoloRawDecodeOptions {
  /** Names the output in error messages. */
  readonly outputName?: string;
  /** Class scores at or above this are candidates. Default 0.25. */
  readonly scoreThreshold?: number;
  /** Class-wise NMS IoU threshold. Default 0.45. */
  readonly iouThreshold?: number;
  /** Default 100. */
  readonly maxDetections?: number;
  /** Only these class indices are decoded (the others are skipped entirely). */
  readonly classAllowList?: ReadonlySet<number>;
  /**
   * false (default): each anchor yields at most its best class, as Ultralytics predicts.
   * true: every class above the threshold is a candidate.
   */
  readonly multiLabel?: boolean;
  /** Candidates kept for NMS (highest scores), bounding the cost of very low thresholds. Default 30000. */
  readonly maxCandidates?: number;
}

export interface RawTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** Per-anchor scratch, reused across calls so steady-state decoding allocates nothing per anchor. */
let bestScore = new Float32Array(0);
let bestClass = new Int32Array(0);
let hitAnchors = new Int32Array(0);

function ensureScratch(n: number): void {
  if (bestScore.length < n) {
    bestScore = new Float32Array(n);
    bestClass = new Int32Array(n);
    hitAnchors = new Int32Array(n);
  }
}

export function decodeYoloRaw(tensor: RawTensor, options: YoloRawDecodeOptions = {}): DecodeResult {
  const name = options.outputName ?? "output";
  const scoreThreshold = options.scoreThreshold ?? 0.25;
  const iouThreshold = options.iouThreshold ?? 0.45;
  const maxDetections = options.maxDetections ?? 100;
  const maxCandidates = options.maxCandidates ?? 30000;
  const optionError = checkThresholds(name, scoreThreshold, maxDetections);
  if (optionError !== undefined) return decodeFailure("bad-options", optionError);
  if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
    return decodeFailure("bad-options", `IoU threshold ${String(iouThreshold)} for output "${name}" must be in 0..1 (e.g. 0.45)`);
  }
  const { dims, data } = tensor;
  if (dims.length !== 3 || dims[0] !== 1 || !(dims[1]! > 4) || !(dims[2]! > 0)) {
    return decodeFailure(
      "bad-shape",
      `output "${name}" has shape [${dims.join(", ")}], expected [1, 4+C, N] (e.g. [1, 84, 8400]) from a YOLOv8/YOLO11 detection head`,
    );
  }
  const channels = dims[1]!;
  const n = dims[2]!;
  if (data.length !== channels * n) {
    return decodeFailure(
      "bad-shape",
      `output "${name}" holds ${data.length} values but its shape [1, ${channels}, ${n}] needs ${channels * n}`,
    );
  }
  // Stryker disable next-line ArithmeticOperator: equivalent, extra class rows would lie past the tensor's end, and reading there gives undefined, never a score at the threshold
  const classes = channels - 4;
  const allow = options.classAllowList;
  const candidates: Detection[] = [];
  const toDetection = (i: number, score: number, classIndex: number): Detection => ({
    box: boxFromCenter(data[i]!, data[n + i]!, data[2 * n + i]!, data[3 * n + i]!),
    score,
    classIndex,
  });
  const multiLabel = options.multiLabel === true;
  if (!multiLabel) {
    ensureScratch(n);
    bestScore.fill(Number.NEGATIVE_INFINITY, 0, n);
  }
  let hits = 0;
  // Called only for scores at or above the threshold, i.e. rarely.
  const consider = (i: number, s: number, k: number): void => {
    if (multiLabel) {
      candidates.push(toDetection(i, s, k));
    } else if (s > bestScore[i]!) {
      if (bestScore[i] === Number.NEGATIVE_INFINITY) hitAnchors[hits++] = i;
      bestScore[i] = s;
      bestClass[i] = k;
    }
  };
  const thr = scoreThreshold;
  const n4 = n - (n % 4);
  for (let k = 0; k < classes; k++) {
    if (allow !== undefined && !allow.has(k)) continue;
    // Class rows are contiguous; test four scores per step and look closer only on a hit.
    const base = (4 + k) * n;
    const end4 = base + n4;
    for (let p = base; p < end4; p += 4) {
      if (data[p]! >= thr || data[p + 1]! >= thr || data[p + 2]! >= thr || data[p + 3]! >= thr) {
        for (let q = p; q < p + 4; q++) if (data[q]! >= thr) consider(q - base, data[q]!, k);
      }
    }
    for (let q = end4; q < base + n; q++) if (data[q]! >= thr) consider(q - base, data[q]!, k);
  }
  if (!multiLabel) {
    // Anchor order makes ties in the NMS sort deterministic and independent of class order.
    hitAnchors.subarray(0, hits).sort();
    for (let h = 0; h < hits; h++) {
      const i = hitAnchors[h]!;
      candidates.push(toDetection(i, bestScore[i]!, bestClass[i]!));
    }
  }
  let pool = candidates;
  if (pool.length > maxCandidates) pool = pool.sort((a, b) => b.score - a.score).slice(0, maxCandidates);
  return { ok: true, value: classWiseNms(pool, { iouThreshold, maxDetections }) };
}
