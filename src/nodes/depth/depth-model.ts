/**
 * The depth node's model: a ScheduledModel whose loaded models must have one uint8 NHWC RGB input
 * and a one-channel depth map output, each getting a pipeline that letterboxes frames into the input.
 */
import { depthOutputSize, type DepthSize } from "../../core/depth/depth-output.ts";
import { toImageView, type ImageView } from "../../core/vision/image-view.ts";
import {
  letterbox,
  letterboxGeometry,
  LetterboxTables,
  type LetterboxGeometry,
  type LetterboxKernels,
} from "../../core/vision/letterbox.ts";
import type { Image } from "../../messages/sensor_msgs.ts";
import type { InferenceBackend, InferenceOutputs, LoadedModel } from "../../ports/inference-backend.ts";
import type { Logger } from "../../ports/ros.ts";
import { ScheduledModel, type PrepareResult, type RecoveryOptions, type Serving } from "../kit/scheduled-model.ts";

export interface DepthModel {
  readonly pipeline: DepthPipeline;
  /** The output tensor's name and the depth map's size. */
  readonly output: string;
  readonly size: DepthSize;
}

/** One frame's inference: the model it ran on, its raw output, how the frame was letterboxed, and the letterboxed RGB. */
export interface DepthInferred {
  readonly serving: Serving<DepthModel>;
  readonly outputs: InferenceOutputs;
  readonly geometry: LetterboxGeometry;
  readonly input: Uint8Array;
}

export type PreparedDepthFrame =
  | { readonly ok: true; readonly input: Uint8Array; readonly geometry: LetterboxGeometry; readonly view: ImageView }
  | { readonly ok: false; readonly code: string; readonly error: string };

/** Letterboxes frames into the model's input, in buffers reused once their frame is done. */
export class DepthPipeline {
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly #kernels: LetterboxKernels | undefined;
  readonly #tables = new LetterboxTables();
  readonly #free: Uint8Array[] = [];
  #geometry: LetterboxGeometry | undefined;

  constructor(inputWidth: number, inputHeight: number, kernels?: LetterboxKernels) {
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
    this.#kernels = kernels;
  }

  prepare(image: Image): PreparedDepthFrame {
    const checked = toImageView(image);
    if (!checked.ok) return { ok: false, code: checked.error.code, error: checked.error.message };
    const view = checked.value;
    let geometry = this.#geometry;
    if (geometry === undefined || geometry.srcW !== view.width || geometry.srcH !== view.height) {
      geometry = letterboxGeometry(view.width, view.height, this.inputWidth, this.inputHeight);
      this.#geometry = geometry;
    }
    const out = this.#free.pop() ?? new Uint8Array(this.inputWidth * this.inputHeight * 3);
    letterbox(view, this.inputWidth, this.inputHeight, { out, tables: this.#tables, ...(this.#kernels ? { kernels: this.#kernels } : {}) });
    return { ok: true, input: out, geometry, view };
  }

  /** Gives back an input buffer nothing reads any more (the backend is done and the frame published). */
  releaseInput(input: Uint8Array): void {
    if (input.length === this.inputWidth * this.inputHeight * 3 && this.#free.length < 4 && !this.#free.includes(input))
      this.#free.push(input);
  }
}

/** Checks that a loaded model is a depth model: an RGB input and a one-channel depth map output. */
export function prepareDepthModel(model: LoadedModel, kernels?: LetterboxKernels): PrepareResult<DepthModel> {
  const input = model.info.inputs[0];
  if (input === undefined) return { ok: false, error: "the model has no input" };
  const [, height, width, channels] = input.shape;
  if (channels !== 3) return { ok: false, error: `input '${input.name}' has ${channels} channels; a depth model takes an RGB image (3)` };
  const output = model.info.outputs.find((o) => o.kind === "tensor");
  if (output === undefined || output.kind !== "tensor") return { ok: false, error: "the model has no tensor output (a depth map)" };
  const size = depthOutputSize(output.shape);
  if (!size.ok) return { ok: false, error: `output '${output.name}': ${size.error}` };
  return { ok: true, value: { pipeline: new DepthPipeline(width, height, kernels), output: output.name, size: size.value } };
}

export interface DepthModelOptions {
  readonly createBackend: () => Promise<InferenceBackend>;
  readonly defaultModelPath: () => Promise<string>;
  readonly imageKernels?: LetterboxKernels;
  readonly priority: number;
  readonly logger: Logger;
  readonly recovery?: RecoveryOptions;
}

export function createDepthModel(options: DepthModelOptions): ScheduledModel<DepthModel> {
  return new ScheduledModel<DepthModel>({
    createBackend: options.createBackend,
    resolvePath: async (param) => (param === "" ? options.defaultModelPath() : param),
    prepare: (model) => prepareDepthModel(model, options.imageKernels),
    priority: options.priority,
    logger: options.logger,
    ...(options.recovery !== undefined ? { recovery: options.recovery } : {}),
  });
}
