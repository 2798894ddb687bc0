/**
 * Hardware PWM through `/sys/class/pwm/pwmchipN`: export the channel, write `enable` 0, then
 * `duty_cycle` 0 and `period` (ns), and enable it; a duty is written as `duty_cycle` ns, never
 * more than the period. Every write is synchronous. The root is injectable for tests.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findPwmChip, pwmChannelOfPin, RP1_PWM0_DEVICE } from "../../core/motion/pwm-chips.ts";
import type { PwmOut } from "../../ports/gpio.ts";
import { listPwmChips, SYSFS_PWM_ROOT } from "./sysfs-chips.ts";

export interface SysfsPwmOptions {
  /** Default /sys/class/pwm. */
  readonly root?: string;
  /** A pwmchip name to use instead of finding RP1's PWM0 by its device (parameter `pwm_chip`). */
  readonly chip?: string;
  readonly device?: string;
  /** How long to wait for udev to create the channel after export. Default 1000 ms. */
  readonly exportTimeoutMs?: number;
  /** Writes one sysfs file synchronously; default writeFileSync (tests record the order). */
  readonly writeFile?: (file: string, value: string) => void;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The period in ns of `frequencyHz`. */
export function periodNs(frequencyHz: number): number {
  if (!(frequencyHz > 0) || !Number.isFinite(frequencyHz)) throw new RangeError(`PWM frequency must be > 0 Hz (got ${frequencyHz})`);
  return Math.max(1, Math.round(1e9 / frequencyHz));
}

/** duty (0 … 1) → duty_cycle ns, clamped to [0, period]. */
export function dutyCycleNs(duty: number, period: number): number {
  const d = Number.isFinite(duty) ? Math.max(0, Math.min(1, duty)) : 0;
  return Math.min(period, Math.round(d * period));
}

export class SysfsPwm {
  readonly chip: string;
  readonly chipDir: string;
  readonly #exportTimeoutMs: number;
  readonly #writeFile: (file: string, value: string) => void;

  /** Finds the chip; throws with what was found and how to fix it. */
  constructor(options: SysfsPwmOptions = {}) {
    const root = options.root ?? SYSFS_PWM_ROOT;
    const choice = findPwmChip(listPwmChips(root), options.device ?? RP1_PWM0_DEVICE, options.chip);
    if (!choice.ok) throw new Error(choice.error);
    this.chip = choice.chip;
    this.chipDir = path.join(root, choice.chip);
    this.#exportTimeoutMs = options.exportTimeoutMs ?? 1000;
    this.#writeFile = options.writeFile ?? ((file, value) => writeFileSync(file, value));
  }

  /** Opens the channel of header pin `pin` (RP1 PWM0: 12, 13, 18, 19), disabled at duty 0, then enabled at duty 0. */
  open(pin: number, frequencyHz: number): PwmOut {
    const channel = pwmChannelOfPin(pin);
    if (!channel.ok) throw new Error(channel.error);
    return this.openChannel(channel.channel, pin, frequencyHz);
  }

  openChannel(channel: number, pin: number, frequencyHz: number): PwmOut {
    const period = periodNs(frequencyHz);
    const dir = path.join(this.chipDir, `pwm${channel}`);
    if (!existsSync(dir)) {
      this.#writeFile(path.join(this.chipDir, "export"), String(channel));
      const deadline = performance.now() + this.#exportTimeoutMs;
      while (!existsSync(dir)) {
        if (performance.now() > deadline) throw new Error(`${this.chip}: channel ${channel} did not appear after export (${dir})`);
        sleepSync(5);
      }
    }
    const write = (file: string, value: number) => this.#writeFile(path.join(dir, file), String(value));
    // Off first: a channel left enabled by a process that died keeps pulsing. Right after an
    // export udev may not have given the files to the gpio group yet: retry while access is denied.
    const deadline = performance.now() + this.#exportTimeoutMs;
    for (;;) {
      try {
        write("enable", 0);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if ((code !== "EACCES" && code !== "EPERM") || performance.now() > deadline) throw error;
        sleepSync(10);
      }
    }
    write("duty_cycle", 0);
    write("period", period);
    write("enable", 1);
    let last = 0;
    let closed = false;
    return {
      pin,
      setDutySync: (duty) => {
        if (closed) return;
        const ns = dutyCycleNs(duty, period);
        if (ns === last) return;
        write("duty_cycle", ns);
        last = ns;
      },
      close: () => {
        if (closed) return;
        closed = true;
        write("duty_cycle", 0);
        write("enable", 0);
      },
    };
  }
}
