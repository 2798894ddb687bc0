/**
 * What the command executor is allowed to do: speed, acceleration and amount limits, the control
 * tick, and the visual-servoing tuning. The command node builds it from its parameters.
 */

export interface ExecutorConfig {
  /** Control period, ms: one twist per tick; a stop takes effect within one. */
  readonly tickMs: number;
  /** Cruise speed of a move when the command gives none, m/s. */
  readonly defaultLinearSpeed: number;
  /** Turn rate of a turn when the command gives none, rad/s. */
  readonly defaultAngularSpeed: number;
  readonly maxLinearSpeed: number;
  readonly maxAngularSpeed: number;
  /** m/s²; 0 = step changes. */
  readonly maxLinearAcceleration: number;
  /** rad/s²; 0 = step changes. */
  readonly maxAngularAcceleration: number;
  /** Largest |distance| of one move, m. */
  readonly maxDistance: number;
  /** Largest |angle| of one turn, rad. */
  readonly maxAngle: number;
  /** Longest drive, s. */
  readonly maxDriveDuration: number;
  /** goto and follow stop this far from the target, m. */
  readonly stopDistance: number;
  /** With 2D detections only: goto arrives when the target's box is this tall a share of the image. */
  readonly stopBoxFraction: number;
  /** goto/follow/find give up after this long without seeing the target, s. */
  readonly searchTimeout: number;
  /** Rotation while searching, rad/s (signed toward where the target was last seen). */
  readonly searchAngularSpeed: number;
  /** Turn rate per radian of bearing while servoing, 1/s. */
  readonly bearingGain: number;
  /** Approach speed per metre beyond the stop distance, 1/s. */
  readonly distanceGain: number;
  /** The target counts as centred (find) within this bearing, rad. */
  readonly bearingTolerance: number;
  /** A target not seen for this long is lost, s. */
  readonly lostAfter: number;
  /** Detections below this score are ignored. */
  readonly minScore: number;
  /** Odometry older than this is not used (open loop instead), s. */
  readonly odomTimeout: number;
  /** Distance (m) and angle (rad) within which a move or turn is complete. */
  readonly distanceTolerance: number;
  readonly angleTolerance: number;
  /** goto has arrived within this of the stop distance, m. */
  readonly arriveTolerance: number;
}

export const DEFAULT_EXECUTOR_CONFIG: ExecutorConfig = {
  tickMs: 20,
  defaultLinearSpeed: 0.2,
  defaultAngularSpeed: 1.0,
  maxLinearSpeed: 0.5,
  maxAngularSpeed: 2.0,
  maxLinearAcceleration: 0.5,
  maxAngularAcceleration: 3.0,
  maxDistance: 2.0,
  maxAngle: 2 * Math.PI,
  maxDriveDuration: 10,
  stopDistance: 0.6,
  stopBoxFraction: 0.6,
  searchTimeout: 20,
  searchAngularSpeed: 0.6,
  bearingGain: 1.5,
  distanceGain: 0.8,
  bearingTolerance: 0.08,
  lostAfter: 1.0,
  minScore: 0.4,
  odomTimeout: 0.5,
  distanceTolerance: 0.005,
  angleTolerance: 0.01,
  arriveTolerance: 0.05,
};
