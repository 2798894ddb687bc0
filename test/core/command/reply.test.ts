import assert from "node:assert/strict";
import { buildCommandPrompt, buildRepairMessage, PROMPT_EXAMPLES } from "../../../src/core/command/reply/command-prompt.ts";
import { decodeCompact, encodeCompact } from "../../../src/core/command/reply/compact-form.ts";
import { extractCommand } from "../../../src/core/command/reply/extract-command.ts";
import type { RobotCommand } from "../../../src/core/command/robot-command.ts";

const HALF_PI = Math.PI / 2;

describe("compact reply form", () => {
  const table: Array<[RobotCommand, string]> = [
    [{ action: "stop" }, "stop"],
    [{ action: "move", distance_m: 1.5 }, "move 1.5"],
    [{ action: "move", distance_m: -0.3, speed_mps: 0.2 }, "move -0.3 0.2"],
    [{ action: "turn", angle_rad: HALF_PI }, "turn 90d"],
    [{ action: "turn", angle_rad: -HALF_PI }, "turn -90d"],
    [{ action: "turn", angle_rad: 2 * Math.PI, angular_speed_rps: 0.8 }, "turn 360d 0.8"],
    [{ action: "turn", angle_rad: 1 }, "turn 1r"],
    [{ action: "turn", angle_rad: 0.4 }, "turn 0.4r"],
    [{ action: "drive", linear_mps: 0.2, angular_rps: 0, duration_s: 3 }, "drive 0.2 0 3"],
    [{ action: "drive", linear_mps: -0.1, angular_rps: 0.5, duration_s: 1.5 }, "drive -0.1 0.5 1.5"],
    [{ action: "goto", target: "dining table" }, "goto dining table"],
    [{ action: "follow", target: "person" }, "follow person"],
    [{ action: "find", target: "cup" }, "find cup"],
    [{ action: "describe" }, "describe"],
    [
      {
        action: "sequence",
        steps: [{ action: "move", distance_m: 1 }, { action: "turn", angle_rad: -HALF_PI }, { action: "describe" }],
      },
      "seq move 1; turn -90d; describe",
    ],
    [{ action: "sequence", steps: [{ action: "stop" }] }, "seq stop"],
  ];
  for (const [command, line] of table) {
    it(`${JSON.stringify(command)} <-> ${line}`, () => {
      assert.equal(encodeCompact(command), line);
      assert.deepEqual(decodeCompact(line), { ok: true, value: command });
    });
  }

  it("round-trips awkward numbers exactly", () => {
    for (const angle of [Math.PI / 3, 0.1 + 0.2, -1e-7, 123.456, Math.PI * 7.25]) {
      const command: RobotCommand = { action: "turn", angle_rad: angle };
      assert.deepEqual(decodeCompact(encodeCompact(command)), { ok: true, value: command });
    }
    const move: RobotCommand = { action: "move", distance_m: 1e-9 };
    assert.deepEqual(decodeCompact(encodeCompact(move)), { ok: true, value: move });
  });

  const accepted: Array<[string, RobotCommand]> = [
    ["  MOVE 2m ", { action: "move", distance_m: 2 }],
    ["turn 45deg", { action: "turn", angle_rad: Math.PI / 4 }],
    ["turn -180°", { action: "turn", angle_rad: -Math.PI }],
    ["turn 3.14rad", { action: "turn", angle_rad: 3.14 }],
    ["drive 0.2 0 4s", { action: "drive", linear_mps: 0.2, angular_rps: 0, duration_s: 4 }],
    ["goto Chair", { action: "goto", target: "chair" }],
    [
      "move 1; turn 90d;",
      {
        action: "sequence",
        steps: [
          { action: "move", distance_m: 1 },
          { action: "turn", angle_rad: HALF_PI },
        ],
      },
    ],
  ];
  for (const [line, command] of accepted) {
    it(`accepts the variant '${line}'`, () => assert.deepEqual(decodeCompact(line), { ok: true, value: command }));
  }

  const refused: Array<[string, RegExp]> = [
    ["turn 90", /needs a unit: 'd' for degrees/],
    ["turn", /turn' takes 1 or 2 values/],
    ["move", /'move' takes 1 or 2 values/],
    ["move forward", /move distance must be a number, got 'forward'/],
    ["move 1 -2", /speed_mps: must be greater than 0/],
    ["move 1e999", /out of range/],
    ["drive 0.2 3", /'drive' takes 3 values/],
    ["drive 0.2 0 0", /duration_s: must be greater than 0/],
    ["goto", /needs a target label/],
    ["stop now", /'stop' takes 0 values/],
    ["fly 3", /unknown command 'fly'/],
    ["seq move 1; jump", /step 2: unknown command 'jump'/],
    ["seq", /step 1: empty command/],
    ["seq move 1; seq turn 90d", /step 2: unknown command 'seq'/],
  ];
  for (const [line, error] of refused) {
    it(`refuses '${line}' saying why`, () => {
      const result = decodeCompact(line);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.error, error);
    });
  }
});

describe("extractCommand: a command from whatever the model replied", () => {
  const stop: RobotCommand = { action: "stop" };
  const move: RobotCommand = { action: "move", distance_m: 1.5 };
  const table: Array<[string, string, RobotCommand, "json" | "compact"]> = [
    ["plain JSON", '{"action":"move","distance_m":1.5}', move, "json"],
    ["JSON in prose", 'Sure! Here is the command: {"action": "move", "distance_m": 1.5} Let me know.', move, "json"],
    ["fenced JSON", '```json\n{\n  "action": "stop"\n}\n```', stop, "json"],
    ["trailing commas", '{"action":"move","distance_m":1.5,}', move, "json"],
    ["nested trailing comma", '{"action":"sequence","steps":[{"action":"stop",},],}', { action: "sequence", steps: [stop] }, "json"],
    ["a brace inside a string", 'note {"action":"goto","target":"dining table"} {x}', { action: "goto", target: "dining table" }, "json"],
    ["an array of steps", '[{"action":"move","distance_m":1.5},{"action":"stop"}]', { action: "sequence", steps: [move, stop] }, "json"],
    ["invalid object before a valid one", '{"action":"fly"} {"action":"stop"}', stop, "json"],
    ["compact line", "move 1.5", move, "compact"],
    ["compact in a fence", "```\nturn -90d\n```", { action: "turn", angle_rad: -HALF_PI }, "compact"],
    ["compact after prose", "The user wants to go forward.\nmove 1.5", move, "compact"],
    ["compact with a label and quotes", "Answer: `goto chair`", { action: "goto", target: "chair" }, "compact"],
    ["thinking first", '<think>maybe {"action":"stop"}? no.</think>\nmove 1.5', move, "compact"],
    ["windows line ends", "ok\r\nstop\r\n", stop, "compact"],
  ];
  for (const [what, reply, command, form] of table) {
    it(`reads ${what}`, () => assert.deepEqual(extractCommand(reply), { ok: true, value: command, form }));
  }

  const failures: Array<[string, string, RegExp]> = [
    ["empty", "   ", /reply is empty/],
    ["prose only", "I am not sure what you mean.", /no command found/],
    ["an invalid JSON command", '{"action":"move","distance_m":"far"}', /distance_m: /],
    ["broken JSON", '{"action": "move", distance_m: 1}', /invalid JSON/],
    ["an unclosed object", '{"action":"stop"', /not closed/],
    ["a bad compact line", "turn 90", /'turn 90': turn angle '90' needs a unit/],
    ["an upper-case label in JSON", '{"action":"goto","target":"Chair"}', /target: must be lower case/],
    ["a nested sequence", '{"action":"sequence","steps":[{"action":"sequence","steps":[{"action":"stop"}]}]}', /steps\.0/],
  ];
  for (const [what, reply, error] of failures) {
    it(`fails on ${what}, naming the problem`, () => {
      const result = extractCommand(reply);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.match(result.error, error);
        assert.equal(result.declined, undefined);
      }
    });
  }

  for (const reply of ["none", "None.", "`none`", "Answer: none"]) {
    it(`reads '${reply}' as declined (not a command, no repair due)`, () =>
      assert.deepEqual(extractCommand(reply), {
        ok: false,
        error: "the model answered that the text is not a robot command",
        declined: true,
      }));
  }

  it("stays linear on a reply full of unclosed braces", () => {
    const result = extractCommand("{".repeat(200_000));
    assert.equal(result.ok, false);
  });
});

describe("command prompt and repair message", () => {
  it("lists the compact commands, the vocabulary and examples encoded in the compact form", () => {
    const prompt = buildCommandPrompt({ vocabulary: ["person", "chair", "cup"] });
    assert.match(prompt, /Labels: person, chair, cup\./);
    assert.match(prompt, /^turn Ad \[W\]/m);
    assert.match(prompt, /^go forward two meters => move 2$/m);
    assert.match(prompt, /^tell me a joke => none$/m);
    assert.match(prompt, /^move ahead one meter then turn left => seq move 1; turn 90d$/m);
  });

  it("uses COCO by default and can leave the examples out", () => {
    const prompt = buildCommandPrompt({ examples: false });
    assert.match(prompt, /teddy bear, hair drier, toothbrush\./);
    assert.doesNotMatch(prompt, /Examples:/);
    assert.ok(prompt.length < buildCommandPrompt().length);
  });

  it("every example's answer extracts back to its command", () => {
    for (const [, command] of PROMPT_EXAMPLES) {
      if (command === null) continue;
      assert.deepEqual(extractCommand(encodeCompact(command)), { ok: true, value: command, form: "compact" });
    }
  });

  it("the repair message quotes the reply and the error", () => {
    const message = buildRepairMessage("turn\n 90", "turn angle '90' needs a unit");
    assert.match(message, /Your reply "turn 90" is not a valid command: turn angle '90' needs a unit\./);
    assert.match(message, /ONE command line only/);
    assert.ok(buildRepairMessage("x".repeat(1000), "e").length < 400);
  });
});
