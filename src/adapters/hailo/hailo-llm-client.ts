/** The LLM port over hailort-node's GenAI LLM, sharing the process's device with the vision models. */
import type { DeviceKind, Llm } from "hailort-node";
import type { ChatMessage, GenerateOptions, LlmClient } from "../../ports/llm.ts";
import { acquireSharedDevice, type SharedDeviceLease } from "./shared-device.ts";

export interface HailoLlmClientOptions {
  readonly device: DeviceKind;
  /** An LLM HEF from the Hailo GenAI model zoo, or a simulated LLM file on the simulated device. */
  readonly modelPath: string;
  readonly groupId?: string;
}

export class HailoLlmClient implements LlmClient {
  readonly name: string;
  readonly #lease: SharedDeviceLease;
  readonly #llm: Llm;
  #closed = false;

  private constructor(lease: SharedDeviceLease, llm: Llm) {
    this.#lease = lease;
    this.#llm = llm;
    this.name = lease.device.kind === "sim" ? "sim" : "hailo";
  }

  static async open(options: HailoLlmClientOptions): Promise<HailoLlmClient> {
    const lease = await acquireSharedDevice(
      options.groupId === undefined ? { device: options.device } : { device: options.device, groupId: options.groupId },
    );
    try {
      return new HailoLlmClient(lease, await lease.device.loadLlm(options.modelPath));
    } catch (error) {
      await lease.release();
      throw new Error(`cannot load the LLM ${options.modelPath} on the ${options.device} device: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** The underlying model, for context caching (saveContext/loadContext) and usage queries. */
  get llm(): Llm {
    return this.#llm;
  }

  async *generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncIterable<string> {
    const { signal, tokenTimeoutMs, ...params } = options;
    const stream = this.#llm.generate(
      messages.map((m) => ({ role: m.role, content: m.content })),
      params,
      { ...(signal === undefined ? {} : { signal }), ...(tokenTimeoutMs === undefined ? {} : { tokenTimeoutMs }) },
    );
    yield* stream;
  }

  clearContext(): Promise<void> {
    return this.#llm.clearContext();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#llm.close();
    } finally {
      await this.#lease.release();
    }
  }
}
