/** A signal during shutdown: the duplicate of the same Ctrl-C is ignored, anything else ends the process. */
import assert from "node:assert/strict";
import { DUPLICATE_SIGINT_WINDOW_MS, repeatedSignalAction } from "../../../src/adapters/ros-common/repeated-signal.ts";

describe("adapters/ros-common/repeatedSignalAction", () => {
  const cases: Array<[string, NodeJS.Signals, NodeJS.Signals, number, ReturnType<typeof repeatedSignalAction>]> = [
    ["SIGINT 5 ms after SIGINT (launch forwarding the terminal's Ctrl-C)", "SIGINT", "SIGINT", 5, { kind: "ignore" }],
    ["SIGINT just inside the window", "SIGINT", "SIGINT", DUPLICATE_SIGINT_WINDOW_MS - 1, { kind: "ignore" }],
    ["SIGINT at the window's end (a second Ctrl-C)", "SIGINT", "SIGINT", DUPLICATE_SIGINT_WINDOW_MS, { kind: "exit", code: 130 }],
    ["SIGTERM at once after SIGINT (launch escalating)", "SIGINT", "SIGTERM", 5, { kind: "exit", code: 143 }],
    ["SIGINT at once after SIGTERM", "SIGTERM", "SIGINT", 5, { kind: "exit", code: 130 }],
    ["SIGTERM after SIGTERM", "SIGTERM", "SIGTERM", 5, { kind: "exit", code: 143 }],
  ];
  for (const [what, first, then, afterMs, expected] of cases) {
    it(what, () => {
      assert.deepEqual(repeatedSignalAction(then, { signal: first, atMs: 1000 }, 1000 + afterMs), expected);
    });
  }

  it("takes its window as an argument (0: every repeat ends the process)", () => {
    assert.deepEqual(repeatedSignalAction("SIGINT", { signal: "SIGINT", atMs: 0 }, 0, 0), { kind: "exit", code: 130 });
    assert.deepEqual(repeatedSignalAction("SIGINT", { signal: "SIGINT", atMs: 0 }, 4000, 5000), { kind: "ignore" });
  });
});
