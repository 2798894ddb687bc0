/**
 * The nice value of a node's own process, as the kernel applies it: a permitted value is set, and a
 * value the user may not set (below the current one without root or CAP_SYS_NICE) leaves the
 * process at its parent's priority with a warning that names the fix. When the tests run as root
 * the refused case runs under util-linux's setpriv with CAP_SYS_NICE dropped from the bounding
 * set, so the kernel really refuses.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { getPriority } from "node:os";
import { fileURLToPath } from "node:url";

const fixture = fileURLToPath(new URL("./fixtures/motor-niceness.js", import.meta.url));

interface Outcome {
  readonly pid: number;
  readonly priority: number;
  readonly warnings: readonly string[];
}

function startWithNiceness(niceness: number, options: { withoutSysNice?: boolean } = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, fixture, String(niceness)];
    if (options.withoutSysNice === true) command.unshift("setpriv", "--bounding-set", "-sys_nice");
    const child = spawn(command[0]!, command.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || line === "") reject(new Error(`the fixture exited with ${String(code)}:\n${out}\n${err}`));
      else resolve(JSON.parse(line) as Outcome);
    });
  });
}

describe("the nice value of a node's own process", function () {
  this.timeout(30_000);
  const own = getPriority();

  it("is applied when permitted (a lower priority is always permitted)", async () => {
    const target = Math.min(own + 5, 19);
    const outcome = await startWithNiceness(target);
    assert.notEqual(outcome.pid, process.pid);
    assert.equal(outcome.priority, target);
    assert.deepEqual(outcome.warnings, []);
  });

  it("stays the parent's, with a warning naming root or CAP_SYS_NICE, when the kernel refuses it", async function () {
    const asRoot = process.getuid?.() === 0;
    const target = Math.max(own - 10, -20);
    const outcome = await startWithNiceness(target, { withoutSysNice: asRoot });
    if (!asRoot && outcome.priority === target) this.skip(); // this user has CAP_SYS_NICE
    assert.equal(outcome.priority, own);
    assert.equal(outcome.warnings.length, 1, outcome.warnings.join("\n"));
    assert.match(outcome.warnings[0]!, /the motor node's process keeps this process's priority: nice -?\d+ needs root or CAP_SYS_NICE/);
  });
});
