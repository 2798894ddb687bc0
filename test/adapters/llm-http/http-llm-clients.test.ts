import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { OllamaLlmClient, type OllamaLlmClientOptions } from "../../../src/adapters/llm-http/ollama-llm-client.ts";
import { OpenAiLlmClient, type OpenAiLlmClientOptions } from "../../../src/adapters/llm-http/openai-llm-client.ts";
import { FakeLlmServer, type FakeLlmProtocol, type FakeReply } from "../../../src/testing/fake-llm-server.ts";
import type { ChatMessage, GenerateOptions, LlmClient } from "../../../src/ports/llm.ts";

const MESSAGES: readonly ChatMessage[] = [
  { role: "system", content: "Reply with one JSON command." },
  { role: "user", content: "turn left" },
];

type Timeouts = OllamaLlmClientOptions["timeouts"];

interface Backend {
  readonly what: string;
  readonly protocol: FakeLlmProtocol;
  readonly client: (url: string, extra?: { timeouts?: Timeouts; model?: string }) => LlmClient;
}

const BACKENDS: readonly Backend[] = [
  {
    what: "hailo-ollama /api/chat",
    protocol: "hailo-ollama",
    client: (url, extra) =>
      new OllamaLlmClient({ url, model: extra?.model ?? "qwen2:1.5b", flavor: "hailo-ollama", timeouts: extra?.timeouts }),
  },
  {
    what: "hailo-ollama /api/generate",
    protocol: "hailo-ollama",
    client: (url, extra) =>
      new OllamaLlmClient({
        url,
        model: extra?.model ?? "qwen2:1.5b",
        flavor: "hailo-ollama",
        endpoint: "generate",
        timeouts: extra?.timeouts,
      }),
  },
  {
    what: "Ollama /api/chat",
    protocol: "ollama",
    client: (url, extra) => new OllamaLlmClient({ url, model: extra?.model ?? "qwen2:1.5b", flavor: "ollama", timeouts: extra?.timeouts }),
  },
  {
    what: "OpenAI /v1/chat/completions",
    protocol: "openai",
    client: (url, extra) =>
      new OpenAiLlmClient({ url, model: extra?.model ?? "qwen2:1.5b", timeouts: extra?.timeouts as OpenAiLlmClientOptions["timeouts"] }),
  },
];

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const tokens: string[] = [];
  for await (const token of stream) tokens.push(token);
  return tokens;
}

async function failure(stream: AsyncIterable<string>): Promise<Error> {
  try {
    await collect(stream);
  } catch (error) {
    return error as Error;
  }
  assert.fail("the stream should have failed");
}

describe("HTTP LLM clients against local servers speaking each protocol", function () {
  this.timeout(10_000);
  let server: FakeLlmServer | undefined;
  let client: LlmClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  });

  async function serve(
    backend: Backend,
    reply: (index: number) => FakeReply,
    extra?: { timeouts?: Timeouts; model?: string; serverModel?: string },
  ) {
    server = await FakeLlmServer.start({
      protocol: backend.protocol,
      reply: (_request, index) => reply(index),
      ...(extra?.serverModel === undefined ? {} : { model: extra.serverModel }),
    });
    client = backend.client(server.url, extra);
    return { server, client };
  }

  for (const backend of BACKENDS) {
    describe(backend.what, () => {
      it("streams the reply token by token, lines reassembled across reads", async () => {
        const tokens = ['{"action"', ':"turn",', '"angle_rad":1.5708}', " ✓ ünïcode"];
        const { server, client } = await serve(backend, () => ({ kind: "tokens", tokens, delayMs: 2 }));
        assert.deepEqual(await collect(client.generate(MESSAGES, { temperature: 0, maxGeneratedTokens: 24 })), tokens);
        assert.equal(server.requests.length, 1);
        assert.equal(server.requests[0]!.text, "turn left");
        assert.equal(server.closedMidReply, 0);
      });

      it("surfaces an error the server streams with HTTP 200, verbatim", async () => {
        const error = "Failed to generate: HAILO_OUT_OF_HOST_MEMORY(4)";
        const { client } = await serve(backend, () => ({ kind: "stream-error", error, afterTokens: ['{"act'] }));
        const thrown = await failure(client.generate(MESSAGES));
        assert.ok(thrown.message.includes(error), thrown.message);
        assert.match(thrown.message, /the LLM server at http:\/\/127\.0\.0\.1:\d+ reported/);
      });

      it("surfaces an HTTP error status with the server's own message", async () => {
        const { client } = await serve(backend, () => ({ kind: "status", status: 500, error: "llama_decode failed: KV cache is full" }));
        const thrown = await failure(client.generate(MESSAGES));
        assert.match(thrown.message, /answered HTTP 500 to \/.*: llama_decode failed: KV cache is full$/);
      });

      it("times out when no first token comes, and closes the connection", async () => {
        const { server, client } = await serve(backend, () => ({ kind: "hang" }), { timeouts: { firstTokenMs: 150 } });
        const closed = server.nextClosedMidReply();
        const thrown = await failure(client.generate(MESSAGES));
        assert.match(thrown.message, /sent no token within 150 ms of the request \(first-token timeout\)/);
        await closed;
      });

      it("times out when tokens stop coming", async () => {
        const { client } = await serve(backend, () => ({ kind: "tokens", tokens: ["a", "b"], firstDelayMs: 0, delayMs: 1000 }), {
          timeouts: { tokenMs: 150 },
        });
        const thrown = await failure(client.generate(MESSAGES));
        assert.match(thrown.message, /sent no token for 150 ms after the last one \(token timeout\)/);
      });

      it("a request's own token timeout replaces the client's", async () => {
        const { client } = await serve(backend, () => ({ kind: "tokens", tokens: ["a", "b"], firstDelayMs: 0, delayMs: 400 }), {
          timeouts: { tokenMs: 5000 },
        });
        const thrown = await failure(client.generate(MESSAGES, { tokenTimeoutMs: 120 }));
        assert.match(thrown.message, /sent no token for 120 ms after the last one \(token timeout\)/);
      });

      it("times out a reply that streams but takes too long overall", async () => {
        const tokens = Array.from({ length: 40 }, () => "x");
        const { client } = await serve(backend, () => ({ kind: "tokens", tokens, delayMs: 20 }), { timeouts: { totalMs: 200 } });
        const thrown = await failure(client.generate(MESSAGES));
        assert.match(thrown.message, /did not finish the reply within 200 ms \(total timeout\)/);
      });

      it("cancels mid-stream: the server sees the connection close and the stream throws the reason", async () => {
        const tokens = Array.from({ length: 50 }, (_, i) => `t${i}`);
        const { server, client } = await serve(backend, () => ({ kind: "tokens", tokens, delayMs: 30 }));
        const controller = new AbortController();
        const closed = server.nextClosedMidReply();
        const seen: string[] = [];
        const reason = new Error("cancelled: a newer utterance arrived");
        await assert.rejects(
          (async () => {
            for await (const token of client.generate(MESSAGES, { signal: controller.signal })) {
              seen.push(token);
              if (seen.length === 2) controller.abort(reason);
            }
          })(),
          (error: Error) => error === reason,
        );
        await closed;
        assert.equal(server.closedMidReply, 1);
        assert.ok(seen.length < 5, `no tokens after the abort (saw ${seen.length})`);
      });

      it("closes the connection when the consumer stops reading", async () => {
        const tokens = Array.from({ length: 50 }, (_, i) => `t${i}`);
        const { server, client } = await serve(backend, () => ({ kind: "tokens", tokens, delayMs: 30 }));
        const closed = server.nextClosedMidReply();
        for await (const token of client.generate(MESSAGES)) if (token === "t1") break;
        await closed;
        assert.equal(server.closedMidReply, 1);
      });

      it("names the unknown model in the server's words", async () => {
        const { client } = await serve(backend, () => ({ kind: "tokens", tokens: ["x"] }), { model: "nope:0b", serverModel: "qwen2:1.5b" });
        const thrown = await failure(client.generate(MESSAGES));
        assert.match(thrown.message, /nope:0b/);
      });

      it("serves requests one after another on the kept-alive connection", async () => {
        const { server, client } = await serve(backend, (i) => ({ kind: "tokens", tokens: [`reply ${i}`] }));
        for (let i = 0; i < 3; i++) assert.deepEqual(await collect(client.generate(MESSAGES)), [`reply ${i}`]);
        assert.equal(server.requests.length, 3);
      });
    });
  }

  it("names the URL when no server listens there", async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    for (const backend of BACKENDS) {
      const down = backend.client(`http://127.0.0.1:${port}`);
      const thrown = await failure(down.generate(MESSAGES));
      assert.match(
        thrown.message,
        new RegExp(`cannot reach the LLM server at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED`),
        backend.what,
      );
      await down.close();
    }
  });

  it("fails before connecting when the signal is already aborted", async () => {
    server = await FakeLlmServer.start({ protocol: "hailo-ollama", reply: () => ({ kind: "tokens", tokens: ["x"] }) });
    client = new OllamaLlmClient({ url: server.url, model: "m" });
    const controller = new AbortController();
    controller.abort();
    const thrown = await failure(client.generate(MESSAGES, { signal: controller.signal }));
    assert.match(thrown.message, /cancelled/);
    assert.equal(server.requests.length, 0);
  });

  describe("request bodies", () => {
    const schema = { type: "object", properties: { action: { type: "string" } }, required: ["action"] };
    const params: GenerateOptions = { temperature: 0, topK: 1, maxGeneratedTokens: 24, seed: 7 };

    it("hailo-ollama: keep_alive in whole seconds, no format or tools even when a schema is configured", () => {
      const body = new OllamaLlmClient({ model: "qwen2:1.5b", flavor: "hailo-ollama", keepAliveS: 300, format: schema }).requestBody(
        MESSAGES,
        params,
      );
      assert.deepEqual(body, {
        model: "qwen2:1.5b",
        stream: true,
        messages: MESSAGES,
        options: { temperature: 0, top_k: 1, num_predict: 24, seed: 7 },
        keep_alive: 300,
      });
    });

    it("Ollama: format carries the JSON schema", () => {
      const body = new OllamaLlmClient({ model: "qwen2.5:1.5b", flavor: "ollama", format: schema }).requestBody(MESSAGES);
      assert.deepEqual(body.format, schema);
    });

    it("/api/generate: the system message as `system`, one user turn as the prompt, several as a transcript", () => {
      const client = new OllamaLlmClient({ model: "m", endpoint: "generate" });
      assert.deepEqual(client.requestBody(MESSAGES), {
        model: "m",
        stream: true,
        prompt: "turn left",
        system: "Reply with one JSON command.",
      });
      const repair = client.requestBody([...MESSAGES, { role: "assistant", content: "{bad" }, { role: "user", content: "fix it" }]);
      assert.equal(repair.prompt, "User: turn left\nAssistant: {bad\nUser: fix it\nAssistant:");
    });

    it("OpenAI: response_format json_schema when a schema is configured, max_tokens from the limit", () => {
      const body = new OpenAiLlmClient({ model: "qwen", responseSchema: schema }).requestBody(MESSAGES, params);
      assert.deepEqual(body.response_format, { type: "json_schema", json_schema: { name: "robot_command", schema, strict: true } });
      assert.equal(body.max_tokens, 24);
      assert.equal(new OpenAiLlmClient({}).requestBody(MESSAGES).response_format, undefined);
    });

    it("each API gets every sampling parameter given, under its own names, and none that is not", () => {
      const all: GenerateOptions = { temperature: 0.2, topP: 0.9, topK: 40, frequencyPenalty: 0.5, maxGeneratedTokens: 32, seed: 3 };
      const shared = { temperature: 0.2, top_p: 0.9, top_k: 40, frequency_penalty: 0.5, seed: 3 };
      const ollama = new OllamaLlmClient({ model: "m" });
      const openai = new OpenAiLlmClient({});
      assert.deepEqual(ollama.requestBody(MESSAGES, all).options, { ...shared, num_predict: 32 });
      const { model: _model, messages: _messages, stream: _stream, ...sampling } = openai.requestBody(MESSAGES, all);
      assert.deepEqual(sampling, { ...shared, max_tokens: 32 });
      assert.equal(ollama.requestBody(MESSAGES, {}).options, undefined);
      assert.deepEqual(Object.keys(openai.requestBody(MESSAGES, { seed: 1 })).sort(), ["messages", "model", "seed", "stream"]);
    });

    it("sends a hailo-ollama keep_alive the real server accepts (checked by the fake's integer rule)", async () => {
      server = await FakeLlmServer.start({ protocol: "hailo-ollama", reply: () => ({ kind: "tokens", tokens: ["ok"] }) });
      client = new OllamaLlmClient({ url: server.url, model: "m", keepAliveS: 600 });
      assert.deepEqual(await collect(client.generate(MESSAGES)), ["ok"]);
      assert.equal(server.requests[0]!.body.keep_alive, 600);
    });
  });

  describe("bad options", () => {
    const cases: Array<[string, () => unknown, RegExp]> = [
      [
        "a fractional keep_alive",
        () => new OllamaLlmClient({ model: "m", keepAliveS: 1.5 }),
        /keepAliveS: must be a whole number of seconds/,
      ],
      ["a URL that is not http", () => new OllamaLlmClient({ model: "m", url: "ftp://x" }), /url: must be an http:\/\/ or https:\/\/ URL/],
      ["no model", () => new OllamaLlmClient({ model: "" }), /model: must name the model/],
      ["a negative timeout", () => new OpenAiLlmClient({ timeouts: { totalMs: -1 } }), /timeouts\.totalMs/],
    ];
    for (const [what, make, message] of cases) it(`rejects ${what}`, () => assert.throws(make, message));
  });

  it("accepts an OpenAI base URL with or without /v1", async () => {
    server = await FakeLlmServer.start({ protocol: "openai", reply: () => ({ kind: "tokens", tokens: ["ok"] }) });
    for (const url of [server.url, `${server.url}/v1`, `${server.url}/v1/`]) {
      const c = new OpenAiLlmClient({ url });
      assert.deepEqual(await collect(c.generate(MESSAGES)), ["ok"]);
      await c.close();
    }
  });
});
