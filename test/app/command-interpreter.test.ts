import assert from "node:assert/strict";
import { JSON_REPLY_TOKENS, openCommandInterpreter, replyIsJson } from "../../src/app/command-interpreter.ts";
import { robotCommandJsonSchema } from "../../src/app/command-llm.ts";
import { FakeLlmServer } from "../../src/testing/fake-llm-server.ts";

describe("the command interpreter a process opens", function () {
  this.timeout(10_000);
  let server: FakeLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("Ollama gets the command's JSON schema as format and room for a JSON reply; the JSON reply is read", async () => {
    server = await FakeLlmServer.start({
      protocol: "ollama",
      reply: () => ({ kind: "tokens", tokens: ['{"action": "find",', ' "target": "cup"}'] }),
    });
    const opened = await openCommandInterpreter({
      parser: "llm",
      llm: { backend: "ollama", flavor: "ollama", url: server.url, model: "qwen2.5:1.5b" },
    });
    try {
      assert.deepEqual(await opened.interpreter.interpret("where is my mug"), {
        ok: true,
        command: { action: "find", target: "cup" },
        parser: "llm",
      });
      const body = server.requests[0]!.body;
      assert.deepEqual(body.format, robotCommandJsonSchema());
      assert.equal((body.options as { num_predict?: unknown }).num_predict, JSON_REPLY_TOKENS);
    } finally {
      await opened.close();
    }
  });

  it("hailo-ollama gets no format and the compact reply's token budget", async () => {
    server = await FakeLlmServer.start({ protocol: "hailo-ollama", reply: () => ({ kind: "tokens", tokens: ["find cup"] }) });
    const opened = await openCommandInterpreter({ parser: "auto", llm: { backend: "ollama", url: server.url, model: "qwen2:1.5b" } });
    try {
      assert.deepEqual(await opened.interpreter.interpret("any idea what became of my mug"), {
        ok: true,
        command: { action: "find", target: "cup" },
        parser: "llm",
      });
      const body = server.requests[0]!.body;
      assert.equal(body.format, undefined);
      assert.equal((body.options as { num_predict?: unknown }).num_predict, 48);
    } finally {
      await opened.close();
    }
  });

  it("JSON-constrained replies: Ollama with format and OpenAI with the schema; not hailo-ollama or hailo", () => {
    assert.equal(replyIsJson({ backend: "ollama", flavor: "ollama", model: "m" }), true);
    assert.equal(replyIsJson({ backend: "ollama", model: "m" }), false);
    assert.equal(replyIsJson({ backend: "openai", jsonSchema: true }), true);
    assert.equal(replyIsJson({ backend: "openai" }), false);
    assert.equal(replyIsJson({ backend: "hailo", model: "x.hef" }), false);
  });

  it("llm and auto need an LLM; grammar does not", async () => {
    await assert.rejects(openCommandInterpreter({ parser: "llm" }), /--parser llm needs an LLM: give --llm hailo\|ollama\|openai/);
    const grammar = await openCommandInterpreter({ parser: "grammar" });
    assert.deepEqual(await grammar.interpreter.interpret("halt"), { ok: true, command: { action: "stop" }, parser: "grammar" });
    assert.equal(grammar.llmName, undefined);
  });
});
