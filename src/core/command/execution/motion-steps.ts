/**
 * move, turn and drive as step runners. A move or turn follows the ramp on the amount left: open
 * loop, that amount is what the twists already sent have covered (each held until the next tick);
 * closed loop, when odometry is fresh as the step starts, it is what the pose says was travelled
 * (distance along the start heading) or turned (yaw, unwrapped). Pure.
 */
import type { DriveCommand, MoveCommand, TurnCommand } from "../robot-command.ts";
import type { z } from "zod";
import { approach, profileDuration, rampSpeed } from "./ramp.ts";
import { wrapAngle, type OdomPose } from "./observations.ts";
import { ZERO_TWIST, type StepRunner, type StepTick, type TickContext } from "./step-runner.ts";

type Move = z.infer<typeof MoveCommand>;
type Turn = z.infer<typeof TurnCommand>;
type Drive = z.infer<typeof DriveCommand>;

function freshOdom(odom: OdomPose | undefined, nowMs: number, timeoutS: number): OdomPose | undefined {
  return odom !== undefined && nowMs - odom.receivedMs <= timeoutS * 1000 ? odom : undefined;
}

const DEG = 180 / Math.PI;

interface AmountOptions {
  readonly kind: "move" | "turn";
  /** Signed amount: m or rad. */
  readonly amount: number;
  readonly cruise: number;
}

/** The shared move/turn runner: the ramp over an amount, open or closed loop. */
class AmountRunner implements StepRunner {
  readonly #kind: "move" | "turn";
  readonly #target: number;
  readonly #sign: number;
  readonly #cruise: number;
  #covered = 0;
  #speed = 0;
  #lastMs: number | undefined;
  #startMs = 0;
  #start: OdomPose | undefined;
  #lastYaw = 0;
  #closedLoop = false;

  constructor(options: AmountOptions) {
    this.#kind = options.kind;
    this.#target = Math.abs(options.amount);
    this.#sign = options.amount < 0 ? -1 : 1;
    this.#cruise = options.cruise;
  }

  get closedLoop(): boolean {
    return this.#closedLoop;
  }

  #describe(covered: number): string {
    const amount = covered * this.#sign;
    const how = this.#closedLoop ? " (odometry)" : "";
    return this.#kind === "move" ? `moved ${amount.toFixed(2)} m${how}` : `turned ${Math.round(amount * DEG)}°${how}`;
  }

  tick({ nowMs, inputs, config }: TickContext): StepTick {
    const move = this.#kind === "move";
    const acceleration = move ? config.maxLinearAcceleration : config.maxAngularAcceleration;
    const phase = move ? "moving" : "turning";
    if (this.#lastMs === undefined) {
      this.#startMs = nowMs;
      const odom = freshOdom(inputs.odom, nowMs, config.odomTimeout);
      if (odom !== undefined) {
        this.#closedLoop = true;
        this.#start = odom;
        this.#lastYaw = odom.yaw;
      }
    } else if (this.#closedLoop) {
      const last = inputs.odom;
      const odom = freshOdom(last, nowMs, config.odomTimeout);
      if (odom === undefined) {
        const age = last === undefined ? "none" : `${((nowMs - last.receivedMs) / 1000).toFixed(1)} s old`;
        return this.#fail(`odom stopped arriving (last ${age}) after ${this.#describe(this.#covered)}`);
      }
      const start = this.#start!;
      if (move) {
        this.#covered = ((odom.x - start.x) * Math.cos(start.yaw) + (odom.y - start.y) * Math.sin(start.yaw)) * this.#sign;
      } else {
        this.#covered += wrapAngle(odom.yaw - this.#lastYaw) * this.#sign;
        this.#lastYaw = odom.yaw;
      }
    } else {
      // Open loop: the speed sent last tick was held since then.
      this.#covered += this.#speed * ((nowMs - this.#lastMs) / 1000);
    }
    this.#lastMs = nowMs;
    const remaining = this.#target - this.#covered;
    // Open loop the ramp lands exactly on the amount; odometry is noisy, so there a tolerance applies.
    const tolerance = this.#closedLoop ? (move ? config.distanceTolerance : config.angleTolerance) : 1e-9;
    if (remaining <= tolerance) {
      this.#speed = 0;
      return { twist: ZERO_TWIST, phase, progress: 1, done: { success: true, message: this.#describe(this.#covered) } };
    }
    if (this.#closedLoop) {
      const expected = profileDuration(this.#target, this.#cruise, acceleration);
      if ((nowMs - this.#startMs) / 1000 > 2 * expected + 3) {
        return this.#fail(`not there after ${((nowMs - this.#startMs) / 1000).toFixed(1)} s: ${this.#describe(this.#covered)}`);
      }
    }
    this.#speed = rampSpeed(remaining, this.#speed, this.#cruise, acceleration, config.tickMs / 1000);
    const signed = this.#speed * this.#sign;
    const progress = this.#target === 0 ? 1 : Math.min(1, Math.max(0, this.#covered / this.#target));
    return { twist: move ? { linear: signed, angular: 0 } : { linear: 0, angular: signed }, phase, progress };
  }

  #fail(message: string): StepTick {
    this.#speed = 0;
    return { twist: ZERO_TWIST, phase: this.#kind === "move" ? "moving" : "turning", progress: 0, done: { success: false, message } };
  }
}

export function moveRunner(step: Move, defaultSpeed: number): StepRunner {
  return new AmountRunner({ kind: "move", amount: step.distance_m, cruise: step.speed_mps ?? defaultSpeed });
}

export function turnRunner(step: Turn, defaultRate: number): StepRunner {
  return new AmountRunner({ kind: "turn", amount: step.angle_rad, cruise: step.angular_speed_rps ?? defaultRate });
}

/** drive: the velocity for the duration (reached and left within the acceleration limits). */
export function driveRunner(step: Drive): StepRunner {
  let startMs: number | undefined;
  let lastMs = 0;
  let twist = ZERO_TWIST;
  return {
    tick({ nowMs, config }: TickContext): StepTick {
      if (startMs === undefined) {
        startMs = nowMs;
        lastMs = nowMs;
      }
      const dt = (nowMs - lastMs) / 1000;
      lastMs = nowMs;
      const elapsed = (nowMs - startMs) / 1000;
      const over = elapsed >= step.duration_s;
      const target = over ? ZERO_TWIST : { linear: step.linear_mps, angular: step.angular_rps };
      twist = {
        linear: approach(twist.linear, target.linear, config.maxLinearAcceleration, dt),
        angular: approach(twist.angular, target.angular, config.maxAngularAcceleration, dt),
      };
      if (over && twist.linear === 0 && twist.angular === 0) {
        const message = `drove ${step.linear_mps.toFixed(2)} m/s, ${step.angular_rps.toFixed(2)} rad/s for ${step.duration_s.toFixed(1)} s`;
        return { twist: ZERO_TWIST, phase: "driving", progress: 1, done: { success: true, message } };
      }
      return { twist, phase: "driving", progress: Math.min(1, elapsed / step.duration_s) };
    },
  };
}
