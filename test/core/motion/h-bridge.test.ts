import assert from "node:assert/strict";
import { channelOutputs, offOutputs, stopOutputs, type ChannelOutputs, type HBridge } from "../../../src/core/motion/h-bridge.ts";

describe("H-bridge truth tables", () => {
  const table: Array<[HBridge, number, "brake" | "coast", ChannelOutputs]> = [
    ["l298n", 0.6, "brake", { in1: 1, in2: 0, pwm: 0.6 }],
    ["l298n", -0.6, "brake", { in1: 0, in2: 1, pwm: 0.6 }],
    ["l298n", 0, "brake", { in1: 0, in2: 0, pwm: 1 }],
    ["l298n", 0, "coast", { in1: 0, in2: 0, pwm: 0 }],
    ["tb6612fng", 0.3, "brake", { in1: 1, in2: 0, pwm: 0.3, enable: 1 }],
    ["tb6612fng", -1, "brake", { in1: 0, in2: 1, pwm: 1, enable: 1 }],
    ["tb6612fng", 0, "brake", { in1: 1, in2: 1, pwm: 1, enable: 1 }],
    ["tb6612fng", 0, "coast", { in1: 0, in2: 0, pwm: 1, enable: 1 }],
    ["drv8833", 0.5, "brake", { in1: 1, in2: 0, pwm: 0.5, pwmOn: "in1", enable: 1 }],
    ["drv8833", -0.5, "brake", { in1: 0, in2: 1, pwm: 0.5, pwmOn: "in2", enable: 1 }],
    ["drv8833", 0, "brake", { in1: 1, in2: 1, pwm: 1, pwmOn: "in1", enable: 1 }],
    ["drv8833", 0, "coast", { in1: 0, in2: 0, pwm: 0, pwmOn: "in1", enable: 1 }],
  ];
  for (const [bridge, duty, stop, expected] of table) {
    it(`${bridge}: duty ${duty} (${stop} at zero)`, () => assert.deepEqual(channelOutputs(bridge, duty, stop), expected));
  }

  for (const bridge of ["l298n", "tb6612fng", "drv8833"] as const) {
    it(`${bridge}: a duty beyond ±1 is clipped, a non-finite one stops`, () => {
      assert.equal(channelOutputs(bridge, 3).pwm, 1);
      assert.deepEqual(channelOutputs(bridge, Number.NaN), stopOutputs(bridge));
      assert.deepEqual(channelOutputs(bridge, Number.POSITIVE_INFINITY), stopOutputs(bridge));
    });
    it(`${bridge}: off drives nothing (no PWM, enable low where there is one)`, () => {
      const off = offOutputs(bridge);
      assert.equal(off.pwm, 0);
      assert.equal(off.in1 + off.in2, 0);
      if (bridge !== "l298n") assert.equal(off.enable, 0);
    });
  }

  const offs: Array<[HBridge, ChannelOutputs]> = [
    // L298N has no enable pin of its own: ENA low (PWM 0) is its off.
    ["l298n", { in1: 0, in2: 0, pwm: 0 }],
    ["tb6612fng", { in1: 0, in2: 0, pwm: 0, enable: 0 }],
    ["drv8833", { in1: 0, in2: 0, pwm: 0, pwmOn: "in1", enable: 0 }],
  ];
  for (const [bridge, expected] of offs) {
    it(`${bridge}: off sets exactly its own pins`, () => assert.deepEqual(offOutputs(bridge), expected));
  }
});
