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

  const more = defineParameters({
    label: { type: "string", default: "x", choices: [], description: "Free text (empty choices: any string)" },
    flags: { type: "bool_array", default: [true, false], description: "Flags" },
    ids: { type: "integer_array", default: [1, 2], range: { from: 0, to: 9 }, description: "Ids" },
    words: { type: "string_array", default: ["a", "b"], description: "Words" },
    level: { type: "double", default: 0.25, description: "Level" },
  });

  const exactIssues: Array<[string, Record<string, unknown>, string]> = [
    ["a string for a double", { level: "high" }, "level: must be a finite number"],
    ["infinity for a double", { level: Number.POSITIVE_INFINITY }, "level: must be a finite number"],
    ["a fraction in an integer array", { ids: [1, 1.5] }, "ids.1: must be an integer"],
    ["an integer array item above its range", { ids: [10] }, "ids.0: must be in [0, 9]"],
    ["an integer array item below its range", { ids: [-1] }, "ids.0: must be in [0, 9]"],
    ["a number for a string", { label: 5 }, "label: must be a string"],
    ["a string in a bool array", { flags: [true, "no"] }, "flags.1: Invalid input: expected boolean, received string"],
  ];
  for (const [what, changes, issue] of exactIssues) {
    it(`rejects ${what} with the rule as the message`, () => {
      const result = schemaOf(more).safeParse({ ...defaultsOf(more), ...changes });
      assert.ok(!result.success);
      assert.deepEqual(
        result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
        [issue],
      );
    });
  }

  it("accepts any string where the choices are empty, and empty items where they are not forbidden", () => {
    assert.ok(schemaOf(more).safeParse({ ...defaultsOf(more), label: "anything", words: ["", "b"] }).success);
  });

  it("gives defaults as copies: changing one does not change the spec", () => {
    const defaults = defaultsOf(more);
    assert.deepEqual(defaults, { label: "x", flags: [true, false], ids: [1, 2], words: ["a", "b"], level: 0.25 });
    defaults.ids.push(3);
    assert.deepEqual(defaultsOf(more).ids, [1, 2]);
  });

  it("writes arrays, fractional doubles and blank header lines into the params file", () => {
    assert.equal(
      paramsYamlOf("detection", more, "first\n\nthird"),
      [
        "# first",
        "#",
        "# third",
        "detection:",
        "  ros__parameters:",
        "    # Free text (empty choices: any string)",
        '    label: "x"',
        "    # Flags",
        "    flags: [true, false]",
        "    # Ids ([0, 9])",
        "    ids: [1, 2]",
        "    # Words",
        '    words: ["a", "b"]',
        "    # Level",
        "    level: 0.25",
        "",
      ].join("\n"),
    );
  });

  it("writes every row of the docs table, a meaning without constraints as it is", () => {
    assert.deepEqual(markdownTableOf(more).split("\n"), [
      "| parameter | type | default | live | meaning |",
      "|---|---|---|---|---|",
      '| `label` | string | `"x"` | yes | Free text (empty choices: any string) |',
      "| `flags` | bool_array | `[true,false]` | yes | Flags |",
      "| `ids` | integer_array | `[1,2]` | yes | Ids ([0, 9]) |",
      '| `words` | string_array | `["a","b"]` | yes | Words |',
      "| `level` | double | `0.25` | yes | Level |",
      "",
    ]);
  });
});
