/**
 * Velocity and acceleration limits on one axis (forward speed or turn rate), applied each control
 * period to the commanded value, as diff_drive_controller's speed limiter does: clamp the value,
 * then the change since the last output. Unlimited where a limit is undefined. Pure.
 */

export interface AxisLimits {
  readonly maxVelocity?: number;
  /** Largest increase of |velocity| per second. */
  readonly maxAcceleration?: number;
  /** Largest decrease of |velocity| per second (braking); default: maxAcceleration. */
  readonly maxDeceleration?: number;
}

/** The next output for a `commanded` value, `previous` output and `dtS` seconds since it. */
export function limitAxis(commanded: number, previous: number, dtS: number, limits: AxisLimits): number {
  let value = commanded;
  if (limits.maxVelocity !== undefined) value = Math.max(-limits.maxVelocity, Math.min(limits.maxVelocity, value));
  if (!(dtS > 0)) return previous;
  // Speeding up means moving away from zero in the direction of travel: a larger |value| of the
  // same sign, or any value from rest; reversing brakes first.
  // Stryker disable next-line EqualityOperator: equivalent, at |value| = |previous| with one sign the value is the previous output, which either rate returns
  const faster = Math.abs(value) > Math.abs(previous);
  const speedingUp = Math.sign(value) === Math.sign(previous) ? faster : previous === 0;
  const rate = speedingUp ? limits.maxAcceleration : (limits.maxDeceleration ?? limits.maxAcceleration);
  if (rate === undefined) return value;
  const step = rate * dtS;
  return Math.max(previous - step, Math.min(previous + step, value));
}
