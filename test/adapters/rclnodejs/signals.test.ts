/** Signal handling of the rclnodejs runtime in a child process, on the fake rclnodejs (no ROS 2 needed). */
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startProcess } from "../../ros/processes.ts";

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../ros/fixtures/slow-shutdown.js");

describe("rclnodejs runtime signals (fake rclnodejs, child process)", () => {
  const cases: Array<[string, NodeJS.Signals, NodeJS.Signals, number]> = [
    ["SIGINT then SIGINT", "SIGINT", "SIGINT", 130],
    ["SIGINT then launch's SIGTERM", "SIGINT", "SIGTERM", 143],
  ];
  for (const [what, first, then, expected] of cases) {
    it(`${what} during a slow shutdown ends the process at once with ${expected}`, async () => {
      // No duplicate window: the second signal counts as a second Ctrl-C however soon it comes.
      const child = startProcess(process.execPath, [script, "--fake", "--duplicate-window-ms", "0"]);
      await child.waitFor(/^ready/);
      child.child.kill(first);
      await child.waitFor(/^stopping/);
      const second = performance.now();
      child.child.kill(then);
      const { code, atMs } = await child.exited();
      assert.equal(code, expected);
      assert.ok(atMs - second < 1000, `exited ${Math.round(atMs - second)} ms after the second signal`);
      assert.doesNotMatch(child.output(), /stopping[\s\S]*stopping/, "the hook ran once");
    });
  }

  it("a SIGINT repeated at once (Ctrl-C on ros2 launch: the terminal's and launch's) is one: the hook runs to its end", async () => {
    const child = startProcess(process.execPath, [script, "--fake", "--hook-ms", "200", "--duplicate-window-ms", "60000"]);
    await child.waitFor(/^ready/);
    child.child.kill("SIGINT");
    await child.waitFor(/^stopping/);
    child.child.kill("SIGINT");
    await child.waitFor(/^shut down/);
    assert.equal((await child.exited()).code, 0);
    assert.doesNotMatch(child.output(), /stopping[\s\S]*stopping/, "the hook ran once");
  });

  it("a single SIGINT runs the hook and shuts down", async () => {
    const child = startProcess(process.execPath, [script, "--fake", "--hook-ms", "200"]);
    await child.waitFor(/^ready/);
    child.child.kill("SIGINT");
    await child.waitFor(/^shut down/);
    assert.equal((await child.exited()).code, 0);
  });
});
