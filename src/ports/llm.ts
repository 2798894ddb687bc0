/**
 * The LLM port: a chat model that streams tokens. Implemented over HailoRT's GenAI LLM (in-process,
 * sharing the VDevice with the vision models) and by simulated models for tests.
 */

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

export interface GenerationParams {
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly frequencyPenalty?: number;
  readonly maxGeneratedTokens?: number;
  readonly doSample?: boolean;
  readonly seed?: number;
}

export interface GenerateOptions extends GenerationParams {
  /** Aborting stops generation on the device, not just the stream. */
  readonly signal?: AbortSignal;
  /** Max wait for each token before the stream fails with a timeout. */
  readonly tokenTimeoutMs?: number;
}

export type GenerationEnd = "logical_end" | "max_tokens" | "aborted";

export interface LlmClient {
  readonly name: string;
  /** Streams the assistant's reply token by token. One generation at a time. */
  generate(messages: readonly ChatMessage[], options?: GenerateOptions): AsyncIterable<string>;
  /** Forgets the conversation kept on the device. */
  clearContext(): Promise<void>;
  close(): Promise<void>;
}
