/**
 * A simulated differential robot and scene for the executor tests: the pose integrates each
 * twist held for one tick (with an optional slip, the share of the commanded speed the wheels
 * achieve), and a camera on the robot sees the scene's objects within its field of view as 3D
 * detections (bearing, distance) or as 2D ones (bearing, box height share of a pinhole image).
 */
import { CommandExecutor, type Completion, type ExecutorTick } from "../../../../src/core/command/execution/command-executor.ts";
import type { ExecutorConfig } from "../../../../src/core/command/execution/executor-config.ts";
import type { ExecutorInputs, Observations, SeenObject } from "../../../../src/core/command/execution/observations.ts";
import { wrapAngle } from "../../../../src/core/command/execution/observations.ts";
import type { RobotCommand } from "../../../../src/core/command/robot-command.ts";

export interface SceneObject {
  readonly label: string;
  x: number;
  y: number;
  /** Object height, m (2D box size). */
  readonly heightM?: number;
  visible?: boolean;
}

export interface SimulationOptions {
  readonly camera?: "3d" | "2d" | "none";
  readonly odom?: boolean;
  /** Achieved / commanded speed. Default 1. */
  readonly slip?: number;
  readonly fovRad?: number;
  /** Vertical focal length over image height (2D box share = f · h / d). */
  readonly verticalFocalShare?: number;
}

export interface TickRecord {
  readonly tMs: number;
  readonly tick: ExecutorTick;
}

export class SimulatedRobot {
  x = 0;
  y = 0;
  yaw = 0;
  travelled = 0;
  turned = 0;
  nowMs = 0;
  readonly objects: SceneObject[];
  readonly executor: CommandExecutor;
  readonly records: TickRecord[] = [];
  readonly #options: Required<SimulationOptions>;

  constructor(config: ExecutorConfig, objects: SceneObject[] = [], options: SimulationOptions = {}) {
    this.executor = new CommandExecutor(config);
    this.objects = objects;
    this.#options = { camera: "3d", odom: false, slip: 1, fovRad: 1.2, verticalFocalShare: 0.36, ...options };
  }

  get config(): ExecutorConfig {
    return this.executor.config;
  }

  start(command: RobotCommand) {
    return this.executor.start(command);
  }

  /** What the robot's camera sees now, in the executor's terms. */
  seen(): SeenObject[] {
    const out: SeenObject[] = [];
    for (const o of this.objects) {
      if (o.visible === false) continue;
      const dx = o.x - this.x;
      const dy = o.y - this.y;
      const distance = Math.hypot(dx, dy);
      const bearing = wrapAngle(Math.atan2(dy, dx) - this.yaw);
      if (Math.abs(bearing) > this.#options.fovRad / 2) continue;
      if (this.#options.camera === "3d") out.push({ label: o.label, score: 0.9, bearingRad: bearing, distanceM: distance });
      else
        out.push({
          label: o.label,
          score: 0.9,
          bearingRad: bearing,
          heightFraction: (this.#options.verticalFocalShare * (o.heightM ?? 1.7)) / distance,
        });
    }
    return out;
  }

  inputs(): ExecutorInputs {
    const observations: Observations | undefined =
      this.#options.camera === "none"
        ? undefined
        : { receivedMs: this.nowMs, source: this.#options.camera === "3d" ? "detections_3d" : "detections", objects: this.seen() };
    return {
      ...(observations !== undefined ? { observations } : {}),
      ...(this.#options.odom ? { odom: { receivedMs: this.nowMs, x: this.x, y: this.y, yaw: this.yaw } } : {}),
    };
  }

  /** One control tick: the executor answers, then the robot moves with that twist for one period. */
  step(inputs: ExecutorInputs = this.inputs()): ExecutorTick {
    const tick = this.executor.tick(this.nowMs, inputs);
    this.records.push({ tMs: this.nowMs, tick });
    const dt = this.config.tickMs / 1000;
    const v = tick.twist.linear * this.#options.slip;
    const w = tick.twist.angular * this.#options.slip;
    // Midpoint integration of the unicycle over the tick.
    const mid = this.yaw + (w * dt) / 2;
    this.x += v * dt * Math.cos(mid);
    this.y += v * dt * Math.sin(mid);
    this.yaw = wrapAngle(this.yaw + w * dt);
    this.travelled += v * dt;
    this.turned += w * dt;
    this.nowMs += this.config.tickMs;
    return tick;
  }

  /** Ticks until the command ends (or `maxS` of virtual time passes): its completion, if any. */
  runToEnd(maxS = 120): Completion | undefined {
    const limit = this.nowMs + maxS * 1000;
    while (this.nowMs <= limit) {
      const tick = this.step();
      if (tick.done !== undefined) return tick.done;
    }
    return undefined;
  }

  distanceTo(o: SceneObject): number {
    return Math.hypot(o.x - this.x, o.y - this.y);
  }

  bearingTo(o: SceneObject): number {
    return wrapAngle(Math.atan2(o.y - this.y, o.x - this.x) - this.yaw);
  }
}
