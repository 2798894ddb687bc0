/**
 * The LLM port over the Ollama REST API, in two flavours: `hailo-ollama` (Hailo's server for the
 * Hailo-10H: NDJSON lines end in "\r\n", some errors arrive as HTTP 200 with an `error` field,
 * `keep_alive` is a whole number of seconds, and `format`/`tools` are not supported, so none is
 * sent) and `ollama` (Ollama itself, where `format` carries the reply's JSON schema and the server
 * constrains decoding to it). `/api/chat` by default; `/api/generate` on request.
 */
import { z } from "zod";
import type { ChatMessage, GenerateOptions, LlmClient } from "../../ports/llm.ts";
import { HttpLlmEndpoint, httpLlmTimeoutsOption, httpUrlOption, parseClientOptions, samplingParameters } from "./http-llm-endpoint.ts";
import { NdjsonDecoder } from "./stream-decoders.ts";

export type OllamaFlavor = "hailo-ollama" | "ollama";

/** hailo-ollama listens on 8000, Ollama on 11434. */
export const OLLAMA_DEFAULT_URLS: Readonly<Record<OllamaFlavor, string>> = {
  "hailo-ollama": "http://127.0.0.1:8000",
  ollama: "http://127.0.0.1:11434",
};

const optionsSchema = z.strictObject({
  url: httpUrlOption("http://127.0.0.1:8000"),
  model: z.string().min(1, { error: "must name the model (e.g. qwen2.5-instruct:1.5b)" }),
  flavor: z.enum(["hailo-ollama", "ollama"]).default("hailo-ollama"),
  endpoint: z.enum(["chat", "generate"]).default("chat"),
  /** How long the server keeps the model loaded after a request, in whole seconds. */
  keepAliveS: z.int({ error: "must be a whole number of seconds (hailo-ollama accepts nothing else)" }).optional(),
  /** The reply's JSON schema, sent as `format` to Ollama (never to hailo-ollama, which does not support it). */
  format: z.record(z.string(), z.unknown()).optional(),
  timeouts: httpLlmTimeoutsOption,
});

export type OllamaLlmClientOptions = z.input<typeof optionsSchema>;

/** /api/generate takes one prompt: system messages become `system`, the turns a plain transcript. */
export function generatePrompt(messages: readonly ChatMessage[]): { system: string | undefined; prompt: string } {
  const system = messages.filter((m) => m.role === "system").map((m) => m.content);
  const turns = messages.filter((m) => m.role !== "system");
  const prompt =
    turns.length === 1 && turns[0]!.role === "user"
      ? turns[0]!.content
      : `${turns.map((m) => `${m.role === "user" ? "User" : "Assistant"}: ${m.content}`).join("\n")}\nAssistant:`;
  return { system: system.length > 0 ? system.join("\n") : undefined, prompt };
}

export class OllamaLlmClient implements LlmClient {
  readonly name: string;
  readonly #options: z.output<typeof optionsSchema>;
  readonly #endpoint: HttpLlmEndpoint;

  constructor(input: OllamaLlmClientOptions) {
    const options = parseClientOptions("ollama", optionsSchema, input);
    this.#options = options;
    const base = new URL(options.url ?? OLLAMA_DEFAULT_URLS[options.flavor]);
    this.#endpoint = new HttpLlmEndpoint(new URL(`${base.pathname.replace(/\/+$/, "")}/api/${options.endpoint}`, base), options.timeouts);
    this.name = `${options.flavor} ${options.model} at ${base.origin}`;
  }

  /** The request body for these messages (exposed for the docs' examples and tests). */
  requestBody(messages: readonly ChatMessage[], options: GenerateOptions = {}): Record<string, unknown> {
    const o = this.#options;
    const body: Record<string, unknown> = { model: o.model, stream: true };
    if (o.endpoint === "chat") body.messages = messages.map((m) => ({ role: m.role, content: m.content }));
    else {
      const { system, prompt } = generatePrompt(messages);
      body.prompt = prompt;
      if (system !== undefined) body.system = system;
    }
    const params = samplingParameters(options, { maxGeneratedTokens: "num_predict" });
    if (Object.keys(params).length > 0) body.options = params;
    if (o.keepAliveS !== undefined) body.keep_alive = o.keepAliveS;
    if (o.flavor === "ollama" && o.format !== undefined) body.format = o.format;
    return body;
  }

  generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncIterable<string> {
    const chat = this.#options.endpoint === "chat";
    const decoder = new NdjsonDecoder(chat ? (c) => (c.message as { content?: unknown } | undefined)?.content : (c) => c.response);
    return this.#endpoint.stream(this.requestBody(messages, options), decoder, options);
  }

  /** The server keeps no conversation between requests: nothing to clear. */
  async clearContext(): Promise<void> {}

  async close(): Promise<void> {
    this.#endpoint.close();
  }
}
