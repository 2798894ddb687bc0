/**
 * Which `/sys/class/pwm/pwmchipN` is the Pi 5's RP1 PWM0 (header GPIO 12/13/18/19). The number
 * differs between kernels (pwmchip2 on 6.6, pwmchip0 on 6.12), so the chip is found by the device
 * its `device` link points at (`…/1f00098000.pwm`). Pure: the adapter reads the links.
 */

export interface PwmChipInfo {
  readonly name: string;
  /** Where `/sys/class/pwm/<name>/device` points. */
  readonly device: string;
  readonly npwm: number;
}

/** RP1's PWM0 on the Pi 5. */
export const RP1_PWM0_DEVICE = "1f00098000.pwm";

/** Header pin → RP1 PWM0 channel (with dtoverlay=pwm-2chan; 12/13 with func=4, 18/19 by default). */
export const RP1_PWM0_CHANNEL_OF_PIN: Readonly<Record<number, number>> = { 12: 0, 13: 1, 18: 2, 19: 3 };

export type PwmChipChoice = { readonly ok: true; readonly chip: string } | { readonly ok: false; readonly error: string };

export function findPwmChip(chips: readonly PwmChipInfo[], device: string = RP1_PWM0_DEVICE, override?: string): PwmChipChoice {
  if (override !== undefined && override !== "") {
    return chips.some((c) => c.name === override)
      ? { ok: true, chip: override }
      : {
          ok: false,
          error: `parameter 'pwm_chip': ${override} is not under /sys/class/pwm (found: ${chips.map((c) => c.name).join(", ") || "none"})`,
        };
  }
  const chip = chips.find((c) => c.device.split("/").includes(device));
  if (chip !== undefined) return { ok: true, chip: chip.name };
  return {
    ok: false,
    error:
      `no PWM chip of device ${device} under /sys/class/pwm (found: ${chips.map((c) => `${c.name} → ${c.device}`).join(", ") || "none"}); ` +
      "add dtoverlay=pwm-2chan to /boot/firmware/config.txt and reboot, or set parameter 'pwm_chip'",
  };
}

/** The PWM0 channel of a header pin, or an error naming the pins that have one. */
export function pwmChannelOfPin(pin: number): { ok: true; channel: number } | { ok: false; error: string } {
  const channel = RP1_PWM0_CHANNEL_OF_PIN[pin];
  return channel !== undefined
    ? { ok: true, channel }
    : { ok: false, error: `GPIO ${pin} has no hardware PWM on the Pi 5; use GPIO 12, 13, 18 or 19 (dtoverlay=pwm-2chan)` };
}
