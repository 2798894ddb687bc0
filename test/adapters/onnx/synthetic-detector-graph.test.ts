import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OnnxBackend } from "../../../src/adapters/onnx/onnx-backend.ts";
import { buildSyntheticDetectorOnnx } from "../../../src/core/synthetic/detector-model.ts";
import type { SyntheticDetectorOptions } from "../../../src/core/synthetic/detector-model.ts";
import { BACKGROUND_RGB, SYNTHETIC_CLASSES } from "../../../src/core/synthetic/palette.ts";
import type { OutputTensor } from "../../../src/ports/inference-backend.ts";

/** A rectangle covering columns x..x+width−1 and rows y..y+height−1 in the class's colour. */
interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly classIndex: number;
}

/** Paints the frame here (not with the scene renderer) so the test depends only on the palette. */
function paint(width: number, height: number, rects: readonly Rect[]): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) data.set(BACKGROUND_RGB, p * 3);
  for (const r of rects) {
    const rgb = SYNTHETIC_CLASSES[r.classIndex]!.rgb;
    for (let y = r.y; y < r.y + r.height; y++) for (let x = r.x; x < r.x + r.width; x++) data.set(rgb, (y * width + x) * 3);
  }
  return data;
}

/** Runs a detector built with `options` inside the test (so the graph's construction is what is tested). */
async function runDetector(options: SyntheticDetectorOptions, frame: Uint8Array): Promise<OutputTensor> {
  const dir = await mkdtemp(join(tmpdir(), "hailo-ros-graph-"));
  const backend = new OnnxBackend({ intraOpNumThreads: 1 });
  try {
    const path = join(dir, "detector.onnx");
    await writeFile(path, buildSyntheticDetectorOnnx(options));
    const model = await backend.load({ modelPath: path });
    const out = (await model.infer(frame)).get("output0");
    assert.ok(out, "output0 present");
    return out;
  } finally {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe("synthetic detector graph (built and run per test)", function () {
  // 64×48 input (not square, so rows and columns cannot be swapped unnoticed), stride 8: the cells
  // sample pixels 4, 12, 20, … in both directions; window 41 measures rectangles up to 20 px.
  const options = { inputWidth: 64, inputHeight: 48, stride: 8, window: 41 };
  const cols = 8;
  const rows = 6;
  // A: columns and rows 12..28, so sampled pixels 12 and 28 lie exactly on its edges (score 0.5)
  // and 20 inside (score 1). B: columns 38..55, rows 30..43, sampled at (44, 36) and (52, 36).
  const a: Rect = { x: 12, y: 12, width: 17, height: 17, classIndex: 2 };
  const b: Rect = { x: 38, y: 30, width: 18, height: 14, classIndex: 5 };

  it("reports every cell's class score and the exact box of the rectangle under it", async () => {
    const out = await runDetector(options, paint(64, 48, [a, b]));
    assert.deepEqual(out.dims, [1, 4 + SYNTHETIC_CLASSES.length, rows * cols]);
    const grid = (feature: number): number[][] =>
      Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => out.data[feature * rows * cols + i * cols + j]!));
    const zeros = Array.from({ length: rows }, () => Array.from({ length: cols }, () => 0));
    const h = 0.5;
    const expectedScores: Record<number, number[][]> = {
      [a.classIndex]: [
        [0, 0, 0, 0, 0, 0, 0, 0],
        [0, h, h, h, 0, 0, 0, 0],
        [0, h, 1, h, 0, 0, 0, 0],
        [0, h, h, h, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0],
      ],
      [b.classIndex]: [
        [0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 1, 1, 0],
        [0, 0, 0, 0, 0, 0, 0, 0],
      ],
    };
    for (const c of SYNTHETIC_CLASSES) assert.deepEqual(grid(4 + c.index), expectedScores[c.index] ?? zeros, `${c.label} scores`);

    // cx = x + width / 2, cy = y + height / 2, then width and height, for every cell the rectangle covers.
    const boxA = [20.5, 20.5, 17, 17];
    const boxB = [47, 37, 18, 14];
    const boxes = [0, 1, 2, 3].map(grid);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const inA = expectedScores[a.classIndex]![i]![j]! > 0;
        const inB = expectedScores[b.classIndex]![i]![j]! > 0;
        const expected = inA ? boxA : inB ? boxB : [0, 0, 0, 0]; // a cell on the background reports no box
        assert.deepEqual(
          boxes.map((f) => f[i]![j]),
          expected,
          `box of cell (row ${i}, column ${j})`,
        );
      }
    }
  });

  it("measures the same rectangle from a cell on its right and bottom edges as from inside", async () => {
    // Rows and columns 4..20: its last row and column (20) are sampled, as is its first (4).
    const c: Rect = { x: 4, y: 4, width: 17, height: 17, classIndex: 0 };
    const out = await runDetector(options, paint(64, 48, [c]));
    const at = (feature: number, i: number, j: number) => out.data[feature * rows * cols + i * cols + j];
    const cases: [string, number, number, number][] = [
      ["top-left corner", 0, 0, 0.5],
      ["bottom edge", 2, 1, 0.5],
      ["right edge", 1, 2, 0.5],
      ["inside", 1, 1, 1],
      ["beyond the bottom-right corner", 3, 3, 0],
    ];
    for (const [name, i, j, score] of cases) {
      assert.equal(at(4, i, j), score, `${name}: score`);
      if (score > 0)
        assert.deepEqual(
          [0, 1, 2, 3].map((k) => at(k, i, j)),
          [12.5, 12.5, 17, 17],
          `${name}: box`,
        );
    }
  });
});
