/** The command node with the LLM its parameters name, started through the registry and the app's I/O. */
import assert from "node:assert/strict";
import { createNodeIo } from "../../src/app/node-io.ts";
import type { TwistStamped } from "../../src/messages/geometry_msgs.ts";
import type { RobotCommandMessage } from "../../src/messages/hailo_ros_msgs.ts";
import { NODES, type RunningNode } from "../../src/nodes/registry.ts";
import { QosPresets, type ParameterValue } from "../../src/ports/ros.ts";
import { FakeLlmServer, type FakeReply } from "../../src/testing/fake-llm-server.ts";
import { recordingRuntime } from "../adapters/local/fixtures.ts";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function startCommandNode(overrides: Record<string, ParameterValue>) {
  const { runtime, logs } = recordingRuntime();
  const running: RunningNode = await NODES.command.start({
    runtime,
    io: await createNodeIo("command"),
    parameterOverrides: overrides,
    diagnosticsPeriodMs: 0,
  } as Parameters<typeof NODES.command.start>[0]);
  const peer = runtime.createNode("peer");
  const twists: TwistStamped[] = [];
  const commands: RobotCommandMessage[] = [];
  peer.createSubscription("geometry_msgs/msg/TwistStamped", "/cmd_vel", QosPresets.default, (m) => void twists.push(m));
  peer.createSubscription("hailo_ros_msgs/msg/RobotCommand", "/command", QosPresets.default, (m) => void commands.push(m));
  const transcript = peer.createPublisher("std_msgs/msg/String", "/voice/transcript");
  return { runtime, logs, running, peer, twists, commands, say: (data: string) => transcript.publish({ data }) };
}

describe("app/command-io: the command node's LLM from its parameters", () => {
  let server: FakeLlmServer | undefined;
  let node: RunningNode | undefined;
  afterEach(async () => {
    await node?.destroy();
    await server?.close();
    node = undefined;
    server = undefined;
  });

  async function serve(reply: (text: string) => FakeReply): Promise<FakeLlmServer> {
    server = await FakeLlmServer.start({ protocol: "hailo-ollama", reply: (request) => reply(request.text) });
    return server;
  }

  it("parser auto over hailo-ollama: the grammar's utterances never reach the server, the rest do and are executed", async () => {
    const fake = await serve(() => ({ kind: "tokens", tokens: ['{"action":"turn",', '"angle_rad":0.5}'] }));
    const h = await startCommandNode({ parser: "auto", llm_backend: "ollama", llm_url: fake.url, llm_model: "qwen2:1.5b" });
    node = h.running;

    h.say("stop");
    await until("the grammar's stop on command", () => h.commands.length === 1);
    assert.equal(h.commands[0]!.parser, "grammar");
    h.say("turn left 30 degrees");
    await until("the grammar's turn on command", () => h.commands.length === 2);
    assert.equal(h.commands[1]!.parser, "grammar");
    assert.equal(fake.requests.length, 0, "grammar-parsable text never reaches the LLM");

    h.say("could you rotate yourself a tad to port side");
    await until("the LLM's command", () => h.commands.length === 3);
    assert.equal(fake.requests.length, 1);
    assert.match(fake.requests[0]!.text, /could you rotate yourself a tad to port side/);
    assert.equal(fake.requests[0]!.body.model, "qwen2:1.5b");
    const command = h.commands[2]!;
    assert.equal(command.parser, "llm");
    assert.equal(command.steps[0]!.action, "turn");
    assert.equal(command.steps[0]!.angle_rad, 0.5);
    const before = h.twists.length;
    await until("cmd_vel turning left", () => h.twists.slice(before).some((t) => t.twist.angular.z > 0));
  });

  it("~/generate streams the server's text as feedback and returns the final text", async () => {
    const fake = await serve(() => ({ kind: "tokens", tokens: ["Hello", ",", " robot"] }));
    const h = await startCommandNode({ llm_backend: "ollama", llm_url: fake.url, llm_model: "qwen2:1.5b" });
    node = h.running;
    const partials: string[] = [];
    const sending = h.peer
      .createActionClient("hailo_ros_msgs/action/Generate", "/command/generate")
      .sendGoal({ prompt: "greet", system_prompt: "be brief", max_tokens: 0 }, { onFeedback: (f) => void partials.push(f.text) });
    const { status, result } = await (await sending).result;
    assert.equal(status, "succeeded");
    assert.deepEqual(partials, ["Hello", "Hello,", "Hello, robot"]);
    assert.equal(result.text, "Hello, robot");
    assert.equal(result.tokens, 3);
    assert.equal(fake.requests[0]!.text, "greet");
  });

  it("llm_timeout_s bounds a hanging server: the utterance is not understood and nothing moves", async () => {
    const fake = await serve(() => ({ kind: "hang" }));
    const h = await startCommandNode({
      parser: "llm",
      llm_backend: "ollama",
      llm_url: fake.url,
      llm_model: "qwen2:1.5b",
      llm_timeout_s: 0.2,
    });
    node = h.running;
    h.say("could you rotate yourself a tad to port side");
    await until("the utterance not understood", () => h.running.stats?.().not_understood === 1);
    assert.equal(fake.requests.length, 1);
    assert.equal(h.commands.length, 0);
    assert.ok(h.twists.every((t) => t.twist.angular.z === 0 && t.twist.linear.x === 0));
    assert.ok(
      h.logs.some((l) => /tim(ed|e) ?out/i.test(l.message)),
      JSON.stringify(h.logs),
    );
  });

  const refusals: ReadonlyArray<{ name: string; overrides: Record<string, ParameterValue>; error: RegExp }> = [
    {
      name: "parser auto, llm_backend none",
      overrides: { parser: "auto" },
      error: /parser 'auto' needs an LLM.*llm_backend 'none'.*llm_backend:=hailo\|ollama\|openai/,
    },
    { name: "parser llm, llm_backend none", overrides: { parser: "llm" }, error: /parser 'llm' needs an LLM.*llm_backend 'none'/ },
    {
      name: "ollama without llm_model",
      overrides: { parser: "auto", llm_backend: "ollama" },
      error: /llm_backend 'ollama' needs llm_model/,
    },
    { name: "hailo without llm_model", overrides: { parser: "llm", llm_backend: "hailo" }, error: /llm_backend 'hailo' needs llm_model/ },
    { name: "an unknown llm_backend", overrides: { llm_backend: "gpt" }, error: /llm_backend/ },
  ];
  for (const { name, overrides, error } of refusals) {
    it(`does not start with ${name}, naming the parameter to set`, async () => {
      await assert.rejects(startCommandNode(overrides), error);
    });
  }
});
