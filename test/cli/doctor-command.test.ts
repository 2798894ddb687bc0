/**
 * `hailo-ros doctor` run for real on this machine, as a child process: it must report what this
 * machine lacks, as the machine is (the expectations are read from the filesystem here, not
 * assumed), with and without ROS 2 in the environment, and exit 1 when something required is missing.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findHailoRtLibrary } from "../../src/adapters/hailo/hailort-library.ts";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/cli/main.js");

describe("hailo-ros doctor on this machine (process)", function () {
  this.timeout(30_000);
  let cache: string;
  before(() => {
    cache = mkdtempSync(path.join(tmpdir(), "hailo-ros-doctor-cache-"));
  });
  after(() => rmSync(cache, { recursive: true, force: true }));

  const doctor = (env: NodeJS.ProcessEnv, ...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, "doctor", "--dir", cache, ...args], { encoding: "utf8", env });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const withoutRos = () => {
    const env = { ...process.env };
    delete env.ROS_DISTRO;
    return env;
  };
  const hasHailo = existsSync("/dev") && readdirSync("/dev").some((n) => /^hailo\d+$/.test(n));
  const hasGpio = existsSync("/sys/class/gpio");

  it("reports the device, HailoRT, GPIO and ROS 2 as this machine has them, one line per check", () => {
    const { code, out } = doctor(withoutRos());
    const line = (id: string) => out.split("\n").find((l) => new RegExp(`^(ok|warn|fail) +${id} `).test(l)) ?? "";
    assert.match(line("node"), /^ok +node +Node v\d+/);
    assert.match(line("device"), hasHailo ? /^(ok|fail) +device +.*\/dev\/hailo/ : /^fail +device +no \/dev\/hailo\* device/);
    assert.match(
      line("hailort"),
      findHailoRtLibrary() !== undefined ? /^(ok|fail) +hailort +HailoRT / : /^fail +hailort +libhailort not found/,
    );
    assert.match(line("gpio"), hasGpio ? /^(ok|fail) +gpio / : /^fail +gpio +\/sys\/class\/gpio does not exist/);
    assert.match(line("ros"), /^fail +ros +ROS 2 is not sourced/);
    assert.match(out, /fix: source \/opt\/ros\/jazzy\/setup\.bash/);
    assert.match(out, /^(ready|not ready): \d+ failed, \d+ warnings, \d+ ok$/m);
    if (!hasHailo || !hasGpio) assert.equal(code, 1, "something required is missing");
  });

  it("--json with ROS 2 in the environment, and the missing parts switched off", () => {
    const { code, out } = doctor({ ...process.env, ROS_DISTRO: "jazzy" }, "--json", "--no-hailo", "--no-gpio");
    const report = JSON.parse(out) as { ok: boolean; checks: Array<{ id: string; status: string; fix?: string }> };
    assert.equal(report.checks.find((c) => c.id === "ros")?.status, "ok");
    if (!hasHailo) assert.equal(report.checks.find((c) => c.id === "device")?.status, "warn");
    if (!hasGpio) assert.equal(report.checks.find((c) => c.id === "gpio")?.status, "warn");
    const failed = report.checks.filter((c) => c.status === "fail");
    assert.equal(report.ok, failed.length === 0);
    assert.equal(code, failed.length === 0 ? 0 : 1, JSON.stringify(failed));
  });

  it("rejects an unknown option with the usage", () => {
    const { code, err } = doctor(process.env, "--quick");
    assert.equal(code, 2);
    assert.match(err, /unknown option '--quick'[\s\S]*Usage: hailo-ros doctor/);
  });
});
