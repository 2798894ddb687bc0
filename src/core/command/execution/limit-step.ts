/**
 * The limits applied to one step before it runs: amounts and speeds are clamped to the executor's
 * configuration and every clamp is reported in words naming the parameter, e.g.
 * "distance limited to 2.0 m (max_distance_m)". Pure.
 */
import type { CommandStep } from "../robot-command.ts";
import type { ExecutorConfig } from "./executor-config.ts";

export interface LimitedStep {
  readonly step: CommandStep;
  /** One sentence per clamp applied. */
  readonly notes: readonly string[];
}

/** The parameter names the notes cite (the command node's parameter names). */
export const LIMIT_PARAMETERS = {
  maxDistance: "max_distance_m",
  maxAngle: "max_turn_rad",
  maxLinearSpeed: "max_linear_speed_mps",
  maxAngularSpeed: "max_angular_speed_rps",
  maxDriveDuration: "max_drive_duration_s",
} as const;

function clampMagnitude(value: number, max: number): number {
  return Math.sign(value) * Math.min(Math.abs(value), max);
}

function fixed(value: number, digits = 2): string {
  return value.toFixed(digits);
}

const DEG = 180 / Math.PI;

export function limitStep(step: CommandStep, config: ExecutorConfig): LimitedStep {
  const notes: string[] = [];
  const limit = (value: number, max: number, what: string, unit: string, parameter: string, digits?: number): number => {
    if (Math.abs(value) <= max) return value;
    notes.push(`${what} limited to ${fixed(max, digits)} ${unit} (${parameter})`);
    return clampMagnitude(value, max);
  };
  switch (step.action) {
    case "move": {
      const distance_m = limit(step.distance_m, config.maxDistance, "distance", "m", LIMIT_PARAMETERS.maxDistance, 1);
      const speed = step.speed_mps ?? Math.min(config.defaultLinearSpeed, config.maxLinearSpeed);
      const speed_mps = limit(speed, config.maxLinearSpeed, "speed", "m/s", LIMIT_PARAMETERS.maxLinearSpeed);
      return { step: { action: "move", distance_m, speed_mps }, notes };
    }
    case "turn": {
      let angle_rad = step.angle_rad;
      if (Math.abs(angle_rad) > config.maxAngle) {
        angle_rad = clampMagnitude(angle_rad, config.maxAngle);
        notes.push(`turn limited to ${Math.round(config.maxAngle * DEG)}° (${LIMIT_PARAMETERS.maxAngle})`);
      }
      const rate = step.angular_speed_rps ?? Math.min(config.defaultAngularSpeed, config.maxAngularSpeed);
      const angular_speed_rps = limit(rate, config.maxAngularSpeed, "turn rate", "rad/s", LIMIT_PARAMETERS.maxAngularSpeed);
      return { step: { action: "turn", angle_rad, angular_speed_rps }, notes };
    }
    case "drive": {
      const linear_mps = limit(step.linear_mps, config.maxLinearSpeed, "speed", "m/s", LIMIT_PARAMETERS.maxLinearSpeed);
      const angular_rps = limit(step.angular_rps, config.maxAngularSpeed, "turn rate", "rad/s", LIMIT_PARAMETERS.maxAngularSpeed);
      const duration_s = limit(step.duration_s, config.maxDriveDuration, "duration", "s", LIMIT_PARAMETERS.maxDriveDuration, 1);
      return { step: { action: "drive", linear_mps, angular_rps, duration_s }, notes };
    }
    default:
      return { step, notes };
  }
}
