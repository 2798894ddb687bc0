import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { OllamaLlmClient } from "../../../src/adapters/llm-http/ollama-llm-client.ts";
import { OpenAiLlmClient } from "../../../src/adapters/llm-http/openai-llm-client.ts";
import type { RobotCommand } from "../../../src/core/command/robot-command.ts";
import { AutoInterpreter } from "../../../src/nodes/command/auto-interpreter.ts";
import { LatestWinsInterpreter, SUPERSEDED } from "../../../src/nodes/command/latest-wins-interpreter.ts";
import { LlmInterpreter, type LlmInterpreterOptions } from "../../../src/nodes/command/llm-interpreter.ts";
import type { CommandInterpreter, Interpretation } from "../../../src/ports/command-interpreter.ts";
import type { LlmClient } from "../../../src/ports/llm.ts";
import { FakeLlmServer, type FakeLlmProtocol, type FakeReply } from "../../../src/testing/fake-llm-server.ts";

const LEFT: RobotCommand = { action: "turn", angle_rad: Math.PI / 2 };
const tokens = (text: string, delayMs = 1): FakeReply => ({ kind: "tokens", tokens: text.match(/.{1,4}/gs) ?? [], delayMs });

const PROTOCOLS: ReadonlyArray<[FakeLlmProtocol, (url: string) => LlmClient]> = [
  ["hailo-ollama", (url) => new OllamaLlmClient({ url, model: "qwen2:1.5b", flavor: "hailo-ollama", timeouts: { firstTokenMs: 5000 } })],
  ["openai", (url) => new OpenAiLlmClient({ url, model: "qwen2:1.5b", timeouts: { firstTokenMs: 5000 } })],
];

describe("LLM interpreter through local LLM servers", function () {
  this.timeout(10_000);
  let server: FakeLlmServer | undefined;
  let client: LlmClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
    server = undefined;
    client = undefined;
  });

  for (const [protocol, makeClient] of PROTOCOLS) {
    describe(protocol, () => {
      async function start(replies: readonly FakeReply[], options: Partial<LlmInterpreterOptions> = {}) {
        server = await FakeLlmServer.start({ protocol, reply: (_r, i) => replies[Math.min(i, replies.length - 1)]! });
        client = makeClient(server.url);
        return { server, interpreter: new LlmInterpreter({ llm: client, ...options }) };
      }

      const accepted: Array<[string, string, RobotCommand]> = [
        ["the compact line", "turn 90d", LEFT],
        ["JSON in prose", 'Sure! The command is {"action":"move","distance_m":-0.5} as asked.', { action: "move", distance_m: -0.5 }],
        ["fenced JSON", '```json\n{"action": "goto", "target": "couch"}\n```', { action: "goto", target: "couch" }],
        [
          "a sequence",
          "seq move 1; turn -90d",
          {
            action: "sequence",
            steps: [
              { action: "move", distance_m: 1 },
              { action: "turn", angle_rad: -Math.PI / 2 },
            ],
          },
        ],
      ];
      for (const [what, reply, command] of accepted) {
        it(`reads ${what}`, async () => {
          const { server, interpreter } = await start([tokens(reply)]);
          const result = await interpreter.interpret("please head left");
          assert.deepEqual(result, { ok: true, command, parser: "llm" });
          assert.equal(server.requests.length, 1);
          const messages = server.requests[0]!.body.messages as Array<{ role: string; content: string }>;
          assert.equal(messages[0]!.role, "system");
          assert.equal(messages[0]!.content, interpreter.systemPrompt);
          assert.deepEqual(messages[1], { role: "user", content: "please head left" });
          assert.equal(server.requests[0]!.body.stream, true);
        });
      }

      it("invalid JSON → one repair quoting the error → success", async () => {
        const { server, interpreter } = await start([tokens('{"action":"turn","angle_rad":"left"}'), tokens("turn 90d")]);
        assert.deepEqual(await interpreter.interpret("turn left a bit differently"), { ok: true, command: LEFT, parser: "llm" });
        assert.equal(server.requests.length, 2);
        const repair = server.requests[1]!.body.messages as Array<{ role: string; content: string }>;
        assert.equal(repair.length, 4);
        assert.deepEqual(repair[2], { role: "assistant", content: '{"action":"turn","angle_rad":"left"}' });
        assert.equal(repair[3]!.role, "user");
        assert.match(repair[3]!.content, /angle_rad/);
        assert.match(repair[3]!.content, /is not a valid command/);
      });

      it("invalid twice → a clear failure naming both replies and the error, no third try", async () => {
        const { server, interpreter } = await start([tokens("I think you want to turn."), tokens('{"action":"fly","height_m":2}')]);
        const result = await interpreter.interpret("levitate");
        assert.equal(result.ok, false);
        assert.match(!result.ok ? result.error : "", /^the LLM's reply is not a valid command, even after one repair: .*action/);
        assert.match(!result.ok ? result.error : "", /first reply "I think you want to turn\."/);
        assert.equal(server.requests.length, 2);
      });

      it("a reply of none is not a command, with no repair", async () => {
        const { server, interpreter } = await start([tokens("none")]);
        assert.deepEqual(await interpreter.interpret("tell me a joke"), {
          ok: false,
          error: "not a robot command (the LLM answered none)",
          parser: "llm",
        });
        assert.equal(server.requests.length, 1);
      });

      it("surfaces an error the server streams with HTTP 200, verbatim", async () => {
        const { interpreter } = await start([{ kind: "stream-error", error: "Generation failed: HAILO_TIMEOUT(4)" }]);
        const result = await interpreter.interpret("turn left");
        assert.equal(result.ok, false);
        assert.ok(!result.ok && result.error.includes("Generation failed: HAILO_TIMEOUT(4)"), JSON.stringify(result));
        assert.match(!result.ok ? result.error : "", /^LLM .*reported: /);
      });

      it("a slow server hits the overall timeout, and the connection is closed", async () => {
        const { server, interpreter } = await start([{ kind: "hang" }], { timeoutMs: 200 });
        const closed = server.nextClosedMidReply();
        const result = await interpreter.interpret("turn left");
        assert.equal(result.ok, false);
        assert.match(!result.ok ? result.error : "", /gave no valid command within 200 ms \(overall timeout\)/);
        await closed;
      });

      it("stops reading once a finished line holds a valid command", async () => {
        const chatty = {
          kind: "tokens",
          tokens: ["turn 90d", "\n", "I turned", " left", ...Array.from({ length: 40 }, () => " because")],
          delayMs: 25,
        } as const;
        const { server, interpreter } = await start([chatty]);
        const closed = server.nextClosedMidReply();
        assert.deepEqual(await interpreter.interpret("turn left"), { ok: true, command: LEFT, parser: "llm" });
        await closed;
      });

      it("cancellation mid-stream by a newer utterance: the old one is cancelled, the server sees the close, the new one answers", async () => {
        const slow: FakeReply = { kind: "tokens", tokens: ["mo", "ve", " 1", ...Array.from({ length: 40 }, () => " ")], delayMs: 40 };
        const { server, interpreter } = await start([slow, tokens("turn 90d")]);
        const latest = new LatestWinsInterpreter(interpreter);
        const closed = server.nextClosedMidReply();
        const old = latest.interpret("go forward a meter or so");
        await new Promise((resolve) => setTimeout(resolve, 120));
        const fresh = latest.interpret("turn left");
        assert.deepEqual(await old, { ok: false, error: SUPERSEDED, parser: "llm" });
        await closed;
        assert.deepEqual(await fresh, { ok: true, command: LEFT, parser: "llm" });
        assert.equal(server.requests.length, 2);
      });
    });
  }

  it("names the URL when the server is down", async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    client = new OllamaLlmClient({ url: `http://127.0.0.1:${port}`, model: "m" });
    const result = await new LlmInterpreter({ llm: client }).interpret("turn left");
    assert.equal(result.ok, false);
    assert.match(
      !result.ok ? result.error : "",
      new RegExp(`cannot reach the LLM server at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED`),
    );
  });

  it("a caller's abort before the start never reaches the server", async () => {
    server = await FakeLlmServer.start({ protocol: "hailo-ollama", reply: () => tokens("turn 90d") });
    client = new OllamaLlmClient({ url: server.url, model: "m" });
    const controller = new AbortController();
    controller.abort(new Error("cancelled: shutting down"));
    const result = await new LlmInterpreter({ llm: client }).interpret("turn left", { signal: controller.signal });
    assert.deepEqual(result, { ok: false, error: "cancelled: shutting down", parser: "llm" });
    assert.equal(server.requests.length, 0);
  });

  describe("auto: grammar first, the LLM for the rest", () => {
    /** A stand-in grammar for this wiring test: knows "stop" and "turn left" only. */
    const standInGrammar: CommandInterpreter = {
      async interpret(text): Promise<Interpretation> {
        if (/\bstop\b/.test(text)) return { ok: true, command: { action: "stop" }, parser: "grammar" };
        if (text === "turn left") return { ok: true, command: LEFT, parser: "grammar" };
        return { ok: false, error: "no command recognised", parser: "grammar" };
      },
    };

    async function startAuto() {
      server = await FakeLlmServer.start({ protocol: "hailo-ollama", reply: () => tokens("goto couch") });
      client = new OllamaLlmClient({ url: server.url, model: "m" });
      return { server, auto: new AutoInterpreter({ grammar: standInGrammar, llm: new LlmInterpreter({ llm: client }) }) };
    }

    it("a stop and anything else the grammar parses never reach the LLM", async () => {
      const { server, auto } = await startAuto();
      assert.deepEqual(await auto.interpret("please stop now"), { ok: true, command: { action: "stop" }, parser: "grammar" });
      assert.deepEqual(await auto.interpret("turn left"), { ok: true, command: LEFT, parser: "grammar" });
      assert.equal(server.requests.length, 0);
    });

    it("what the grammar cannot parse goes to the LLM; empty text does not", async () => {
      const { server, auto } = await startAuto();
      assert.deepEqual(await auto.interpret("could you wander over to the sofa"), {
        ok: true,
        command: { action: "goto", target: "couch" },
        parser: "llm",
      });
      assert.deepEqual(await auto.interpret("   "), { ok: false, error: "no command recognised", parser: "grammar" });
      assert.equal(server.requests.length, 1);
    });

    it("a stop arriving while the LLM streams cancels it and answers at once", async () => {
      server = await FakeLlmServer.start({
        protocol: "hailo-ollama",
        reply: () => ({ kind: "tokens", tokens: Array.from({ length: 50 }, () => "x"), delayMs: 40 }),
      });
      client = new OllamaLlmClient({ url: server.url, model: "m" });
      const latest = new LatestWinsInterpreter(new AutoInterpreter({ grammar: standInGrammar, llm: new LlmInterpreter({ llm: client }) }));
      const closed = server.nextClosedMidReply();
      const pending = latest.interpret("meander about the place");
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(await latest.interpret("stop"), { ok: true, command: { action: "stop" }, parser: "grammar" });
      assert.equal(server.requests.length, 1, "the stop itself never went to the LLM");
      assert.deepEqual(await pending, { ok: false, error: SUPERSEDED, parser: "llm" });
      await closed;
    });
  });
});
