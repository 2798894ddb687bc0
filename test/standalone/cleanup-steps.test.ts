import assert from "node:assert/strict";
import { CleanupSteps, describeCleanupFailures } from "../../src/standalone/cleanup-steps.ts";

describe("standalone/CleanupSteps", () => {
  const failing: Array<[string, () => unknown, string]> = [
    [
      "throws",
      () => {
        throw new Error("disk full");
      },
      "disk full",
    ],
    ["rejects", () => Promise.reject(new Error("disk full")), "disk full"],
    [
      "throws a non-Error",
      () => {
        throw "plain text" as unknown as Error;
      },
      "plain text",
    ],
  ];
  for (const [what, step, message] of failing) {
    it(`runs every step, last added first, when one ${what}; collects the failure`, async () => {
      const ran: string[] = [];
      const cleanup = new CleanupSteps();
      cleanup.add("first", () => void ran.push("first"));
      cleanup.add("middle", () => {
        ran.push("middle");
        return step();
      });
      cleanup.add("last", async () => {
        await new Promise((resolve) => setImmediate(resolve));
        ran.push("last");
      });
      const failures = await cleanup.runAll();
      assert.deepEqual(ran, ["last", "middle", "first"]);
      assert.deepEqual(
        failures.map((f) => [f.step, f.error instanceof Error, f.error.message]),
        [["middle", true, message]],
      );
      assert.equal(describeCleanupFailures(failures), `middle: ${message}`);
    });
  }

  it("collects every failure, and a second runAll runs nothing again", async () => {
    let runs = 0;
    const cleanup = new CleanupSteps();
    for (const name of ["a", "b"]) {
      cleanup.add(name, () => {
        runs++;
        throw new Error(`${name} failed`);
      });
    }
    assert.equal(describeCleanupFailures(await cleanup.runAll()), "b: b failed; a: a failed");
    assert.deepEqual(await cleanup.runAll(), []);
    assert.equal(runs, 2);
  });
});
