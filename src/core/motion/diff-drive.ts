/**
 * Differential-drive kinematics: a body twist (forward m/s, turn rad/s) to wheel speeds and to the
 * signed duty cycle each side's H-bridge is driven with. Pure.
 */

export interface DiffDriveGeometry {
  /** Distance between the wheels' contact points, m. */
  readonly wheelSeparationM: number;
  readonly wheelRadiusM: number;
  /** Wheel speed at 100 % duty, rad/s (from the motor's rated rpm under load). */
  readonly maxWheelSpeedRadS: number;
}

export interface SideTuning {
  /** The motor is wired the other way round. */
  readonly inverted?: boolean;
  /** Multiplies this side's duty to match a faster or slower motor; default 1. */
  readonly trim?: number;
}

export interface DutyOptions {
  /** Duty below this magnitude (0 … 1) is too weak to turn the wheel: it becomes 0. Default 0. */
  readonly deadband?: number;
  readonly left?: SideTuning;
  readonly right?: SideTuning;
}

export interface WheelSpeeds {
  readonly leftRadS: number;
  readonly rightRadS: number;
}

export interface WheelDuties {
  /** −1 (full reverse) … 1 (full forward). */
  readonly left: number;
  readonly right: number;
  /** The duty was scaled down because a wheel would have needed more than 100 %. */
  readonly saturated: boolean;
}

export function checkGeometry(g: DiffDriveGeometry): string | undefined {
  if (!(g.wheelSeparationM > 0)) return `wheel_separation must be > 0 m (got ${g.wheelSeparationM})`;
  if (!(g.wheelRadiusM > 0)) return `wheel_radius must be > 0 m (got ${g.wheelRadiusM})`;
  if (!(g.maxWheelSpeedRadS > 0)) return `max_wheel_speed must be > 0 rad/s (got ${g.maxWheelSpeedRadS})`;
  return undefined;
}

export function wheelSpeeds(linearMS: number, angularRadS: number, g: DiffDriveGeometry): WheelSpeeds {
  const half = g.wheelSeparationM / 2;
  return {
    leftRadS: (linearMS - angularRadS * half) / g.wheelRadiusM,
    rightRadS: (linearMS + angularRadS * half) / g.wheelRadiusM,
  };
}

function side(duty: number, tuning: SideTuning | undefined, deadband: number): number {
  const trimmed = duty * (tuning?.trim ?? 1);
  const clipped = Math.max(-1, Math.min(1, trimmed));
  const signed = tuning?.inverted === true ? -clipped : clipped;
  return Math.abs(signed) < deadband ? 0 : signed;
}

/**
 * Duty cycles for wheel speeds. When a wheel would need more than full speed both are scaled by
 * the same factor, so the robot keeps its curvature (turns the same arc, only slower).
 */
export function wheelDuties(speeds: WheelSpeeds, g: DiffDriveGeometry, options: DutyOptions = {}): WheelDuties {
  let left = speeds.leftRadS / g.maxWheelSpeedRadS;
  let right = speeds.rightRadS / g.maxWheelSpeedRadS;
  const peak = Math.max(Math.abs(left), Math.abs(right));
  const saturated = peak > 1;
  if (saturated) {
    left /= peak;
    right /= peak;
  }
  const deadband = options.deadband ?? 0;
  return { left: side(left, options.left, deadband), right: side(right, options.right, deadband), saturated };
}
