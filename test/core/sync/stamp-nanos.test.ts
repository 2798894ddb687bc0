import assert from "node:assert/strict";
import { nanosFromMs, nanosFromStamp } from "../../../src/core/sync/stamp-nanos.ts";

describe("nanosFromStamp", () => {
  const exact: Array<[string, { sec: number; nanosec: number }, bigint]> = [
    ["zero", { sec: 0, nanosec: 0 }, 0n],
    ["the last nanosecond of a second", { sec: 1, nanosec: 999_999_999 }, 1_999_999_999n],
    ["a stamp of today, beyond 2^53 ns", { sec: 1_764_590_000, nanosec: 123_456_789 }, 1_764_590_000_123_456_789n],
    ["the largest safe second", { sec: Number.MAX_SAFE_INTEGER, nanosec: 1 }, BigInt(Number.MAX_SAFE_INTEGER) * 1_000_000_000n + 1n],
  ];
  for (const [what, stamp, nanos] of exact) {
    it(`reads ${what} exactly`, () => assert.equal(nanosFromStamp(stamp), nanos));
  }

  // Each of these would pass BigInt() or give a wrong value without the check.
  const bad: Array<[string, { sec: number; nanosec: number }]> = [
    ["a second past 2^53", { sec: 2 ** 53, nanosec: 0 }],
    ["a fractional second", { sec: 1.5, nanosec: 0 }],
    ["a fractional nanosecond", { sec: 1, nanosec: 0.5 }],
    ["a negative nanosecond", { sec: 1, nanosec: -1 }],
    ["nanosec of a whole second", { sec: 1, nanosec: 1_000_000_000 }],
  ];
  for (const [what, stamp] of bad) {
    it(`rejects ${what}, naming both fields`, () =>
      assert.throws(() => nanosFromStamp(stamp), {
        name: "RangeError",
        message: `stamp {sec: ${String(stamp.sec)}, nanosec: ${String(stamp.nanosec)}} is not a ROS time (nanosec must be an integer 0..999999999)`,
      }));
  }
});

describe("nanosFromMs", () => {
  const cases: Array<[number, bigint]> = [
    [0, 0n],
    [1, 1_000_000n],
    [33.3333334, 33_333_333n],
    [0.0000006, 1n],
  ];
  for (const [ms, nanos] of cases) {
    it(`${ms} ms is ${nanos} ns`, () => assert.equal(nanosFromMs(ms), nanos));
  }
});
