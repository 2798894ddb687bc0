/**
 * The rclnodejs adapter over the fake rclnodejs (test/ros/fake-rclnodejs.ts), which copies the
 * real module's behaviours that once broke the adapter. The same behaviours are tested against
 * real ROS 2 in test/ros/ (npm run test:ros).
 */
import assert from "node:assert/strict";
import { createRclnodejsRuntime, type RclnodejsRuntime } from "../../../src/adapters/rclnodejs/rclnodejs-runtime.ts";
import { DEFAULT_CALL_TIMEOUT_MS } from "../../../src/adapters/rclnodejs/rclnodejs-node.ts";
import type { RawParameterOverrides } from "../../../src/adapters/rclnodejs/rcl-api.ts";
import { QosPresets, type ParameterDescriptor, type RosNode } from "../../../src/ports/ros.ts";
import { imageFixture } from "../../ros/helpers.ts";
import { FakeParameter, fakeRclnodejs } from "../../ros/fake-rclnodejs.ts";

const DOUBLE = 3;
const INTEGER = 2;
const BOOL = 1;

const threshold: ParameterDescriptor = {
  name: "score_threshold",
  type: "double",
  description: "minimum score",
  default: 0.25,
  range: { from: 0, to: 1 },
};
const pins: ParameterDescriptor = {
  name: "pins",
  type: "integer_array",
  description: "GPIO pins",
  default: [17, 27],
  range: { from: 0, to: 27, step: 1 },
};
const backend: ParameterDescriptor = {
  name: "backend",
  type: "string",
  description: "inference backend",
  default: "onnx",
  readOnly: true,
  additionalConstraints: "one of: onnx, hailo, sim",
};

async function start(options: { argv?: string[]; overrides?: RawParameterOverrides[]; known?: (type: string) => boolean } = {}) {
  const fake = fakeRclnodejs({
    ...(options.overrides !== undefined ? { overrides: options.overrides } : {}),
    ...(options.known !== undefined ? { knownInterfaces: options.known } : {}),
  });
  const runtime = await createRclnodejsRuntime({ load: fake.load, argv: options.argv ?? [], handleSignals: false });
  return { fake, runtime };
}

/** What `ros2 param set` does: a Parameter of the type the command line parsed, through the node. */
function rosParamSet(fake: ReturnType<typeof fakeRclnodejs>, type: number, name: string, value: unknown) {
  const node = fake.nodes.at(-1)!;
  return node.setParametersAtomically([new FakeParameter(name, type, value)]);
}

describe("rclnodejs adapter (fake rclnodejs)", () => {
  let runtime: RclnodejsRuntime | undefined;
  afterEach(async () => {
    await runtime?.shutdown();
    runtime = undefined;
  });

  it("counts matched subscriptions through rclnodejs's subscriptionCount getter", async () => {
    const started = await start();
    runtime = started.runtime;
    const node = runtime.createNode("talker");
    const publisher = node.createPublisher("std_msgs/msg/String", "chatter");
    assert.equal(publisher.subscriptionCount(), 0);
    runtime.createNode("listener").createSubscription("std_msgs/msg/String", "/chatter", QosPresets.default, () => {});
    assert.equal(publisher.subscriptionCount(), 1);
  });

  it("publishes the bytes of a typed-array view, not the start of its buffer", async () => {
    const started = await start();
    runtime = started.runtime;
    const node = runtime.createNode("camera");
    const received: Uint8Array[] = [];
    node.createSubscription("sensor_msgs/msg/Image", "image", QosPresets.default, (m) => received.push(m.data));
    const backing = new Uint8Array(64).map((_, i) => i);
    const image = { ...imageFixture(2, 2), data: backing.subarray(40, 52) };
    node.createPublisher("sensor_msgs/msg/Image", "image").publish(image);
    assert.deepEqual(Array.from(received[0]!), Array.from(backing.subarray(40, 52)));
    assert.equal(image.data.byteOffset, 40, "the caller's message is left as it was");
  });

  const rosParamSets: Array<[string, number, string, unknown, { successful: boolean; reason?: RegExp; value?: unknown }]> = [
    [
      "an out-of-range double gets our reason",
      DOUBLE,
      "score_threshold",
      1.5,
      { successful: false, reason: /score_threshold.*1\.5 is outside the range \[0, 1\]/ },
    ],
    [
      "a string for a double gets our reason",
      4,
      "score_threshold",
      "high",
      { successful: false, reason: /score_threshold.*expected a finite number/ },
    ],
    ["an integer for a double is taken as a double", INTEGER, "score_threshold", 1, { successful: true, value: 1 }],
    ["a double in range is set", DOUBLE, "score_threshold", 0.5, { successful: true, value: 0.5 }],
    ["an integer array in range is set", 7, "pins", [5n, 6n], { successful: true, value: [5, 6] }],
    [
      "an integer array out of range gets our reason",
      7,
      "pins",
      [5n, 99n],
      { successful: false, reason: /pins.*element 1: 99 is outside the range \[0, 27\]/ },
    ],
    ["a read-only parameter gets our reason", 4, "backend", "hailo", { successful: false, reason: /backend.*read-only.*-p backend:=/ }],
    ["use_sim_time (declared by rclnodejs) is settable", BOOL, "use_sim_time", true, { successful: true, value: true }],
  ];
  for (const [what, type, name, value, expected] of rosParamSets) {
    it(`ros2 param set: ${what}`, async () => {
      const started = await start();
      runtime = started.runtime;
      const node = runtime.createNode("detection");
      for (const d of [threshold, pins, backend]) node.declareParameter(d);
      const result = rosParamSet(started.fake, type, name, value);
      assert.equal(result.successful, expected.successful, result.reason ?? "");
      if (expected.reason !== undefined) assert.match(result.reason ?? "", expected.reason);
      if (expected.value !== undefined) {
        const stored = started.fake.nodes.at(-1)!.getParameter(name).value;
        const asNumbers = Array.isArray(stored) ? stored.map(Number) : typeof stored === "bigint" ? Number(stored) : stored;
        assert.deepEqual(asNumbers, expected.value);
        if (name !== "use_sim_time") assert.deepEqual(node.getParameter(name), expected.value);
      }
    });
  }

  it("tells listeners about its own parameters only, after they were stored", async () => {
    const started = await start();
    runtime = started.runtime;
    const node = runtime.createNode("detection");
    node.declareParameter(threshold);
    const seen: string[] = [];
    node.onParametersChanged((changes) => seen.push(...changes.map((c) => `${c.name}=${JSON.stringify(c.value)}`)));
    rosParamSet(started.fake, BOOL, "use_sim_time", true);
    rosParamSet(started.fake, DOUBLE, "score_threshold", 0.75);
    assert.deepEqual(seen, ["score_threshold=0.75"]);
  });

  it("describes ranges, read-only flags and constraints as ros2 param describe shows them", async () => {
    const started = await start();
    runtime = started.runtime;
    const node = runtime.createNode("detection");
    for (const d of [threshold, pins, backend]) node.declareParameter(d);
    const fakeNode = started.fake.nodes.at(-1)!;
    assert.deepEqual(fakeNode.describeParameter("score_threshold")?.floating_point_range, [{ from_value: 0, to_value: 1, step: 0 }]);
    assert.deepEqual(fakeNode.describeParameter("pins")?.integer_range, [{ from_value: 0n, to_value: 27n, step: 1n }]);
    assert.equal(fakeNode.describeParameter("backend")?.read_only, true);
    assert.equal(fakeNode.describeParameter("backend")?.additional_constraints, "one of: onnx, hailo, sim");
  });

  const overrideEntries: RawParameterOverrides[] = [
    { name: "/**", parameters: [{ name: "score_threshold", type: DOUBLE, value: 0.3 }] },
    { name: "other_node", parameters: [{ name: "ids", type: 7, value: [1, 2] }] },
    {
      name: "/robot/detection",
      parameters: [
        { name: "pins", type: 7, value: [4, 5] },
        { name: "use_sim_time", type: BOOL, value: true },
      ],
    },
    { name: "/robot/*", parameters: [{ name: "score_threshold", type: DOUBLE, value: 0.6 }] },
  ];
  it("applies --params-file entries keyed by the full name or wildcards, and an integer array for another node breaks nothing", async () => {
    const started = await start({ argv: ["--ros-args", "--params-file", "/tmp/params.yaml"], overrides: overrideEntries });
    runtime = started.runtime;
    const node = runtime.createNode("detection", { namespace: "/robot" });
    assert.equal(node.declareParameter(threshold), 0.6, "the later matching entry wins");
    assert.deepEqual(node.declareParameter(pins), [4, 5]);
    assert.equal(started.fake.nodes.at(-1)!.getParameter("use_sim_time").value, true, "rclnodejs's own use_sim_time too");
    const main = started.fake.contexts.find((c) => c === started.fake.classes.Context.defaultContext);
    assert.deepEqual(main?.argv, ["--ros-args"], "the nodes' context gets no parameter arguments");
  });

  it("says which override is bad and how to fix it", async () => {
    const started = await start({
      argv: ["--ros-args", "-p", "score_threshold:=2.0"],
      overrides: [{ name: "/**", parameters: [{ name: "score_threshold", type: DOUBLE, value: 2 }] }],
    });
    runtime = started.runtime;
    const node: RosNode = runtime.createNode("detection");
    assert.throws(
      () => node.declareParameter(threshold),
      /launch override \(from "\/\*\*"\) for parameter "score_threshold".*outside the range.*-p score_threshold:=/,
    );
  });

  it("gives a service call without a timeout the default one (a throwing handler sends no response)", async () => {
    const started = await start();
    runtime = started.runtime;
    const node = runtime.createNode("caller");
    node.createService("std_srvs/srv/Trigger", "fail", () => {
      throw new Error("boom");
    });
    const client = node.createClient("std_srvs/srv/Trigger", "fail");
    void client.call({}).catch(() => undefined);
    const fakeNode = started.fake.nodes.at(-1)!;
    assert.equal(fakeNode.clients[0]!.requests[0]!.options.timeout, DEFAULT_CALL_TIMEOUT_MS);
    await assert.rejects(client.call({}, { timeoutMs: 20 }), /service "\/fail" did not respond within 20 ms/);
  });

  it("says how to generate messages when rclnodejs has none for an interface", async () => {
    const started = await start({ known: (type) => !type.startsWith("vision_msgs/") });
    runtime = started.runtime;
    const node = runtime.createNode("detection");
    assert.throws(
      () => node.createPublisher("vision_msgs/msg/Detection2DArray", "detections"),
      /no generated code for vision_msgs\/msg\/Detection2DArray.*npm run ros:setup.*ros-\$ROS_DISTRO-vision-msgs/,
    );
  });
});
