/**
 * One streamed LLM request over Node's http/https: POSTs JSON, decodes the reply's tokens as they
 * arrive, and enforces the timeouts (connect, first token, between tokens, total). Cancelling — an
 * aborted signal, a timeout, or the consumer leaving the loop — destroys the socket, so the server
 * sees the connection close and can stop generating.
 */
import http from "node:http";
import https from "node:https";
import { errorText } from "../ros-common/error-text.ts";
import { errorBodyText, type DecodeStep, type StreamDecoder } from "./stream-decoders.ts";

export interface HttpLlmTimeouts {
  /** Until the TCP (or TLS) connection is up. Default 3000 ms. */
  readonly connectMs: number;
  /** From sending the request to the first token (model load and prefill included). Default 30 000 ms. */
  readonly firstTokenMs: number;
  /** Between two tokens. Default 10 000 ms. */
  readonly tokenMs: number;
  /** The whole reply. Default 60 000 ms. */
  readonly totalMs: number;
}

export const DEFAULT_HTTP_LLM_TIMEOUTS: HttpLlmTimeouts = { connectMs: 3000, firstTokenMs: 30_000, tokenMs: 10_000, totalMs: 60_000 };

export interface TokenRequest {
  readonly url: URL;
  readonly body: unknown;
  readonly decoder: StreamDecoder;
  readonly timeouts: HttpLlmTimeouts;
  readonly agent?: http.Agent;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** The error a cancelled stream throws: the signal's reason when it is an Error. */
export function cancellation(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name !== "AbortError") return reason;
  const error = new Error("cancelled: the request was aborted");
  error.name = "AbortError";
  return error;
}

function connectError(url: URL, error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  const why = typeof code === "string" ? `${code}: ${errorText(error)}` : errorText(error);
  return new Error(`cannot reach the LLM server at ${url.origin} (${why}); is it running there? (set its address with --llm-url)`, {
    cause: error,
  });
}

async function readBody(response: http.IncomingMessage, limit = 64 * 1024): Promise<string> {
  response.setEncoding("utf8");
  let text = "";
  for await (const chunk of response as AsyncIterable<string>) {
    text += chunk;
    if (text.length > limit) break;
  }
  return text.slice(0, limit);
}

export async function* streamTokens(request: TokenRequest): AsyncGenerator<string> {
  const { url, timeouts, signal, decoder } = request;
  const where = `the LLM server at ${url.origin}`;
  if (signal?.aborted === true) throw cancellation(signal);
  const payload = JSON.stringify(request.body);
  const transport = url.protocol === "https:" ? https : http;
  const req = transport.request(url, {
    method: "POST",
    agent: request.agent,
    headers: {
      "content-type": "application/json",
      accept: "application/x-ndjson, text/event-stream, application/json",
      "content-length": Buffer.byteLength(payload),
      ...request.headers,
    },
  });
  let failure: Error | undefined;
  let phaseTimer: NodeJS.Timeout | undefined;
  const fail = (error: Error): void => {
    if (failure !== undefined) return;
    failure = error;
    req.destroy(error);
  };
  const arm = (ms: number, message: () => string): void => {
    clearTimeout(phaseTimer);
    phaseTimer = setTimeout(() => fail(new Error(message())), ms);
  };
  const totalTimer = setTimeout(
    () => fail(new Error(`${where} did not finish the reply within ${timeouts.totalMs} ms (total timeout)`)),
    timeouts.totalMs,
  );
  const awaitFirstToken = (): void =>
    arm(timeouts.firstTokenMs, () => `${where} sent no token within ${timeouts.firstTokenMs} ms of the request (first-token timeout)`);
  const onAbort = (): void => fail(cancellation(signal));
  signal?.addEventListener("abort", onAbort, { once: true });
  req.on("socket", (socket) => {
    if (!socket.connecting) return awaitFirstToken();
    arm(timeouts.connectMs, () => `no connection to ${where} within ${timeouts.connectMs} ms (connect timeout)`);
    socket.once("connect", awaitFirstToken);
  });
  let response: http.IncomingMessage | undefined;
  try {
    response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      req.once("response", resolve);
      req.once("error", reject);
      req.end(payload);
    }).catch((error: unknown) => {
      throw failure ?? connectError(url, error);
    });
    // Later socket errors surface through the response stream; this only keeps them from being unhandled.
    req.on("error", () => undefined);
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      const body = await readBody(response).catch(() => "");
      throw new Error(
        `${where} answered HTTP ${status} to ${url.pathname}: ${errorBodyText(body) || response.statusMessage || "(no body)"}`,
      );
    }
    response.setEncoding("utf8");
    const deliver = function* (step: DecodeStep): Generator<string, boolean> {
      for (const token of step.tokens) {
        arm(timeouts.tokenMs, () => `${where} sent no token for ${timeouts.tokenMs} ms after the last one (token timeout)`);
        yield token;
      }
      if (step.error !== undefined) throw new Error(`${where} reported: ${step.error}`);
      return step.done;
    };
    try {
      for await (const chunk of response as AsyncIterable<string>) {
        if (yield* deliver(decoder.push(chunk))) return;
      }
    } catch (error) {
      if (failure !== undefined) throw failure;
      if ((error as Error).message?.startsWith(where)) throw error;
      throw new Error(`${where} closed the connection in the middle of the reply (${errorText(error)})`, { cause: error });
    }
    if (failure !== undefined) throw failure;
    yield* deliver(decoder.end());
  } catch (error) {
    throw failure ?? error;
  } finally {
    clearTimeout(phaseTimer);
    clearTimeout(totalTimer);
    signal?.removeEventListener("abort", onAbort);
    // Leaving early (done before the body's end, an error, or the consumer stopping) closes the socket.
    if (response?.complete !== true) req.destroy();
  }
}
