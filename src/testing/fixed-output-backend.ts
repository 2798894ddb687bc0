/**
 * A test double of the inference-backend port: answers every inference at once with fixed outputs.
 * Used by tests and by the bench to measure host-side work without any model cost.
 */
import type {
  InferenceBackend,
  InferenceOutputs,
  InferOptions,
  LoadedModel,
  LoadModelOptions,
  ModelInfo,
} from "../ports/inference-backend.ts";

export interface FixedOutputBackendOptions {
  readonly info: ModelInfo;
  /** Outputs for each call; a function may look at the input. */
  readonly outputs: InferenceOutputs | ((input: Uint8Array) => InferenceOutputs);
  /** Milliseconds before each answer; 0 answers on the next microtask. */
  readonly delayMs?: number;
  /** Paths that load; others fail like a missing file. Default: any. */
  readonly knownPaths?: readonly string[];
}

export class FixedOutputBackend implements InferenceBackend {
  readonly name = "fixed-output";
  readonly #options: FixedOutputBackendOptions;
  /** Every load request, in order, for assertions. */
  readonly loads: LoadModelOptions[] = [];
  /** Inputs seen, newest last (copies), for assertions. */
  readonly inputs: Uint8Array[] = [];
  calls = 0;
  keepInputs = false;

  constructor(options: FixedOutputBackendOptions) {
    this.#options = options;
  }

  async load(options: LoadModelOptions): Promise<LoadedModel> {
    this.loads.push(options);
    const known = this.#options.knownPaths;
    if (known !== undefined && !known.includes(options.modelPath)) {
      throw new Error(`model file '${options.modelPath}' does not exist`);
    }
    const { info, outputs, delayMs = 0 } = this.#options;
    const expected = info.inputs[0]!.shape.reduce((a, b) => a * b, 1);
    return {
      info,
      infer: async (input: Uint8Array, inferOptions?: InferOptions): Promise<InferenceOutputs> => {
        if (input.length !== expected) throw new Error(`input has ${input.length} bytes, expected ${expected}`);
        this.calls++;
        if (this.keepInputs) this.inputs.push(input.slice());
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        inferOptions?.signal?.throwIfAborted();
        return typeof outputs === "function" ? outputs(input) : outputs;
      },
      release: async () => undefined,
    };
  }

  async close(): Promise<void> {}
}
