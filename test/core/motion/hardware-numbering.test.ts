import assert from "node:assert/strict";
import { resolveGpioBase, sysfsGpio, type GpioChipInfo } from "../../../src/core/motion/gpio-numbering.ts";
import { findPwmChip, pwmChannelOfPin } from "../../../src/core/motion/pwm-chips.ts";

const chip = (base: number, label: string, ngpio = 54): GpioChipInfo => ({ name: `gpiochip${base}`, label, base, ngpio });

describe("sysfs GPIO numbering", () => {
  const layouts: Array<[string, GpioChipInfo[] | undefined, number | undefined, RegExp | number]> = [
    ["Pi 5, kernel 6.6+", [chip(512, "gpio-brcmstb@107d508500", 32), chip(571, "pinctrl-rp1")], undefined, 571],
    ["Pi 5, launch kernel", [chip(399, "pinctrl-rp1"), chip(453, "gpio-brcmstb@107d517c00", 15)], undefined, 399],
    ["Pi 4, kernel 6.6", [chip(512, "pinctrl-bcm2711", 58), chip(570, "raspberrypi-exp-gpio", 8)], undefined, 512],
    ["an override", [chip(571, "pinctrl-rp1")], 600, 600],
    [
      "no Pi controller",
      [chip(0, "gpio-mockup-A", 8)],
      undefined,
      /no Raspberry Pi GPIO controller .*gpiochip0 "gpio-mockup-A".*'gpio_base'/,
    ],
    ["no sysfs GPIO", undefined, undefined, /\/sys\/class\/gpio does not exist.*dry_run/],
    ["a bad override", [], -3, /'gpio_base' must be a whole number/],
  ];
  for (const [what, chips, override, expected] of layouts) {
    it(what, () => {
      const result = resolveGpioBase(chips, override);
      if (typeof expected === "number") assert.deepEqual(result.ok ? result.base : result.error, expected);
      else assert.match(result.ok ? "" : result.error, expected);
    });
  }

  it("adds the base to a BCM number and refuses one the chip does not have", () => {
    assert.equal(sysfsGpio(17, 571, 54), 588);
    assert.throws(() => sysfsGpio(54, 571, 54), /GPIO 54 is not a pin of this controller \(0 … 53\)/);
  });
});

describe("Pi 5 hardware PWM", () => {
  const chips = [
    { name: "pwmchip0", device: "../../../107d517a80.pwm", npwm: 2 },
    { name: "pwmchip2", device: "../../../1f00098000.pwm", npwm: 4 },
    { name: "pwmchip6", device: "../../../1f0009c000.pwm", npwm: 4 },
  ];
  it("finds RP1's PWM0 by its device, whatever its number", () => {
    assert.deepEqual(findPwmChip(chips), { ok: true, chip: "pwmchip2" });
    assert.deepEqual(findPwmChip([{ ...chips[1]!, name: "pwmchip0" }]), { ok: true, chip: "pwmchip0" });
  });
  it("says to enable the overlay when PWM0 is absent, and checks an override", () => {
    assert.match((findPwmChip([chips[0]!]) as { error: string }).error, /no PWM chip of device 1f00098000\.pwm.*dtoverlay=pwm-2chan/);
    assert.deepEqual(findPwmChip(chips, undefined, "pwmchip6"), { ok: true, chip: "pwmchip6" });
    assert.match((findPwmChip(chips, undefined, "pwmchip9") as { error: string }).error, /'pwm_chip': pwmchip9 is not under/);
  });
  const pins: Array<[number, number | RegExp]> = [
    [12, 0],
    [13, 1],
    [18, 2],
    [19, 3],
    [17, /GPIO 17 has no hardware PWM.*12, 13, 18 or 19/],
  ];
  for (const [pin, expected] of pins) {
    it(`GPIO ${pin} → ${String(expected)}`, () => {
      const r = pwmChannelOfPin(pin);
      if (typeof expected === "number") assert.deepEqual(r, { ok: true, channel: expected });
      else assert.match(r.ok ? "" : r.error, expected);
    });
  }
});
