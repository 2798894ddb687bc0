/**
 * The floors the host-work ratios are measured against, in the same run: work no implementation
 * of the same job can avoid, written as fast as plain TypeScript does it. Both are stable
 * (no allocation, no garbage), unlike the allocating `slice()` copy the bench used before.
 */
import { randomFrame, rawYoloOutput } from "./inputs.ts";
import { measureSync, type Measured } from "./measure.ts";

/** Results go here so the loops cannot be optimised away. */
const sink = new Float64Array(4);

/** `frame_copy_ms`: copying one 1280×720 rgb8 frame into a preallocated buffer (a memcpy). */
export function benchFrameCopy(width = 1280, height = 720): Measured {
  const source = randomFrame(width, height);
  const target = new Uint8Array(source.length);
  const result = measureSync(() => target.set(source), { runs: 400, warmup: 50 });
  sink[0] = target[target.length - 1]!;
  return result;
}

/**
 * Every float of the head compared with the score threshold, four per step: the least work a
 * decoder of a raw head can do (each class score must be tested once).
 */
export function scanScores(data: Float32Array, threshold: number): number {
  let hits = 0;
  const n4 = data.length - (data.length % 4);
  for (let i = 0; i < n4; i += 4) {
    if (data[i]! >= threshold || data[i + 1]! >= threshold || data[i + 2]! >= threshold || data[i + 3]! >= threshold) hits++;
  }
  for (let i = n4; i < data.length; i++) if (data[i]! >= threshold) hits++;
  return hits;
}

/** `score_scan_ms`: one pass reading every float of a `[1, 84, 8400]` head. */
export function benchScoreScan(): Measured {
  const data = rawYoloOutput();
  let hits = 0;
  const result = measureSync(
    () => {
      hits = scanScores(data, 0.25);
    },
    { runs: 400, warmup: 50 },
  );
  sink[1] = hits;
  return result;
}
