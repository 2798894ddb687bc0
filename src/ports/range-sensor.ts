/**
 * Range sensors: one measurement per `read()` (the kernel's hcsr04/srf04 IIO device triggers a
 * ping when its distance file is read), resolved off the event loop so a 25 ms echo never delays
 * the motors. Adapters: the IIO device in sysfs, and a scripted simulation for the dry run.
 */
import type { RangeOutcome } from "../core/sensors/range-reading.ts";

export interface RangeSensor {
  /** The sensor's name in topics (range/<name>) and parameters. */
  readonly name: string;
  /** What it reads, for logs and /diagnostics ("iio:device0 (srf04)", "simulated range (scripted: 2)"). */
  readonly description: string;
  read(): Promise<RangeOutcome>;
  close(): void;
}

export interface RangeSensorRequest {
  readonly dryRun: boolean;
  /** Each sensor's name and the IIO device it reads (by its `name` file, or `iio:deviceN`). */
  readonly sensors: ReadonlyArray<{ readonly name: string; readonly device: string }>;
  /** The dry run's scripted distance ("2", or "t:d,t:d,…" in s:m). */
  readonly simulatedScript: string;
}

/**
 * The dry run's wheels: encoder edges that follow the commanded wheel speeds, written to the input
 * pins the encoders are read from. Only the dry run has one.
 */
export interface WheelSimulation {
  readonly description: string;
  /** The wheels turned at these speeds (rad/s) for `dtS` seconds. */
  advance(leftRadS: number, rightRadS: number, dtS: number): void;
}

export interface EncoderPins {
  readonly kind: "quadrature" | "single";
  readonly left: { readonly a: number; readonly b?: number };
  readonly right: { readonly a: number; readonly b?: number };
  /** Counts per wheel revolution, as decoded. */
  readonly ticksPerRevolution: number;
}
