/**
 * What the HTTP LLM clients (Ollama, OpenAI) share: their options' common fields and how a bad one
 * is reported, the port's sampling parameters under each API's names, and the endpoint a client
 * streams from — one keep-alive agent, the timeouts (with a request's own token timeout) and the
 * caller's abort signal handed to every request.
 */
import http from "node:http";
import { z } from "zod";
import type { GenerateOptions } from "../../ports/llm.ts";
import { DEFAULT_HTTP_LLM_TIMEOUTS, streamTokens, type HttpLlmTimeouts } from "./http-token-stream.ts";
import type { StreamDecoder } from "./stream-decoders.ts";

/** The server's base URL option; `example` is named in the error. */
export function httpUrlOption(example: string) {
  return z.url({ protocol: /^https?$/, error: `must be an http:// or https:// URL such as ${example}` }).optional();
}

/** The timeouts option: any of HttpLlmTimeouts, each a positive number of ms. */
export const httpLlmTimeoutsOption = z
  .strictObject({
    connectMs: z.number().positive().optional(),
    firstTokenMs: z.number().positive().optional(),
    tokenMs: z.number().positive().optional(),
    totalMs: z.number().positive().optional(),
  })
  .optional();

/** Parses a client's options; a bad one throws naming the client, the option and the fix. */
export function parseClientOptions<S extends z.ZodType>(client: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Error(`${client} LLM client: ${parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; ")}`);
}

/** How an API names the port's sampling parameters (Ollama: num_predict; OpenAI: max_tokens). */
export interface SamplingNames {
  readonly maxGeneratedTokens: string;
}

/** The sampling parameters the caller gave (only those), under the API's names. */
export function samplingParameters(options: GenerateOptions, names: SamplingNames): Record<string, number> {
  const given: ReadonlyArray<readonly [string, number | undefined]> = [
    ["temperature", options.temperature],
    ["top_p", options.topP],
    ["top_k", options.topK],
    ["frequency_penalty", options.frequencyPenalty],
    [names.maxGeneratedTokens, options.maxGeneratedTokens],
    ["seed", options.seed],
  ];
  const out: Record<string, number> = {};
  for (const [name, value] of given) if (value !== undefined) out[name] = value;
  return out;
}

/** One URL an LLM client posts to, with its connection pool and timeouts. */
export class HttpLlmEndpoint {
  readonly url: URL;
  readonly #timeouts: HttpLlmTimeouts;
  // Two sockets: a request being cancelled may still hold one while the next starts.
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 2 });

  constructor(url: URL, timeouts: Partial<HttpLlmTimeouts> = {}) {
    this.url = url;
    this.#timeouts = { ...DEFAULT_HTTP_LLM_TIMEOUTS, ...timeouts };
  }

  /** Streams the reply's tokens; the request's tokenTimeoutMs overrides the token timeout, its signal cancels. */
  stream(body: unknown, decoder: StreamDecoder, options: GenerateOptions): AsyncIterable<string> {
    const timeouts = options.tokenTimeoutMs === undefined ? this.#timeouts : { ...this.#timeouts, tokenMs: options.tokenTimeoutMs };
    return streamTokens({
      url: this.url,
      body,
      decoder,
      timeouts,
      agent: this.#agent,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
