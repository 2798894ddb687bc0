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
    const duties = wheelDuties({ leftRadS: 40, rightRadS: 20 }, robot);
    assert.deepEqual(duties, { left: 1, right: 0.5, saturated: true });
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

  const geometries: Array<[Partial<typeof robot>, RegExp]> = [
    [{ wheelSeparationM: 0 }, /wheel_separation/],
    [{ wheelRadiusM: -1 }, /wheel_radius/],
    [{ maxWheelSpeedRadS: Number.NaN }, /max_wheel_speed/],
  ];
  for (const [bad, message] of geometries) {
    it(`rejects a geometry with ${Object.keys(bad)[0]} ${Object.values(bad)[0]}`, () =>
      assert.match(checkGeometry({ ...robot, ...bad }) ?? "", message));
  }
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
