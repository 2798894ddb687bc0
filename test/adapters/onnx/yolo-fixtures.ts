/** Test helpers: a minimal YOLOv8 raw-head decoder and a bilinear letterbox, independent of the code under test. */
import type { OutputTensor } from "../../../src/ports/inference-backend.ts";

export interface TestBox {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface TestDetection {
  readonly box: TestBox;
  readonly classIndex: number;
  readonly score: number;
}

export function iou(a: TestBox, b: TestBox): number {
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = w * h;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return union > 0 ? inter / union : 0;
}

/** `[1, 4 + C, N]` → detections above `threshold`, then greedy per-class NMS. */
export function decodeYoloRaw(output: OutputTensor, threshold = 0.25, iouThreshold = 0.5): TestDetection[] {
  const [, features, count] = output.dims as [number, number, number];
  const d = output.data;
  const candidates: TestDetection[] = [];
  for (let n = 0; n < count; n++) {
    let best = -1;
    let bestScore = threshold;
    for (let c = 0; c < features - 4; c++) {
      const score = d[(4 + c) * count + n] as number;
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (best < 0) continue;
    const [cx, cy, w, h] = [0, 1, 2, 3].map((k) => d[k * count + n] as number) as [number, number, number, number];
    candidates.push({ box: { x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 }, classIndex: best, score: bestScore });
  }
  candidates.sort((a, b) => b.score - a.score);
  const kept: TestDetection[] = [];
  for (const c of candidates) {
    if (!kept.some((k) => k.classIndex === c.classIndex && iou(k.box, c.box) > iouThreshold)) kept.push(c);
  }
  return kept;
}

/** Aspect-preserving bilinear resize (pixel-centre sampling) into a centred, grey-padded canvas. */
export function letterboxRgb(
  src: Uint8Array,
  srcW: number,
  srcH: number,
  dstW: number,
  dstH: number,
): { data: Uint8Array; scale: number; padX: number; padY: number } {
  const scale = Math.min(dstW / srcW, dstH / srcH);
  const w = Math.round(srcW * scale);
  const h = Math.round(srcH * scale);
  const padX = Math.floor((dstW - w) / 2);
  const padY = Math.floor((dstH - h) / 2);
  const out = new Uint8Array(dstW * dstH * 3).fill(114);
  const at = (x: number, y: number, ch: number): number => src[(y * srcW + x) * 3 + ch] as number;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(Math.max((y + 0.5) / scale - 0.5, 0), srcH - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, srcH - 1);
    const fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(Math.max((x + 0.5) / scale - 0.5, 0), srcW - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, srcW - 1);
      const fx = sx - x0;
      for (let ch = 0; ch < 3; ch++) {
        const top = at(x0, y0, ch) * (1 - fx) + at(x1, y0, ch) * fx;
        const bottom = at(x0, y1, ch) * (1 - fx) + at(x1, y1, ch) * fx;
        out[((y + padY) * dstW + x + padX) * 3 + ch] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { data: out, scale, padX, padY };
}
