/**
 * The GPIO port: digital outputs written synchronously (a stop must reach the pins before the
 * process can die), digital inputs with edge callbacks (the e-stop), and hardware PWM outputs.
 * Pins are named by their BCM number; the adapter maps them to whatever its kernel interface
 * numbers them. Adapters: onoff + sysfs PWM (the Pi), dry run (drives nothing, logs), test fakes.
 */

/** onoff's BinaryValue: only the number 1 is high. */
export type Level = 0 | 1;

export type Edge = "rising" | "falling" | "both";

export interface DigitalOut {
  /** BCM number. */
  readonly pin: number;
  /** Synchronous: the level is on the pin when this returns. */
  writeSync(level: Level): void;
  close(): void;
}

export interface DigitalIn {
  readonly pin: number;
  readSync(): Level;
  /** Calls back with the new level on each edge; the returned function stops watching. */
  watch(callback: (level: Level) => void): () => void;
  close(): void;
}

export interface PwmOut {
  readonly pin: number;
  /** Duty cycle 0 … 1, written synchronously. */
  setDutySync(duty: number): void;
  close(): void;
}

export interface GpioPort {
  /** What drives the pins, for logs and /diagnostics ("onoff (gpiochip571 (pinctrl-rp1)) + pwmchip0", "dry run"). */
  readonly description: string;
  /** An output, set to `initial` as it is opened. */
  digitalOut(pin: number, initial: Level): DigitalOut;
  digitalIn(pin: number, edge: Edge): DigitalIn;
  /** A hardware PWM output at `frequencyHz`, opened disabled at duty 0. */
  pwmOut(pin: number, frequencyHz: number): PwmOut;
  /**
   * Every output this port opened to low / duty 0, synchronously, swallowing per-pin errors so
   * that one failing pin does not keep the others driven. For exit paths; safe to call twice.
   */
  allOffSync(): void;
  /** Closes everything opened (outputs are left off). */
  close(): void;
}
