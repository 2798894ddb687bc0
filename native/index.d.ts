/** hailort-node: HailoRT 5 (Hailo-10H) vision inference and GenAI LLM, plus a simulated device. */

export type DeviceKind = "hailort" | "sim";

/** Errors from the binding carry `code`: a HailoRT status name (e.g. "HAILO_DEVICE_IN_USE") or a HAILORT_NODE_* name. */
export interface HailoRtError extends Error {
  readonly code: string;
}

export declare const DEFAULT_GROUP_ID: "SHARED";
export declare const SIM_MODEL_FORMAT: "hailort-node-sim-model";
export declare const SIM_LLM_FORMAT: "hailort-node-sim-llm";
/** The host page size the binding aligns I/O buffers to. */
export declare const pageSize: number;

export interface Availability {
  readonly available: boolean;
  readonly reason?: string;
}

export declare function isHailoAvailable(): Availability;

export interface OpenDeviceOptions {
  /** "sim" must be asked for explicitly (or with HAILORT_NODE_DEVICE=sim); the default is "hailort". */
  readonly device?: DeviceKind;
  /** VDevice group id; processes and models with the same id share the chip. Default "SHARED". */
  readonly groupId?: string;
}

export declare function openDevice(options?: OpenDeviceOptions): Promise<Device>;

export interface QuantInfo {
  readonly zeroPoint: number;
  readonly scale: number;
  readonly limvalsMin: number;
  readonly limvalsMax: number;
}

export interface StreamInfo {
  readonly name: string;
  readonly height: number;
  readonly width: number;
  readonly features: number;
  readonly formatType: "uint8" | "uint16" | "float32" | string;
  /** "NHWC", "NMS_BY_CLASS", "NC", ... */
  readonly formatOrder: string;
  /** Bytes per frame. */
  readonly frameSize: number;
  readonly quantInfos: readonly QuantInfo[];
  /**
   * Present on NMS outputs: HAILO_NMS_BY_CLASS float32, or a byte-mask (segmentation) output left in
   * its own format (formatOrder "NMS_WITH_BYTE_MASK", formatType "uint8"). `overrides` holds the NMS
   * settings passed at load; every other setting is the HEF's own.
   */
  readonly nms?: {
    readonly classes: number;
    readonly maxBoxesPerClass: number;
    readonly overrides: { readonly scoreThreshold?: number; readonly iouThreshold?: number; readonly maxProposalsPerClass?: number };
  };
}

export interface NativeModelInfo {
  readonly inputs: readonly StreamInfo[];
  readonly outputs: readonly StreamInfo[];
  readonly batchSize: number;
  readonly asyncQueueSize: number;
}

export interface LoadModelOptions {
  readonly batchSize?: number;
  /** Each key given is set on every NMS output; an absent key keeps the HEF's own value. */
  readonly nms?: { readonly scoreThreshold?: number; readonly iouThreshold?: number; readonly maxProposalsPerClass?: number };
  readonly scheduler?: { readonly priority?: number; readonly threshold?: number; readonly timeoutMs?: number };
}

export interface LoadLlmOptions {
  readonly loraName?: string;
  readonly optimizeMemoryOnDevice?: boolean;
}

export interface DeviceIdentity {
  readonly kind: DeviceKind;
  readonly groupId: string;
  readonly serial: string;
  readonly architecture: string;
  readonly firmwareVersion: string;
  readonly boardName: string;
  readonly productName: string;
  readonly libraryVersion: string;
}

/** A reading the device or board may not provide; `reason` says why when unavailable. */
export interface Reading {
  readonly available: boolean;
  readonly reason?: string;
  readonly [value: string]: number | boolean | string | undefined;
}

export interface DeviceStats {
  readonly health: Reading;
  readonly performance: Reading;
  readonly power: Reading;
}

export declare class Device {
  private constructor();
  readonly kind: DeviceKind;
  readonly groupId: string;
  info(): Promise<DeviceIdentity>;
  temperature(): Promise<Reading>;
  stats(): Promise<DeviceStats>;
  /** A HEF on the real device; a simulated model file (JSON) on the simulated one. */
  loadModel(path: string, options?: LoadModelOptions): Promise<Model>;
  loadLlm(path: string, options?: LoadLlmOptions): Promise<Llm>;
  /** Closes every model and LLM loaded on it, then the device. */
  close(): Promise<void>;
}

export interface InferOptions {
  /** Settles the promise early with the signal's reason; the frame still completes on the device. */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export declare class Model {
  private constructor();
  readonly path: string;
  readonly info: NativeModelInfo;
  readonly inFlight: number;
  /**
   * One tightly packed uint8 NHWC frame in; one array per output name out, typed by the output's
   * formatType (Float32Array for float32, Uint8Array for uint8 such as byte-mask NMS).
   * Rejects with HAILORT_NODE_MODEL_FAILED once a submission has failed (HailoRT then shuts the
   * model down): reload the model.
   */
  infer(input: Uint8Array, options?: InferOptions): Promise<Record<string, Float32Array | Uint8Array | Uint16Array>>;
  /**
   * Every inference the device has not returned yet rejects with HAILORT_NODE_CLOSED: queued ones at
   * once, frames on the device when HailoRT's shutdown() aborts them. Nothing hangs.
   */
  close(): Promise<void>;
}

export interface LlmGenerationParams {
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly frequencyPenalty?: number;
  readonly maxGeneratedTokens?: number;
  readonly doSample?: boolean;
  readonly seed?: number;
}

export interface LlmGenerateOptions {
  /** Aborting stops the generation on the device (as abort()); the stream then throws the signal's reason. */
  readonly signal?: AbortSignal;
  /** Max wait per token (default 10 000 ms); on expiry the generation is aborted and the stream throws HAILO_TIMEOUT. */
  readonly tokenTimeoutMs?: number;
}

export type GenerationEndReason = "logical_end" | "max_tokens" | "aborted";

export interface TokenStream extends AsyncIterable<string> {
  /** Set once the stream has ended normally. */
  readonly endReason: GenerationEndReason | undefined;
  /** Aborts on the device and waits until the device confirms; no token is yielded after the call. */
  abort(): Promise<void>;
}

export type ChatMessageInput = string | { readonly role: string; readonly content: string };

export interface LlmStats {
  readonly generations: number;
  /** Generations that ended by an abort on the device. */
  readonly aborted: number;
  /** Reply tokens streamed; the end-of-turn token and the recovery sequence are not reply text. */
  readonly tokens: number;
  /**
   * Abort requests the device received: on the real device those the binding sends; the simulated
   * device also counts those HailoRT would send itself for a completion destroyed while generating.
   */
  readonly abortRequests: number;
}

export declare class Llm {
  private constructor();
  readonly path: string;
  /** Throws HAILORT_NODE_GENERATION_IN_PROGRESS while another generation runs. */
  generate(messages: readonly ChatMessageInput[], params?: LlmGenerationParams, options?: LlmGenerateOptions): TokenStream;
  clearContext(): Promise<void>;
  saveContext(): Promise<Uint8Array>;
  loadContext(context: Uint8Array): Promise<void>;
  contextUsage(): Promise<{ used: number; capacity: number }>;
  tokenize(text: string): Promise<Int32Array>;
  stats(): LlmStats;
  close(): Promise<void>;
}

export declare function parseSimModel(path: string, json: unknown): unknown;
export declare function parseSimLlm(path: string, json: unknown): unknown;

/**
 * The 2:1 downscale of packed 3-byte pixels (rgb8/bgr8) used to letterbox camera frames into a
 * model input: each output pixel is the rounded 2x2 mean, identical to the TypeScript letterbox.
 * `swapRB` exchanges the first and third byte (BGR source, RGB output). Synchronous.
 */
export function average2x2Packed3(
  src: Uint8Array,
  srcStep: number,
  outWidth: number,
  outHeight: number,
  dst: Uint8Array,
  dstOffset: number,
  dstStep: number,
  swapRB: boolean,
): void;

/**
 * The odd integer-ratio (k = 3, 5, …) point sampling of packed 3-byte pixels: output (x, y) is
 * source pixel (k x + (k-1)/2, k y + (k-1)/2), identical to the TypeScript letterbox. Synchronous.
 */
export function sampleOddPacked3(
  src: Uint8Array,
  srcStep: number,
  k: number,
  outWidth: number,
  outHeight: number,
  dst: Uint8Array,
  dstOffset: number,
  dstStep: number,
  swapRB: boolean,
): void;
