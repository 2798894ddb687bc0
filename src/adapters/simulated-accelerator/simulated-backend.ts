/**
 * A SIMULATED inference backend ("sim") over a SimulatedDevice, for tests and benchmarks only.
 * Models load by name, e.g. `{ modelPath: "sim:yolov8n" }`. Faults can be injected per model:
 * the Nth infer call fails or hangs (counting from 1, over the model's lifetime).
 */
import { ModelLoadError } from "../../ports/inference-backend.ts";
import type {
  InferOptions,
  InferenceBackend,
  InferenceOutputs,
  LoadModelOptions,
  LoadedModel,
  ModelInfo,
} from "../../ports/inference-backend.ts";
import { defaultSimulatedModels, inputByteLength, zeroOutputs } from "./model-profiles.ts";
import type { SimulatedModelProfile, SimulatedOutputFn } from "./model-profiles.ts";
import { SimulatedDevice } from "./simulated-device.ts";
import type { DeviceModel } from "./simulated-device.ts";

export interface SimulatedFaults {
  /** These infer calls (1-based) fail after their service time with a simulated device error. */
  readonly failOnCalls?: readonly number[];
  /** These infer calls (1-based) never finish unless aborted. */
  readonly hangOnCalls?: readonly number[];
}

export interface SimulatedModelOverrides extends Partial<SimulatedModelProfile>, SimulatedFaults {}

export interface SimulatedBackendOptions {
  /** The device shared by all models (and a SimulatedLlm). Default: a new real-time device. */
  readonly device?: SimulatedDevice;
  /** Per model name (without "sim:"): new models or overrides of the defaults. */
  readonly models?: Readonly<Record<string, SimulatedModelOverrides>>;
}

export const SIM_MODEL_PREFIX = "sim:";

export class SimulatedInferenceError extends Error {
  override readonly name = "SimulatedInferenceError";
}

class SimulatedLoadedModel implements LoadedModel {
  readonly info: ModelInfo;
  readonly #name: string;
  readonly #device: SimulatedDevice;
  readonly #deviceModel: DeviceModel;
  readonly #serviceMs: number;
  readonly #outputs: SimulatedOutputFn;
  readonly #faults: SimulatedFaults;
  readonly #inputBytes: number;
  #calls = 0;
  #released = false;

  constructor(name: string, device: SimulatedDevice, priority: number, profile: SimulatedModelOverrides & SimulatedModelProfile) {
    this.#name = name;
    this.info = profile.info;
    this.#device = device;
    this.#deviceModel = device.registerModel(name, priority);
    this.#serviceMs = profile.serviceMs;
    this.#outputs = profile.outputs ?? zeroOutputs;
    this.#faults = profile;
    this.#inputBytes = inputByteLength(profile.info);
  }

  async infer(input: Uint8Array, options?: InferOptions): Promise<InferenceOutputs> {
    if (this.#released) throw new SimulatedInferenceError(`simulated model "${this.#name}" was released; load it again before infer()`);
    if (input.length !== this.#inputBytes) {
      const shape = this.info.inputs[0]?.shape.join("x") ?? "?";
      throw new SimulatedInferenceError(
        `simulated model "${this.#name}": input has ${input.length} bytes, expected ${this.#inputBytes} (uint8 NHWC ${shape}); resize the frame to the model input`,
      );
    }
    const call = ++this.#calls;
    const hang = this.#faults.hangOnCalls?.includes(call) === true;
    const failWith =
      this.#faults.failOnCalls?.includes(call) === true
        ? new SimulatedInferenceError(`simulated model "${this.#name}": injected device fault on infer call ${call}`)
        : undefined;
    await this.#device.run(this.#deviceModel, this.#serviceMs, { signal: options?.signal, hang, failWith });
    return this.#outputs(input, this.info);
  }

  async release(): Promise<void> {
    this.#released = true;
    this.#device.unregisterModel(this.#deviceModel);
  }
}

export class SimulatedAcceleratorBackend implements InferenceBackend {
  readonly name = "sim";
  readonly device: SimulatedDevice;
  readonly #models: Readonly<Record<string, SimulatedModelOverrides>>;

  constructor(options: SimulatedBackendOptions = {}) {
    this.device = options.device ?? new SimulatedDevice();
    this.#models = options.models ?? {};
  }

  async load(options: LoadModelOptions): Promise<LoadedModel> {
    const path = options.modelPath;
    const known = [...new Set([...Object.keys(defaultSimulatedModels), ...Object.keys(this.#models)])].map((n) => SIM_MODEL_PREFIX + n);
    if (!path.startsWith(SIM_MODEL_PREFIX)) {
      throw new ModelLoadError(
        path,
        `simulated backend: model path "${path}" must name a simulated model like "sim:yolov8n"; known: ${known.join(", ")}`,
      );
    }
    const name = path.slice(SIM_MODEL_PREFIX.length);
    const base = defaultSimulatedModels[name];
    const overrides = this.#models[name];
    const serviceMs = overrides?.serviceMs ?? base?.serviceMs;
    const info = overrides?.info ?? base?.info;
    if (serviceMs === undefined || info === undefined) {
      throw new ModelLoadError(
        path,
        `simulated backend: unknown model "${path}" (a new model needs serviceMs and info in the backend's models option); known: ${known.join(", ")}`,
      );
    }
    const outputs = overrides?.outputs ?? base?.outputs;
    const profile = { ...overrides, serviceMs, info, ...(outputs !== undefined ? { outputs } : {}) };
    return new SimulatedLoadedModel(name, this.device, options.priority ?? 16, profile);
  }

  async close(): Promise<void> {
    this.device.close();
  }
}
