/**
 * The GPIO port a motor process gets: the dry run, or onoff pins numbered from the header
 * controller's sysfs base plus RP1's sysfs PWM chip. onoff (and its native epoll addon) is loaded
 * only for real pins.
 */
import { resolveGpioBase } from "../../core/motion/gpio-numbering.ts";
import type { GpioPort } from "../../ports/gpio.ts";
import { DryRunGpio } from "./dry-run-gpio.ts";
import { listGpioChips, SYSFS_GPIO_ROOT, SYSFS_PWM_ROOT } from "./sysfs-chips.ts";
import { SysfsPwm } from "./sysfs-pwm.ts";

export interface GpioChoice {
  readonly dryRun: boolean;
  /** Parameter gpio_base: < 0 = find it from the chip labels. */
  readonly gpioBase?: number;
  /** Parameter pwm_chip: "" = find RP1's PWM0 by its device. */
  readonly pwmChip?: string;
  readonly gpioRoot?: string;
  readonly pwmRoot?: string;
  /** Where the dry run logs what it would write (synchronously). */
  readonly log?: (line: string) => void;
}

export async function createGpio(choice: GpioChoice): Promise<GpioPort> {
  if (choice.dryRun) return new DryRunGpio(choice.log !== undefined ? { log: choice.log } : {});
  const chips = listGpioChips(choice.gpioRoot ?? SYSFS_GPIO_ROOT);
  const override = choice.gpioBase !== undefined && choice.gpioBase >= 0 ? choice.gpioBase : undefined;
  const base = resolveGpioBase(chips, override);
  if (!base.ok) throw new Error(base.error);
  const ngpio = chips?.find((c) => c.base === base.base)?.ngpio;
  let pwm: SysfsPwm | undefined;
  const pwmOptions = { root: choice.pwmRoot ?? SYSFS_PWM_ROOT, ...(choice.pwmChip ? { chip: choice.pwmChip } : {}) };
  const { OnoffGpioPort } = await import("./onoff-gpio.ts");
  return new OnoffGpioPort({
    base: base.base,
    ...(ngpio !== undefined && ngpio > 0 ? { ngpio } : {}),
    description: `onoff on ${base.chip}`,
    pwm: (pin, frequencyHz) => {
      pwm ??= new SysfsPwm(pwmOptions);
      return pwm.open(pin, frequencyHz);
    },
  });
}
