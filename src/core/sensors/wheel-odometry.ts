/**
 * Differential-drive odometry from wheel positions, as ros2_controllers' diff_drive_controller
 * computes it: each update takes the wheels' angles (rad), turns their change into travelled
 * distances, integrates the pose over the arc those distances describe (exactly, or with a
 * second-order Runge-Kutta step when the heading barely changes and the arc's radius would blow
 * up), and reports velocities as rolling means over the last updates. Pure.
 */

export interface OdometryGeometry {
  readonly wheelSeparationM: number;
  readonly leftWheelRadiusM: number;
  readonly rightWheelRadiusM: number;
  /** Updates averaged for the reported velocities (diff_drive_controller's velocity_rolling_window_size). */
  readonly velocityWindow: number;
}

export interface Pose2D {
  readonly x: number;
  readonly y: number;
  /** rad, unwrapped (a spin of 2π ends at 2π). */
  readonly heading: number;
}

/** Below this change of heading per update the arc is integrated with Runge-Kutta 2. */
const ARC_EPSILON = 1e-6;
/** Updates closer together than this (s) are skipped, as diff_drive_controller does. */
const MIN_DT_S = 0.0001;

/** The pose after travelling `distance` along an arc that turns by `dHeading`. */
export function integrateArc(pose: Pose2D, distance: number, dHeading: number): Pose2D {
  if (Math.abs(dHeading) < ARC_EPSILON) {
    const direction = pose.heading + dHeading * 0.5;
    return { x: pose.x + distance * Math.cos(direction), y: pose.y + distance * Math.sin(direction), heading: pose.heading + dHeading };
  }
  const radius = distance / dHeading;
  const heading = pose.heading + dHeading;
  return {
    x: pose.x + radius * (Math.sin(heading) - Math.sin(pose.heading)),
    y: pose.y - radius * (Math.cos(heading) - Math.cos(pose.heading)),
    heading,
  };
}

class RollingMean {
  readonly #values: number[] = [];
  readonly #size: number;
  constructor(size: number) {
    this.#size = Math.max(1, Math.floor(size));
  }
  push(value: number): void {
    this.#values.push(value);
    if (this.#values.length > this.#size) this.#values.shift();
  }
  get mean(): number {
    return this.#values.length === 0 ? 0 : this.#values.reduce((a, b) => a + b, 0) / this.#values.length;
  }
  clear(): void {
    this.#values.length = 0;
  }
}

export class WheelOdometry {
  readonly #geometry: OdometryGeometry;
  #pose: Pose2D = { x: 0, y: 0, heading: 0 };
  #lastLeftM: number | undefined;
  #lastRightM: number | undefined;
  #lastTimeS: number | undefined;
  readonly #linear: RollingMean;
  readonly #angular: RollingMean;

  constructor(geometry: OdometryGeometry) {
    this.#geometry = geometry;
    this.#linear = new RollingMean(geometry.velocityWindow);
    this.#angular = new RollingMean(geometry.velocityWindow);
  }

  get pose(): Pose2D {
    return this.#pose;
  }

  /** Rolling-mean forward speed, m/s. */
  get linear(): number {
    return this.#linear.mean;
  }

  /** Rolling-mean turn rate, rad/s. */
  get angular(): number {
    return this.#angular.mean;
  }

  /**
   * The wheels' angles (rad, as the encoders count them) at `timeS`. The first call only sets the
   * reference. Returns false when skipped (too soon after the previous update).
   */
  update(leftRad: number, rightRad: number, timeS: number): boolean {
    const leftM = leftRad * this.#geometry.leftWheelRadiusM;
    const rightM = rightRad * this.#geometry.rightWheelRadiusM;
    if (this.#lastTimeS === undefined || this.#lastLeftM === undefined || this.#lastRightM === undefined) {
      this.#lastLeftM = leftM;
      this.#lastRightM = rightM;
      this.#lastTimeS = timeS;
      return true;
    }
    const dt = timeS - this.#lastTimeS;
    if (dt < MIN_DT_S) return false;
    const dLeft = leftM - this.#lastLeftM;
    const dRight = rightM - this.#lastRightM;
    this.#lastLeftM = leftM;
    this.#lastRightM = rightM;
    this.#lastTimeS = timeS;
    const distance = (dLeft + dRight) * 0.5;
    const dHeading = (dRight - dLeft) / this.#geometry.wheelSeparationM;
    this.#pose = integrateArc(this.#pose, distance, dHeading);
    this.#linear.push(distance / dt);
    this.#angular.push(dHeading / dt);
    return true;
  }

  /** Back to the origin; the next update sets a new reference. */
  reset(): void {
    this.#pose = { x: 0, y: 0, heading: 0 };
    this.#lastLeftM = undefined;
    this.#lastRightM = undefined;
    this.#lastTimeS = undefined;
    this.#linear.clear();
    this.#angular.clear();
  }
}

/** A 6×6 row-major covariance with `diagonal` (x, y, z, roll, pitch, yaw) on its diagonal. */
export function covarianceFromDiagonal(diagonal: readonly number[]): number[] {
  const matrix = new Array<number>(36).fill(0);
  for (let i = 0; i < 6; i++) matrix[i * 7] = diagonal[i] ?? 0;
  return matrix;
}

/** The quaternion of a rotation by `yaw` about z. */
export function yawQuaternion(yaw: number): { x: number; y: number; z: number; w: number } {
  return { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) };
}
