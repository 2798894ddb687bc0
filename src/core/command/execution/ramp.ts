/**
 * Speed profiles on a control tick, as magnitudes: the ramp of a move or turn (accelerate, cruise,
 * brake so as to stop on the remaining amount: a trapezoid, or a triangle when too short to reach
 * the cruise speed), and the acceleration limit that every other output passes. Pure.
 */

/**
 * The speed for the next tick of a profile that must cover `remaining` (≥ 0) at most at `cruise`,
 * changing speed by at most `acceleration` per second (0 = unlimited) and never overshooting
 * within one tick of `dtS` seconds. On the braking curve the speed drops by exactly a·dt per tick;
 * the landing tick (the rest of the amount in one tick) may change it by up to 1.125·a·dt.
 */
export function rampSpeed(remaining: number, current: number, cruise: number, acceleration: number, dtS: number): number {
  if (remaining <= 0 || cruise <= 0 || dtS <= 0) return 0;
  let speed = Math.min(cruise, remaining / dtS);
  if (acceleration > 0) {
    // The braking curve of a speed held for whole ticks and lowered by a·dt each: v²/2a + v·dt/2 = remaining.
    const step = acceleration * dtS;
    const braking = -step / 2 + Math.sqrt((step * step) / 4 + 2 * acceleration * remaining);
    speed = Math.min(speed, current + step, braking);
  }
  return Math.max(0, speed);
}

/** `current` moved toward `target` by at most `acceleration · dtS` (0 = at once). */
export function approach(current: number, target: number, acceleration: number, dtS: number): number {
  if (acceleration <= 0) return target;
  const step = acceleration * dtS;
  if (target > current + step) return current + step;
  if (target < current - step) return current - step;
  return target;
}

/** The time the trapezoid (or triangle) of `distance` at `cruise` and `acceleration` takes, s. */
export function profileDuration(distance: number, cruise: number, acceleration: number): number {
  const d = Math.abs(distance);
  if (d === 0) return 0;
  if (acceleration <= 0) return d / cruise;
  const rampDistance = (cruise * cruise) / acceleration;
  if (d >= rampDistance) return d / cruise + cruise / acceleration;
  return 2 * Math.sqrt(d / acceleration);
}
