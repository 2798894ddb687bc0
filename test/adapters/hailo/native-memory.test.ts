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

  it("10 000 inferences grow RSS by less than 10 MB", async () => {
    const r = await child(["rss", "10000"]);
    assert.ok(r.rssGrowthBytes! < 10 * 1024 * 1024, `RSS grew ${(r.rssGrowthBytes! / 1048576).toFixed(1)} MB`);
  });
});
