/**
 * The in-process GenAI LLM with its system prompt primed once: HailoRT keeps a conversation's
 * context (its KV cache) on the device between generations and takes a system message only on a
 * fresh context. So the first time a system prompt is seen it is prefilled once (a one-token
 * generation), the context saved; later requests with the same prompt load that context and send
 * only the new turns. A request that continues the conversation held on the device (the repair
 * turn after a reply) sends only what follows it. After an aborted or failed generation the
 * device's context is unknown, so the next request starts from the saved one again.
 */
import type { ChatMessage, GenerateOptions, LlmClient } from "../../ports/llm.ts";

/** The context operations of hailort-node's Llm this needs. */
export interface ContextStore {
  clearContext(): Promise<void>;
  saveContext(): Promise<Uint8Array>;
  loadContext(context: Uint8Array): Promise<void>;
}

export interface ContextCachedLlmOptions {
  /** Generates on the device (e.g. HailoLlmClient). */
  readonly llm: LlmClient;
  /** The same model's context operations (e.g. HailoLlmClient.llm). */
  readonly context: ContextStore;
  /** Primed system prompts kept (each a saved context of a few MB at most). Default 2. */
  readonly maxPrimed?: number;
}

const same = (a: ChatMessage, b: ChatMessage): boolean => a.role === b.role && a.content === b.content;

export class ContextCachedLlmClient implements LlmClient {
  readonly name: string;
  readonly #llm: LlmClient;
  readonly #store: ContextStore;
  readonly #maxPrimed: number;
  readonly #primed = new Map<string, Uint8Array>();
  /** The messages the device's context holds now; undefined when unknown. */
  #held: ChatMessage[] | undefined;
  #primings = 0;

  constructor(options: ContextCachedLlmOptions) {
    this.#llm = options.llm;
    this.#store = options.context;
    this.#maxPrimed = options.maxPrimed ?? 2;
    this.name = options.llm.name;
  }

  /** How many times a system prompt was prefilled (not loaded from the cache). */
  get primings(): number {
    return this.#primings;
  }

  async *generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncGenerator<string> {
    const { base, tail } = await this.#prepare(messages, options);
    this.#held = undefined;
    let reply = "";
    for await (const token of this.#llm.generate(tail, options)) {
      reply += token;
      yield token;
    }
    if (options.signal?.aborted === true) return;
    this.#held = [...base, ...tail, { role: "assistant", content: reply }];
  }

  /** Brings the device's context to a prefix of `messages`; returns that prefix and what is left to send. */
  async #prepare(messages: readonly ChatMessage[], options: GenerateOptions): Promise<{ base: ChatMessage[]; tail: ChatMessage[] }> {
    const held = this.#held;
    if (held !== undefined && held.length < messages.length && held.every((m, i) => same(m, messages[i]!))) {
      return { base: held, tail: messages.slice(held.length) };
    }
    let leading = 0;
    while (leading < messages.length && messages[leading]!.role === "system") leading++;
    const system = messages.slice(0, leading);
    if (system.length === 0) {
      await this.#store.clearContext();
      return { base: [], tail: [...messages] };
    }
    const key = JSON.stringify(system.map((m) => m.content));
    let saved = this.#primed.get(key);
    if (saved === undefined) {
      await this.#store.clearContext();
      this.#held = undefined;
      const { signal, tokenTimeoutMs } = options;
      for await (const _token of this.#llm.generate(system, {
        maxGeneratedTokens: 1,
        ...(signal === undefined ? {} : { signal }),
        ...(tokenTimeoutMs === undefined ? {} : { tokenTimeoutMs }),
      }))
        void _token;
      if (signal?.aborted === true) throw signal.reason;
      saved = await this.#store.saveContext();
      this.#primings++;
      if (this.#primed.size >= this.#maxPrimed) this.#primed.delete(this.#primed.keys().next().value as string);
      this.#primed.set(key, saved);
    } else {
      await this.#store.loadContext(saved);
    }
    return { base: system, tail: messages.slice(leading) };
  }

  async clearContext(): Promise<void> {
    this.#held = undefined;
    await this.#store.clearContext();
  }

  async close(): Promise<void> {
    this.#primed.clear();
    await this.#llm.close();
  }
}
