/**
 * The motor process's ways out, in real child processes: `hailo-ros motor --dry-run` runs until
 * SIGTERM and exits within a second having written every pin off; an uncaught exception or an
 * unhandled rejection stops the pins before the process dies.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startProcess, type Started } from "../../ros/processes.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const cli = path.join(root, "dist/src/cli/main.js");
const dist = (file: string) => JSON.stringify(pathToFileURL(path.join(root, "dist/src", file)).href);

/** Lines after the first one matching `marker`. */
const linesAfter = (text: string, marker: RegExp): string[] => {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => marker.test(l));
  return at < 0 ? [] : lines.slice(at + 1);
};

describe("motor process: stop on the way out", function () {
  this.timeout(30_000);
  let dir: string;
  let started: Started[] = [];
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-motor-process-"));
  });
  afterEach(() => {
    for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    started = [];
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const start = (args: readonly string[]) => {
    const p = startProcess(process.execPath, args);
    started.push(p);
    return p;
  };

  it("hailo-ros motor --dry-run runs until SIGTERM, then writes every pin off and exits within 1 s", async () => {
    const motor = start([cli, "motor", "--dry-run", "-p", "estop_pin:=26"]);
    await motor.waitFor(/running; SIGINT or SIGTERM stops the motors/);
    // Still running a moment later: it does not end by itself.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(motor.child.exitCode, null);
    // Everything written before the signal has arrived by now (300 ms idle).
    const mark = motor.output().length;
    const signalledAt = performance.now();
    motor.child.kill("SIGTERM");
    const { code, atMs } = await motor.exited();
    assert.equal(code, 0, motor.output());
    assert.ok(atMs - signalledAt < 1000, `exited ${(atMs - signalledAt).toFixed(0)} ms after SIGTERM`);
    const tail = motor.output().slice(mark).split("\n");
    assert.equal(tail[0], "[dry-run] GPIO12 pwm = 0.000", "the first thing after the signal is the stop");
    const stop = tail.slice(0, tail.indexOf("[dry-run] all outputs off") + 1);
    for (const pin of [22, 23, 24, 25, 16]) assert.ok(stop.includes(`[dry-run] GPIO${pin} = 0`), `GPIO${pin} off:\n${stop.join("\n")}`);
    assert.ok(stop.includes("[dry-run] GPIO13 pwm = 0.000"));
    assert.ok(!tail.some((l) => / = 1$|pwm = (?!0\.000)/.test(l)), `nothing is driven on the way out:\n${tail.join("\n")}`);
  });

  it("says what is wrong with its arguments", async () => {
    const bad = start([cli, "motor", "--fly"]);
    const { code } = await bad.exited();
    assert.equal(code, 2);
    assert.match(bad.output(), /unknown option '--fly'/);
  });

  it("ends by the signal, pins off, when nothing but the guard handles SIGTERM", async () => {
    const file = path.join(dir, "signal-only.mjs");
    writeFileSync(
      file,
      `
import { writeSync } from "node:fs";
const { DryRunGpio } = await import(${dist("adapters/gpio/dry-run-gpio.js")});
const { stopOnExit } = await import(${dist("adapters/gpio/exit-guard.js")});
const gpio = new DryRunGpio({ log: (line) => writeSync(1, line + "\\n") });
gpio.digitalOut(23, 1);
stopOnExit(() => gpio.allOffSync());
writeSync(1, "driving\\n");
setInterval(() => undefined, 1000);
`,
    );
    const child = start([file]);
    await child.waitFor(/^driving$/);
    child.child.kill("SIGTERM");
    const { code, signal } = await child.exited();
    assert.deepEqual([code, signal], [null, "SIGTERM"]);
    assert.deepEqual(linesAfter(child.output(), /^driving$/).slice(0, 2), ["GPIO23 = 0", "all outputs off"]);
  });

  for (const [what, crash, pattern] of [
    [
      "an uncaught exception",
      `setTimeout(() => { throw new Error("boom"); }, 20);`,
      /\[FATAL\] \[hailo_ros\]: uncaught exception, motors stopped: Error: boom/,
    ],
    [
      "an unhandled rejection",
      `setTimeout(() => void Promise.reject(new Error("nope")), 20);`,
      /\[FATAL\] \[hailo_ros\]: unhandled rejection, motors stopped: Error: nope/,
    ],
  ] as const) {
    it(`stops the pins on ${what} before the process dies (exit 1)`, async () => {
      const file = path.join(dir, `${what.replaceAll(" ", "-")}.mjs`);
      writeFileSync(
        file,
        `
import { writeSync } from "node:fs";
const { DryRunGpio } = await import(${dist("adapters/gpio/dry-run-gpio.js")});
const { stopOnExit } = await import(${dist("adapters/gpio/exit-guard.js")});
const gpio = new DryRunGpio({ log: (line) => writeSync(1, line + "\\n") });
const in1 = gpio.digitalOut(23, 0);
const pwm = gpio.pwmOut(12, 20000);
stopOnExit(() => gpio.allOffSync());
in1.writeSync(1);
pwm.setDutySync(0.5);
writeSync(1, "driving\\n");
setInterval(() => undefined, 1000);
${crash}
`,
      );
      const child = start([file]);
      const { code } = await child.exited();
      assert.equal(code, 1, child.output());
      const tail = linesAfter(child.output(), /^driving$/);
      assert.deepEqual(tail.slice(0, 3), ["GPIO12 pwm = 0.000", "GPIO23 = 0", "all outputs off"]);
      // The report goes to stderr, a pipe of its own: where it lands among stdout's lines is not fixed.
      assert.match(child.output(), pattern);
      assert.equal(tail.filter((l) => l === "all outputs off").length, 1, "stopped once");
    });
  }
});
