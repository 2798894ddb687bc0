import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dutyCycleNs, periodNs, SysfsPwm } from "../../../src/adapters/gpio/sysfs-pwm.ts";

describe("adapters/gpio/sysfs-pwm", () => {
  let dir: string;
  let root: string;
  const chip = () => path.join(root, "pwmchip2");
  const read = (channel: number, file: string) => readFileSync(path.join(chip(), `pwm${channel}`, file), "utf8");

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-pwm-"));
    root = path.join(dir, "class/pwm");
    const device = path.join(dir, "devices/1f00098000.pwm");
    mkdirSync(device, { recursive: true });
    mkdirSync(chip(), { recursive: true });
    symlinkSync(device, path.join(chip(), "device"));
    writeFileSync(path.join(chip(), "npwm"), "4\n");
    writeFileSync(path.join(chip(), "export"), "");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** What the kernel does on export: the channel's directory appears. */
  const channelAppears = (channel: number) => {
    const d = path.join(chip(), `pwm${channel}`);
    mkdirSync(d);
    for (const file of ["enable", "period", "duty_cycle"]) writeFileSync(path.join(d, file), file === "enable" ? "1" : "0");
  };

  it("periods and duty cycles in ns, the duty never above the period", () => {
    assert.equal(periodNs(20_000), 50_000);
    assert.equal(periodNs(1000), 1_000_000);
    assert.throws(() => periodNs(0), /> 0 Hz/);
    assert.equal(dutyCycleNs(0.25, 50_000), 12_500);
    assert.equal(dutyCycleNs(1.5, 50_000), 50_000);
    assert.equal(dutyCycleNs(-1, 50_000), 0);
    assert.equal(dutyCycleNs(Number.NaN, 50_000), 0);
  });

  it("opens an exported channel disabled first, at duty 0, with the period, then enabled; writes duties", () => {
    channelAppears(0);
    const pwm = new SysfsPwm({ root });
    assert.equal(pwm.chip, "pwmchip2");
    const out = pwm.open(12, 20_000);
    assert.equal(read(0, "period"), "50000");
    assert.equal(read(0, "duty_cycle"), "0");
    assert.equal(read(0, "enable"), "1");
    out.setDutySync(0.4);
    assert.equal(read(0, "duty_cycle"), "20000");
    out.setDutySync(2);
    assert.equal(read(0, "duty_cycle"), "50000");
    out.close();
    assert.equal(read(0, "duty_cycle"), "0");
    assert.equal(read(0, "enable"), "0");
    // GPIO 19 is channel 3: exported by writing its number.
    assert.throws(() => new SysfsPwm({ root, exportTimeoutMs: 20 }).open(19, 1000), /channel 3 did not appear/);
    assert.equal(readFileSync(path.join(chip(), "export"), "utf8"), "3");
  });

  it("writes enable=0 before anything else on a channel a dead process left running", () => {
    channelAppears(1);
    writeFileSync(path.join(chip(), "pwm1", "duty_cycle"), "40000");
    const writes: string[] = [];
    const writeFile = (file: string, value: string) => {
      writes.push(`${path.basename(file)}=${value}`);
      writeFileSync(file, value);
    };
    const out = new SysfsPwm({ root, writeFile }).open(13, 25_000);
    assert.deepEqual(writes, ["enable=0", "duty_cycle=0", "period=40000", "enable=1"]);
    out.setDutySync(0.5);
    out.setDutySync(0.5);
    out.close();
    out.setDutySync(1);
    assert.deepEqual(writes.slice(4), ["duty_cycle=20000", "duty_cycle=0", "enable=0"]);
  });

  it("waits for udev to hand over the channel's files after an export (EACCES at first)", () => {
    channelAppears(0);
    let denied = 2;
    const writes: string[] = [];
    const writeFile = (file: string, value: string) => {
      if (denied > 0) {
        denied -= 1;
        throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: "EACCES" });
      }
      writes.push(`${path.basename(file)}=${value}`);
      writeFileSync(file, value);
    };
    new SysfsPwm({ root, writeFile }).open(12, 1000);
    assert.deepEqual(writes, ["enable=0", "duty_cycle=0", "period=1000000", "enable=1"]);
    const never = () => {
      throw Object.assign(new Error("EACCES"), { code: "EACCES" });
    };
    assert.throws(() => new SysfsPwm({ root, writeFile: never, exportTimeoutMs: 30 }).open(12, 1000), /EACCES/);
  });

  it("refuses pins without hardware PWM and a chip that is not there", () => {
    channelAppears(0);
    assert.throws(() => new SysfsPwm({ root }).open(17, 1000), /GPIO 17 has no hardware PWM/);
    assert.throws(() => new SysfsPwm({ root, chip: "pwmchip9" }), /pwmchip9 is not under/);
    assert.throws(() => new SysfsPwm({ root: path.join(dir, "nothing") }), /dtoverlay=pwm-2chan/);
    assert.ok(!existsSync(path.join(chip(), "pwm3")));
  });
});
