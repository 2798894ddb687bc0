/** The motor controller's configuration from the node's parameters. */
import type { AxisLimits } from "../../core/motion/speed-limiter.ts";
import type { MotorConfig } from "./motor-controller.ts";
import type { MotorNodeParameters } from "./parameters.ts";

const limit = (value: number): number | undefined => (value > 0 ? value : undefined);

function axis(velocity: number, acceleration: number): AxisLimits {
  const maxVelocity = limit(velocity);
  const maxAcceleration = limit(acceleration);
  return { ...(maxVelocity !== undefined ? { maxVelocity } : {}), ...(maxAcceleration !== undefined ? { maxAcceleration } : {}) };
}

const pin = (value: number): number | undefined => (value >= 0 ? value : undefined);

export function motorConfigOf(p: MotorNodeParameters): MotorConfig {
  const enablePin = pin(p.enable_pin);
  const estopPin = pin(p.estop_pin);
  return {
    bridge: p.bridge,
    stopMode: p.stop_mode,
    left: { in1: p.left_in1, in2: p.left_in2, pwm: p.left_pwm },
    right: { in1: p.right_in1, in2: p.right_in2, pwm: p.right_pwm },
    // L298N has no standby pin.
    ...(enablePin !== undefined && p.bridge !== "l298n" ? { enablePin } : {}),
    ...(estopPin !== undefined ? { estopPin } : {}),
    estopActiveLevel: p.estop_active_low ? 0 : 1,
    pwmFrequencyHz: p.pwm_frequency,
    geometry: { wheelSeparationM: p.wheel_separation, wheelRadiusM: p.wheel_radius, maxWheelSpeedRadS: p.max_wheel_speed },
    duty: {
      deadband: p.deadband,
      left: { inverted: p.left_inverted, trim: p.left_trim },
      right: { inverted: p.right_inverted, trim: p.right_trim },
    },
    linear: axis(p.max_linear_velocity, p.max_linear_acceleration),
    angular: axis(p.max_angular_velocity, p.max_angular_acceleration),
    timeoutMs: p.cmd_vel_timeout * 1000,
  };
}
