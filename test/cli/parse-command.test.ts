import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { parseParseArgs } from "../../src/cli/parse-command.ts";
import { FakeLlmServer, type FakeReply } from "../../src/testing/fake-llm-server.ts";
import { simLlm, tempDir, type TempDir } from "../adapters/hailo/sim-fixtures.ts";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

function run(args: readonly string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, "parse", ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Every stdout line as JSON; fails on anything that is not one JSON object per line. */
function jsonLines(stdout: string): Array<Record<string, unknown>> {
  assert.ok(stdout.endsWith("\n"), `stdout ends with a newline: ${JSON.stringify(stdout)}`);
  return stdout
    .slice(0, -1)
    .split("\n")
    .map((line) => {
      const value = JSON.parse(line) as unknown;
      assert.equal(typeof value, "object");
      return value as Record<string, unknown>;
    });
}

const tokens = (text: string): FakeReply => ({ kind: "tokens", tokens: text.match(/.{1,3}/gs) ?? [], delayMs: 1 });

describe("hailo-ros parse (child processes)", function () {
  this.timeout(30_000);
  let server: FakeLlmServer | undefined;
  let dir: TempDir | undefined;
  afterEach(async () => {
    await server?.close();
    dir?.remove();
    server = undefined;
    dir = undefined;
  });

  it("parses TEXT with the grammar: one JSON object, exit 0", async () => {
    const result = await run(["go", "forward", "two", "meters"]);
    assert.equal(result.code, 0, result.stderr);
    const [line, ...rest] = jsonLines(result.stdout);
    assert.deepEqual(rest, []);
    assert.deepEqual({ ...line, ms: 0 }, { ok: true, command: { action: "move", distance_m: 2 }, parser: "grammar", ms: 0 });
    assert.equal(typeof line!.ms, "number");
  });

  it("answers a non-command with ok false and exit 1", async () => {
    const result = await run(["tell me a joke"]);
    assert.equal(result.code, 1);
    const [line] = jsonLines(result.stdout);
    assert.equal(line!.ok, false);
    assert.equal(typeof line!.error, "string");
    assert.deepEqual(Object.keys(line!), ["ok", "error"]);
  });

  const badArgs: Array<[string[], RegExp]> = [
    [["--parser", "magic", "x"], /--parser must be one of auto, grammar, llm/],
    [["--parser", "llm", "x"], /--parser llm needs --llm/],
    [["--llm", "gpt5", "x"], /--llm must be one of hailo, ollama, openai/],
    [["--jsonl", "x"], /give no TEXT with it/],
    [[], /give the TEXT to parse/],
    [["--bogus"], /unknown option '--bogus'/],
  ];
  for (const [args, message] of badArgs) {
    it(`rejects ${JSON.stringify(args)}`, () => {
      const parsed = parseParseArgs(args);
      assert.ok("error" in parsed);
      assert.match(parsed.error, message);
    });
  }

  it("answers a bad option with exit 2, the error as the one JSON object and usage on stderr", async () => {
    const result = await run(["--parser", "magic", "x"]);
    assert.equal(result.code, 2);
    const [line, ...rest] = jsonLines(result.stdout);
    assert.deepEqual(rest, []);
    assert.deepEqual(line, { ok: false, error: "--parser must be one of auto, grammar, llm (got 'magic')" });
    assert.match(result.stderr, /Usage: hailo-ros parse/);
  });

  it("--jsonl against a hailo-ollama server: one line per input line, in order; only what the grammar cannot parse reaches the LLM", async () => {
    server = await FakeLlmServer.start({
      protocol: "hailo-ollama",
      model: "qwen2:1.5b",
      reply: (request) => (request.text.includes("sofa") ? tokens("goto couch") : tokens("none")),
    });
    const input = ["stop", "", "could you wander over by the sofa", "turn left", "sing me something nice", "halt right now"];
    const result = await run(
      ["--llm", "ollama", "--llm-url", server.url, "--llm-model", "qwen2:1.5b", "--jsonl"],
      `${input.join("\r\n")}\n`,
    );
    assert.equal(result.code, 0, result.stderr);
    const lines = jsonLines(result.stdout);
    assert.equal(lines.length, input.length);
    assert.deepEqual(
      lines.map((l) => (l.ok === true ? `${l.parser}:${JSON.stringify(l.command)}` : "error")),
      [
        'grammar:{"action":"stop"}',
        "error",
        'llm:{"action":"goto","target":"couch"}',
        `grammar:${JSON.stringify({ action: "turn", angle_rad: Math.PI / 2 })}`,
        "error",
        'grammar:{"action":"stop"}',
      ],
    );
    assert.match(String(lines[4]!.error), /not a robot command \(the LLM answered none\)/);
    assert.deepEqual(
      server.requests.map((r) => r.text),
      ["could you wander over by the sofa", "sing me something nice"],
    );
    assert.equal(server.requests[0]!.body.format, undefined, "hailo-ollama gets no format");
  });

  it("--parser llm --llm openai: JSON in prose, a repair, and an error the server reports, in order", async () => {
    server = await FakeLlmServer.start({
      protocol: "openai",
      reply: (request, index) => {
        if (request.text.includes("broken")) return { kind: "stream-error", error: "the model crashed: out of KV cache" };
        if (index === 1) return tokens('{"action":"move","distance_m":"one"}');
        if (index === 2) return tokens("move 1");
        return tokens('Here you go: {"action":"describe"}');
      },
    });
    const result = await run(
      ["--parser", "llm", "--llm", "openai", "--llm-url", `${server.url}/v1`, "--jsonl"],
      "what do you see\nmove a meter\nbroken\n",
    );
    assert.equal(result.code, 0, result.stderr);
    const lines = jsonLines(result.stdout);
    assert.equal(lines.length, 3);
    assert.deepEqual(lines[0]!.command, { action: "describe" });
    assert.equal(lines[0]!.parser, "llm");
    assert.deepEqual(lines[1]!.command, { action: "move", distance_m: 1 });
    assert.equal(lines[2]!.ok, false);
    assert.match(String(lines[2]!.error), /the model crashed: out of KV cache/);
  });

  it("names the server's URL when it is down, exit 1", async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = await run([
      "--parser",
      "llm",
      "--llm",
      "ollama",
      "--llm-model",
      "m",
      "--llm-url",
      `http://127.0.0.1:${port}`,
      "go to the kitchen",
    ]);
    assert.equal(result.code, 1);
    const [line] = jsonLines(result.stdout);
    assert.match(String(line!.error), new RegExp(`cannot reach the LLM server at http://127\\.0\\.0\\.1:${port}`));
  });

  it("--llm hailo on the simulated device", async () => {
    dir = tempDir();
    const model = dir.write("llm.json", simLlm({ tokens: ["find", " cup"] }));
    const result = await run([
      "--parser",
      "llm",
      "--llm",
      "hailo",
      "--llm-device",
      "sim",
      "--llm-model",
      model,
      "where did I leave my mug",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const [line] = jsonLines(result.stdout);
    assert.deepEqual({ ...line, ms: 0 }, { ok: true, command: { action: "find", target: "cup" }, parser: "llm", ms: 0 });
  });

  it("--jsonl: a backend that cannot open answers every line with its error, exit 1", async () => {
    const result = await run(["--llm", "hailo", "--llm-device", "sim", "--llm-model", "/nonexistent/llm.hef", "--jsonl"], "a\nb\n");
    assert.equal(result.code, 1);
    const lines = jsonLines(result.stdout);
    assert.equal(lines.length, 2);
    for (const line of lines) assert.match(String(line.error), /cannot start the hailo LLM: .*\/nonexistent\/llm\.hef/);
  });

  it("option parsing: the parser defaults to auto with an LLM and to grammar without", () => {
    const withLlm = parseParseArgs(["--llm", "ollama", "--llm-model", "m", "hi"]);
    assert.ok(!("error" in withLlm));
    assert.equal(withLlm.parser, "auto");
    const without = parseParseArgs(["hi", "there"]);
    assert.ok(!("error" in without));
    assert.equal(without.parser, "grammar");
    assert.equal(without.text, "hi there");
  });
});
