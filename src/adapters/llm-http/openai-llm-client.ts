/**
 * The LLM port over OpenAI's `/v1/chat/completions` with server-sent-event streaming, as llama.cpp's
 * server and vLLM serve it. With `responseSchema` the request carries `response_format` of type
 * `json_schema`, which both constrain decoding to; servers without it should be given none.
 */
import http from "node:http";
import { z } from "zod";
import type { ChatMessage, GenerateOptions, LlmClient } from "../../ports/llm.ts";
import { DEFAULT_HTTP_LLM_TIMEOUTS, streamTokens, type HttpLlmTimeouts } from "./http-token-stream.ts";
import { SseChatDecoder } from "./stream-decoders.ts";

/** llama.cpp's server listens on 8080 by default (vLLM on 8000). */
export const OPENAI_DEFAULT_URL = "http://127.0.0.1:8080";

const optionsSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL such as http://127.0.0.1:8080" }).optional(),
  /** llama.cpp serves its one model whatever the name; vLLM needs the served model's name. */
  model: z.string().min(1).default("default"),
  /** The reply's JSON schema, sent as response_format { type: "json_schema" }. */
  responseSchema: z.record(z.string(), z.unknown()).optional(),
  timeouts: z
    .strictObject({
      connectMs: z.number().positive().optional(),
      firstTokenMs: z.number().positive().optional(),
      tokenMs: z.number().positive().optional(),
      totalMs: z.number().positive().optional(),
    })
    .optional(),
});

export type OpenAiLlmClientOptions = z.input<typeof optionsSchema>;

export class OpenAiLlmClient implements LlmClient {
  readonly name: string;
  readonly #url: URL;
  readonly #options: z.output<typeof optionsSchema>;
  readonly #timeouts: HttpLlmTimeouts;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 2 });

  constructor(input: OpenAiLlmClientOptions) {
    const parsed = optionsSchema.safeParse(input);
    if (!parsed.success)
      throw new Error(`openai LLM client: ${parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; ")}`);
    this.#options = parsed.data;
    const base = new URL(parsed.data.url ?? OPENAI_DEFAULT_URL);
    // Both http://host:port and http://host:port/v1 are accepted as the base.
    const prefix = base.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
    this.#url = new URL(`${prefix}/v1/chat/completions`, base);
    this.#timeouts = { ...DEFAULT_HTTP_LLM_TIMEOUTS, ...parsed.data.timeouts };
    this.name = `openai ${parsed.data.model} at ${base.origin}`;
  }

  requestBody(messages: readonly ChatMessage[], options: GenerateOptions = {}): Record<string, unknown> {
    const body: Record<string, unknown> = {
      model: this.#options.model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      stream: true,
    };
    if (options.temperature !== undefined) body.temperature = options.temperature;
    if (options.topP !== undefined) body.top_p = options.topP;
    if (options.topK !== undefined) body.top_k = options.topK;
    if (options.frequencyPenalty !== undefined) body.frequency_penalty = options.frequencyPenalty;
    if (options.maxGeneratedTokens !== undefined) body.max_tokens = options.maxGeneratedTokens;
    if (options.seed !== undefined) body.seed = options.seed;
    const schema = this.#options.responseSchema;
    if (schema !== undefined) body.response_format = { type: "json_schema", json_schema: { name: "robot_command", schema, strict: true } };
    return body;
  }

  generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncIterable<string> {
    const timeouts = options.tokenTimeoutMs === undefined ? this.#timeouts : { ...this.#timeouts, tokenMs: options.tokenTimeoutMs };
    return streamTokens({
      url: this.#url,
      body: this.requestBody(messages, options),
      decoder: new SseChatDecoder(),
      timeouts,
      agent: this.#agent,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  async clearContext(): Promise<void> {}

  async close(): Promise<void> {
    this.#agent.destroy();
  }
}
