import assert from "node:assert/strict";
import type { RobotCommand } from "../../../src/core/command/robot-command.ts";
import { commandsMatch, scoreCommands } from "../../../src/core/command/score-commands.ts";

const turnLeft: RobotCommand = { action: "turn", angle_rad: Math.PI / 2 };
const stop: RobotCommand = { action: "stop" };

describe("scoreCommands", () => {
  const matches: Array<[string, RobotCommand | null, RobotCommand | null, boolean]> = [
    ["the same command", turnLeft, { action: "turn", angle_rad: Math.PI / 2 }, true],
    ["an angle within 0.5 %", turnLeft, { action: "turn", angle_rad: 1.571 }, true],
    ["an angle off by 2 %", turnLeft, { action: "turn", angle_rad: 1.6 }, false],
    ["the opposite sign", turnLeft, { action: "turn", angle_rad: -Math.PI / 2 }, false],
    ["a speed given where none was expected", { action: "move", distance_m: 1 }, { action: "move", distance_m: 1, speed_mps: 0.2 }, false],
    ["another label", { action: "goto", target: "chair" }, { action: "goto", target: "couch" }, false],
    ["another action", { action: "find", target: "cup" }, { action: "goto", target: "cup" }, false],
    ["null for null", null, null, true],
    ["a command for null", null, stop, false],
    ["a one-step sequence for its step", turnLeft, { action: "sequence", steps: [turnLeft] }, false],
    ["small absolute amounts", { action: "move", distance_m: 0 }, { action: "move", distance_m: 0.0009 }, true],
    [
      "sequences step by step",
      { action: "sequence", steps: [stop, turnLeft] },
      { action: "sequence", steps: [stop, { action: "turn", angle_rad: 1.5708 }] },
      true,
    ],
    ["sequences of another length", { action: "sequence", steps: [stop, turnLeft] }, { action: "sequence", steps: [stop] }, false],
    [
      "drive components",
      { action: "drive", linear_mps: 0.2, angular_rps: 0, duration_s: 3 },
      { action: "drive", linear_mps: 0.2, angular_rps: 0, duration_s: 3.5 },
      false,
    ],
  ];
  for (const [what, expected, actual, same] of matches)
    it(`${same ? "matches" : "does not match"}: ${what}`, () => assert.equal(commandsMatch(expected, actual), same));

  it("counts accuracy, stops recognized, motion from non-commands, refusals and mismatches by action", () => {
    const expected: (RobotCommand | null)[] = [stop, stop, turnLeft, { action: "move", distance_m: 1 }, null, null, null];
    const actual: (RobotCommand | null)[] = [stop, null, turnLeft, null, null, { action: "describe" }, { action: "move", distance_m: 0.5 }];
    const score = scoreCommands(expected, actual);
    assert.equal(score.total, 7);
    assert.equal(score.correct, 3);
    assert.equal(score.accuracy, 3 / 7);
    assert.equal(score.stopsExpected, 2);
    assert.equal(score.stopsRecognized, 1);
    assert.equal(score.nonCommands, 3);
    assert.equal(score.motionFromNonCommands, 1);
    assert.equal(score.refused, 1);
    assert.deepEqual(score.mismatches, [1, 3, 5, 6]);
    assert.deepEqual(score.byAction, {
      stop: { total: 2, correct: 1 },
      turn: { total: 1, correct: 1 },
      move: { total: 1, correct: 0 },
      none: { total: 3, correct: 1 },
    });
  });

  it("an empty set scores 1; unequal lengths are refused", () => {
    assert.equal(scoreCommands([], []).accuracy, 1);
    assert.throws(() => scoreCommands([stop], []), /1 labels but 0 answers/);
  });
});
