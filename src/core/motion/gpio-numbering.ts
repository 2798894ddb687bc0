/**
 * Which sysfs GPIO number a BCM pin has. Current Raspberry Pi kernels give the GPIO controller a
 * dynamic base (Pi 5: 571 on 6.6+, 399 on its launch kernel; Pi 4 on 6.6: 512), so BCM 17 is not
 * sysfs 17: the base is read from the `/sys/class/gpio/gpiochip*` whose label names the controller.
 * Pure: the adapter lists the chips.
 */

export interface GpioChipInfo {
  /** The directory name, e.g. "gpiochip571". */
  readonly name: string;
  readonly label: string;
  readonly base: number;
  readonly ngpio: number;
}

/** Labels of the header's GPIO controller, Pi 5 first. */
export const HEADER_CONTROLLER_LABELS = ["pinctrl-rp1", "pinctrl-bcm2712", "pinctrl-bcm2711", "pinctrl-bcm2835"] as const;

export type GpioBase = { readonly ok: true; readonly base: number; readonly chip: string } | { readonly ok: false; readonly error: string };

/**
 * The base to add to BCM numbers: `override` when given (parameter `gpio_base`), else the chip of
 * the header's controller. An error says what was found and how to fix it.
 */
export function resolveGpioBase(chips: readonly GpioChipInfo[] | undefined, override?: number): GpioBase {
  if (override !== undefined) {
    if (!Number.isInteger(override) || override < 0)
      return { ok: false, error: `parameter 'gpio_base' must be a whole number ≥ 0 (got ${override})` };
    return { ok: true, base: override, chip: "gpio_base parameter" };
  }
  if (chips === undefined) {
    return {
      ok: false,
      error:
        "/sys/class/gpio does not exist: this kernel has no sysfs GPIO (CONFIG_GPIO_SYSFS). Use a kernel that has it " +
        "(Raspberry Pi OS bookworm does), or run with dry_run:=true",
    };
  }
  for (const label of HEADER_CONTROLLER_LABELS) {
    const chip = chips.find((c) => c.label === label);
    if (chip !== undefined) return { ok: true, base: chip.base, chip: `${chip.name} (${chip.label})` };
  }
  const seen = chips.length === 0 ? "none" : chips.map((c) => `${c.name} "${c.label}"`).join(", ");
  return {
    ok: false,
    error: `no Raspberry Pi GPIO controller among the sysfs GPIO chips (found: ${seen}); set parameter 'gpio_base' to the base of the header's chip`,
  };
}

/** The sysfs number of BCM pin `bcm`, checked against the chip's size when known. */
export function sysfsGpio(bcm: number, base: number, ngpio?: number): number {
  if (!Number.isInteger(bcm) || bcm < 0 || (ngpio !== undefined && bcm >= ngpio)) {
    throw new RangeError(`GPIO ${bcm} is not a pin of this controller (0 … ${ngpio !== undefined ? ngpio - 1 : "?"})`);
  }
  return base + bcm;
}
