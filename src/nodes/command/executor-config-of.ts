/** The executor's configuration from the command node's parameters. */
import { DEFAULT_EXECUTOR_CONFIG, type ExecutorConfig } from "../../core/command/execution/executor-config.ts";
import type { CameraGeometry } from "../../core/command/execution/observations.ts";
import type { CommandNodeParameters } from "./parameters.ts";

export function executorConfigOf(p: CommandNodeParameters): ExecutorConfig {
  return {
    ...DEFAULT_EXECUTOR_CONFIG,
    tickMs: 1000 / p.control_rate,
    defaultLinearSpeed: p.default_linear_speed_mps,
    defaultAngularSpeed: p.default_angular_speed_rps,
    maxLinearSpeed: p.max_linear_speed_mps,
    maxAngularSpeed: p.max_angular_speed_rps,
    maxLinearAcceleration: p.max_linear_acceleration,
    maxAngularAcceleration: p.max_angular_acceleration,
    maxDistance: p.max_distance_m,
    maxAngle: p.max_turn_rad,
    maxDriveDuration: p.max_drive_duration_s,
    stopDistance: p.stop_distance_m,
    stopBoxFraction: p.stop_box_fraction,
    searchTimeout: p.search_timeout_s,
    searchAngularSpeed: p.search_angular_speed_rps,
    lostAfter: p.lost_after_s,
    minScore: p.min_score,
    odomTimeout: p.odom_timeout_s,
  };
}

export function cameraOf(p: CommandNodeParameters): CameraGeometry {
  return { horizontalFovRad: (p.horizontal_fov_deg * Math.PI) / 180, imageWidth: p.image_width, imageHeight: p.image_height };
}
