/**
 * The last few messages of a slowly changing stream (a CameraInfo published with every image),
 * looked up by the stamp nearest to another message's, within a tolerance. Used beside the
 * approximate-time sync of the fast streams: a stream that is missing then shows as "nothing
 * within tolerance" for each set instead of silently holding every set back.
 */
import type { Time } from "../../ports/clock.ts";
import { nanosFromMs, nanosFromStamp } from "./stamp-nanos.ts";

export class StampedHistory<T> {
  readonly #capacity: number;
  #entries: Array<{ readonly ns: bigint; readonly message: T }> = [];

  constructor(capacity = 10) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`stamped history: capacity ${capacity} must be an integer ≥ 1`);
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.length;
  }

  add(message: T, stamp: Time): void {
    this.#entries.push({ ns: nanosFromStamp(stamp), message });
    if (this.#entries.length > this.#capacity) this.#entries.shift();
  }

  /** The message stamped nearest to `stamp` if it is within `toleranceMs`; the newer one on a tie. */
  nearest(stamp: Time, toleranceMs: number): T | undefined {
    const ns = nanosFromStamp(stamp);
    const limit = nanosFromMs(toleranceMs);
    let best: T | undefined;
    let bestGap: bigint | undefined;
    for (const e of this.#entries) {
      // Stryker disable next-line EqualityOperator: equivalent, at e.ns = ns both branches give a gap of 0
      const gap = e.ns > ns ? e.ns - ns : ns - e.ns;
      if (gap <= limit && (bestGap === undefined || gap <= bestGap)) {
        best = e.message;
        bestGap = gap;
      }
    }
    return best;
  }

  clear(): void {
    this.#entries = [];
  }
}
