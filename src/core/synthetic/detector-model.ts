/**
 * A detector the project builds itself: an ONNX graph, generated in code, that finds the
 * synthetic scene's solid rectangles and reports them in the YOLOv8 raw-head layout, so the
 * whole detection pipeline can run real ONNX inference without downloading trained weights.
 * It is a hand-constructed colour matcher, not a trained network.
 *
 * Input `images`: uint8 NHWC `[1, H, W, 3]`, RGB.
 * Output `output0`: float32 `[1, 4 + C, N]`, N = (H / stride) · (W / stride) cells in row-major
 * order; rows 0..3 are cx, cy, w, h in input pixels, rows 4.. are C class scores (0, 0.5 or 1).
 *
 * How it works: every cell samples one pixel, at (row i·s + ⌊s/2⌋, column j·s + ⌊s/2⌋).
 * Per class, a mask marks pixels that match the class under the palette's rule (nearest class
 * colour, within that class's tolerance; see `palette.ts`); it is computed only on the sampled rows
 * and sampled columns. Along each sampled row,
 * a strided depthwise convolution over a window of `window` pixels centred on each cell counts
 * the class's pixels (the rectangle's width) and sums their offsets from the centre (giving the
 * rectangle's mean column); the same along columns gives height and mean row. A rectangle covering
 * columns x0..x0+w−1 therefore yields cx = x0 + w/2 and width w exactly, from every cell inside it.
 * The box of the cell's own class is picked by multiplying with the one-hot mask at the cell's pixel
 * and summing over classes. The class score is 1 when the cell's pixel and its four neighbours match
 * the class, 0.5 when only the cell's pixel does (a rectangle's edge, where resize blur makes the
 * measured box up to a pixel short), else 0.
 *
 * Limits (see `syntheticDetectorLimits`): with r = (window − 1) / 2,
 * - each rectangle is at least `stride + 2` pixels wide and high (so some cell samples it, with
 *   1 px of edge blur to spare) and at most r pixels (so a cell on its edge still sees all of it);
 * - two rectangles of the same class that share a row must be more than r pixels apart
 *   horizontally, and if they share a column, more than r apart vertically (else their pixels add up);
 * - rectangles of different classes must not touch (keep ≥ 2 px apart) so blurred edges do not mix
 *   two class colours;
 * - the background and letterbox padding must be colours that match no class (`palette.ts`).
 * Every cell inside a rectangle reports the same box with score 1 (edge cells 0.5), so a decoder's
 * NMS keeps one.
 */
import { z } from "zod";
import { GraphBuilder } from "../onnx/graph-builder.ts";
import { encodeModelProto } from "../onnx/onnx-proto.ts";
import { SYNTHETIC_CLASSES } from "./palette.ts";

export const SYNTHETIC_DETECTOR_INPUT_NAME = "images";
export const SYNTHETIC_DETECTOR_OUTPUT_NAME = "output0";

export const SyntheticDetectorOptionsSchema = z
  .object({
    inputWidth: z.number().int().positive().default(640),
    inputHeight: z.number().int().positive().default(640),
    /** Pixels between sampled cells; N = (W/stride)·(H/stride). */
    stride: z.number().int().min(2).default(16),
    /** Odd window length (pixels) of the row/column measurements; bounds the largest rectangle. */
    window: z.number().int().default(257),
  })
  .superRefine((o, ctx) => {
    if (o.stride % 2 !== 0) ctx.addIssue({ code: "custom", message: `stride ${o.stride} must be even`, path: ["stride"] });
    if (o.inputWidth % o.stride !== 0 || o.inputHeight % o.stride !== 0) {
      ctx.addIssue({
        code: "custom",
        message: `input ${o.inputWidth}x${o.inputHeight} must be a multiple of stride ${o.stride} in both directions`,
        path: ["inputWidth"],
      });
    }
    if (o.window % 2 !== 1 || o.window < o.stride + 3) {
      ctx.addIssue({
        code: "custom",
        message: `window ${o.window} must be odd and at least stride + 3 (${o.stride + 3})`,
        path: ["window"],
      });
    }
  });

export type SyntheticDetectorOptions = z.input<typeof SyntheticDetectorOptionsSchema>;
export type ResolvedSyntheticDetectorOptions = z.output<typeof SyntheticDetectorOptionsSchema>;

export interface SyntheticDetectorLimits {
  /** Smallest rectangle side, in model-input pixels. */
  readonly minSize: number;
  /** Largest rectangle side, in model-input pixels. */
  readonly maxSize: number;
  /** Same-class rectangles sharing a row (column) need a gap larger than this horizontally (vertically). */
  readonly sameClassGap: number;
  /** Gap to keep between any two rectangles. */
  readonly minGap: number;
}

export function resolveSyntheticDetectorOptions(options: SyntheticDetectorOptions = {}): ResolvedSyntheticDetectorOptions {
  const parsed = SyntheticDetectorOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; ");
    throw new RangeError(`invalid synthetic detector options: ${detail}`);
  }
  return parsed.data;
}

export function syntheticDetectorLimits(options: SyntheticDetectorOptions = {}): SyntheticDetectorLimits {
  const o = resolveSyntheticDetectorOptions(options);
  const radius = (o.window - 1) / 2;
  return { minSize: o.stride + 2, maxSize: radius, sameClassGap: radius, minGap: 2 };
}

/** Builds the detector as ONNX model bytes (IR 8, opset 17). */
export function buildSyntheticDetectorOnnx(options: SyntheticDetectorOptions = {}): Uint8Array {
  const o = resolveSyntheticDetectorOptions(options);
  const { inputWidth: W, inputHeight: H, stride: s, window: K } = o;
  const C = SYNTHETIC_CLASSES.length;
  const R = (K - 1) / 2;
  const half = s / 2;
  const cols = W / s;
  const rows = H / s;
  // Pads that centre output j of a stride-s convolution on pixel j·s + s/2 and yield exactly W/s outputs.
  const padBefore = R - half;
  const padAfter = R + 1 - half;

  const g = new GraphBuilder("synthetic_detector");
  const images = g.input({ name: SYNTHETIC_DETECTOR_INPUT_NAME, elemType: "uint8", shape: [1, H, W, 3] });

  const colours = g.floatConstant(
    "class_colours",
    [1, C, 1, 1, 3],
    SYNTHETIC_CLASSES.flatMap((c) => [...c.rgb]),
  );
  const tolerances = g.floatConstant(
    "class_tolerances",
    [1, C, 1, 1],
    SYNTHETIC_CLASSES.map((c) => c.tolerance),
  );
  const classIndices = g.int64Constant(
    "class_indices",
    [1, C, 1, 1],
    SYNTHETIC_CLASSES.map((c) => c.index),
  );
  const one = g.floatConstant("one", [], [1]);
  const axis1 = g.int64Constant("axis_1", [1], [1]);
  const axis3 = g.int64Constant("axis_3", [1], [3]);
  const axis4 = g.int64Constant("axis_4", [1], [4]);
  const sampleRows = g.int64Constant(
    "sample_rows",
    [rows],
    Array.from({ length: rows }, (_, i) => i * s + half),
  );
  const sampleCols = g.int64Constant(
    "sample_cols",
    [cols],
    Array.from({ length: cols }, (_, j) => j * s + half),
  );
  // Cell centres in continuous pixel coordinates (pixel k spans [k, k+1)).
  const gridX = g.floatConstant(
    "grid_x",
    [1, 1, 1, cols],
    Array.from({ length: cols }, (_, j) => j * s + half + 0.5),
  );
  const gridY = g.floatConstant(
    "grid_y",
    [1, 1, rows, 1],
    Array.from({ length: rows }, (_, i) => i * s + half + 0.5),
  );
  // Per class two kernels: ones (pixel count) and offsets from the centre (first moment).
  const kernelValues: number[] = [];
  for (let c = 0; c < C; c++) {
    for (let k = 0; k < K; k++) kernelValues.push(1);
    for (let k = 0; k < K; k++) kernelValues.push(k - R);
  }
  const rowKernel = g.floatConstant("row_kernel", [2 * C, 1, 1, K], kernelValues);
  const colKernel = g.floatConstant("col_kernel", [2 * C, 1, K, 1], kernelValues);

  // Sample rows and columns before converting to float: only 2/stride of the image is ever read.
  const toFloat = { to: { int: 1 } } as const;
  const rowPixels = g.node("Cast", [g.node("Gather", [images, sampleRows], { axis: { int: 1 } })], toFloat); // [1, rows, W, 3]
  const colPixels = g.node("Cast", [g.node("Gather", [images, sampleCols], { axis: { int: 2 } })], toFloat); // [1, H, cols, 3]

  // The palette's rule: smallest distance ÷ tolerance (ties to the lower index), if below 1.
  const classMask = (rgb: string): string => {
    const expanded = g.node("Unsqueeze", [rgb, axis1]); // [1, 1, A, B, 3]
    const difference = g.node("Abs", [g.node("Sub", [expanded, colours])]); // [1, C, A, B, 3]
    const distance = g.node("ReduceSum", [difference, axis4], { keepdims: { int: 0 } }); // [1, C, A, B]
    const ratio = g.node("Div", [distance, tolerances]);
    const nearest = g.node("ArgMin", [ratio], { axis: { int: 1 }, keepdims: { int: 1 }, select_last_index: { int: 0 } }); // [1, 1, A, B]
    const isNearest = g.node("Equal", [nearest, classIndices]);
    const withinTolerance = g.node("Less", [ratio, one]);
    return g.node("Cast", [g.node("And", [isNearest, withinTolerance])], { to: { int: 1 } });
  };
  const rowMask = classMask(rowPixels); // [1, C, rows, W]
  const colMask = classMask(colPixels); // [1, C, H, cols]

  const rowSums = g.node("Conv", [rowMask, rowKernel], {
    group: { int: C },
    strides: { ints: [1, s] },
    pads: { ints: [0, padBefore, 0, padAfter] },
  }); // [1, 2C, rows, cols]
  const colSums = g.node("Conv", [colMask, colKernel], {
    group: { int: C },
    strides: { ints: [s, 1] },
    pads: { ints: [padBefore, 0, padAfter, 0] },
  }); // [1, 2C, rows, cols]

  const evenChannels = (t: string, first: number): string =>
    g.node("Slice", [
      t,
      g.int64Constant(`${t}_start_${first}`, [1], [first]),
      g.int64Constant(`${t}_end_${first}`, [1], [2 * C]),
      axis1,
      g.int64Constant(`${t}_step_${first}`, [1], [2]),
    ]);
  const widths = evenChannels(rowSums, 0);
  const xMoments = evenChannels(rowSums, 1);
  const heights = evenChannels(colSums, 0);
  const yMoments = evenChannels(colSums, 1);

  const sampleSlice = (mask: string, axis: string, start: number, end: number, name: string): string =>
    g.node("Slice", [
      mask,
      g.int64Constant(`${name}_start`, [1], [start]),
      g.int64Constant(`${name}_end`, [1], [end]),
      axis,
      g.int64Constant(`${name}_step`, [1], [s]),
    ]);
  const axis2 = g.int64Constant("axis_2", [1], [2]);
  // Stryker disable next-line StringLiteral: equivalent, the name only labels this slice's constants ("_start" etc. collide with no other name)
  const cellMask = sampleSlice(rowMask, axis3, half, W, "cell"); // [1, C, rows, cols], the cell's own pixel
  // Cells on a rectangle's (possibly resize-blurred) edge measure a slightly short box; scoring them
  // 0.5 instead of 1 lets NMS keep a box from a cell whose pixel and four neighbours all match.
  const neighbours = [
    // Stryker disable next-line StringLiteral: equivalent, the name only labels this slice's constants
    sampleSlice(rowMask, axis3, half - 1, W, "left"),
    // Stryker disable next-line StringLiteral: equivalent, the name only labels this slice's constants
    sampleSlice(rowMask, axis3, half + 1, W, "right"),
    // Stryker disable next-line StringLiteral: equivalent, the name only labels this slice's constants
    sampleSlice(colMask, axis2, half - 1, H, "up"),
    // Stryker disable next-line StringLiteral: equivalent, the name only labels this slice's constants
    sampleSlice(colMask, axis2, half + 1, H, "down"),
  ];
  const interior = neighbours.reduce((product, m) => g.node("Mul", [product, m]), cellMask);
  const scores = g.node("Mul", [g.node("Add", [cellMask, interior]), g.floatConstant("half_weight", [], [0.5])], undefined, "scores");

  const centreX = g.node("Add", [g.node("Div", [xMoments, g.node("Max", [widths, one])]), gridX]);
  const centreY = g.node("Add", [g.node("Div", [yMoments, g.node("Max", [heights, one])]), gridY]);
  const ownClass = (perClass: string): string =>
    // Stryker disable next-line ObjectLiteral: equivalent, ONNX ReduceSum keeps the reduced axis by default (keepdims = 1)
    g.node("ReduceSum", [g.node("Mul", [perClass, cellMask]), axis1], { keepdims: { int: 1 } }); // [1, 1, rows, cols]

  const features = g.node("Concat", [ownClass(centreX), ownClass(centreY), ownClass(widths), ownClass(heights), scores], {
    axis: { int: 1 },
  }); // [1, 4 + C, rows, cols]
  const outputShape = g.int64Constant("output_shape", [3], [1, 4 + C, rows * cols]);
  g.node("Reshape", [features, outputShape], undefined, SYNTHETIC_DETECTOR_OUTPUT_NAME);

  const graph = g.build(
    [{ name: SYNTHETIC_DETECTOR_OUTPUT_NAME, elemType: "float", shape: [1, 4 + C, rows * cols] }],
    "Synthetic colour-rectangle detector with a YOLOv8-layout output (not a trained network).",
  );
  return encodeModelProto({
    graph,
    producerName: "hailo_ros",
    producerVersion: "1",
    docString: `Synthetic detector for hailo_ros test scenes; input ${W}x${H}, stride ${s}, window ${K}.`,
    metadata: {
      names: `{${SYNTHETIC_CLASSES.map((c) => `${c.index}: '${c.label}'`).join(", ")}}`,
      imgsz: `[${H}, ${W}]`,
      stride: String(s),
      task: "detect",
    },
  });
}
