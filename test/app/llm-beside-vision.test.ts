/**
 * The command node's hailo LLM beside the detection node in one process, as `hailo-ros run` and
 * `hailo-ros node detection,command` start them: one simulated Hailo device leased by both, one
 * accelerator scheduler, the LLM on its own lane at the lowest priority. The simulated device answers
 * the LLM by its documented rule (it streams the file's `tokens` every `token_interval_ms`, cut at
 * maxGeneratedTokens) and detects the synthetic frames' rectangles.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedDeviceLeases } from "../../src/adapters/hailo/shared-device.ts";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { SyntheticImageSource } from "../../src/adapters/synthetic/synthetic-image-source.ts";
import { registryNodeStarter } from "../../src/app/registry-node-starter.ts";
import { AcceleratorScheduler } from "../../src/core/scheduling/accelerator-scheduler.ts";
import { ACCELERATOR_PRIORITIES, DETECTION_PRIORITY, LLM_PRIORITY } from "../../src/core/scheduling/priorities.ts";
import type { TwistStamped } from "../../src/messages/geometry_msgs.ts";
import type { Image } from "../../src/messages/sensor_msgs.ts";
import type { Detection2DArray } from "../../src/messages/vision_msgs.ts";
import type { RunningNode } from "../../src/nodes/registry.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import { eventually } from "../ros/helpers.ts";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** 80 tokens at 25 ms: a two-second stream that never forms a command. */
const LONG_REPLY = { format: "hailort-node-sim-llm", tokens: Array.from({ length: 80 }, (_, i) => ` w${i}`), token_interval_ms: 25 };

describe("the hailo LLM and detection share one device and one scheduler", function () {
  this.timeout(30_000);
  let dir: string;
  let runtime: LocalRuntime;
  let scheduler: AcceleratorScheduler;
  let started: RunningNode[];
  let camera: ReturnType<typeof setInterval> | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hailo-ros-llm-vision-"));
    runtime = new LocalRuntime({ logSink: () => undefined });
    scheduler = new AcceleratorScheduler();
    started = [];
  });
  afterEach(async () => {
    if (camera !== undefined) clearInterval(camera);
    camera = undefined;
    for (const node of started.reverse()) await node.destroy();
    await runtime.shutdown();
    scheduler.close();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(sharedDeviceLeases(), 0, "both nodes released the device");
  });

  async function startBoth(commandParameters: Record<string, string>) {
    const llmPath = join(dir, "llm.json");
    writeFileSync(llmPath, JSON.stringify(LONG_REPLY));
    const start = registryNodeStarter({ processes: "single", io: { cacheDir: join(dir, "models") } });
    const detection = await start("detection", { runtime, scheduler, parameterOverrides: { backend: "sim" } });
    started.push(detection);
    await detection.ready();
    assert.equal(detection.unavailableReason?.(), undefined);
    const command = await start("command", {
      runtime,
      scheduler,
      parameterOverrides: { llm_backend: "hailo", llm_device: "sim", llm_model: llmPath, ...commandParameters },
    });
    started.push(command);
    assert.equal(sharedDeviceLeases(), 2, "the LLM leased the device detection opened, not one of its own");

    const peer = runtime.createNode("peer");
    const detections: Detection2DArray[] = [];
    const twists: TwistStamped[] = [];
    peer.createSubscription("vision_msgs/msg/Detection2DArray", "/detections", QosPresets.default, (m) => void detections.push(m));
    peer.createSubscription("geometry_msgs/msg/TwistStamped", "/cmd_vel", QosPresets.default, (m) => void twists.push(m));
    const images: Image[] = [];
    for await (const frame of new SyntheticImageSource({ seed: 5, frames: 4, objects: 2, width: 320, height: 240 }).frames()) {
      if (frame.data.kind === "image") images.push(frame.data.message);
    }
    const image = peer.createPublisher("sensor_msgs/msg/Image", "/image");
    let next = 0;
    camera = setInterval(() => image.publish(images[next++ % images.length]!), 30);
    const transcript = peer.createPublisher("std_msgs/msg/String", "/voice/transcript");
    return { peer, detections, twists, say: (data: string) => transcript.publish({ data }) };
  }

  const stream = (name: string) => scheduler.snapshot().streams.find((s) => s.stream === name);
  const lane = (name: string) => scheduler.snapshot().lanes.find((l) => l.lane === name);

  it("the priority table puts the LLM lowest", () => {
    assert.equal(ACCELERATOR_PRIORITIES.at(-1)?.node, "llm");
    assert.ok(ACCELERATOR_PRIORITIES.every((p) => p.node === "llm" || p.priority > LLM_PRIORITY));
  });

  it("~/generate streams tokens on the LLM lane while detection frames keep flowing", async () => {
    const h = await startBoth({});
    await eventually("the first detections", () => h.detections.length > 0, 10_000);
    const partials: Array<{ tokens: number; detectionsSoFar: number }> = [];
    const goal = await h.peer
      .createActionClient("hailo_ros_msgs/action/Generate", "/command/generate")
      .sendGoal(
        { prompt: "tell me about the room", system_prompt: "", max_tokens: 60 },
        { onFeedback: (f) => void partials.push({ tokens: f.tokens, detectionsSoFar: h.detections.length }) },
      );
    const { status, result } = await goal.result;
    assert.equal(status, "succeeded");
    assert.equal(result.tokens, 60, "cut at max_tokens by the device");
    assert.equal(result.text, LONG_REPLY.tokens.slice(0, 60).join(""));
    assert.equal(result.end_reason, "max_tokens");
    assert.equal(partials.length, 60);
    // 60 tokens at 25 ms are 1.5 s of streaming; a camera at 30 ms gives dozens of frames in that time.
    const duringStream = partials.at(-1)!.detectionsSoFar - partials[0]!.detectionsSoFar;
    assert.ok(duringStream >= 10, `detections while the LLM streamed: ${duringStream}`);

    const llm = stream("llm");
    const detection = stream("detection");
    assert.equal(llm?.lane, "llm");
    assert.equal(llm?.priority, LLM_PRIORITY);
    assert.equal(llm?.completed, 1);
    assert.equal(detection?.priority, DETECTION_PRIORITY);
    assert.notEqual(detection?.lane, "llm");
    assert.ok(detection!.completed >= duringStream, "the detections ran on the same scheduler");
  });

  it("a stop while the LLM streams an interpretation zeroes cmd_vel before the event loop turns, and cancels the generation", async () => {
    const h = await startBoth({ parser: "auto" });
    await eventually("the first detections", () => h.detections.length > 0, 10_000);
    h.say("go forward two meters");
    await eventually("the move's twists", () => h.twists.some((t) => t.twist.linear.x > 0), 5000);
    h.say("could you amble over yonder for a while");
    await eventually("the LLM generating", () => stream("llm")?.running === 1, 5000);
    await sleep(200);
    const detectionsBefore = h.detections.length;
    await sleep(300);
    assert.ok(h.detections.length > detectionsBefore, "detection runs while the LLM generates");
    assert.equal(stream("llm")?.running, 1, "still generating");

    const before = h.twists.length;
    h.say("okay stop now");
    await turn();
    assert.ok(h.twists.length > before, "a twist went out at once");
    const atStop = h.twists[before]!.twist;
    assert.deepEqual([atStop.linear.x, atStop.angular.z], [0, 0]);
    await eventually("the generation withdrawn from the LLM lane", () => lane("llm")?.inFlight === 0, 5000);
    assert.equal(stream("llm")?.completed, 0, "the interpretation never finished");
    await sleep(200);
    assert.ok(
      h.twists.slice(before).every((t) => t.twist.linear.x === 0 && t.twist.angular.z === 0),
      "nothing moves after the stop",
    );
    assert.equal(started[1]!.stats?.().stops, 1);
  });
});
