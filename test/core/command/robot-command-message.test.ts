import assert from "node:assert/strict";
import { checkMessage, decodeCdr, encodeCdr } from "../../../src/messages/definitions.ts";
import type { RobotCommandMessage } from "../../../src/messages/hailo_ros_msgs.ts";
import {
  emptyRobotCommandMessage,
  fromRobotCommandMessage,
  toRobotCommandMessage,
} from "../../../src/core/command/robot-command-message.ts";
import type { RobotCommand } from "../../../src/core/command/robot-command.ts";

describe("RobotCommand ⇄ hailo_ros_msgs/msg/RobotCommand", () => {
  const commands: Array<[string, RobotCommand]> = [
    ["stop", { action: "stop" }],
    ["move", { action: "move", distance_m: -0.35 }],
    ["move with a speed", { action: "move", distance_m: 1.2, speed_mps: 0.3 }],
    ["turn", { action: "turn", angle_rad: Math.PI / 2 }],
    ["turn with a rate", { action: "turn", angle_rad: -1, angular_speed_rps: 0.5 }],
    ["drive", { action: "drive", linear_mps: 0.2, angular_rps: 0, duration_s: 3 }],
    ["goto", { action: "goto", target: "couch" }],
    ["follow", { action: "follow", target: "person" }],
    ["find", { action: "find", target: "cup" }],
    ["describe", { action: "describe" }],
    ["a one-step sequence", { action: "sequence", steps: [{ action: "describe" }] }],
    [
      "a sequence",
      {
        action: "sequence",
        steps: [
          { action: "move", distance_m: 1 },
          { action: "turn", angle_rad: 1.5708, angular_speed_rps: 1 },
          { action: "find", target: "dog" },
        ],
      },
    ],
  ];
  for (const [what, command] of commands) {
    it(`${what}: round trip through the message and its CDR bytes`, () => {
      const message = toRobotCommandMessage(command, { text: "some words", parser: "grammar" });
      const check = checkMessage("hailo_ros_msgs/msg/RobotCommand", message);
      assert.ok(check.ok, check.ok ? "" : check.error);
      const decoded = decodeCdr("hailo_ros_msgs/msg/RobotCommand", encodeCdr("hailo_ros_msgs/msg/RobotCommand", message));
      const back = fromRobotCommandMessage(decoded as RobotCommandMessage);
      assert.deepEqual(back, { ok: true, value: command });
    });
  }

  const step = (fields: Partial<RobotCommandMessage["steps"][number]>) => ({
    ...toRobotCommandMessage({ action: "describe" }).steps[0]!,
    ...fields,
  });
  const invalid: Array<[string, RobotCommandMessage, RegExp]> = [
    ["no steps", emptyRobotCommandMessage(), /steps: a command needs at least one step/],
    ["an unknown action", { ...emptyRobotCommandMessage(), steps: [step({ action: "dance" })] }, /action/],
    ["an empty target", { ...emptyRobotCommandMessage(), steps: [step({ action: "goto", target: "" })] }, /target: must name a target/],
    ["a non-finite distance", { ...emptyRobotCommandMessage(), steps: [step({ action: "move", distance_m: Infinity })] }, /distance_m/],
    [
      "a zero drive duration",
      { ...emptyRobotCommandMessage(), steps: [step({ action: "drive", duration_s: 0 })] },
      /duration_s: must be greater than 0/,
    ],
    [
      "two steps without is_sequence",
      { ...emptyRobotCommandMessage(), steps: [step({ action: "stop" }), step({ action: "describe" })] },
      /2 steps need is_sequence: true/,
    ],
    [
      "a bad second step of a sequence",
      { ...emptyRobotCommandMessage(), is_sequence: true, steps: [step({ action: "stop" }), step({ action: "find", target: "Cup" })] },
      /steps\.1\.target: must be lower case/,
    ],
  ];
  for (const [what, message, error] of invalid) {
    it(`rejects ${what}, naming the field`, () => {
      const back = fromRobotCommandMessage(message);
      assert.equal(back.ok, false);
      assert.match(back.ok ? "" : back.error, error);
    });
  }
});
