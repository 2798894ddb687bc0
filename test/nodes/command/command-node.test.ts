/** The command node on the local runtime, on virtual time. */
import assert from "node:assert/strict";
import { VirtualTimeScheduler } from "rxjs";
import { toRobotCommandMessage } from "../../../src/core/command/robot-command-message.ts";
import { AcceleratorScheduler } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import type { TwistStamped } from "../../../src/messages/geometry_msgs.ts";
import type { RobotCommandMessage } from "../../../src/messages/hailo_ros_msgs.ts";
import { CommandNode, type CommandNodeIo, type CommandNodeOptions } from "../../../src/nodes/command/command-node.ts";
import { NODES } from "../../../src/nodes/registry.ts";
import { QosPresets, type ParameterValue } from "../../../src/ports/ros.ts";
import { recordingRuntime } from "../../adapters/local/fixtures.ts";
import { HeldInterpreter, ScriptedLlm } from "./test-interpreters.ts";

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function harness(overrides: Record<string, ParameterValue> = {}, io: CommandNodeIo = {}, options: CommandNodeOptions = {}) {
  const scheduler = new VirtualTimeScheduler();
  const { runtime, logs } = recordingRuntime({ scheduler, deliveryScheduler: scheduler });
  const command = await CommandNode.create(runtime, io, { diagnosticsPeriodMs: 0, parameterOverrides: overrides, ...options });
  const peer = runtime.createNode("peer");
  const twists: Array<{ t: number; twist: TwistStamped }> = [];
  const commands: RobotCommandMessage[] = [];
  const responses: string[] = [];
  if (overrides.use_stamped !== false) {
    peer.createSubscription(
      "geometry_msgs/msg/TwistStamped",
      "/cmd_vel",
      QosPresets.default,
      (m) => void twists.push({ t: scheduler.now(), twist: m }),
    );
  }
  peer.createSubscription("hailo_ros_msgs/msg/RobotCommand", "/command", QosPresets.default, (m) => void commands.push(m));
  peer.createSubscription("std_msgs/msg/String", "/voice/response", QosPresets.default, (m) => void responses.push(m.data));
  const transcript = peer.createPublisher("std_msgs/msg/String", "/voice/transcript");
  const say = (text: string) => transcript.publish({ data: text });
  /** Runs virtual time to `ms` in 1 ms frames, letting promise continuations run in between. */
  const advanceTo = async (ms: number) => {
    for (let frame = scheduler.now(); frame < ms;) {
      frame = Math.min(ms, frame + 1);
      scheduler.maxFrames = frame;
      scheduler.flush();
      await settle();
    }
  };
  const advance = (ms: number) => advanceTo(scheduler.now() + ms);
  /** Travelled distance from the twists received (each held until the next one). */
  const travelled = () => {
    let sum = 0;
    for (let i = 0; i + 1 < twists.length; i++) sum += twists[i]!.twist.twist.linear.x * ((twists[i + 1]!.t - twists[i]!.t) / 1000);
    return sum;
  };
  return { runtime, logs, command, peer, twists, commands, responses, say, advance, advanceTo, travelled, scheduler };
}

describe("nodes/command/CommandNode", () => {
  it("is registered as an accelerator node (its hailo LLM runs on the runner's scheduler), with its parameter spec", async () => {
    assert.equal(NODES.command.accelerator, true);
    const spec = await NODES.command.parameters();
    assert.equal(spec.parser?.default, "grammar");
    assert.equal(spec.max_distance_m?.default, 2);
  });

  it("hands the LLM opener the runner's accelerator scheduler, and none without a runner's", async () => {
    const given: Array<AcceleratorScheduler | undefined> = [];
    const io: CommandNodeIo = { llm: (_parameters, scheduler) => (given.push(scheduler), Promise.resolve(undefined)) };
    const accelerator = new AcceleratorScheduler();
    try {
      const { runtime } = recordingRuntime();
      const started = await NODES.command.start({ runtime, io, scheduler: accelerator, diagnosticsPeriodMs: 0 } as Parameters<
        typeof NODES.command.start
      >[0]);
      await started.destroy();
      const h = await harness({}, io);
      await h.command.destroy();
      assert.equal(given.length, 2);
      assert.equal(given[0], accelerator);
      assert.equal(given[1], undefined);
    } finally {
      accelerator.close();
    }
  });

  it("voice/transcript → command published → cmd_vel over time → zero at the end", async () => {
    const h = await harness();
    h.say("go forward half a meter");
    await h.advance(5000);
    assert.equal(h.commands.length, 1);
    assert.equal(h.commands[0]!.text, "go forward half a meter");
    assert.equal(h.commands[0]!.parser, "grammar");
    assert.deepEqual(
      h.commands[0]!.steps.map((s) => [s.action, s.distance_m]),
      [["move", 0.5]],
    );
    assert.ok(Math.abs(h.travelled() - 0.5) < 0.01, `travelled ${h.travelled()}`);
    assert.ok(h.twists.length > 100, "one twist per 20 ms tick");
    assert.equal(h.twists.at(-1)!.twist.twist.linear.x, 0);
    assert.equal(h.command.busy, false);
    assert.equal(h.command.stats().succeeded, 1);
    await h.command.destroy();
  });

  const stops = ["stop", "um please stop now", "halt", "emergency stop", "no no don't move"];
  for (const stop of stops) {
    it(`"${stop}" while moving: a zero twist at the same instant, nothing but zeros afterwards`, async () => {
      const h = await harness();
      h.say("go forward two meters");
      await h.advance(1000);
      assert.ok(h.twists.at(-1)!.twist.twist.linear.x > 0);
      h.say(stop);
      const saidAt = h.scheduler.now();
      await h.advance(1);
      const isZero = (t: { twist: TwistStamped }) => t.twist.twist.linear.x === 0 && t.twist.twist.angular.z === 0;
      const firstZero = h.twists.findIndex((t) => t.t >= saidAt && isZero(t));
      assert.ok(firstZero >= 0 && h.twists[firstZero]!.t === saidAt, "the zero is delivered with the stop, not a tick later");
      await h.advance(1000);
      assert.ok(h.twists.slice(firstZero).every(isZero), "nothing but zeros after it");
      assert.equal(h.command.busy, false);
      assert.equal(h.commands.at(-1)!.steps[0]!.action, "stop");
      await h.command.destroy();
    });
  }

  it("a new utterance cancels the running command", async () => {
    const h = await harness();
    h.say("go forward two meters");
    await h.advance(1000);
    h.say("turn left");
    await h.advance(4000);
    assert.equal(h.command.stats().cancelled, 1);
    assert.equal(h.command.stats().succeeded, 1);
    assert.ok(h.logs.some((l) => /command canceled: move 2\.00 m: cancelled by a newer command/.test(l.message)));
    assert.ok(h.twists.some((t) => t.twist.twist.angular.z > 0.5));
    await h.command.destroy();
  });

  it("text that is no command moves nothing", async () => {
    const h = await harness();
    h.say("tell me a joke");
    await h.advance(500);
    assert.equal(h.twists.length, 0);
    assert.equal(h.commands.length, 0);
    assert.equal(h.command.stats().not_understood, 1);
    await h.command.destroy();
  });

  it("~/parse_command answers the command and its JSON, or the error", async () => {
    const h = await harness();
    const client = h.peer.createClient("hailo_ros_msgs/srv/ParseCommand", "/command/parse_command");
    const ok = client.call({ text: "turn right 90 degrees" });
    await h.advance(5);
    const answer = await ok;
    assert.equal(answer.ok, true);
    assert.equal(answer.parser, "grammar");
    assert.deepEqual(JSON.parse(answer.command_json), { action: "turn", angle_rad: -Math.PI / 2 });
    assert.equal(answer.command.steps[0]!.action, "turn");
    const bad = client.call({ text: "what is the weather" });
    await h.advance(5);
    const refused = await bad;
    assert.equal(refused.ok, false);
    assert.ok(refused.error.length > 0);
    assert.equal(refused.command.steps.length, 0);
    assert.equal(h.twists.length, 0, "parsing runs nothing");
    await h.command.destroy();
  });

  it("~/execute_command: feedback while it runs, the result with the limits applied", async () => {
    const h = await harness();
    const client = h.peer.createActionClient("hailo_ros_msgs/action/ExecuteCommand", "/command/execute_command");
    const feedback: string[] = [];
    const sending = client.sendGoal(
      { text: "go forward five meters", command: toRobotCommandMessage({ action: "stop" }) },
      { onFeedback: (f) => void feedback.push(`${f.phase} ${f.step}/${f.steps}`) },
    );
    await h.advance(15_000);
    const { status, result } = await (await sending).result;
    assert.equal(status, "succeeded");
    assert.equal(result.success, true);
    assert.match(result.message, /moved 2\.00 m; distance limited to 2\.0 m \(max_distance_m\)/);
    assert.ok(feedback.length > 10 && feedback.every((f) => f === "moving 0/1"));
    await h.command.destroy();
  });

  it("~/execute_command with a command message, cancelled: the wheels stop and the goal ends canceled", async () => {
    const h = await harness();
    const client = h.peer.createActionClient("hailo_ros_msgs/action/ExecuteCommand", "/command/execute_command");
    const sending = client.sendGoal({ text: "", command: toRobotCommandMessage({ action: "turn", angle_rad: 6 }) });
    await h.advance(500);
    const goal = await sending;
    const cancel = goal.cancel();
    await h.advance(50);
    assert.equal(await cancel, true);
    const { status, result } = await goal.result;
    assert.equal(status, "canceled");
    assert.match(result.message, /turn 344°: goal cancelled/);
    assert.equal(h.twists.at(-1)!.twist.twist.angular.z, 0);
    await h.command.destroy();
  });

  it("~/execute_command rejects text that is no command and invalid command messages, saying why", async () => {
    const h = await harness();
    const client = h.peer.createActionClient("hailo_ros_msgs/action/ExecuteCommand", "/command/execute_command");
    const bad = toRobotCommandMessage({ action: "goto", target: "person" });
    bad.steps[0]!.target = "";
    const cases: Array<[string, RobotCommandMessage, RegExp]> = [
      ["sing a song", toRobotCommandMessage({ action: "stop" }), /^not a command: /],
      ["", bad, /^invalid command: target: must name a target/],
    ];
    for (const [text, command, error] of cases) {
      const sending = client.sendGoal({ text, command });
      await h.advance(10);
      const { status, result } = await (await sending).result;
      assert.equal(status, "aborted");
      assert.match(result.message, error);
    }
    assert.equal(h.twists.length, 0);
    await h.command.destroy();
  });

  it("describe answers on voice/response from the current detections", async () => {
    const h = await harness();
    const detections = h.peer.createPublisher("vision_msgs/msg/Detection2DArray", "/detections");
    const header = { stamp: { sec: 0, nanosec: 0 }, frame_id: "" };
    const pose = {
      pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
      covariance: new Array<number>(36).fill(0),
    };
    const detection = (label: string) => ({
      header,
      results: [{ hypothesis: { class_id: label, score: 0.9 }, pose }],
      bbox: { center: { position: { x: 320, y: 240 }, theta: 0 }, size_x: 40, size_y: 80 },
      id: "",
    });
    detections.publish({ header, detections: [detection("person"), detection("chair"), detection("person")] });
    await h.advance(5);
    h.say("what do you see");
    await h.advance(50);
    assert.deepEqual(h.responses, ["I see two people and a chair"]);
    await h.command.destroy();
  });

  it("with a slow interpreter: a newer utterance cancels the request in flight, and a stop needs no interpreter", async () => {
    const held = new HeldInterpreter();
    const h = await harness({}, {}, { interpreter: held });
    h.say("scoot over to the fridge");
    await h.advance(5);
    h.say("roll ahead a little");
    await h.advance(5);
    assert.equal(held.pending.length, 2);
    assert.equal(held.pending[0]!.signal?.aborted, true);
    held.pending[1]!.answer({ action: "move", distance_m: 0.2 });
    await h.advance(100);
    assert.ok(h.twists.some((t) => t.twist.twist.linear.x > 0));
    h.say("could you wander around");
    await h.advance(5);
    h.say("stop");
    const stoppedAt = h.scheduler.now();
    await h.advance(1);
    assert.equal(held.pending.length, 3, "the stop was not sent to the interpreter");
    assert.equal(held.pending[2]!.signal?.aborted, true);
    assert.equal(h.twists.at(-1)!.twist.twist.linear.x, 0);
    held.pending[2]!.answer({ action: "move", distance_m: 1 });
    await h.advance(200);
    const afterStop = h.twists.filter((t) => t.t > stoppedAt);
    assert.ok(
      afterStop.every((t) => t.twist.twist.linear.x === 0),
      "a late answer after the stop moves nothing",
    );
    await h.command.destroy();
  });

  it("~/generate: rejected with no LLM (the log says why); streamed text with one", async () => {
    const none = await harness();
    const rejected = none.peer
      .createActionClient("hailo_ros_msgs/action/Generate", "/command/generate")
      .sendGoal({ prompt: "hi", system_prompt: "", max_tokens: 0 });
    await none.advance(10);
    await assert.rejects(rejected, /reject/i);
    assert.ok(none.logs.some((l) => l.level === "warn" && /no LLM is configured/.test(l.message)));
    await none.command.destroy();

    const llm = new ScriptedLlm(["Hello", ",", " robot", "!"]);
    const h = await harness({}, { llm: () => Promise.resolve(llm) });
    const partials: string[] = [];
    const sending = h.peer
      .createActionClient("hailo_ros_msgs/action/Generate", "/command/generate")
      .sendGoal({ prompt: "greet", system_prompt: "be brief", max_tokens: 3 }, { onFeedback: (f) => void partials.push(f.text) });
    await h.advance(20);
    const { status, result } = await (await sending).result;
    assert.equal(status, "succeeded");
    assert.deepEqual(partials, ["Hello", "Hello,", "Hello, robot"]);
    assert.deepEqual(result, { text: "Hello, robot", tokens: 3, end_reason: "max_tokens" });
    assert.deepEqual(llm.requests[0]!.messages, [
      { role: "system", content: "be brief" },
      { role: "user", content: "greet" },
    ]);
    await h.command.destroy();
    assert.equal(llm.closed, true);
  });

  it("parser auto or llm without an LLM: the node does not start, and says what to set", async () => {
    for (const parser of ["auto", "llm"]) {
      await assert.rejects(
        harness({ parser }),
        new RegExp(
          `parser '${parser}' needs an LLM and none is configured \\(llm_backend 'none'\\): set llm_backend:=.*or use parser:=grammar`,
        ),
      );
    }
  });

  it("parser auto: the grammar first, the LLM interpreter for the rest", async () => {
    const held = new HeldInterpreter();
    const llm = new ScriptedLlm([]);
    const h = await harness({ parser: "auto" }, { llm: () => Promise.resolve(llm), llmInterpreter: () => held });
    h.say("turn left");
    await h.advance(10);
    assert.equal(held.pending.length, 0);
    h.say("pirouette gracefully");
    await h.advance(10);
    assert.deepEqual(
      held.pending.map((p) => p.text),
      ["pirouette gracefully"],
    );
    held.pending[0]!.answer({ action: "turn", angle_rad: 6 });
    await h.advance(10);
    assert.equal(h.commands.at(-1)!.parser, "llm");
    await h.command.destroy();
  });

  it("publishes plain Twist with use_stamped false", async () => {
    const h = await harness({ use_stamped: false });
    const plain: number[] = [];
    h.peer.createSubscription("geometry_msgs/msg/Twist", "/cmd_vel", QosPresets.default, (m) => void plain.push(m.linear.x));
    h.say("back up a bit");
    await h.advance(3000);
    assert.ok(plain.some((v) => v < 0) && plain.at(-1) === 0);
    await h.command.destroy();
  });
});
