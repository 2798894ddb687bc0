import assert from "node:assert/strict";
import { checkGeometry, wheelDuties, wheelSpeeds } from "../../../src/core/motion/diff-drive.ts";
import { limitAxis } from "../../../src/core/motion/speed-limiter.ts";

const robot = { wheelSeparationM: 0.2, wheelRadiusM: 0.05, maxWheelSpeedRadS: 20 };
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe("differential drive", () => {
  const twists: Array<[string, number, number, number, number]> = [
    ["straight ahead", 0.5, 0, 10, 10],
    ["straight back", -0.5, 0, -10, -10],
    ["spin left in place", 0, 1, -2, 2],
    ["arc right", 0.5, -1, 12, 8],
    ["stopped", 0, 0, 0, 0],
  ];
  for (const [what, v, w, left, right] of twists) {
    it(`wheel speeds: ${what}`, () => {
      const s = wheelSpeeds(v, w, robot);
      assert.ok(close(s.leftRadS, left) && close(s.rightRadS, right), JSON.stringify(s));
    });
  }

  it("scales both wheels by one factor when one would exceed full speed, keeping the arc", () => {
    const table: Array<[number, number, { left: number; right: number; saturated: boolean }]> = [
      [40, 20, { left: 1, right: 0.5, saturated: true }],
      [20, -40, { left: 0.5, right: -1, saturated: true }],
      [-60, 30, { left: -1, right: 0.5, saturated: true }],
      // Exactly full speed needs no scaling.
      [20, 10, { left: 1, right: 0.5, saturated: false }],
      [-10, -20, { left: -0.5, right: -1, saturated: false }],
    ];
    for (const [leftRadS, rightRadS, expected] of table) assert.deepEqual(wheelDuties({ leftRadS, rightRadS }, robot), expected);
  });

  it("keeps a duty exactly at the deadband and drops one just below it", () => {
    assert.deepEqual(wheelDuties({ leftRadS: 10, rightRadS: 5 }, robot, { deadband: 0.25 }), { left: 0.5, right: 0.25, saturated: false });
    assert.deepEqual(wheelDuties({ leftRadS: 10, rightRadS: -4.9 }, robot, { deadband: 0.25 }), { left: 0.5, right: 0, saturated: false });
  });

  const tunings: Array<[string, Parameters<typeof wheelDuties>[2], { left: number; right: number }]> = [
    ["an inverted left motor", { left: { inverted: true } }, { left: -0.5, right: 0.25 }],
    ["a trimmed right motor", { right: { trim: 1.2 } }, { left: 0.5, right: 0.3 }],
    ["a deadband that swallows the weak side", { deadband: 0.3 }, { left: 0.5, right: 0 }],
  ];
  for (const [what, options, expected] of tunings) {
    it(`duty with ${what}`, () => {
      const d = wheelDuties({ leftRadS: 10, rightRadS: 5 }, robot, options);
      assert.ok(close(d.left, expected.left) && close(d.right, expected.right), JSON.stringify(d));
    });
  }

  const geometries: Array<[Partial<typeof robot>, string]> = [
    [{ wheelSeparationM: 0 }, "wheel_separation must be > 0 m (got 0)"],
    [{ wheelSeparationM: -0.2 }, "wheel_separation must be > 0 m (got -0.2)"],
    [{ wheelRadiusM: -1 }, "wheel_radius must be > 0 m (got -1)"],
    [{ wheelRadiusM: 0 }, "wheel_radius must be > 0 m (got 0)"],
    [{ maxWheelSpeedRadS: Number.NaN }, "max_wheel_speed must be > 0 rad/s (got NaN)"],
    [{ maxWheelSpeedRadS: 0 }, "max_wheel_speed must be > 0 rad/s (got 0)"],
    [{ maxWheelSpeedRadS: -20 }, "max_wheel_speed must be > 0 rad/s (got -20)"],
  ];
  for (const [bad, message] of geometries) {
    it(`rejects a geometry with ${Object.keys(bad)[0]} ${Object.values(bad)[0]}`, () =>
      assert.equal(checkGeometry({ ...robot, ...bad }), message));
  }
  it("accepts a geometry with every size positive, however small", () => {
    assert.equal(checkGeometry(robot), undefined);
    assert.equal(checkGeometry({ wheelSeparationM: 1e-3, wheelRadiusM: 1e-3, maxWheelSpeedRadS: 1e-3 }), undefined);
  });
});

describe("speed limiter", () => {
  const steps: Array<[string, number, number, number, Parameters<typeof limitAxis>[3], number]> = [
    ["no limits", 2, 0, 0.1, {}, 2],
    ["velocity clamp", 2, 0, 0.1, { maxVelocity: 0.5 }, 0.5],
    ["velocity clamp backwards", -2, 0, 0.1, { maxVelocity: 0.5 }, -0.5],
    ["acceleration from rest", 1, 0, 0.1, { maxAcceleration: 2 }, 0.2],
    ["deceleration limit when braking", 0, 1, 0.1, { maxAcceleration: 2, maxDeceleration: 5 }, 0.5],
    ["braking uses acceleration when no deceleration is set", 0, 1, 0.1, { maxAcceleration: 2 }, 0.8],
    ["reversing passes through braking", -1, 0.3, 0.1, { maxAcceleration: 2, maxDeceleration: 4 }, -0.1],
    ["no time passed keeps the previous output", 1, 0.3, 0, { maxAcceleration: 2 }, 0.3],
    ["no time passed keeps the previous output without a rate limit", 1, 0.3, 0, { maxVelocity: 2 }, 0.3],
    ["a negative time step keeps the previous output", 1, 0.3, -0.1, { maxAcceleration: 2 }, 0.3],
    ["an unknown time step keeps the previous output", 1, 0.3, Number.NaN, {}, 0.3],
    // Accelerating and braking limits differ below, so the rate shows which one was applied.
    ["speeding up from rest uses the acceleration limit", 1, 0, 0.1, { maxAcceleration: 2, maxDeceleration: 5 }, 0.2],
    ["speeding up from rest backwards uses the acceleration limit", -1, 0, 0.1, { maxAcceleration: 2, maxDeceleration: 5 }, -0.2],
    ["speeding up while moving uses the acceleration limit", 1, 0.5, 0.1, { maxAcceleration: 2, maxDeceleration: 5 }, 0.7],
    ["speeding up backwards uses the acceleration limit", -1, -0.5, 0.1, { maxAcceleration: 2, maxDeceleration: 5 }, -0.7],
    ["slowing down without stopping uses the deceleration limit", 0.2, 1, 0.1, { maxAcceleration: 2, maxDeceleration: 5 }, 0.5],
    ["slowing down backwards uses the deceleration limit", -0.2, -1, 0.1, { maxAcceleration: 2, maxDeceleration: 5 }, -0.5],
    ["a deceleration limit alone leaves speeding up free", 1, 0.5, 0.1, { maxDeceleration: 5 }, 1],
    ["a deceleration limit alone still limits braking", 0, 1, 0.1, { maxDeceleration: 5 }, 0.5],
    ["a command within the step is reached", 0.55, 0.5, 0.1, { maxAcceleration: 2 }, 0.55],
    ["the velocity clamp applies before the ramp", 3, 0.4, 0.1, { maxVelocity: 0.5, maxAcceleration: 2 }, 0.5],
  ];
  for (const [what, commanded, previous, dt, limits, expected] of steps) {
    it(what, () =>
      assert.ok(close(limitAxis(commanded, previous, dt, limits), expected), String(limitAxis(commanded, previous, dt, limits))),
    );
  }

  it("ramps to the command over successive periods at the acceleration limit", () => {
    let v = 0;
    const outputs: number[] = [];
    for (let i = 0; i < 6; i++) outputs.push((v = limitAxis(1, v, 0.1, { maxAcceleration: 2.5 })));
    assert.deepEqual(
      outputs.map((x) => Number(x.toFixed(2))),
      [0.25, 0.5, 0.75, 1, 1, 1],
    );
  });
});
