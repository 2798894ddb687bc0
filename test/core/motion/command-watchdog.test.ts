import assert from "node:assert/strict";
import { admitCommand, commandExpired } from "../../../src/core/motion/command-watchdog.ts";

describe("velocity command watchdog", () => {
  const arrivals: Array<[string, Parameters<typeof admitCommand>[0], number, boolean | RegExp]> = [
    ["a fresh stamped command", { linear: 0.2, angular: 0, stampMs: 9_900 }, 500, true],
    ["an unstamped command (Twist)", { linear: 0.2, angular: 0 }, 500, true],
    ["a zero stamp (taken as now)", { linear: 0.2, angular: 0, stampMs: 0 }, 500, true],
    ["a command exactly as old as the timeout", { linear: 0.2, angular: 0, stampMs: 9_500 }, 500, true],
    ["a stale stamp", { linear: 0.2, angular: 0, stampMs: 9_000 }, 500, /1000 ms ago is older than cmd_vel_timeout \(500 ms\)/],
    [
      "a command 1 ms older than the timeout",
      { linear: 0.2, angular: 0, stampMs: 9_499 },
      500,
      /501 ms ago is older than cmd_vel_timeout \(500 ms\)/,
    ],
    ["a stale stamp with the timeout off", { linear: 0.2, angular: 0, stampMs: 1_000 }, 0, true],
    ["NaN", { linear: Number.NaN, angular: 0 }, 500, /non-finite velocity/],
    ["infinity", { linear: 0, angular: Number.NEGATIVE_INFINITY }, 500, /non-finite velocity/],
  ];
  for (const [what, command, timeout, expected] of arrivals) {
    it(`${expected === true ? "admits" : "rejects"} ${what}`, () => {
      const result = admitCommand(command, 10_000, timeout);
      if (expected === true) assert.ok(result.ok);
      else assert.match(result.ok ? "" : result.reason, expected as RegExp);
    });
  }

  it("expires the last command once its age passes the timeout, and never with the timeout off", () => {
    const admitted = admitCommand({ linear: 0.2, angular: 0, stampMs: 1_000 }, 1_000, 500);
    assert.ok(admitted.ok);
    const at = (t: number, timeout = 500) => commandExpired(admitted.command, t, timeout);
    assert.deepEqual([at(1_000), at(1_500), at(1_501), at(99_999, 0)], [false, false, true, false]);
    assert.equal(commandExpired(undefined, 0, 500), true, "no command yet: stopped");
  });
});
