/**
 * The onoff adapter against a fake sysfs (mock-fs, as onoff's own tests do): onoff's root is a
 * module constant, so the fake tree sits at /sys/class/gpio. onoff is loaded before mock-fs is
 * activated (its native epoll addon must load from the real disk).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import mock from "mock-fs";
import { OnoffGpioPort, type OnoffGpioClass, type OnoffPin } from "../../../src/adapters/gpio/onoff-gpio.ts";
import type { PwmOut } from "../../../src/ports/gpio.ts";

/** A pin already exported (the kernel's directory exists), as sysfs shows it. */
const exported = (value = "0", direction = "in") => ({ value, direction, active_low: "0", edge: "none" });

describe("adapters/gpio/onoff-gpio (onoff 6 on a mock sysfs)", () => {
  afterEach(() => mock.restore());

  const value = (n: number) => readFileSync(`/sys/class/gpio/gpio${n}/value`, "utf8");
  const direction = (n: number) => readFileSync(`/sys/class/gpio/gpio${n}/direction`, "utf8");

  it("numbers BCM pins from the base (Pi 5: 571) and writes 1 as high, 0 as low", () => {
    // A motor pin left high by a process that died.
    mock({ "/sys/class/gpio": { export: "", unexport: "", gpio588: exported("1", "out"), gpio594: exported() } });
    const port = new OnoffGpioPort({ base: 571, ngpio: 54 });
    const in1 = port.digitalOut(17, 0);
    assert.equal(value(588), "0", "opened low even though it was left high");
    assert.equal(direction(588), "low");
    in1.writeSync(1);
    assert.equal(value(588), "1");
    in1.writeSync(0);
    assert.equal(value(588), "0");
    const stby = port.digitalOut(23, 1);
    assert.equal(value(594), "1");
    port.allOffSync();
    assert.equal(value(588), "0");
    assert.equal(value(594), "0");
    port.close();
    assert.equal(readFileSync("/sys/class/gpio/unexport", "utf8"), "594");
    stby.writeSync(1);
    assert.equal(value(594), "0", "a closed pin is not written");
  });

  it("exports a pin that is not exported yet (by its sysfs number)", () => {
    mock({ "/sys/class/gpio": { export: "", unexport: "" } });
    const port = new OnoffGpioPort({ base: 571 });
    // The fake tree does not create gpio576/ as the kernel would, so onoff gives up after trying to open it.
    assert.throws(() => port.digitalOut(5, 0), /ENOENT/);
    assert.equal(readFileSync("/sys/class/gpio/export", "utf8"), "576");
  });

  it("refuses a pin beyond the controller", () => {
    mock({ "/sys/class/gpio": { export: "", unexport: "" } });
    assert.throws(() => new OnoffGpioPort({ base: 571, ngpio: 54 }).digitalOut(54, 0), /not a pin of this controller/);
  });

  it("reads an input (the e-stop) and sets its edge", () => {
    mock({ "/sys/class/gpio": { export: "", unexport: "", gpio597: exported("1") } });
    const port = new OnoffGpioPort({ base: 571 });
    const estop = port.digitalIn(26, "both");
    assert.equal(readFileSync("/sys/class/gpio/gpio597/edge", "utf8"), "both");
    assert.equal(estop.readSync(), 1);
    mock.restore();
  });
});

describe("adapters/gpio/onoff-gpio (watch and PWM, with a stand-in for onoff's Gpio)", () => {
  it("passes each edge to every watcher until it stops watching, and turns PWM off with the pins", () => {
    const pins: Array<{ n: number; direction: string; edge?: string; pin: StandIn }> = [];
    class StandIn implements OnoffPin {
      written: number[] = [];
      callback: ((err: Error | null | undefined, value: 0 | 1) => void) | undefined;
      unwatched = false;
      constructor(n: number, direction: string, edge?: string) {
        pins.push({ n, direction, ...(edge !== undefined ? { edge } : {}), pin: this });
      }
      writeSync(v: 0 | 1) {
        this.written.push(v);
      }
      readSync(): 0 | 1 {
        return 1;
      }
      watch(cb: (err: Error | null | undefined, value: 0 | 1) => void) {
        this.callback = cb;
      }
      unwatchAll() {
        this.unwatched = true;
      }
      unexport() {}
    }
    const duties: number[] = [];
    const pwm = (pin: number): PwmOut => ({ pin, setDutySync: (d) => duties.push(d), close: () => undefined });
    const port = new OnoffGpioPort({ base: 399, Gpio: StandIn as unknown as OnoffGpioClass, pwm });
    const input = port.digitalIn(26, "falling");
    assert.deepEqual(pins[0], { n: 425, direction: "in", edge: "falling", pin: pins[0]?.pin });
    const seen: number[] = [];
    const stop = input.watch((level) => seen.push(level));
    input.watch((level) => seen.push(level + 10));
    pins[0]?.pin.callback?.(null, 0);
    stop();
    pins[0]?.pin.callback?.(null, 1);
    pins[0]?.pin.callback?.(new Error("EIO"), 1);
    assert.deepEqual(seen, [0, 10, 11]);
    const out = port.pwmOut(12, 20_000);
    out.setDutySync(0.5);
    port.digitalOut(5, 1);
    port.allOffSync();
    assert.deepEqual(duties, [0.5, 0]);
    assert.deepEqual(pins[1]?.pin.written, [1, 0]);
    port.close();
    assert.ok(pins[0]?.pin.unwatched);
  });
});
