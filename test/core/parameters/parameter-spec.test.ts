import assert from "node:assert/strict";
import {
  defaultsOf,
  defineParameters,
  descriptorsOf,
  markdownTableOf,
  paramsYamlOf,
  schemaOf,
} from "../../../src/core/parameters/parameter-spec.ts";

const spec = defineParameters({
  backend: { type: "string", default: "onnx", choices: ["onnx", "hailo"], readOnly: true, description: "Inference backend" },
  score: { type: "double", default: 1, range: { from: 0, to: 1 }, description: "Minimum | score" },
  count: { type: "integer", default: 10, range: { from: 1, to: 100, step: 1 }, description: "How many" },
  names: { type: "string_array", default: [], nonEmptyItems: true, description: "Names" },
  gains: { type: "double_array", default: [1, 0.5], description: "Gains" },
  on: { type: "bool", default: true, description: "Switch" },
});

describe("parameter spec", () => {
  it("derives ROS descriptors: type, default, range, read-only, allowed values", () => {
    assert.deepEqual(descriptorsOf(spec), [
      {
        name: "backend",
        type: "string",
        description: "Inference backend",
        default: "onnx",
        readOnly: true,
        additionalConstraints: "one of onnx, hailo",
      },
      { name: "score", type: "double", description: "Minimum | score", default: 1, range: { from: 0, to: 1 } },
      { name: "count", type: "integer", description: "How many", default: 10, range: { from: 1, to: 100, step: 1 } },
      { name: "names", type: "string_array", description: "Names", default: [] },
      { name: "gains", type: "double_array", description: "Gains", default: [1, 0.5] },
      { name: "on", type: "bool", description: "Switch", default: true },
    ]);
  });

  const configurations: Array<[string, Record<string, unknown>, RegExp | undefined]> = [
    ["the defaults", {}, undefined],
    ["a value not among the choices", { backend: "gpu" }, /backend.*one of onnx, hailo/],
    ["a double above its range", { score: 1.5 }, /score.*\[0, 1\]/],
    ["a fractional integer", { count: 2.5 }, /count.*integer/],
    ["an empty name in a string array", { names: ["a", ""] }, /names.*not be empty/],
    ["a string for a bool", { on: "yes" }, /on.*true or false/],
  ];
  for (const [what, changes, problem] of configurations) {
    it(`derives a schema that ${problem === undefined ? "accepts" : "rejects"} ${what}`, () => {
      const result = schemaOf(spec).safeParse({ ...defaultsOf(spec), ...changes });
      if (problem === undefined) return assert.ok(result.success);
      assert.ok(!result.success);
      const text = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      assert.match(text, problem);
    });
  }

  it("writes a params file rcl reads as the declared types (doubles with a decimal point)", () => {
    const yaml = paramsYamlOf("/**", spec, "generated");
    assert.equal(
      yaml,
      [
        "# generated",
        "/**:",
        "  ros__parameters:",
        "    # Inference backend (onnx | hailo); read-only",
        '    backend: "onnx"',
        "    # Minimum | score ([0, 1])",
        "    score: 1.0",
        "    # How many ([1, 100])",
        "    count: 10",
        "    # Names",
        "    names: []",
        "    # Gains",
        "    gains: [1.0, 0.5]",
        "    # Switch",
        "    on: true",
        "",
      ].join("\n"),
    );
  });

  it("writes the docs table with live = not read-only and escaped pipes", () => {
    const table = markdownTableOf(spec).split("\n");
    assert.equal(table[0], "| parameter | type | default | live | meaning |");
    assert.equal(table[2], '| `backend` | string | `"onnx"` | no | Inference backend (onnx \\| hailo) |');
    assert.equal(table[3], "| `score` | double | `1` | yes | Minimum \\| score ([0, 1]) |");
  });
});
