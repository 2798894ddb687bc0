import assert from "node:assert/strict";
import { checkRobotCommand, isStop, stepsOf, type RobotCommand } from "../../../src/core/command/robot-command.ts";

describe("RobotCommand schema", () => {
  const valid: unknown[] = [
    { action: "stop" },
    { action: "move", distance_m: -0.5 },
    { action: "move", distance_m: 1, speed_mps: 0.2 },
    { action: "turn", angle_rad: Math.PI / 2 },
    { action: "drive", linear_mps: 0.2, angular_rps: 0, duration_s: 3 },
    { action: "goto", target: "chair" },
    { action: "follow", target: "person" },
    { action: "find", target: "dining table" },
    { action: "describe" },
    {
      action: "sequence",
      steps: [
        { action: "move", distance_m: 1 },
        { action: "turn", angle_rad: 1.57 },
      ],
    },
  ];
  for (const command of valid) {
    it(`accepts ${JSON.stringify(command)}`, () => {
      const result = checkRobotCommand(command);
      assert.ok(result.ok, result.ok ? "" : result.error);
      assert.deepEqual(result.value, command);
    });
  }

  const invalid: Array<[unknown, RegExp]> = [
    [{ action: "fly" }, /action/],
    [{ action: "move" }, /distance_m/],
    [{ action: "move", distance_m: Number.NaN }, /distance_m: /],
    [{ action: "move", distance_m: 1, speed_mps: -1 }, /speed_mps: must be greater than 0/],
    [{ action: "drive", linear_mps: 0.1, angular_rps: 0, duration_s: 0 }, /duration_s/],
    [{ action: "goto", target: "Chair" }, /target: must be lower case/],
    [{ action: "goto", target: "" }, /target: must name a target/],
    [{ action: "stop", extra: 1 }, /extra|Unrecognized/i],
    [{ action: "sequence", steps: [] }, /at least one step/],
    [{ action: "sequence", steps: [{ action: "sequence", steps: [{ action: "stop" }] }] }, /steps\.0/],
    ["stop", /command/],
  ];
  for (const [command, error] of invalid) {
    it(`rejects ${JSON.stringify(command)} naming the field`, () => {
      const result = checkRobotCommand(command);
      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : result.error, error);
    });
  }

  it("lists a sequence's steps and finds a stop inside it", () => {
    const sequence: RobotCommand = { action: "sequence", steps: [{ action: "move", distance_m: 1 }, { action: "stop" }] };
    assert.equal(stepsOf(sequence).length, 2);
    assert.equal(isStop(sequence), true);
    assert.equal(isStop({ action: "move", distance_m: 1 }), false);
    assert.deepEqual(stepsOf({ action: "describe" }), [{ action: "describe" }]);
  });
});
