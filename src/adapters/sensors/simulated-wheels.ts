/**
 * The dry run's wheels, named as simulated: each wheel turns exactly at its commanded speed, and
 * the encoder edges that turning produces are written to the dry-run GPIO's input pins, so the
 * motor node's real decoding and odometry run on them. Quadrature: the Gray-code sequence on A/B;
 * single channel: A toggles.
 */
import type { DryRunGpio } from "../gpio/dry-run-gpio.ts";
import type { Level } from "../../ports/gpio.ts";
import type { EncoderPins, WheelSimulation } from "../../ports/range-sensor.ts";

/** Forward Gray sequence as (A, B), matching the decoder's table. */
const GRAY: ReadonlyArray<readonly [Level, Level]> = [
  [0, 0],
  [0, 1],
  [1, 1],
  [1, 0],
];

class SimulatedWheel {
  readonly #gpio: DryRunGpio;
  readonly #pins: { readonly a: number; readonly b?: number };
  readonly #quadrature: boolean;
  #phase: number;
  /** Fractional counts not yet turned into an edge. */
  #remainder = 0;

  constructor(gpio: DryRunGpio, pins: { readonly a: number; readonly b?: number }, quadrature: boolean) {
    this.#gpio = gpio;
    this.#pins = pins;
    this.#quadrature = quadrature;
    // Start from the levels the inputs read now.
    const a = gpio.inputLevel(pins.a);
    const b = pins.b !== undefined ? gpio.inputLevel(pins.b) : 0;
    this.#phase = quadrature ? GRAY.findIndex(([ga, gb]) => ga === a && gb === b) : a;
  }

  advance(counts: number): void {
    this.#remainder += counts;
    const whole = Math.trunc(this.#remainder);
    this.#remainder -= whole;
    const step = whole > 0 ? 1 : -1;
    for (let i = 0; i < Math.abs(whole); i++) {
      if (this.#quadrature) {
        this.#phase = (this.#phase + step + 4) % 4;
        const [a, b] = GRAY[this.#phase]!;
        // One channel changes per step.
        this.#gpio.setInput(this.#pins.a, a);
        if (this.#pins.b !== undefined) this.#gpio.setInput(this.#pins.b, b);
      } else {
        this.#phase = this.#phase === 1 ? 0 : 1;
        this.#gpio.setInput(this.#pins.a, this.#phase === 1 ? 1 : 0);
      }
    }
  }
}

export class SimulatedWheels implements WheelSimulation {
  readonly description: string;
  readonly #left: SimulatedWheel;
  readonly #right: SimulatedWheel;
  readonly #countsPerRad: number;

  constructor(gpio: DryRunGpio, encoders: EncoderPins) {
    const quadrature = encoders.kind === "quadrature";
    this.#left = new SimulatedWheel(gpio, encoders.left, quadrature);
    this.#right = new SimulatedWheel(gpio, encoders.right, quadrature);
    this.#countsPerRad = encoders.ticksPerRevolution / (2 * Math.PI);
    this.description = "simulated wheels (encoders follow the commanded wheel speeds)";
  }

  advance(leftRadS: number, rightRadS: number, dtS: number): void {
    this.#left.advance(leftRadS * dtS * this.#countsPerRad);
    this.#right.advance(rightRadS * dtS * this.#countsPerRad);
  }
}
