import assert from "node:assert/strict";
import type { ParameterDescriptor } from "../../../src/ports/ros.ts";
import { checkDescriptor, checkParameterChanges, checkParameterValue } from "../../../src/adapters/ros-common/parameter-rules.ts";

const d = (over: Partial<ParameterDescriptor> & Pick<ParameterDescriptor, "type" | "default">): ParameterDescriptor => ({
  name: "p",
  description: "test parameter",
  ...over,
});

describe("local parameter rules: checkParameterValue", () => {
  const accepted: readonly { descriptor: ParameterDescriptor; value: unknown }[] = [
    { descriptor: d({ type: "bool", default: false }), value: true },
    { descriptor: d({ type: "integer", default: 1 }), value: -7 },
    { descriptor: d({ type: "double", default: 1 }), value: 2 },
    { descriptor: d({ type: "string", default: "" }), value: "x" },
    { descriptor: d({ type: "string_array", default: [] }), value: ["a", "b"] },
    { descriptor: d({ type: "integer_array", default: [], range: { from: 0, to: 10 } }), value: [0, 10] },
    { descriptor: d({ type: "integer", default: 0, range: { from: 0, to: 100, step: 10 } }), value: 30 },
    { descriptor: d({ type: "double", default: 0, range: { from: 0, to: 1, step: 0.1 } }), value: 0.3 },
    // The upper bound is allowed even when it is off the step grid, as in rclcpp.
    { descriptor: d({ type: "integer", default: 0, range: { from: 0, to: 25, step: 10 } }), value: 25 },
  ];
  for (const { descriptor, value } of accepted) {
    it(`accepts ${JSON.stringify(value)} for ${descriptor.type} ${JSON.stringify(descriptor.range ?? {})}`, () => {
      assert.deepEqual(checkParameterValue(descriptor, value), { ok: true, value });
    });
  }

  const rejected: readonly { descriptor: ParameterDescriptor; value: unknown; error: RegExp }[] = [
    { descriptor: d({ type: "bool", default: false }), value: "true", error: /expected true or false/ },
    { descriptor: d({ type: "integer", default: 1 }), value: 1.5, error: /expected an integer, got 1.5/ },
    { descriptor: d({ type: "double", default: 1 }), value: Number.NaN, error: /expected a finite number/ },
    { descriptor: d({ type: "string", default: "" }), value: 3, error: /expected a string/ },
    { descriptor: d({ type: "double_array", default: [] }), value: 3, error: /expected an array/ },
    { descriptor: d({ type: "double_array", default: [] }), value: [1, "2"], error: /element 1: expected a finite number/ },
    { descriptor: d({ type: "integer", default: 0, range: { from: 0, to: 10 } }), value: 11, error: /11 is outside the range \[0, 10\]/ },
    { descriptor: d({ type: "integer", default: 0, range: { from: 0, to: 100, step: 10 } }), value: 35, error: /not on a step of 10/ },
    {
      descriptor: d({ type: "integer_array", default: [], range: { from: 0, to: 10 } }),
      value: [1, 20],
      error: /element 1: 20 is outside/,
    },
  ];
  for (const { descriptor, value, error } of rejected) {
    it(`rejects ${JSON.stringify(value)} for ${descriptor.type}, naming the parameter`, () => {
      const result = checkParameterValue(descriptor, value);
      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : result.error, /^parameter "p" /);
      assert.match(result.ok ? "" : result.error, error);
    });
  }
});

describe("local parameter rules: descriptors and batches", () => {
  it("rejects a default that fails its own range", () => {
    const result = checkDescriptor(d({ type: "double", default: 2, range: { from: 0, to: 1 } }));
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : result.error, /default value does not pass its own descriptor/);
  });
  it("rejects a range on a string parameter", () => {
    assert.equal(checkDescriptor(d({ type: "string", default: "", range: { from: 0, to: 1 } })).ok, false);
  });
  it("rejects a batch with an undeclared or read-only parameter", () => {
    const descriptors = new Map([["model", d({ name: "model", type: "string", default: "a", readOnly: true })]]);
    assert.deepEqual(checkParameterChanges(descriptors, [{ name: "nope", value: 1 }]), {
      successful: false,
      reason: 'parameter "nope" is not declared on this node',
    });
    const readOnly = checkParameterChanges(descriptors, [{ name: "model", value: "b" }]);
    assert.match(readOnly.successful ? "" : readOnly.reason, /"model" is read-only: set it at launch/);
  });
  it("rejects a batch that sets one parameter twice", () => {
    const descriptors = new Map([["gain", d({ name: "gain", type: "double", default: 1 })]]);
    const twice = checkParameterChanges(descriptors, [
      { name: "gain", value: 2 },
      { name: "gain", value: 3 },
    ]);
    assert.match(twice.successful ? "" : twice.reason, /"gain" is set twice in one request/);
    assert.deepEqual(checkParameterChanges(descriptors, [{ name: "gain", value: 2 }]), { successful: true });
  });
});
