/**
 * H-bridge driver profiles as truth tables: what each pin of one motor channel is set to for a
 * signed duty, with braking or coasting at zero. Pure: the GPIO adapter writes what this returns.
 *
 * - L298N: IN1/IN2 set the direction, ENA carries the PWM (EN low = coast; IN1 = IN2 with EN high = brake).
 * - TB6612FNG: IN1/IN2 set the direction, PWM carries the speed, STBY high to run (IN1 = IN2 = high = short brake,
 *   IN1 = IN2 = low = coast, STBY low = standby).
 * - DRV8833: no enable pin; IN1/IN2 are both driven, one as PWM (1/0 forward, 0/1 reverse, 1/1 brake, 0/0 coast),
 *   nSLEEP high to run.
 */

export const H_BRIDGES = ["l298n", "tb6612fng", "drv8833"] as const;
export type HBridge = (typeof H_BRIDGES)[number];

/** What stopping does: brake shorts the windings (stops sooner), coast lets the motor spin down. */
export type StopMode = "brake" | "coast";

/** One channel's outputs: digital levels (0/1) and PWM duty (0 … 1), by pin role. */
export interface ChannelOutputs {
  readonly in1: 0 | 1;
  readonly in2: 0 | 1;
  /** The duty on the PWM pin: ENA (L298N), PWM (TB6612FNG), or the IN pin that is pulsed (DRV8833). */
  readonly pwm: number;
  /** DRV8833 pulses one of its IN pins instead of a separate PWM pin. */
  readonly pwmOn?: "in1" | "in2";
  /** STBY (TB6612FNG) or nSLEEP (DRV8833): 1 to run. L298N has none. */
  readonly enable?: 0 | 1;
}

/** The outputs for a signed duty (−1 … 1) on one channel of `bridge`. */
export function channelOutputs(bridge: HBridge, duty: number, stop: StopMode = "brake"): ChannelOutputs {
  const magnitude = Math.min(1, Math.abs(Number.isFinite(duty) ? duty : 0));
  // Stryker disable next-line EqualityOperator: equivalent, a zero (or −0, NaN) duty has magnitude 0 and stops before the direction is read
  const forward = duty > 0;
  if (magnitude === 0) return stopOutputs(bridge, stop);
  switch (bridge) {
    case "l298n":
      return forward ? { in1: 1, in2: 0, pwm: magnitude } : { in1: 0, in2: 1, pwm: magnitude };
    case "tb6612fng":
      return forward ? { in1: 1, in2: 0, pwm: magnitude, enable: 1 } : { in1: 0, in2: 1, pwm: magnitude, enable: 1 };
    case "drv8833":
      // Drive/coast PWM: the pulsed pin is high for `magnitude` of the period, the other held low.
      return forward
        ? { in1: 1, in2: 0, pwm: magnitude, pwmOn: "in1", enable: 1 }
        : { in1: 0, in2: 1, pwm: magnitude, pwmOn: "in2", enable: 1 };
  }
}

/** The outputs that stop a channel. */
export function stopOutputs(bridge: HBridge, stop: StopMode = "brake"): ChannelOutputs {
  const brake = stop === "brake";
  switch (bridge) {
    case "l298n":
      // Brake: both inputs equal with the enable on; coast: enable off.
      return brake ? { in1: 0, in2: 0, pwm: 1 } : { in1: 0, in2: 0, pwm: 0 };
    case "tb6612fng":
      return brake ? { in1: 1, in2: 1, pwm: 1, enable: 1 } : { in1: 0, in2: 0, pwm: 1, enable: 1 };
    case "drv8833":
      return brake ? { in1: 1, in2: 1, pwm: 1, pwmOn: "in1", enable: 1 } : { in1: 0, in2: 0, pwm: 0, pwmOn: "in1", enable: 1 };
  }
}

/** The safest state: no drive at all (enable/standby low where the bridge has one). Used at start and on exit. */
export function offOutputs(bridge: HBridge): ChannelOutputs {
  switch (bridge) {
    case "l298n":
      return { in1: 0, in2: 0, pwm: 0 };
    case "tb6612fng":
      return { in1: 0, in2: 0, pwm: 0, enable: 0 };
    case "drv8833":
      return { in1: 0, in2: 0, pwm: 0, pwmOn: "in1", enable: 0 };
  }
}
