/** The bench's inputs, the same in every run (seeded): camera frames, a raw YOLOv8 head, NMS boxes. */
import type { NormalizedBox } from "../../src/testing/nms-by-class-buffer.ts";
import { mulberry32 } from "./measure.ts";

/** A width × height rgb8 frame of seeded noise. */
export function randomFrame(width: number, height: number, seed = 7): Uint8Array {
  const random = mulberry32(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (random() * 256) | 0;
  return data;
}

/** The fixed NMS-by-class boxes of the host bench (normalized to the model input), seeded. */
export function hostBenchBoxes(count: number): NormalizedBox[] {
  const random = mulberry32(11);
  return Array.from({ length: count }, (_, i) => {
    const x1 = random() * 0.8;
    const y1 = random() * 0.8;
    return { classIndex: i % 80, x1, y1, x2: x1 + 0.05 + random() * 0.15, y2: y1 + 0.05 + random() * 0.15, score: 0.3 + random() * 0.7 };
  });
}

/** A realistic raw YOLOv8 head `[1, 84, 8400]`: mostly low scores, 25 objects with clusters of confident anchors. */
export function rawYoloOutput(): Float32Array {
  const random = mulberry32(3);
  const anchors = 8400;
  const classes = 80;
  const data = new Float32Array((4 + classes) * anchors);
  for (let i = 0; i < anchors; i++) {
    data[i] = random() * 640;
    data[anchors + i] = random() * 640;
    data[2 * anchors + i] = 8 + random() * 200;
    data[3 * anchors + i] = 8 + random() * 200;
  }
  for (let k = 0; k < classes; k++) {
    const row = (4 + k) * anchors;
    for (let i = 0; i < anchors; i++) data[row + i] = random() * random() * 0.08;
  }
  for (let o = 0; o < 25; o++) {
    const cls = (random() * classes) | 0;
    const cx = 40 + random() * 560;
    const cy = 40 + random() * 560;
    const w = 20 + random() * 150;
    const h = 20 + random() * 150;
    const first = (random() * (anchors - 12)) | 0;
    for (let j = 0; j < 12; j++) {
      const i = first + j;
      data[i] = cx + (random() - 0.5) * 4;
      data[anchors + i] = cy + (random() - 0.5) * 4;
      data[2 * anchors + i] = w * (0.95 + random() * 0.1);
      data[3 * anchors + i] = h * (0.95 + random() * 0.1);
      data[(4 + cls) * anchors + i] = 0.4 + random() * 0.55;
    }
  }
  return data;
}
