import assert from "node:assert/strict";
import { parseChildMessage, parseParentMessage } from "../../../src/adapters/local/process-bridge/bridge-protocol.ts";

describe("process bridge protocol", () => {
  const childCases: Array<[string, unknown, RegExp | undefined]> = [
    [
      "ready with inputs",
      { kind: "ready", node: "motor", inputs: [{ topic: "/cmd_vel", type: "geometry_msgs/msg/TwistStamped" }] },
      undefined,
    ],
    [
      "a published message",
      {
        kind: "message",
        topic: "/motors/state",
        type: "sensor_msgs/msg/JointState",
        qos: { reliability: "reliable", durability: "volatile", depth: 10 },
        message: {},
      },
      undefined,
    ],
    [
      "a reply with stats",
      { kind: "reply", id: 3, stats: { admitted: 1, loop: { count: 1, meanMs: 1, p50Ms: 1, p99Ms: 1, maxMs: 1 } } },
      undefined,
    ],
    ["an unknown kind", { kind: "hello" }, /from the node's process \(kind: /],
    [
      "a bad QoS",
      {
        kind: "message",
        topic: "/x",
        type: "std_msgs/msg/String",
        qos: { reliability: "sometimes", durability: "volatile", depth: 1 },
        message: {},
      },
      /qos\.reliability/,
    ],
    ["an input without a type", { kind: "inputs", inputs: [{ topic: "/cmd_vel" }] }, /inputs\.0\.type/],
    ["not an object", "ready", /message: /],
  ];
  for (const [name, raw, error] of childCases) {
    it(`child → parent: ${name}`, () => {
      const parsed = parseChildMessage(raw);
      assert.equal(parsed.ok, error === undefined, parsed.ok ? "" : parsed.error);
      if (!parsed.ok && error !== undefined) assert.match(parsed.error, error);
    });
  }

  const parentCases: Array<[string, unknown, RegExp | undefined]> = [
    ["a forwarded message", { kind: "message", topic: "/cmd_vel", message: { twist: {} } }, undefined],
    ["a request (flags default off)", { kind: "request", id: 1 }, undefined],
    ["shutdown", { kind: "shutdown" }, undefined],
    ["a request with a fractional id", { kind: "request", id: 1.5 }, /from the parent process \(id: /],
  ];
  for (const [name, raw, error] of parentCases) {
    it(`parent → child: ${name}`, () => {
      const parsed = parseParentMessage(raw);
      assert.equal(parsed.ok, error === undefined, parsed.ok ? "" : parsed.error);
      if (!parsed.ok && error !== undefined) assert.match(parsed.error, error);
      if (parsed.ok && parsed.value.kind === "request")
        assert.deepEqual([parsed.value.diagnostics, parsed.value.sampleLag], [false, false]);
    });
  }
});
