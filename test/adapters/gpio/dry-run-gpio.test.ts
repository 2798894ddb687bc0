import assert from "node:assert/strict";
import { DryRunGpio } from "../../../src/adapters/gpio/dry-run-gpio.ts";

describe("adapters/gpio/dry-run-gpio", () => {
  it("drives nothing, logs each change it would write, and everything off on allOffSync", () => {
    const lines: string[] = [];
    const gpio = new DryRunGpio({ log: (line) => lines.push(line) });
    const in1 = gpio.digitalOut(5, 0);
    const pwm = gpio.pwmOut(12, 20_000);
    in1.writeSync(1);
    in1.writeSync(1);
    pwm.setDutySync(0.25);
    pwm.setDutySync(7);
    assert.equal(gpio.level(5), 1);
    assert.equal(gpio.duty(12), 1);
    gpio.allOffSync();
    assert.deepEqual(lines, [
      "GPIO5 = 0",
      "GPIO12 pwm opened at 20000 Hz",
      "GPIO12 pwm = 0.000",
      "GPIO5 = 1",
      "GPIO12 pwm = 0.250",
      "GPIO12 pwm = 1.000",
      "GPIO12 pwm = 0.000",
      "GPIO5 = 0",
      "all outputs off",
    ]);
  });

  it("fires watchers on the input's edges when a test changes it", () => {
    const gpio = new DryRunGpio();
    const both = gpio.digitalIn(26, "both");
    const falling = gpio.digitalIn(27, "falling");
    const seen: string[] = [];
    both.watch((l) => seen.push(`26:${l}`));
    falling.watch((l) => seen.push(`27:${l}`));
    assert.equal(both.readSync(), 1);
    gpio.setInput(26, 0);
    gpio.setInput(26, 0);
    gpio.setInput(26, 1);
    gpio.setInput(27, 0);
    gpio.setInput(27, 1);
    assert.deepEqual(seen, ["26:0", "26:1", "27:0"]);
    assert.throws(() => gpio.setInput(5, 1), /not an input/);
  });
});
