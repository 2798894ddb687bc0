/**
 * The inference-backend port: what a node needs from an accelerator or a CPU runtime.
 * Inputs are always uint8 NHWC images (what a camera gives and what Hailo HEFs take);
 * a backend converts if its model wants something else.
 */

export type TensorDType = "uint8" | "int8" | "uint16" | "int16" | "int32" | "int64" | "float16" | "float32" | "float64";

export interface InputInfo {
  readonly name: string;
  /** [1, height, width, channels] */
  readonly shape: readonly [number, number, number, number];
  readonly dtype: "uint8";
  readonly layout: "NHWC";
}

/** A plain tensor (e.g. YOLOv8's raw `[1, 4+C, N]` head output). */
export interface TensorOutputInfo {
  readonly kind: "tensor";
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: TensorDType;
}

/**
 * Hailo's on-chip NMS output in HAILO_NMS_BY_CLASS order: for each class a float32 count, then
 * count × {y_min, x_min, y_max, x_max, score} normalized to the model input.
 */
export interface NmsByClassOutputInfo {
  readonly kind: "nms-by-class";
  readonly name: string;
  readonly classes: number;
  readonly maxBoxesPerClass: number;
}

export type OutputInfo = TensorOutputInfo | NmsByClassOutputInfo;

export interface ModelInfo {
  readonly inputs: readonly InputInfo[];
  readonly outputs: readonly OutputInfo[];
}

export interface OutputTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export type InferenceOutputs = ReadonlyMap<string, OutputTensor>;

/** Post-processing the accelerator does itself (Hailo NMS); ignored by backends that have none. */
export interface NmsConfig {
  readonly scoreThreshold: number;
  readonly iouThreshold: number;
  readonly maxProposalsPerClass: number;
}

export interface LoadModelOptions {
  readonly modelPath: string;
  readonly nms?: NmsConfig;
  /** 0 (lowest) … 31 (highest), HailoRT's scheduler priority range. */
  readonly priority?: number;
}

export interface InferOptions {
  readonly signal?: AbortSignal;
}

export interface LoadedModel {
  readonly info: ModelInfo;
  /** Runs one inference on a tightly packed uint8 NHWC frame of exactly the input's size. */
  infer(input: Uint8Array, options?: InferOptions): Promise<InferenceOutputs>;
  release(): Promise<void>;
}

/** The backends a node can be told to use: CPU, the Hailo-10H, and the simulated Hailo device (tests only). */
export const INFERENCE_BACKENDS = ["onnx", "hailo", "sim"] as const;
export type InferenceBackendName = (typeof INFERENCE_BACKENDS)[number];

export interface InferenceBackend {
  /** "onnx", "hailo", "sim", … */
  readonly name: string;
  load(options: LoadModelOptions): Promise<LoadedModel>;
  close(): Promise<void>;
}

/** A backend error that names what failed and how to fix it. */
export class ModelLoadError extends Error {
  override readonly name = "ModelLoadError";
  constructor(
    readonly modelPath: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
