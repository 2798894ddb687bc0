/**
 * The LLM port over OpenAI's `/v1/chat/completions` with server-sent-event streaming, as llama.cpp's
 * server and vLLM serve it. With `responseSchema` the request carries `response_format` of type
 * `json_schema`, which both constrain decoding to; servers without it should be given none.
 */
import { z } from "zod";
import type { ChatMessage, GenerateOptions, LlmClient } from "../../ports/llm.ts";
import { HttpLlmEndpoint, httpLlmTimeoutsOption, httpUrlOption, parseClientOptions, samplingParameters } from "./http-llm-endpoint.ts";
import { SseChatDecoder } from "./stream-decoders.ts";

/** llama.cpp's server listens on 8080 by default (vLLM on 8000). */
export const OPENAI_DEFAULT_URL = "http://127.0.0.1:8080";

const optionsSchema = z.strictObject({
  url: httpUrlOption("http://127.0.0.1:8080"),
  /** llama.cpp serves its one model whatever the name; vLLM needs the served model's name. */
  model: z.string().min(1).default("default"),
  /** The reply's JSON schema, sent as response_format { type: "json_schema" }. */
  responseSchema: z.record(z.string(), z.unknown()).optional(),
  timeouts: httpLlmTimeoutsOption,
});

export type OpenAiLlmClientOptions = z.input<typeof optionsSchema>;

export class OpenAiLlmClient implements LlmClient {
  readonly name: string;
  readonly #options: z.output<typeof optionsSchema>;
  readonly #endpoint: HttpLlmEndpoint;

  constructor(input: OpenAiLlmClientOptions) {
    const options = parseClientOptions("openai", optionsSchema, input);
    this.#options = options;
    const base = new URL(options.url ?? OPENAI_DEFAULT_URL);
    // Both http://host:port and http://host:port/v1 are accepted as the base.
    const prefix = base.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
    this.#endpoint = new HttpLlmEndpoint(new URL(`${prefix}/v1/chat/completions`, base), options.timeouts);
    this.name = `openai ${options.model} at ${base.origin}`;
  }

  requestBody(messages: readonly ChatMessage[], options: GenerateOptions = {}): Record<string, unknown> {
    const body: Record<string, unknown> = {
      model: this.#options.model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      stream: true,
      ...samplingParameters(options, { maxGeneratedTokens: "max_tokens" }),
    };
    const schema = this.#options.responseSchema;
    if (schema !== undefined) body.response_format = { type: "json_schema", json_schema: { name: "robot_command", schema, strict: true } };
    return body;
  }

  generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncIterable<string> {
    return this.#endpoint.stream(this.requestBody(messages, options), new SseChatDecoder(), options);
  }

  async clearContext(): Promise<void> {}

  async close(): Promise<void> {
    this.#endpoint.close();
  }
}
