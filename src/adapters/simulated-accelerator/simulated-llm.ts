/**
 * A SIMULATED LLM on a SimulatedDevice, for tests and benchmarks only. It streams scripted tokens;
 * every token occupies the device as a separate slice, so vision jobs can run between tokens as on
 * the shared Hailo-10H. The prefill is also cut into slices no longer than a token; how the real
 * chip interleaves a long prefill with other networks is not published, so this is an assumption. Aborting stops generation on the device: the queued or hung
 * slice is withdrawn and no further slices are submitted.
 */
import type { ChatMessage, GenerateOptions, GenerationEnd, LlmClient } from "../../ports/llm.ts";
import { SIM_LLM_PREFILL_MS, SIM_LLM_TOKEN_MS } from "./model-profiles.ts";
import type { DeviceModel, SimulatedDevice } from "./simulated-device.ts";

export interface SimulatedLlmOptions {
  readonly device: SimulatedDevice;
  /** Device time per generated token. Default 144 ms (6.95 tokens/s). */
  readonly tokenMs?: number;
  /** Device time before the first token (run in slices of at most tokenMs). Default 370 ms. */
  readonly prefillMs?: number;
  /** HailoRT scheduler priority of the LLM on the device. Default 16. */
  readonly priority?: number;
  /** The reply as tokens. Default: "Simulated reply to: <last user message>" split into words. */
  readonly script?: (messages: readonly ChatMessage[]) => readonly string[];
}

function defaultScript(messages: readonly ChatMessage[]): readonly string[] {
  const lastUser = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
  return `Simulated reply to: ${lastUser}`.split(/(?=\s)/);
}

export class SimulatedLlm implements LlmClient {
  readonly name = "sim-llm";
  readonly #device: SimulatedDevice;
  readonly #model: DeviceModel;
  readonly #tokenMs: number;
  readonly #prefillMs: number;
  readonly #script: (messages: readonly ChatMessage[]) => readonly string[];
  #generating = false;
  #lastEnd: GenerationEnd | undefined;
  #abortedGenerations = 0;
  #contextMessages = 0;

  constructor(options: SimulatedLlmOptions) {
    this.#device = options.device;
    this.#model = options.device.registerModel("llm", options.priority ?? 16);
    this.#tokenMs = options.tokenMs ?? SIM_LLM_TOKEN_MS;
    this.#prefillMs = options.prefillMs ?? SIM_LLM_PREFILL_MS;
    this.#script = options.script ?? defaultScript;
  }

  /** How the last generation ended. */
  get lastEnd(): GenerationEnd | undefined {
    return this.#lastEnd;
  }
  get abortedGenerations(): number {
    return this.#abortedGenerations;
  }
  get generating(): boolean {
    return this.#generating;
  }
  /** Messages kept as conversation context (cleared by clearContext). */
  get contextMessages(): number {
    return this.#contextMessages;
  }

  generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncIterable<string> {
    if (this.#generating)
      throw new Error("simulated LLM: a generation is already running; wait for it to end or abort it first (one generation at a time)");
    this.#generating = true;
    return this.#stream(messages, options);
  }

  async *#stream(messages: readonly ChatMessage[], options: GenerateOptions): AsyncGenerator<string> {
    const signal = options.signal;
    const tokens = this.#script(messages);
    const limit = Math.min(tokens.length, options.maxGeneratedTokens ?? Number.POSITIVE_INFINITY);
    let end: GenerationEnd = limit < tokens.length ? "max_tokens" : "logical_end";
    let finished = false;
    try {
      this.#contextMessages += messages.length;
      for (let left = this.#prefillMs; left > 0; left -= this.#tokenMs) {
        await this.#device.run(this.#model, Math.min(left, this.#tokenMs), { signal });
      }
      for (let i = 0; i < limit; i++) {
        await this.#device.run(this.#model, this.#tokenMs, { signal });
        yield tokens[i] as string;
      }
      finished = true;
    } catch (error) {
      if (signal?.aborted !== true) throw error;
    } finally {
      // Also reached when the consumer stops iterating early: the remaining slices are never submitted.
      if (!finished) end = "aborted";
      if (end === "aborted") this.#abortedGenerations++;
      this.#lastEnd = end;
      this.#generating = false;
    }
  }

  async clearContext(): Promise<void> {
    if (this.#generating) throw new Error("simulated LLM: cannot clear the context while generating; abort the generation first");
    this.#contextMessages = 0;
  }

  async close(): Promise<void> {
    this.#device.unregisterModel(this.#model);
  }
}
