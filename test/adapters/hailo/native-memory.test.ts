import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const churn = fileURLToPath(new URL("./fixtures/gc-churn.js", import.meta.url));

async function child(args: string[]): Promise<Record<string, number>> {
  const { stdout } = await run(process.execPath, ["--expose-gc", churn, ...args], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, number>;
}

describe("hailort-node memory safety (child processes)", () => {
  it("inputs collected by GC mid-flight still give every inference its own correct output", async () => {
    const r = await child(["gc", "2000"]);
    assert.ok(r.inFlightAfterGc! > 0, "collections happened while frames were in flight");
    assert.equal(r.ok, r.count);
  });

  // RSS growth over many inferences is a figure of the allocator and the machine, not a pass/fail:
  // it belongs to the bench's soak (`node --expose-gc dist/test/adapters/hailo/fixtures/gc-churn.js rss 10000` prints it).
});
