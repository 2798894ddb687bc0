/**
 * A GPIO port that drives nothing: it keeps each pin's level or duty and logs each change it
 * would have written (`--dry-run`, the `dry_run` parameter). Inputs read their idle level until
 * `setInput` changes them, which is also how tests press the e-stop.
 */
import type { DigitalIn, DigitalOut, Edge, GpioPort, Level, PwmOut } from "../../ports/gpio.ts";

export interface DryRunWrite {
  readonly pin: number;
  readonly kind: "level" | "duty";
  readonly value: number;
}

export interface DryRunGpioOptions {
  /** Each line the real port would have written. Must be synchronous (exit paths log through it). */
  readonly log?: (line: string) => void;
  /** What an input reads before setInput; default 1 (an e-stop with a pull-up, not pressed). */
  readonly inputIdle?: Level;
}

export class DryRunGpio implements GpioPort {
  readonly description = "dry run (no GPIO driven)";
  readonly writes: DryRunWrite[] = [];
  readonly #log: (line: string) => void;
  readonly #idle: Level;
  readonly #levels = new Map<number, Level>();
  readonly #duties = new Map<number, number>();
  readonly #inputs = new Map<number, { level: Level; edge: Edge; listeners: Set<(level: Level) => void> }>();

  constructor(options: DryRunGpioOptions = {}) {
    this.#log = options.log ?? (() => undefined);
    this.#idle = options.inputIdle ?? 1;
  }

  /** The level last written to `pin` (undefined: never opened as an output). */
  level(pin: number): Level | undefined {
    return this.#levels.get(pin);
  }

  duty(pin: number): number | undefined {
    return this.#duties.get(pin);
  }

  #setLevel(pin: number, level: Level, force = false): void {
    if (!force && this.#levels.get(pin) === level) return;
    this.#levels.set(pin, level);
    this.writes.push({ pin, kind: "level", value: level });
    this.#log(`GPIO${pin} = ${level}`);
  }

  #setDuty(pin: number, duty: number, force = false): void {
    const d = Number.isFinite(duty) ? Math.max(0, Math.min(1, duty)) : 0;
    if (!force && this.#duties.get(pin) === d) return;
    this.#duties.set(pin, d);
    this.writes.push({ pin, kind: "duty", value: d });
    this.#log(`GPIO${pin} pwm = ${d.toFixed(3)}`);
  }

  digitalOut(pin: number, initial: Level): DigitalOut {
    this.#setLevel(pin, initial, true);
    return { pin, writeSync: (level) => this.#setLevel(pin, level === 1 ? 1 : 0), close: () => this.#setLevel(pin, 0) };
  }

  digitalIn(pin: number, edge: Edge): DigitalIn {
    const input = { level: this.#idle, edge, listeners: new Set<(level: Level) => void>() };
    this.#inputs.set(pin, input);
    return {
      pin,
      readSync: () => input.level,
      watch: (callback) => {
        input.listeners.add(callback);
        return () => input.listeners.delete(callback);
      },
      close: () => input.listeners.clear(),
    };
  }

  /** What an input reads now (its idle level until setInput changes it). */
  inputLevel(pin: number): Level {
    return this.#inputs.get(pin)?.level ?? this.#idle;
  }

  /** Changes an input's level and fires its watchers when the edge matches. */
  setInput(pin: number, level: Level): void {
    const input = this.#inputs.get(pin);
    if (input === undefined) throw new Error(`GPIO${pin} is not an input`);
    if (input.level === level) return;
    input.level = level;
    const fires = input.edge === "both" || (input.edge === "rising" ? level === 1 : level === 0);
    if (fires) for (const listener of [...input.listeners]) listener(level);
  }

  pwmOut(pin: number, frequencyHz: number): PwmOut {
    this.#log(`GPIO${pin} pwm opened at ${frequencyHz} Hz`);
    this.#setDuty(pin, 0, true);
    return { pin, setDutySync: (duty) => this.#setDuty(pin, duty), close: () => this.#setDuty(pin, 0) };
  }

  allOffSync(): void {
    for (const pin of this.#duties.keys()) this.#setDuty(pin, 0, true);
    for (const pin of this.#levels.keys()) this.#setLevel(pin, 0, true);
    this.#log("all outputs off");
  }

  close(): void {
    this.allOffSync();
    for (const input of this.#inputs.values()) input.listeners.clear();
  }
}
