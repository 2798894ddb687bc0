/**
 * ROS stamps as exact integer nanoseconds. A stamp of today is about 1.7e18 ns, beyond the 2^53 a
 * double holds exactly, so comparisons and differences are done in bigint.
 */
import type { Time } from "../../ports/clock.ts";

const NS_PER_SEC = 1_000_000_000n;

export function nanosFromStamp(stamp: Time): bigint {
  if (!Number.isSafeInteger(stamp.sec) || !Number.isInteger(stamp.nanosec) || stamp.nanosec < 0 || stamp.nanosec >= 1e9) {
    throw new RangeError(
      `stamp {sec: ${String(stamp.sec)}, nanosec: ${String(stamp.nanosec)}} is not a ROS time (nanosec must be an integer 0..999999999)`,
    );
  }
  return BigInt(stamp.sec) * NS_PER_SEC + BigInt(stamp.nanosec);
}

/** A non-negative duration in milliseconds (as options give them), rounded to whole nanoseconds. */
export function nanosFromMs(ms: number): bigint {
  return BigInt(Math.round(ms * 1e6));
}
