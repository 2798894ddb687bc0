/**
 * The CPU inference backend: ONNX models on onnxruntime-node's CPU execution provider.
 * Takes the port's uint8 NHWC frames and adapts them to what the model wants
 * (Ultralytics YOLO exports take float32 NCHW scaled 0..1; the synthetic detector takes uint8 NHWC).
 */
import { constants as fsConstants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { InferenceSession, Tensor } from "onnxruntime-node";
import type {
  InferenceBackend,
  InferenceOutputs,
  InferOptions,
  InputInfo,
  LoadedModel,
  LoadModelOptions,
  ModelInfo,
  OutputTensor,
  TensorDType,
  TensorOutputInfo,
} from "../../ports/inference-backend.ts";
import { ModelLoadError } from "../../ports/inference-backend.ts";
import { nhwcToFloat32, nhwcToNchwFloat32, nhwcToNchwUint8, toFloat32Array } from "../../core/onnx/tensor-layout.ts";
import type { NumericArray } from "../../core/onnx/tensor-layout.ts";

export interface OnnxBackendOptions {
  /** Threads one inference may use. The Pi 5 has 4 cores; 2 leaves room for ROS and the camera. */
  readonly intraOpNumThreads?: number;
  /** Input size assumed when the model declares symbolic height/width (dynamic-shape exports). */
  readonly dynamicInputSize?: { readonly width: number; readonly height: number };
}

type InputEncoding =
  { readonly dtype: "uint8"; readonly layout: "NHWC" | "NCHW" } | { readonly dtype: "float32"; readonly layout: "NHWC" | "NCHW" };

interface InputPlan {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly encoding: InputEncoding;
}

const SUPPORTED_OUTPUT_TYPES = new Set<string>(["float32", "float16", "float64", "uint8", "int8", "uint16", "int16", "int32", "int64"]);

function abortError(what: string, signal: AbortSignal): DOMException {
  const error = new DOMException(`${what} was aborted`, "AbortError");
  if (signal.reason !== undefined) Object.defineProperty(error, "cause", { value: signal.reason });
  return error;
}

function fixedDim(dim: number | string | undefined): number | undefined {
  return typeof dim === "number" && dim > 0 ? dim : undefined;
}

async function checkReadableFile(modelPath: string): Promise<void> {
  let info;
  try {
    info = await stat(modelPath);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "does not exist" : `cannot be accessed (${code ?? String(cause)})`;
    throw new ModelLoadError(modelPath, `model file "${modelPath}" ${reason}; check the model path setting`, { cause });
  }
  if (!info.isFile()) {
    throw new ModelLoadError(modelPath, `model path "${modelPath}" is not a file; point it at an .onnx model file`);
  }
  try {
    await access(modelPath, fsConstants.R_OK);
  } catch (cause) {
    throw new ModelLoadError(modelPath, `model file "${modelPath}" is not readable; check its permissions`, { cause });
  }
}

function planInput(modelPath: string, session: InferenceSession, fallback: { width: number; height: number }): InputPlan {
  const tensorInputs = session.inputMetadata;
  const [meta] = tensorInputs;
  if (tensorInputs.length !== 1 || meta === undefined || !meta.isTensor) {
    throw new ModelLoadError(
      modelPath,
      `model "${modelPath}" has ${tensorInputs.length} inputs (${session.inputNames.join(", ")}); only models with one image tensor input are supported`,
    );
  }
  const shape = meta.shape;
  if (shape.length !== 4 || (meta.type !== "uint8" && meta.type !== "float32")) {
    throw new ModelLoadError(
      modelPath,
      `model "${modelPath}" input "${meta.name}" is ${meta.type} [${shape.join(", ")}]; supported inputs are uint8 or float32 images of rank 4 (NHWC or NCHW with 3 channels)`,
    );
  }
  const channelsFirst = shape[1] === 3 && shape[3] !== 3;
  const channelsLast = shape[3] === 3 && shape[1] !== 3;
  // Ambiguous (e.g. all dims symbolic): float models are NCHW by convention, uint8 models NHWC.
  const layout: "NHWC" | "NCHW" = channelsFirst ? "NCHW" : channelsLast ? "NHWC" : meta.type === "float32" ? "NCHW" : "NHWC";
  const [heightDim, widthDim] = layout === "NCHW" ? [shape[2], shape[3]] : [shape[1], shape[2]];
  return {
    name: meta.name,
    height: fixedDim(heightDim) ?? fallback.height,
    width: fixedDim(widthDim) ?? fallback.width,
    encoding: { dtype: meta.type, layout },
  };
}

function describeOutputs(modelPath: string, session: InferenceSession): TensorOutputInfo[] {
  return session.outputMetadata.map((meta) => {
    if (!meta.isTensor || !SUPPORTED_OUTPUT_TYPES.has(meta.type)) {
      throw new ModelLoadError(
        modelPath,
        `model "${modelPath}" output "${meta.name}" is ${meta.isTensor ? meta.type : "not a tensor"}; only numeric tensor outputs are supported`,
      );
    }
    return {
      kind: "tensor",
      name: meta.name,
      // Symbolic dimensions are reported as -1; the real size comes with each inference's dims.
      shape: meta.shape.map((d) => (typeof d === "number" && d >= 0 ? d : -1)),
      dtype: meta.type as TensorDType,
    };
  });
}

class OnnxLoadedModel implements LoadedModel {
  readonly info: ModelInfo;
  readonly #modelPath: string;
  readonly #session: InferenceSession;
  readonly #input: InputPlan;
  readonly #onRelease: (model: OnnxLoadedModel) => void;
  #released = false;

  constructor(
    modelPath: string,
    session: InferenceSession,
    input: InputPlan,
    outputs: TensorOutputInfo[],
    onRelease: (model: OnnxLoadedModel) => void,
  ) {
    this.#modelPath = modelPath;
    this.#session = session;
    this.#input = input;
    this.#onRelease = onRelease;
    const inputInfo: InputInfo = { name: input.name, shape: [1, input.height, input.width, 3], dtype: "uint8", layout: "NHWC" };
    this.info = { inputs: [inputInfo], outputs };
  }

  async infer(input: Uint8Array, options: InferOptions = {}): Promise<InferenceOutputs> {
    if (this.#released) {
      throw new Error(`model "${this.#modelPath}" was released; load it again before running inference`);
    }
    const { signal } = options;
    if (signal?.aborted) throw abortError(`inference on "${this.#modelPath}"`, signal);
    const { width, height, encoding, name } = this.#input;
    const expected = width * height * 3;
    if (input.length !== expected) {
      throw new RangeError(
        `model "${this.#modelPath}" needs a ${width}x${height} RGB frame: ${expected} bytes of uint8 NHWC, but got ${input.length} bytes; resize or letterbox the image to ${width}x${height} first`,
      );
    }
    const feed = this.#toTensor(input, encoding, width, height);
    const results = await this.#session.run({ [name]: feed });
    // onnxruntime cannot cancel a running CPU inference; a late abort still discards the result.
    if (signal?.aborted) throw abortError(`inference on "${this.#modelPath}"`, signal);
    const outputs = new Map<string, OutputTensor>();
    for (const outputName of this.#session.outputNames) {
      const value = results[outputName];
      if (value === undefined) throw new Error(`model "${this.#modelPath}" produced no value for output "${outputName}"`);
      const tensor = value as Tensor;
      outputs.set(outputName, {
        name: outputName,
        dims: [...tensor.dims],
        data: toFloat32Array(tensor.data as NumericArray, { float16: tensor.type === "float16" }),
      });
    }
    return outputs;
  }

  #toTensor(input: Uint8Array, encoding: InputEncoding, width: number, height: number): Tensor {
    if (encoding.dtype === "uint8") {
      return encoding.layout === "NHWC"
        ? new Tensor("uint8", input, [1, height, width, 3])
        : new Tensor("uint8", nhwcToNchwUint8(input, height, width), [1, 3, height, width]);
    }
    return encoding.layout === "NCHW"
      ? new Tensor("float32", nhwcToNchwFloat32(input, height, width, 1 / 255), [1, 3, height, width])
      : new Tensor("float32", nhwcToFloat32(input, 1 / 255), [1, height, width, 3]);
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    this.#onRelease(this);
    await this.#session.release();
  }
}

export class OnnxBackend implements InferenceBackend {
  readonly name = "onnx";
  readonly #options: Required<OnnxBackendOptions>;
  readonly #models = new Set<OnnxLoadedModel>();
  #closed = false;

  constructor(options: OnnxBackendOptions = {}) {
    const threads = options.intraOpNumThreads ?? 2;
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`intraOpNumThreads must be a positive integer, got ${threads}`);
    }
    this.#options = { intraOpNumThreads: threads, dynamicInputSize: options.dynamicInputSize ?? { width: 640, height: 640 } };
  }

  async load(options: LoadModelOptions): Promise<LoadedModel> {
    const { modelPath } = options;
    if (this.#closed) throw new ModelLoadError(modelPath, `cannot load "${modelPath}": the onnx backend was closed`);
    await checkReadableFile(modelPath);
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(modelPath, {
        executionProviders: ["cpu"],
        intraOpNumThreads: this.#options.intraOpNumThreads,
        interOpNumThreads: 1,
        executionMode: "sequential",
        graphOptimizationLevel: "all",
      });
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new ModelLoadError(
        modelPath,
        `"${modelPath}" is not a valid ONNX model onnxruntime can load (${detail}); check that the file is a complete ONNX export`,
        { cause },
      );
    }
    try {
      const input = planInput(modelPath, session, this.#options.dynamicInputSize);
      const outputs = describeOutputs(modelPath, session);
      const model = new OnnxLoadedModel(modelPath, session, input, outputs, (m) => this.#models.delete(m));
      this.#models.add(model);
      return model;
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const models = [...this.#models];
    await Promise.all(models.map((m) => m.release()));
  }
}
