/** The obstacle lock: block below the stop distance, release only beyond it plus the hysteresis, bumpers, reasons. */
import assert from "node:assert/strict";
import { gateForward, ObstacleBlock } from "../../../src/core/sensors/obstacle-block.ts";

describe("core/sensors/obstacle-block", () => {
  const rules = { stopDistanceM: 0.25, hysteresisM: 0.05 };
  const table: Array<{ name: string; readings: number[]; blocked: boolean[] }> = [
    { name: "far readings never block", readings: [2, 1, 0.5, 0.26], blocked: [false, false, false, false] },
    { name: "below the stop distance blocks", readings: [1, 0.24], blocked: [false, true] },
    {
      name: "hovering between stop and stop + hysteresis keeps the block",
      readings: [0.2, 0.26, 0.29, 0.3, 0.24, 0.31],
      blocked: [true, true, true, true, true, false],
    },
    { name: "exactly at the stop distance does not block", readings: [0.25], blocked: [false] },
    {
      name: "too close to measure (−Inf) blocks, no echo (+Inf) releases",
      readings: [-Infinity, 0.28, Infinity],
      blocked: [true, true, false],
    },
    { name: "NaN changes nothing", readings: [0.1, Number.NaN], blocked: [true, true] },
  ];
  for (const c of table) {
    it(c.name, () => {
      const block = new ObstacleBlock(rules);
      assert.deepEqual(
        c.readings.map((r) => {
          block.range("range/front", r);
          return block.state.blocked;
        }),
        c.blocked,
      );
    });
  }

  it("reports changes only, with the reason naming the distance and the sensor", () => {
    const block = new ObstacleBlock(rules);
    assert.equal(block.range("range/front", 1), undefined);
    assert.deepEqual(block.range("range/front", 0.18), {
      blocked: true,
      reason: "obstacle at 0.18 m on range/front (stop below 0.25 m)",
    });
    assert.equal(block.range("range/front", 0.2), undefined, "still blocked: no change reported");
    assert.deepEqual(block.range("range/front", 0.4), { blocked: false, reason: "" });
  });

  it("says a reading below what the sensor can measure is too close to measure", () => {
    const block = new ObstacleBlock(rules);
    assert.deepEqual(block.range("range/front", -Infinity), { blocked: true, reason: "obstacle too close to measure on range/front" });
  });

  it("reports a cause joining or leaving while the block holds, with the reason naming all causes", () => {
    const block = new ObstacleBlock(rules);
    const front = "obstacle at 0.10 m on range/front (stop below 0.25 m)";
    const left = "obstacle at 0.20 m on range/left (stop below 0.25 m)";
    const steps: Array<[string, () => ReturnType<ObstacleBlock["range"]>, ReturnType<ObstacleBlock["range"]>]> = [
      ["the front sensor blocks", () => block.range("range/front", 0.1), { blocked: true, reason: front }],
      ["a bumper joins", () => block.bumper("bumper", true), { blocked: true, reason: `${front}; bumper pressed` }],
      ["a second sensor joins", () => block.range("range/left", 0.2), { blocked: true, reason: `${front}; ${left}; bumper pressed` }],
      ["the bumper pressed again changes nothing", () => block.bumper("bumper", true), undefined],
      ["the front sensor leaves", () => block.range("range/front", 1), { blocked: true, reason: `${left}; bumper pressed` }],
      ["the bumper leaves", () => block.bumper("bumper", false), { blocked: true, reason: left }],
      ["a silent sensor that held nothing changes nothing", () => block.forget("range/front"), undefined],
      ["the last sensor is forgotten", () => block.forget("range/left"), { blocked: false, reason: "" }],
    ];
    for (const [what, step, expected] of steps) assert.deepEqual(step(), expected, what);
  });

  it("a bumper blocks until released; with a range block too, both must clear", () => {
    const block = new ObstacleBlock(rules);
    assert.deepEqual(block.bumper("bumper GPIO19", true), { blocked: true, reason: "bumper GPIO19 pressed" });
    block.range("range/front", 0.1);
    assert.match(block.state.reason, /obstacle at 0\.10 m on range\/front.*; bumper GPIO19 pressed/);
    block.bumper("bumper GPIO19", false);
    assert.equal(block.state.blocked, true);
    block.range("range/front", 1);
    assert.equal(block.state.blocked, false);
    assert.equal(block.bumper("bumper GPIO19", false), undefined);
  });

  it("takes new distances live and forgets a silent sensor", () => {
    const block = new ObstacleBlock(rules);
    block.range("range/front", 0.28);
    assert.equal(block.state.blocked, false);
    block.rules = { stopDistanceM: 0.3, hysteresisM: 0 };
    block.range("range/front", 0.28);
    assert.equal(block.state.blocked, true);
    assert.deepEqual(block.forget("range/front"), { blocked: false, reason: "" });
  });

  it("gates forward speed only: reverse and turning are allowed", () => {
    const table: Array<[number, boolean, number]> = [
      [0.3, true, 0],
      [-0.3, true, -0.3],
      [0, true, 0],
      [0.3, false, 0.3],
    ];
    for (const [linear, blocked, expected] of table) assert.equal(gateForward(linear, blocked), expected);
  });
});
