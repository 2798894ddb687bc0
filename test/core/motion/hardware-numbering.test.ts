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

  it("names the chip the base came from", () => {
    assert.deepEqual(resolveGpioBase([chip(512, "gpio-brcmstb@107d508500", 32), chip(571, "pinctrl-rp1")]), {
      ok: true,
      base: 571,
      chip: "gpiochip571 (pinctrl-rp1)",
    });
    assert.deepEqual(resolveGpioBase([chip(571, "pinctrl-rp1")], 0), { ok: true, base: 0, chip: "gpio_base parameter" });
  });

  it("lists every chip it found, or none, when no Pi controller is among them", () => {
    const fix = "; set parameter 'gpio_base' to the base of the header's chip";
    const table: Array<[GpioChipInfo[], string]> = [
      [[], "found: none"],
      [[chip(0, "gpio-mockup-A", 8), chip(8, "gpio-mockup-B", 8)], 'found: gpiochip0 "gpio-mockup-A", gpiochip8 "gpio-mockup-B"'],
    ];
    for (const [chips, found] of table) {
      assert.deepEqual(resolveGpioBase(chips), {
        ok: false,
        error: `no Raspberry Pi GPIO controller among the sysfs GPIO chips (${found})${fix}`,
      });
    }
  });

  it("adds the base to a BCM number and refuses one the chip does not have", () => {
    const table: Array<[number, number | undefined, number | string]> = [
      [17, 54, 588],
      [0, 54, 571],
      [53, 54, 624],
      [60, undefined, 631],
      [54, 54, "GPIO 54 is not a pin of this controller (0 … 53)"],
      [-1, 54, "GPIO -1 is not a pin of this controller (0 … 53)"],
      [-1, undefined, "GPIO -1 is not a pin of this controller (0 … ?)"],
      [2.5, 54, "GPIO 2.5 is not a pin of this controller (0 … 53)"],
    ];
    for (const [bcm, ngpio, expected] of table) {
      if (typeof expected === "number") assert.equal(sysfsGpio(bcm, 571, ngpio), expected);
      else assert.throws(() => sysfsGpio(bcm, 571, ngpio), { name: "RangeError", message: expected });
    }
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
  it("takes an empty override as none", () => {
    assert.deepEqual(findPwmChip(chips, undefined, ""), { ok: true, chip: "pwmchip2" });
  });
  it("lists the chips it found (or none) when an override is not among them", () => {
    assert.deepEqual(findPwmChip(chips, undefined, "pwmchip9"), {
      ok: false,
      error: "parameter 'pwm_chip': pwmchip9 is not under /sys/class/pwm (found: pwmchip0, pwmchip2, pwmchip6)",
    });
    assert.deepEqual(findPwmChip([], undefined, "pwmchip0"), {
      ok: false,
      error: "parameter 'pwm_chip': pwmchip0 is not under /sys/class/pwm (found: none)",
    });
  });
  it("lists each chip with its device (or none) when PWM0 is absent, and says how to enable it", () => {
    const fix = "; add dtoverlay=pwm-2chan to /boot/firmware/config.txt and reboot, or set parameter 'pwm_chip'";
    const table: Array<[typeof chips, string]> = [
      [[], "none"],
      [[chips[0]!, chips[2]!], "pwmchip0 → ../../../107d517a80.pwm, pwmchip6 → ../../../1f0009c000.pwm"],
    ];
    for (const [found, listed] of table) {
      assert.deepEqual(findPwmChip(found), {
        ok: false,
        error: `no PWM chip of device 1f00098000.pwm under /sys/class/pwm (found: ${listed})${fix}`,
      });
    }
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
