/**
 * The dry run's range sensor, named as simulated: a scripted distance over time (parameter
 * `simulated_range`), answered after the echo's round trip at 343 m/s as the real sensor would.
 */
import { parseRangeScript } from "../../core/sensors/range-reading.ts";
import type { RangeOutcome } from "../../core/sensors/range-reading.ts";
import type { RangeSensor } from "../../ports/range-sensor.ts";

const SPEED_OF_SOUND_M_S = 343;

export class SimulatedRangeSensor implements RangeSensor {
  readonly name: string;
  readonly description: string;
  readonly #at: (seconds: number) => number;
  readonly #startMs: number;
  readonly #nowMs: () => number;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(name: string, script: string, nowMs: () => number = () => performance.now()) {
    const parsed = parseRangeScript(script);
    if (!parsed.ok) throw new Error(`parameter 'simulated_range': ${parsed.error} (e.g. '2' or '0:2,5:0.1,10:2')`);
    this.name = name;
    this.description = `simulated range (scripted: ${script})`;
    this.#at = parsed.at;
    this.#nowMs = nowMs;
    this.#startMs = nowMs();
  }

  read(): Promise<RangeOutcome> {
    const metres = this.#at((this.#nowMs() - this.#startMs) / 1000);
    const echoMs = ((2 * metres) / SPEED_OF_SOUND_M_S) * 1000;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve({ kind: "distance", metres });
      }, echoMs);
      this.#timers.add(timer);
    });
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
