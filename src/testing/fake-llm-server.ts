/**
 * A fake LLM server on a real loopback socket, for tests: it speaks hailo-ollama's protocol (NDJSON
 * lines ending in "\r\n", errors as HTTP 200 with an `error` field, `keep_alive` only as a whole
 * number of seconds, `format`/`tools` accepted and ignored), Ollama's (lines ending in "\n", errors
 * with an HTTP status, `format` honoured by the real server) or OpenAI's chat completions with
 * server-sent events. What it replies is scripted per request; it records every request body and
 * counts the connections a client closed before the reply ended.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeLlmProtocol = "hailo-ollama" | "ollama" | "openai";

export type FakeReply =
  /** Streams these tokens, `delayMs` apart (the first after `firstDelayMs`, default delayMs). */
  | { readonly kind: "tokens"; readonly tokens: readonly string[]; readonly delayMs?: number; readonly firstDelayMs?: number }
  /** An error inside a 200 stream: hailo-ollama's way; an SSE error event for OpenAI. */
  | { readonly kind: "stream-error"; readonly error: string; readonly afterTokens?: readonly string[] }
  /** An error with an HTTP status and the protocol's JSON error body. */
  | { readonly kind: "status"; readonly status: number; readonly error: string }
  /** Headers sent, then nothing until the client gives up. */
  | { readonly kind: "hang" };

export interface FakeLlmRequest {
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** The last user message (chat) or the prompt (generate). */
  readonly text: string;
}

export interface FakeLlmServerOptions {
  readonly protocol: FakeLlmProtocol;
  /** The reply to the n-th request (0-based). */
  readonly reply: (request: FakeLlmRequest, index: number) => FakeReply;
  /** When set, another model name is answered as the real server does for an unknown model. */
  readonly model?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function lastUserText(body: Record<string, unknown>): string {
  if (typeof body.prompt === "string") return body.prompt;
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const user = [...messages].reverse().find((m) => m.role === "user");
  return typeof user?.content === "string" ? user.content : "";
}

export class FakeLlmServer {
  readonly #server: http.Server;
  readonly #options: FakeLlmServerOptions;
  readonly requests: FakeLlmRequest[] = [];
  #closedMidReply = 0;
  #closeWaiters: Array<() => void> = [];

  private constructor(server: http.Server, options: FakeLlmServerOptions) {
    this.#server = server;
    this.#options = options;
  }

  static async start(options: FakeLlmServerOptions): Promise<FakeLlmServer> {
    const server = http.createServer();
    const fake = new FakeLlmServer(server, options);
    server.on("request", (req, res) => void fake.#handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Connections the client closed while a reply was still being streamed. */
  get closedMidReply(): number {
    return this.#closedMidReply;
  }

  /** Resolves when the next client connection closes mid-reply. */
  nextClosedMidReply(): Promise<void> {
    return new Promise((resolve) => this.#closeWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = "";
    req.setEncoding("utf8");
    for await (const chunk of req as AsyncIterable<string>) raw += chunk;
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const protocol = this.#options.protocol;
    const paths = protocol === "openai" ? ["/v1/chat/completions"] : ["/api/chat", "/api/generate"];
    if (req.method !== "POST" || !paths.includes(path)) return this.#status(res, 404, `404 page not found: ${req.method} ${path}`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return this.#status(res, 400, "invalid JSON in the request body");
    }
    const request: FakeLlmRequest = { path, body, text: lastUserText(body) };
    const index = this.requests.push(request) - 1;
    let finished = false;
    res.on("close", () => {
      if (finished) return;
      this.#closedMidReply++;
      for (const waiter of this.#closeWaiters.splice(0)) waiter();
    });
    const model = this.#options.model;
    if (protocol === "hailo-ollama") {
      if (body.keep_alive !== undefined && !Number.isInteger(body.keep_alive)) {
        finished = true;
        return this.#streamError(res, `keep_alive must be an integer number of seconds, got ${JSON.stringify(body.keep_alive)}`);
      }
      if (model !== undefined && body.model !== model) {
        finished = true;
        return this.#streamError(res, `model '${String(body.model)}' not found`);
      }
    } else if (model !== undefined && body.model !== model) {
      finished = true;
      return this.#status(res, 404, `model "${String(body.model)}" not found, try pulling it first`);
    }
    const reply = this.#options.reply(request, index);
    switch (reply.kind) {
      case "status":
        finished = true;
        return this.#status(res, reply.status, reply.error);
      case "stream-error":
        this.#head(res);
        for (const token of reply.afterTokens ?? []) res.write(this.#tokenFrame(path, token));
        finished = true;
        return this.#streamError(res, reply.error);
      case "hang":
        this.#head(res);
        res.flushHeaders();
        return;
      case "tokens": {
        this.#head(res);
        res.flushHeaders();
        let first = true;
        for (const token of reply.tokens) {
          await sleep(first ? (reply.firstDelayMs ?? reply.delayMs ?? 0) : (reply.delayMs ?? 0));
          first = false;
          if (res.destroyed) return;
          const frame = this.#tokenFrame(path, token);
          // Half a frame, then the rest: clients must reassemble lines across TCP reads.
          const cut = Math.floor(frame.length / 2);
          res.write(frame.slice(0, cut));
          await sleep(1);
          if (res.destroyed) return;
          res.write(frame.slice(cut));
        }
        if (res.destroyed) return;
        finished = true;
        res.end(this.#endFrame(path, reply.tokens.length));
        return;
      }
    }
  }

  #head(res: http.ServerResponse): void {
    res.writeHead(200, {
      "content-type": this.#options.protocol === "openai" ? "text/event-stream" : "application/x-ndjson",
      "cache-control": "no-cache",
    });
  }

  #eol(): string {
    return this.#options.protocol === "hailo-ollama" ? "\r\n" : "\n";
  }

  #tokenFrame(path: string, token: string): string {
    const created = new Date().toISOString();
    if (this.#options.protocol === "openai") {
      const chunk = {
        id: "chatcmpl-fake",
        object: "chat.completion.chunk",
        choices: [{ index: 0, delta: { content: token }, finish_reason: null }],
      };
      return `data: ${JSON.stringify(chunk)}\n\n`;
    }
    const chunk =
      path === "/api/chat"
        ? { model: "fake", created_at: created, message: { role: "assistant", content: token }, done: false }
        : { model: "fake", created_at: created, response: token, done: false };
    return JSON.stringify(chunk) + this.#eol();
  }

  #endFrame(path: string, tokens: number): string {
    if (this.#options.protocol === "openai") {
      const chunk = { id: "chatcmpl-fake", object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] };
      return `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`;
    }
    const end = { model: "fake", created_at: new Date().toISOString(), done: true, done_reason: "stop", eval_count: tokens };
    return (
      JSON.stringify(path === "/api/chat" ? { ...end, message: { role: "assistant", content: "" } } : { ...end, response: "" }) +
      this.#eol()
    );
  }

  #streamError(res: http.ServerResponse, error: string): void {
    if (!res.headersSent) this.#head(res);
    if (this.#options.protocol === "openai") res.end(`data: ${JSON.stringify({ error: { message: error, type: "server_error" } })}\n\n`);
    else res.end(JSON.stringify({ error }) + this.#eol());
  }

  #status(res: http.ServerResponse, status: number, error: string): void {
    const body =
      this.#options.protocol === "openai" ? { error: { message: error, type: "invalid_request_error", code: status } } : { error };
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }
}
