/** The rclnodejs adapter's pure parts, testable without ROS 2 or the native addon. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { QosPresets } from "../../src/ports/ros.ts";
import {
  fromRclParameterValue,
  parameterTypeCode,
  periodNanoseconds,
  qosArguments,
  timeFromSecondsAndNanoseconds,
  toRclParameterValue,
  typeClassOf,
} from "../../src/adapters/rclnodejs/mapping.ts";
import { createRclnodejsRuntime } from "../../src/adapters/rclnodejs/rclnodejs-runtime.ts";

describe("rclnodejs adapter mapping", () => {
  it("maps the QoS presets to rmw policy numbers", () => {
    assert.deepEqual(qosArguments(QosPresets.sensor_data), { history: 1, depth: 5, reliability: 2, durability: 2 });
    assert.deepEqual(qosArguments(QosPresets.default), { history: 1, depth: 10, reliability: 1, durability: 2 });
    assert.deepEqual(qosArguments(QosPresets.latched), { history: 1, depth: 1, reliability: 1, durability: 1 });
  });

  it("uses rcl_interfaces/msg/ParameterType codes", () => {
    const codes = (["bool", "integer", "double", "string", "bool_array", "integer_array", "double_array", "string_array"] as const).map(
      (t) => Number(parameterTypeCode(t)),
    );
    assert.deepEqual(codes, [1, 2, 3, 4, 6, 7, 8, 9]);
  });

  const toRcl: readonly [Parameters<typeof toRclParameterValue>[0], unknown, unknown][] = [
    ["integer", 5, 5n],
    ["integer_array", [1, 2], [1n, 2n]],
    ["double", 0.5, 0.5],
    ["string_array", ["a"], ["a"]],
  ];
  for (const [type, value, expected] of toRcl) {
    it(`converts a ${type} value for rclnodejs`, () => {
      assert.deepEqual(toRclParameterValue(type, value as never), expected);
    });
  }

  const fromRcl: readonly [unknown, unknown][] = [
    [5n, 5],
    [
      [1n, 2n],
      [1, 2],
    ],
    [new Float64Array([0.5, 1]), [0.5, 1]],
    ["x", "x"],
    [true, true],
    [null, undefined],
    [[{}], undefined],
  ];
  for (const [value, expected] of fromRcl) {
    it(`converts ${String(value)} from rclnodejs to ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(fromRclParameterValue(value), expected);
    });
  }

  it("builds {package, type, name} type classes and rejects other forms", () => {
    assert.deepEqual(typeClassOf("sensor_msgs/msg/Image"), { package: "sensor_msgs", type: "msg", name: "Image" });
    assert.deepEqual(typeClassOf("std_srvs/srv/SetBool"), { package: "std_srvs", type: "srv", name: "SetBool" });
    assert.throws(() => typeClassOf("sensor_msgs/Image"), /"sensor_msgs\/Image" is not of the form "package\/msg\/Name"/);
  });

  it("converts timer periods to nanoseconds and rcl times to ROS times", () => {
    assert.equal(periodNanoseconds(33.3), 33_300_000n);
    assert.deepEqual(timeFromSecondsAndNanoseconds({ seconds: 3n, nanoseconds: 7n }), { sec: 3, nanosec: 7 });
  });
});

describe("rclnodejs adapter loading", () => {
  const loadFailures: Array<[string, Error, RegExp]> = [
    [
      "no native build",
      new Error("No native build was found"),
      /cannot load rclnodejs \(No native build was found\)\. Its native addon .*npm run ros:setup/,
    ],
    [
      "not installed (npm skipped the optional dependency)",
      new Error("Cannot find package 'rclnodejs' imported from /x"),
      /It is not installed .*npm run ros:setup.*hailo-ros run/,
    ],
  ];
  for (const [what, error, message] of loadFailures) {
    it(`fails with a message saying how to build rclnodejs when it cannot be loaded (${what})`, async () => {
      await assert.rejects(createRclnodejsRuntime({ load: () => Promise.reject(error), handleSignals: false }), message);
    });
  }

  it("never imports rclnodejs statically (it loads a native addon on import)", () => {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../src/adapters/rclnodejs");
    const files = readdirSync(dir).filter((f) => f.endsWith(".js"));
    assert.ok(files.length >= 3, `expected the compiled adapter in ${dir}`);
    for (const file of files) {
      const source = readFileSync(path.join(dir, file), "utf8");
      assert.doesNotMatch(source, /^\s*import\s[^(]*from\s+["']rclnodejs["']/m, `${file} imports rclnodejs statically`);
    }
  });
});
