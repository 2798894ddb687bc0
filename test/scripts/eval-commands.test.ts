import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FakeLlmServer, type FakeReply } from "../../src/testing/fake-llm-server.ts";
import { tempDir, type TempDir } from "../adapters/hailo/sim-fixtures.ts";

const SCRIPT = fileURLToPath(new URL("../../scripts/eval-commands.js", import.meta.url));

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const SET = [
  { text: "stop", expected: { action: "stop" } },
  { text: "turn left", expected: { action: "turn", angle_rad: Math.PI / 2 } },
  { text: "mosey on over to the sofa", expected: { action: "goto", target: "couch" } },
  { text: "make yourself scarce in reverse", expected: { action: "move", distance_m: -0.2 } },
  { text: "tell me about the weather", expected: null },
  { text: "what is the meaning of life", expected: null },
];

/** The LLM's answers by utterance: one right, one wrong amount, one right refusal, one motion from a non-command. */
function reply(text: string): FakeReply {
  const answer: Record<string, string> = {
    "mosey on over to the sofa": "goto couch",
    "make yourself scarce in reverse": "move -1",
    "tell me about the weather": "none",
    "what is the meaning of life": "move 42",
  };
  return { kind: "tokens", tokens: [answer[text] ?? "none"], delayMs: 1 };
}

describe("npm run eval:commands (child process)", function () {
  this.timeout(30_000);
  let dir: TempDir;
  let server: FakeLlmServer | undefined;
  let setPath: string;
  beforeEach(() => {
    dir = tempDir();
    setPath = path.join(dir.path, "set.jsonl");
    writeFileSync(setPath, SET.map((l) => JSON.stringify(l)).join("\n"));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    dir.remove();
  });

  it("scores auto against a hailo-ollama server: per-action accuracy, stop recall, motion from non-commands, which parser answered", async () => {
    server = await FakeLlmServer.start({ protocol: "hailo-ollama", reply: (r) => reply(r.text) });
    const result = await run(["--set", setPath, "--llm", "ollama", "--llm-url", server.url, "--llm-model", "qwen2:1.5b", "--json"]);
    const lines = result.stdout.trimEnd().split("\n");
    const summary = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    assert.equal(result.code, 1, "a non-command produced motion: the safety gate fails");
    assert.match(result.stdout, /^accuracy: 4\/6 \(66\.7%\)$/m);
    assert.match(result.stdout, /^ {2}goto +1\/1 +100\.0%$/m);
    assert.match(result.stdout, /^ {2}move +0\/1 +0\.0%$/m);
    assert.match(result.stdout, /^ {2}none +1\/2 +50\.0%$/m);
    assert.match(result.stdout, /^stop recall: 1\/1$/m);
    assert.match(result.stdout, /^non-commands producing motion: 1\/2$/m);
    assert.match(result.stdout, /^answered by: grammar 2, llm 3, none 1$/m);
    assert.match(result.stdout, /^latency: mean \d+\.\d{3} ms, p95 \d+\.\d{3} ms$/m);
    assert.deepEqual(
      server.requests.map((r) => r.text),
      SET.slice(2).map((l) => l.text),
      "the grammar's stop and turn never reached the LLM",
    );
    assert.equal(summary.correct, 4);
    assert.equal(summary.motionFromNonCommands, 1);
    assert.equal(summary.stopsRecognized, 1);
    assert.equal(typeof summary.meanLatencyMs, "number");
  });

  it("the grammar alone passes the safety gate on the same set (exit 0)", async () => {
    const result = await run(["--set", setPath, "--parser", "grammar"]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^non-commands producing motion: 0\/2$/m);
    assert.match(result.stdout, /^stop recall: 1\/1$/m);
  });

  it("names a bad labelled set's file and line (exit 2)", async () => {
    writeFileSync(setPath, '{"text":"go","expected":{"action":"move"}}\n');
    const result = await run(["--set", setPath]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      new RegExp(`${setPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1: expected is not a valid RobotCommand: distance_m`),
    );
  });
});
