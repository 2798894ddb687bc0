/** The motor node's parameters, declared once; schema, descriptors, params YAML and docs derive from it. */
import { defineParameters, type ParametersOf } from "../../core/parameters/parameter-spec.ts";
import { H_BRIDGES } from "../../core/motion/h-bridge.ts";

const PIN = { from: -1, to: 27, step: 1 } as const;
const LIMIT = { from: 0, to: 100 } as const;

export const motorParameterSpec = defineParameters({
  bridge: {
    type: "string",
    default: "tb6612fng",
    choices: H_BRIDGES,
    readOnly: true,
    description: "H-bridge driver: l298n (IN1/IN2 + ENA PWM), tb6612fng (IN1/IN2 + PWM + STBY), drv8833 (IN1/IN2 both PWM + nSLEEP)",
  },
  stop_mode: {
    type: "string",
    default: "brake",
    choices: ["brake", "coast"],
    description: "How a stop drives the bridge: brake (windings shorted, stops sooner) or coast (spins down)",
  },
  wheel_separation: {
    type: "double",
    default: 0.2,
    range: { from: 0.01, to: 10 },
    readOnly: true,
    description: "Distance between the wheels, m",
  },
  wheel_radius: { type: "double", default: 0.035, range: { from: 0.001, to: 2 }, readOnly: true, description: "Wheel radius, m" },
  max_wheel_speed: {
    type: "double",
    default: 20,
    range: { from: 0.1, to: 1000 },
    readOnly: true,
    description: "Wheel speed at 100 % duty, rad/s (the motor's rated speed under load)",
  },
  cmd_vel_timeout: {
    type: "double",
    default: 0.5,
    range: { from: 0, to: 60 },
    description:
      "Stop when no fresh cmd_vel came for this long, s; commands stamped older are ignored (0 disables, as in diff_drive_controller)",
  },
  use_stamped: {
    type: "bool",
    default: true,
    readOnly: true,
    description: "cmd_vel is geometry_msgs/TwistStamped (Jazzy's diff_drive_controller); false: geometry_msgs/Twist",
  },
  max_linear_velocity: { type: "double", default: 0.5, range: LIMIT, description: "Largest |forward speed|, m/s (0 = unlimited)" },
  max_linear_acceleration: {
    type: "double",
    default: 1,
    range: LIMIT,
    description: "Largest change of forward speed, m/s² (0 = unlimited)",
  },
  max_angular_velocity: { type: "double", default: 3, range: LIMIT, description: "Largest |turn rate|, rad/s (0 = unlimited)" },
  max_angular_acceleration: {
    type: "double",
    default: 6,
    range: LIMIT,
    description: "Largest change of turn rate, rad/s² (0 = unlimited)",
  },
  deadband: {
    type: "double",
    default: 0,
    range: { from: 0, to: 1 },
    description: "Duty below which a wheel is not driven (too weak to turn it)",
  },
  left_inverted: { type: "bool", default: false, description: "The left motor is wired the other way round" },
  right_inverted: { type: "bool", default: false, description: "The right motor is wired the other way round" },
  left_trim: {
    type: "double",
    default: 1,
    range: { from: 0, to: 2 },
    description: "Multiplies the left duty to match a faster or slower motor",
  },
  right_trim: { type: "double", default: 1, range: { from: 0, to: 2 }, description: "Multiplies the right duty" },
  left_in1: {
    type: "integer",
    default: 23,
    range: PIN,
    readOnly: true,
    description: "BCM GPIO of the left channel's IN1 (DRV8833: a PWM pin)",
  },
  left_in2: {
    type: "integer",
    default: 24,
    range: PIN,
    readOnly: true,
    description: "BCM GPIO of the left channel's IN2 (DRV8833: a PWM pin)",
  },
  left_pwm: {
    type: "integer",
    default: 12,
    range: PIN,
    readOnly: true,
    description: "BCM GPIO of the left channel's PWM / ENA (12, 13, 18 or 19; unused by DRV8833)",
  },
  right_in1: { type: "integer", default: 25, range: PIN, readOnly: true, description: "BCM GPIO of the right channel's IN1" },
  right_in2: { type: "integer", default: 16, range: PIN, readOnly: true, description: "BCM GPIO of the right channel's IN2" },
  right_pwm: { type: "integer", default: 13, range: PIN, readOnly: true, description: "BCM GPIO of the right channel's PWM / ENB" },
  enable_pin: {
    type: "integer",
    default: 22,
    range: PIN,
    readOnly: true,
    description: "BCM GPIO of STBY (TB6612FNG) / nSLEEP (DRV8833), high to run (-1: none, wired high)",
  },
  estop_pin: {
    type: "integer",
    default: -1,
    range: PIN,
    readOnly: true,
    description: "BCM GPIO of the e-stop input, latched until ~/reset_estop (-1: none)",
  },
  estop_active_low: {
    type: "bool",
    default: true,
    readOnly: true,
    description: "The e-stop reads 0 while pressed (a button to ground with a pull-up); false: it reads 1",
  },
  pwm_frequency: { type: "double", default: 20000, range: { from: 1, to: 1000000 }, readOnly: true, description: "PWM frequency, Hz" },
  control_rate: {
    type: "double",
    default: 50,
    range: { from: 1, to: 1000 },
    readOnly: true,
    description: "Control loop and motors/state rate, Hz",
  },
  left_wheel_name: {
    type: "string",
    default: "left_wheel_joint",
    readOnly: true,
    description: "Joint name of the left wheel in motors/state",
  },
  right_wheel_name: {
    type: "string",
    default: "right_wheel_joint",
    readOnly: true,
    description: "Joint name of the right wheel in motors/state",
  },
  dry_run: { type: "bool", default: false, readOnly: true, description: "Drive no GPIO: log what would be written" },
  gpio_base: {
    type: "integer",
    default: -1,
    range: { from: -1, to: 100000, step: 1 },
    readOnly: true,
    description: "sysfs number of BCM GPIO 0 (-1: from the gpiochip labelled pinctrl-rp1 / pinctrl-bcm2711; Pi 5 kernel 6.6+: 571)",
  },
  pwm_chip: {
    type: "string",
    default: "",
    readOnly: true,
    description: "pwmchip under /sys/class/pwm ('': the one whose device is RP1's PWM0, 1f00098000.pwm)",
  },
});

export type MotorNodeParameters = ParametersOf<typeof motorParameterSpec>;
