/** What the motor node is given: its GPIO (real pins or the dry run), and its options. */
import type { GpioPort } from "../../ports/gpio.ts";
import type { EncoderPins, RangeSensor, RangeSensorRequest, WheelSimulation } from "../../ports/range-sensor.ts";
import type { ParameterValue } from "../../ports/ros.ts";

export interface GpioRequest {
  readonly dryRun: boolean;
  /** < 0: find it from the chip labels. */
  readonly gpioBase: number;
  /** "": find RP1's PWM0. */
  readonly pwmChip: string;
}

export interface MotorNodeIo {
  /**
   * The GPIO port the parameters ask for; throws saying what is missing (no sysfs GPIO, no PWM
   * chip). The composition root also makes the process stop these pins on signals and crashes.
   */
  createGpio(request: GpioRequest): Promise<GpioPort>;
  /**
   * The range sensors asked for: the IIO devices, or (dry run) scripted simulated ones. Throws
   * naming what is missing and the config.txt line that adds it. Absent: the process has none,
   * and a node that asks for range sensors cannot start.
   */
  createRangeSensors?(request: RangeSensorRequest): Promise<RangeSensor[]>;
  /** The dry run's simulated wheels, driving the encoder inputs of `gpio` (undefined: real wheels). */
  createWheelSimulation?(gpio: GpioPort, encoders: EncoderPins, dryRun: boolean): WheelSimulation | undefined;
}

export interface MotorNodeOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
  /** Configure and activate once created (as a robot starts it). Default: the `autostart` parameter (true). */
  readonly autostart?: boolean;
  /** Period of /diagnostics; 0 turns the timer off. Default 1000. */
  readonly diagnosticsPeriodMs?: number;
}
