/** Tiny helpers that write simulated model files and paint uint8 NHWC frames for the tests. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempDir {
  readonly path: string;
  write(name: string, content: unknown): string;
  remove(): void;
}

export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), "hailort-node-test-"));
  return {
    path,
    write(name, content) {
      const file = join(path, name);
      writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

export type Rgb = readonly [number, number, number];

export function simDetector(overrides: Record<string, unknown> = {}, rule: Record<string, unknown> = {}): object {
  return {
    format: "hailort-node-sim-model",
    input: { height: 64, width: 80, channels: 3 },
    latency_ms: 0,
    rule: {
      kind: "color-rectangles-nms-by-class",
      classes: [{ rgb: [230, 50, 50] }, { rgb: [50, 200, 60] }, { rgb: [40, 60, 230] }],
      tolerance: 30,
      max_boxes_per_class: 4,
      min_pixels: 4,
      ...rule,
    },
    ...overrides,
  };
}

export function simLlm(overrides: Record<string, unknown> = {}): object {
  return { format: "hailort-node-sim-llm", tokens: ["Turn", "ing", " left", "."], token_interval_ms: 2, ...overrides };
}

export class Frame {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [16, 16, 16],
  ) {
    this.data = new Uint8Array(width * height * 3);
    this.fill(0, 0, width, height, background);
  }

  /** Paints [x0, x0+w) × [y0, y0+h). */
  fill(x0: number, y0: number, w: number, h: number, rgb: Rgb): this {
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) {
        const i = (y * this.width + x) * 3;
        this.data[i] = rgb[0];
        this.data[i + 1] = rgb[1];
        this.data[i + 2] = rgb[2];
      }
    }
    return this;
  }
}

export interface DecodedBox {
  readonly cls: number;
  readonly yMin: number;
  readonly xMin: number;
  readonly yMax: number;
  readonly xMax: number;
  readonly score: number;
}

/** Reads a HAILO_NMS_BY_CLASS float32 buffer: per class a count, then count × 5 floats. */
export function decodeNmsByClass(output: Float32Array | Uint8Array | Uint16Array | undefined, classes: number): DecodedBox[] {
  if (!(output instanceof Float32Array)) throw new Error(`expected a Float32Array NMS_BY_CLASS output, got ${output?.constructor.name}`);
  const data = output;
  const boxes: DecodedBox[] = [];
  let i = 0;
  for (let cls = 0; cls < classes; cls++) {
    const count = data[i++] ?? 0;
    for (let k = 0; k < count; k++) {
      const [yMin, xMin, yMax, xMax, score] = Array.from(data.subarray(i, i + 5));
      boxes.push({ cls, yMin: yMin!, xMin: xMin!, yMax: yMax!, xMax: xMax!, score: score! });
      i += 5;
    }
  }
  return boxes;
}

export function codeOf(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/** Resolves with the rejection of `p`, failing if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a rejection, but the promise resolved");
}
