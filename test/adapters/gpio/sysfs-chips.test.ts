import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveGpioBase } from "../../../src/core/motion/gpio-numbering.ts";
import { findPwmChip } from "../../../src/core/motion/pwm-chips.ts";
import { listGpioChips, listPwmChips } from "../../../src/adapters/gpio/sysfs-chips.ts";

function gpioChip(root: string, base: number, label: string, ngpio: number): void {
  const dir = path.join(root, `gpiochip${base}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "base"), `${base}\n`);
  writeFileSync(path.join(dir, "label"), `${label}\n`);
  writeFileSync(path.join(dir, "ngpio"), `${ngpio}\n`);
}

describe("adapters/gpio/sysfs-chips", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-gpio-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("finds the Pi 5's RP1 controller at 571 among the brcmstb chips (kernel 6.6+)", () => {
    const root = path.join(dir, "gpio");
    gpioChip(root, 512, "gpio-brcmstb@107d508500", 32);
    gpioChip(root, 544, "gpio-brcmstb@107d508520", 4);
    gpioChip(root, 548, "gpio-brcmstb@107d517c00", 17);
    gpioChip(root, 565, "gpio-brcmstb@107d517c20", 6);
    gpioChip(root, 571, "pinctrl-rp1", 54);
    writeFileSync(path.join(root, "export"), "");
    const chips = listGpioChips(root);
    assert.equal(chips?.length, 5);
    assert.deepEqual(chips?.at(-1), { name: "gpiochip571", label: "pinctrl-rp1", base: 571, ngpio: 54 });
    assert.deepEqual(resolveGpioBase(chips), { ok: true, base: 571, chip: "gpiochip571 (pinctrl-rp1)" });
  });

  it("finds 399 on the Pi 5's launch kernel and 512 on a Pi 4 with 6.6", () => {
    gpioChip(path.join(dir, "pi5"), 399, "pinctrl-rp1", 54);
    gpioChip(path.join(dir, "pi4"), 512, "pinctrl-bcm2711", 58);
    gpioChip(path.join(dir, "pi4"), 570, "raspberrypi-exp-gpio", 8);
    assert.equal((resolveGpioBase(listGpioChips(path.join(dir, "pi5"))) as { base: number }).base, 399);
    assert.equal((resolveGpioBase(listGpioChips(path.join(dir, "pi4"))) as { base: number }).base, 512);
  });

  it("says a kernel without sysfs GPIO has none, and the error says so", () => {
    const chips = listGpioChips(path.join(dir, "missing"));
    assert.equal(chips, undefined);
    const base = resolveGpioBase(chips);
    assert.ok(!base.ok && /does not exist/.test(base.error));
  });

  it("lists PWM chips with the device their link resolves to, and finds RP1's PWM0 whatever its number", () => {
    const devices = path.join(dir, "devices/platform/axi/1000120000.pcie/1f00098000.pwm");
    const other = path.join(dir, "devices/platform/soc/107d517a80.pwm");
    mkdirSync(devices, { recursive: true });
    mkdirSync(other, { recursive: true });
    const root = path.join(dir, "pwm");
    for (const [name, target, npwm] of [
      ["pwmchip0", other, 2],
      ["pwmchip2", devices, 4],
    ] as const) {
      mkdirSync(path.join(root, name), { recursive: true });
      symlinkSync(target, path.join(root, name, "device"));
      writeFileSync(path.join(root, name, "npwm"), `${npwm}\n`);
    }
    const chips = listPwmChips(root);
    assert.deepEqual(
      chips.map((c) => [c.name, c.npwm]),
      [
        ["pwmchip0", 2],
        ["pwmchip2", 4],
      ],
    );
    assert.deepEqual(findPwmChip(chips), { ok: true, chip: "pwmchip2" });
    assert.deepEqual(listPwmChips(path.join(dir, "none")), []);
  });
});
