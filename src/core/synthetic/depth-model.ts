/**
 * A depth model the project builds itself: an ONNX graph, generated in code, that reads the depth
 * the synthetic scenes paint into their colours (`depth-code.ts`) and reports it the way scdepthv3
 * does, so the depth node's whole path (letterbox, inference, scdepthv3 postprocess, intrinsics,
 * point cloud) runs on real ONNX inference with a known answer. A hand-built lookup, not a trained network.
 *
 * Input `image`: uint8 NHWC `[1, H, W, 3]`, RGB. Output `depth`: float32 `[1, H, W, 1]`, the
 * scdepthv3 pre-sigmoid value x of the pixel's coded depth d, x = logit((1/d − 0.009) / 10), so the
 * scdepthv3 postprocess 1 / (sigmoid(x) · 10 + 0.009) gives d back; the "no depth" code gives NaN.
 * Graph: Cast → digit = c − 10 · ⌊c / 10⌋ per channel → MatMul by [100, 10, 1] (the code) → Cast to
 * int64 → Gather from a 1000-entry table of x.
 */
import { scdepthLogitOfDepth } from "../depth/depth-families.ts";
import { GraphBuilder } from "../onnx/graph-builder.ts";
import { encodeModelProto } from "../onnx/onnx-proto.ts";
import { DEPTH_CODE_COUNT, depthCodeTable } from "./depth-code.ts";

export const SYNTHETIC_DEPTH_INPUT_NAME = "image";
export const SYNTHETIC_DEPTH_OUTPUT_NAME = "depth";
/** scdepthv3's input size in the Hailo model zoo. */
export const SYNTHETIC_DEPTH_DEFAULT_SIZE = { width: 320, height: 256 } as const;

export interface SyntheticDepthModelOptions {
  readonly inputWidth?: number;
  readonly inputHeight?: number;
}

/** The scdepthv3 output value of every depth code, float32 as the model holds it. */
export function syntheticDepthLogitTable(): Float32Array {
  return Float32Array.from(depthCodeTable(), (d) => scdepthLogitOfDepth(d));
}

let cachedTable: Float32Array | undefined;

/**
 * The model's rule in TypeScript (what the simulated device answers): the scdepthv3 output for a
 * tightly packed uint8 RGB frame, one value per pixel.
 */
export function syntheticDepthLogits(input: Uint8Array, out = new Float32Array(input.length / 3)): Float32Array {
  if (input.length % 3 !== 0) throw new RangeError(`an RGB frame of ${input.length} bytes is not a whole number of pixels`);
  if (out.length !== input.length / 3) throw new RangeError(`output holds ${out.length} values, expected ${input.length / 3}`);
  const table = (cachedTable ??= syntheticDepthLogitTable());
  // Stryker disable next-line EqualityOperator: equivalent, the write at out.length falls outside the typed array and is ignored
  for (let i = 0, p = 0; i < out.length; i++, p += 3) {
    out[i] = table[100 * ((input[p] as number) % 10) + 10 * ((input[p + 1] as number) % 10) + ((input[p + 2] as number) % 10)] as number;
  }
  return out;
}

/** Builds the synthetic depth model as ONNX model bytes (IR 8, opset 17). */
export function buildSyntheticDepthOnnx(options: SyntheticDepthModelOptions = {}): Uint8Array {
  const W = options.inputWidth ?? SYNTHETIC_DEPTH_DEFAULT_SIZE.width;
  const H = options.inputHeight ?? SYNTHETIC_DEPTH_DEFAULT_SIZE.height;
  if (![W, H].every((n) => Number.isSafeInteger(n) && n > 0))
    throw new RangeError(`synthetic depth model input ${W}x${H} must be positive integers`);
  const g = new GraphBuilder("synthetic_depth");
  const image = g.input({ name: SYNTHETIC_DEPTH_INPUT_NAME, elemType: "uint8", shape: [1, H, W, 3] });
  const ten = g.floatConstant("ten", [], [10]);
  const weights = g.floatConstant("digit_weights", [3, 1], [100, 10, 1]);
  const table = g.floatConstant("logit_table", [DEPTH_CODE_COUNT], syntheticDepthLogitTable());
  const channels = g.node("Cast", [image], { to: { int: 1 } });
  const tens = g.node("Floor", [g.node("Div", [channels, ten])]);
  const digits = g.node("Sub", [channels, g.node("Mul", [tens, ten])]);
  const code = g.node("Cast", [g.node("MatMul", [digits, weights])], { to: { int: 7 } }); // [1, H, W, 1]
  g.node("Gather", [table, code], { axis: { int: 0 } }, SYNTHETIC_DEPTH_OUTPUT_NAME);
  const graph = g.build(
    [{ name: SYNTHETIC_DEPTH_OUTPUT_NAME, elemType: "float", shape: [1, H, W, 1] }],
    "Synthetic depth: reads the depth code painted in the colours and emits its scdepthv3 pre-sigmoid value (not a trained network).",
  );
  return encodeModelProto({
    graph,
    producerName: "hailo_ros",
    producerVersion: "1",
    docString: `Synthetic depth model for hailo_ros test scenes; input ${W}x${H}; scdepthv3 output convention.`,
    metadata: { family: "scdepthv3", imgsz: `[${H}, ${W}]`, task: "depth" },
  });
}
