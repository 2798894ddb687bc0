/** Odometry against known trajectories: straight, arc, spin in place, and all three in sequence. */
import assert from "node:assert/strict";
import { covarianceFromDiagonal, integrateArc, WheelOdometry, yawQuaternion } from "../../../src/core/sensors/wheel-odometry.ts";

const GEOMETRY = { wheelSeparationM: 0.2, leftWheelRadiusM: 0.035, rightWheelRadiusM: 0.035, velocityWindow: 10 };
const RATE_HZ = 50;

interface Segment {
  readonly v: number;
  readonly w: number;
  readonly seconds: number;
}

/** Drives `segments` at RATE_HZ, feeding the exact wheel angles; returns the odometry. */
function drive(segments: readonly Segment[], quantum = 0): WheelOdometry {
  const odometry = new WheelOdometry(GEOMETRY);
  let left = 0;
  let right = 0;
  let t = 0;
  const q = (rad: number) => (quantum > 0 ? Math.round(rad / quantum) * quantum : rad);
  odometry.update(0, 0, 0);
  for (const { v, w, seconds } of segments) {
    const steps = Math.round(seconds * RATE_HZ);
    const dt = seconds / steps;
    const leftRadS = (v - (w * GEOMETRY.wheelSeparationM) / 2) / GEOMETRY.leftWheelRadiusM;
    const rightRadS = (v + (w * GEOMETRY.wheelSeparationM) / 2) / GEOMETRY.rightWheelRadiusM;
    for (let i = 0; i < steps; i++) {
      left += leftRadS * dt;
      right += rightRadS * dt;
      t += dt;
      assert.ok(odometry.update(q(left), q(right), t));
    }
  }
  return odometry;
}

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (± ${tolerance})`);

describe("core/sensors/wheel-odometry", () => {
  const table: Array<{ name: string; segments: Segment[]; x: number; y: number; heading: number; v: number; w: number }> = [
    { name: "2 m straight at 0.5 m/s", segments: [{ v: 0.5, w: 0, seconds: 4 }], x: 2, y: 0, heading: 0, v: 0.5, w: 0 },
    {
      name: "a 90° left arc of radius 0.5 m",
      segments: [{ v: 0.25, w: 0.5, seconds: Math.PI }],
      x: 0.5,
      y: 0.5,
      heading: Math.PI / 2,
      v: 0.25,
      w: 0.5,
    },
    {
      name: "a 360° spin in place",
      segments: [{ v: 0, w: 1.5, seconds: (2 * Math.PI) / 1.5 }],
      x: 0,
      y: 0,
      heading: 2 * Math.PI,
      v: 0,
      w: 1.5,
    },
    {
      name: "straight, arc, spin in sequence",
      segments: [
        { v: 0.5, w: 0, seconds: 4 },
        { v: 0.25, w: 0.5, seconds: Math.PI },
        { v: 0, w: -1.5, seconds: (2 * Math.PI) / 1.5 },
      ],
      x: 2.5,
      y: 0.5,
      heading: Math.PI / 2 - 2 * Math.PI,
      v: 0,
      w: -1.5,
    },
  ];
  for (const c of table) {
    it(`ends at the true pose after ${c.name} (exact wheel angles)`, () => {
      const odometry = drive(c.segments);
      close(odometry.pose.x, c.x, 1e-9, "x");
      close(odometry.pose.y, c.y, 1e-9, "y");
      close(odometry.pose.heading, c.heading, 1e-9, "heading");
      close(odometry.linear, c.v, 1e-9, "linear (rolling mean)");
      close(odometry.angular, c.w, 1e-9, "angular (rolling mean)");
    });
  }

  it("stays within 1 % of the path on wheel angles quantised to 1440 counts per revolution", () => {
    const odometry = drive(table[3]!.segments, (2 * Math.PI) / 1440);
    const travelled = 2 + 0.5 * (Math.PI / 2);
    const error = Math.hypot(odometry.pose.x - 2.5, odometry.pose.y - 0.5);
    assert.ok(error / travelled < 0.01, `position error ${error} m over ${travelled} m`);
    assert.ok(Math.abs(odometry.pose.heading - (Math.PI / 2 - 2 * Math.PI)) < 0.01 * (2.5 * Math.PI));
  });

  it("integrates a nearly straight step with Runge-Kutta 2 (no division by a vanishing turn)", () => {
    const pose = integrateArc({ x: 0, y: 0, heading: 0 }, 0.1, 1e-9);
    assert.ok(Number.isFinite(pose.x) && Number.isFinite(pose.y));
    close(pose.x, 0.1, 1e-12, "x");
    close(pose.y, 0.1 * Math.sin(0.5e-9), 1e-15, "y");
    // The exact arc and RK2 agree just above the switch-over.
    const exact = integrateArc({ x: 1, y: 2, heading: 0.3 }, 0.2, 2e-6);
    const rk2 = integrateArc({ x: 1, y: 2, heading: 0.3 }, 0.2, 0.9e-6);
    close(exact.x, rk2.x, 1e-6, "x at the switch-over");
  });

  it("turns the heading by the change even on a nearly straight step", () => {
    const pose = integrateArc({ x: 1, y: 2, heading: 0.3 }, 0.1, 5e-7);
    close(pose.heading, 0.3 + 5e-7, 1e-15, "heading");
    close(integrateArc({ x: 0, y: 0, heading: 0 }, 0.1, -5e-7).heading, -5e-7, 1e-15, "heading turning right");
  });

  it("integrates the exact arc from a turn of 1e-6 rad per update on", () => {
    // The exact arc's y, r·(1 − cos dθ), loses most of its digits at this turn; RK2's d·sin(dθ/2) does not.
    const radius = 0.1 / 1e-6;
    const pose = integrateArc({ x: 0, y: 0, heading: 0 }, 0.1, 1e-6);
    assert.deepEqual(pose, { x: radius * Math.sin(1e-6), y: -radius * (Math.cos(1e-6) - 1), heading: 1e-6 });
    assert.notEqual(pose.y, 0.1 * Math.sin(0.5e-6), "RK2 gives a different last digit");
  });

  it("takes the first update as the reference, and one exactly 0.1 ms after the last", () => {
    const odometry = new WheelOdometry(GEOMETRY);
    assert.equal(odometry.update(2, 2, 0), true);
    assert.deepEqual(odometry.pose, { x: 0, y: 0, heading: 0 });
    assert.equal(odometry.update(3, 3, 0.0001), true);
    close(odometry.pose.x, 0.035, 1e-12, "x after one radian of both wheels");
    close(odometry.linear, 350, 1e-6, "linear");
  });

  it("skips updates closer than 0.1 ms and resets to the origin", () => {
    const odometry = new WheelOdometry(GEOMETRY);
    odometry.update(0, 0, 1);
    assert.equal(odometry.update(1, 1, 1.00005), false);
    assert.equal(odometry.update(1, 1, 1.1), true);
    close(odometry.pose.x, 0.035, 1e-12, "x after one radian of both wheels");
    odometry.reset();
    assert.deepEqual(odometry.pose, { x: 0, y: 0, heading: 0 });
    assert.equal(odometry.linear, 0);
  });

  it("averages velocities over the rolling window", () => {
    const odometry = new WheelOdometry({ ...GEOMETRY, velocityWindow: 2 });
    odometry.update(0, 0, 0);
    odometry.update(1, 1, 1); // 0.035 m/s
    close(odometry.linear, 0.035, 1e-12, "linear after one update");
    odometry.update(4, 4, 2); // 0.105 m/s
    close(odometry.linear, 0.07, 1e-12, "linear over both");
    odometry.update(7, 7, 3); // 0.105 m/s: the first drops out
    close(odometry.linear, 0.105, 1e-12, "linear");
  });

  it("averages over a window of at least one update, whole updates only", () => {
    const table: Array<[number, number]> = [
      [0, 0.105],
      [1, 0.105],
      [2.7, 0.07],
      [3, (0.035 + 0.035 + 0.105) / 3],
    ];
    for (const [velocityWindow, expected] of table) {
      const odometry = new WheelOdometry({ ...GEOMETRY, velocityWindow });
      odometry.update(0, 0, 0);
      odometry.update(1, 1, 1); // 0.035 m/s
      odometry.update(2, 2, 2); // 0.035 m/s
      odometry.update(5, 5, 3); // 0.105 m/s
      close(odometry.linear, expected, 1e-12, `linear over a window of ${velocityWindow}`);
    }
  });

  it("builds the covariance matrix from its diagonal and the orientation from the yaw", () => {
    const m = covarianceFromDiagonal([1, 2, 3, 4, 5, 6]);
    assert.equal(m.length, 36);
    assert.deepEqual([m[0], m[7], m[14], m[21], m[28], m[35]], [1, 2, 3, 4, 5, 6]);
    assert.equal(m.filter((v) => v !== 0).length, 6);
    // Every off-diagonal entry is a real 0 (a message field cannot hold a hole), and a short diagonal ends in zeros.
    const expected = Array.from({ length: 36 }, (_, i) => (i % 7 === 0 && i / 7 < 2 ? [0.5, 0.25][i / 7]! : 0));
    assert.deepEqual(covarianceFromDiagonal([0.5, 0.25]), expected);
    const q = yawQuaternion(Math.PI / 2);
    close(q.z, Math.SQRT1_2, 1e-12, "z");
    close(q.w, Math.SQRT1_2, 1e-12, "w");
  });
});
