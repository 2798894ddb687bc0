/**
 * Reads the kernel's GPIO and PWM controllers from sysfs (`/sys/class/gpio/gpiochip*`,
 * `/sys/class/pwm/pwmchip*`), with the root injectable so tests read a temp directory.
 */
import { existsSync, readFileSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import type { GpioChipInfo } from "../../core/motion/gpio-numbering.ts";
import type { PwmChipInfo } from "../../core/motion/pwm-chips.ts";

export const SYSFS_GPIO_ROOT = "/sys/class/gpio";
export const SYSFS_PWM_ROOT = "/sys/class/pwm";

function readTrimmed(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
}

/** The sysfs GPIO chips, or undefined when `root` does not exist (a kernel without sysfs GPIO). */
export function listGpioChips(root: string = SYSFS_GPIO_ROOT): GpioChipInfo[] | undefined {
  if (!existsSync(root)) return undefined;
  const chips: GpioChipInfo[] = [];
  for (const name of readdirSync(root).filter((n) => /^gpiochip\d+$/.test(n))) {
    const dir = path.join(root, name);
    const base = Number(readTrimmed(path.join(dir, "base")) ?? name.slice("gpiochip".length));
    const ngpio = Number(readTrimmed(path.join(dir, "ngpio")) ?? "0");
    chips.push({ name, label: readTrimmed(path.join(dir, "label")) ?? "", base, ngpio });
  }
  return chips.sort((a, b) => a.base - b.base);
}

/** Where a chip's `device` link points (resolved when it can be, as the link itself otherwise). */
function deviceOf(dir: string): string {
  const link = path.join(dir, "device");
  try {
    return realpathSync(link);
  } catch {
    try {
      return readlinkSync(link);
    } catch {
      return "";
    }
  }
}

/** The sysfs PWM chips; none when `root` does not exist. */
export function listPwmChips(root: string = SYSFS_PWM_ROOT): PwmChipInfo[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => /^pwmchip\d+$/.test(n))
    .sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)))
    .map((name) => {
      const dir = path.join(root, name);
      return { name, device: deviceOf(dir), npwm: Number(readTrimmed(path.join(dir, "npwm")) ?? "0") };
    });
}
