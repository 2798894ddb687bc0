/**
 * Digital pins through onoff (sysfs GPIO). BCM numbers become sysfs numbers with the controller's
 * base (571 on a Pi 5 with kernel 6.6+). Only the number 1 is written as high: levels are 0 | 1,
 * never booleans. PWM comes from the sysfs PWM adapter. Loading this module loads onoff's native
 * epoll addon, so it is imported only when real pins are driven.
 */
import { Gpio as OnoffGpio } from "onoff";
import { sysfsGpio } from "../../core/motion/gpio-numbering.ts";
import type { DigitalIn, DigitalOut, Edge, GpioPort, Level, PwmOut } from "../../ports/gpio.ts";

/** The part of onoff's Gpio class used here (tests pass onoff itself, or a stand-in). */
export type OnoffGpioClass = new (gpio: number, direction: "in" | "out" | "high" | "low", edge?: "none" | Edge) => OnoffPin;
export interface OnoffPin {
  writeSync(value: 0 | 1): void;
  readSync(): 0 | 1;
  watch(callback: (err: Error | null | undefined, value: 0 | 1) => void): void;
  unwatchAll(): void;
  unexport(): void;
}

export interface OnoffGpioOptions {
  /** Added to BCM numbers (resolveGpioBase). */
  readonly base: number;
  readonly ngpio?: number;
  /** Where PWM outputs come from; without it pwmOut throws. */
  readonly pwm?: (pin: number, frequencyHz: number) => PwmOut;
  readonly description?: string;
  readonly Gpio?: OnoffGpioClass;
}

const asLevel = (value: number): Level => (value === 1 ? 1 : 0);

export class OnoffGpioPort implements GpioPort {
  readonly description: string;
  readonly #options: OnoffGpioOptions;
  readonly #Gpio: OnoffGpioClass;
  readonly #outs: DigitalOut[] = [];
  readonly #pwms: PwmOut[] = [];
  readonly #ins: DigitalIn[] = [];

  constructor(options: OnoffGpioOptions) {
    this.#options = options;
    this.#Gpio = options.Gpio ?? (OnoffGpio as unknown as OnoffGpioClass);
    this.description = options.description ?? `onoff (base ${options.base})`;
  }

  #number(pin: number): number {
    return sysfsGpio(pin, this.#options.base, this.#options.ngpio);
  }

  digitalOut(pin: number, initial: Level): DigitalOut {
    // "low"/"high" set the direction and the level in one write, so the pin never glitches.
    const gpio = new this.#Gpio(this.#number(pin), initial === 1 ? "high" : "low");
    // onoff keeps an already-exported pin's old value when only the direction is rewritten: write it again.
    gpio.writeSync(initial === 1 ? 1 : 0);
    let closed = false;
    const out: DigitalOut = {
      pin,
      writeSync: (level) => {
        if (!closed) gpio.writeSync(level === 1 ? 1 : 0);
      },
      close: () => {
        if (closed) return;
        gpio.writeSync(0);
        closed = true;
        gpio.unexport();
      },
    };
    this.#outs.push(out);
    return out;
  }

  digitalIn(pin: number, edge: Edge): DigitalIn {
    const gpio = new this.#Gpio(this.#number(pin), "in", edge);
    const listeners = new Set<(level: Level) => void>();
    let watching = false;
    const input: DigitalIn = {
      pin,
      readSync: () => asLevel(gpio.readSync()),
      watch: (callback) => {
        listeners.add(callback);
        if (!watching) {
          watching = true;
          gpio.watch((err, value) => {
            if (err !== null && err !== undefined) return;
            for (const listener of listeners) listener(asLevel(value));
          });
        }
        return () => listeners.delete(callback);
      },
      close: () => {
        listeners.clear();
        if (watching) gpio.unwatchAll();
        gpio.unexport();
      },
    };
    this.#ins.push(input);
    return input;
  }

  pwmOut(pin: number, frequencyHz: number): PwmOut {
    if (this.#options.pwm === undefined) throw new Error(`GPIO ${pin}: no PWM chip configured`);
    const pwm = this.#options.pwm(pin, frequencyHz);
    this.#pwms.push(pwm);
    return pwm;
  }

  allOffSync(): void {
    for (const pwm of this.#pwms) {
      try {
        pwm.setDutySync(0);
      } catch {
        // The other pins still go off.
      }
    }
    for (const out of this.#outs) {
      try {
        out.writeSync(0);
      } catch {
        // As above.
      }
    }
  }

  close(): void {
    this.allOffSync();
    for (const item of [...this.#pwms, ...this.#outs, ...this.#ins]) {
      try {
        item.close();
      } catch {
        // Closing the rest matters more.
      }
    }
    this.#pwms.length = 0;
    this.#outs.length = 0;
    this.#ins.length = 0;
  }
}
