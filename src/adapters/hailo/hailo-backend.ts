/**
 * The inference backend over hailort-node: HEFs on the Hailo-10H (name "hailo"), or simulated model
 * files on the simulated device (name "sim"). All backends in a process share one device.
 */
import type { DeviceKind, Model } from "hailort-node";
import {
  ModelLoadError,
  type InferenceBackend,
  type InferenceOutputs,
  type InferOptions,
  type LoadedModel,
  type LoadModelOptions,
  type ModelInfo,
  type OutputTensor,
} from "../../ports/inference-backend.ts";
import { outputDims, toModelInfo } from "./model-info.ts";
import { acquireSharedDevice, type SharedDeviceLease } from "./shared-device.ts";

export interface HailoBackendOptions {
  readonly groupId?: string;
  /** Frames the scheduler may batch; 0 lets HailoRT choose. */
  readonly batchSize?: number;
}

class HailoLoadedModel implements LoadedModel {
  readonly #model: Model;
  readonly #onRelease: () => void;
  #released = false;

  constructor(
    model: Model,
    readonly info: ModelInfo,
    onRelease: () => void,
  ) {
    this.#model = model;
    this.#onRelease = onRelease;
  }

  async infer(input: Uint8Array, options: InferOptions = {}): Promise<InferenceOutputs> {
    const raw = await this.#model.infer(input, options.signal === undefined ? {} : { signal: options.signal });
    const outputs = new Map<string, OutputTensor>();
    for (const o of this.info.outputs) {
      const data = raw[o.name];
      if (data === undefined) throw new Error(`${this.#model.path}: the device returned no data for output '${o.name}'`);
      // toModelInfo admits float32 outputs only.
      if (!(data instanceof Float32Array)) throw new Error(`${this.#model.path}: output '${o.name}' is not float32`);
      outputs.set(o.name, { name: o.name, dims: outputDims(o, data.length), data });
    }
    return outputs;
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    try {
      await this.#model.close();
    } finally {
      this.#onRelease();
    }
  }
}

export class HailoBackend implements InferenceBackend {
  readonly name: string;
  readonly #lease: SharedDeviceLease;
  readonly #options: HailoBackendOptions;
  readonly #models = new Set<HailoLoadedModel>();
  #closed = false;

  private constructor(lease: SharedDeviceLease, options: HailoBackendOptions) {
    this.#lease = lease;
    this.#options = options;
    this.name = lease.device.kind === "sim" ? "sim" : "hailo";
  }

  static async open(device: DeviceKind, options: HailoBackendOptions = {}): Promise<HailoBackend> {
    const lease = await acquireSharedDevice(options.groupId === undefined ? { device } : { device, groupId: options.groupId });
    return new HailoBackend(lease, options);
  }

  async load(options: LoadModelOptions): Promise<LoadedModel> {
    if (this.#closed) throw new ModelLoadError(options.modelPath, `${options.modelPath}: the ${this.name} backend is closed`);
    if (options.priority !== undefined && (!Number.isInteger(options.priority) || options.priority < 0 || options.priority > 31)) {
      throw new ModelLoadError(
        options.modelPath,
        `${options.modelPath}: priority ${options.priority} is outside HailoRT's scheduler range 0..31`,
      );
    }
    let model: Model;
    try {
      model = await this.#lease.device.loadModel(options.modelPath, {
        ...(this.#options.batchSize === undefined ? {} : { batchSize: this.#options.batchSize }),
        ...(options.nms === undefined ? {} : { nms: options.nms }),
        ...(options.priority === undefined ? {} : { scheduler: { priority: options.priority } }),
      });
    } catch (error) {
      throw new ModelLoadError(
        options.modelPath,
        `cannot load ${options.modelPath} on the ${this.name} device: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const info = toModelInfo(model.info);
    if (!info.ok) {
      await model.close();
      throw new ModelLoadError(options.modelPath, `${options.modelPath}: ${info.error}`);
    }
    const loaded = new HailoLoadedModel(model, info.value, () => this.#models.delete(loaded));
    this.#models.add(loaded);
    return loaded;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#models].map((m) => m.release()));
    await this.#lease.release();
  }
}

/** The backend on the real Hailo device ("hailort") or on the simulated one ("sim"). */
export function openHailoBackend(device: DeviceKind, options: HailoBackendOptions = {}): Promise<HailoBackend> {
  return HailoBackend.open(device, options);
}
