/**
 * goto, follow and find as visual servoing: turn toward the target's bearing, approach it to the
 * stop distance (3D detections) or until its box fills a share of the image (2D only), search by
 * rotating toward where it was last seen when it is lost, and give up after the search timeout.
 * find ends once the target is centred, goto once it is reached; follow keeps going until stopped
 * or the target stays lost. Pure.
 */
import { approach } from "./ramp.ts";
import type { Observations, SeenObject } from "./observations.ts";
import { ZERO_TWIST, type ExecutionPhase, type PlanarTwist, type StepRunner, type StepTick, type TickContext } from "./step-runner.ts";

export type ServoMode = "goto" | "follow" | "find";

/** Approach slows with the bearing and stops beyond this |bearing|, rad: turn first, then drive. */
const APPROACH_BEARING_LIMIT = 0.6;
/** With 2D detections only there is no distance: approach at this share of the default speed. */
const BLIND_APPROACH_SHARE = 0.5;

function clampMagnitude(value: number, max: number): number {
  return Math.max(-max, Math.min(max, value));
}

/** The target among fresh objects: the one nearest the last bearing while tracking, else the best scored. */
export function chooseTarget(
  observations: Observations | undefined,
  label: string,
  minScore: number,
  lastBearing: number | undefined,
): SeenObject | undefined {
  if (observations === undefined) return undefined;
  let best: SeenObject | undefined;
  for (const o of observations.objects) {
    if (o.label !== label || o.score < minScore) continue;
    if (best === undefined) best = o;
    else if (lastBearing !== undefined) {
      if (Math.abs(o.bearingRad - lastBearing) < Math.abs(best.bearingRad - lastBearing)) best = o;
    } else if (o.score > best.score) best = o;
  }
  return best;
}

function where(target: SeenObject): string {
  const degrees = Math.round((Math.abs(target.bearingRad) * 180) / Math.PI);
  const side = degrees === 0 ? "ahead" : `${degrees}° ${target.bearingRad > 0 ? "left" : "right"}`;
  return target.distanceM !== undefined ? `${target.distanceM.toFixed(2)} m away, ${side}` : side;
}

export function servoRunner(mode: ServoMode, label: string): StepRunner {
  let startMs: number | undefined;
  let lastMs = 0;
  let lastSeenMs: number | undefined;
  let lastBearing: number | undefined;
  let twist: PlanarTwist = ZERO_TWIST;
  let sourceSeen: Observations["source"] | undefined;

  const finish = (success: boolean, message: string, phase: ExecutionPhase): StepTick => {
    twist = ZERO_TWIST;
    return { twist, phase, progress: success ? 1 : 0, done: { success, message } };
  };

  return {
    tick({ nowMs, inputs, config }: TickContext): StepTick {
      if (startMs === undefined) {
        startMs = nowMs;
        lastMs = nowMs;
      }
      const dt = (nowMs - lastMs) / 1000;
      lastMs = nowMs;
      const observations = inputs.observations;
      if (observations !== undefined) sourceSeen = observations.source;
      const fresh = observations !== undefined && nowMs - observations.receivedMs <= config.lostAfter * 1000 ? observations : undefined;
      const target = chooseTarget(fresh, label, config.minScore, lastBearing);
      const limit = (desired: PlanarTwist): PlanarTwist => {
        twist = {
          linear: approach(twist.linear, desired.linear, config.maxLinearAcceleration, dt),
          angular: approach(twist.angular, desired.angular, config.maxAngularAcceleration, dt),
        };
        return twist;
      };

      if (target === undefined) {
        const lostSinceMs = lastSeenMs ?? startMs;
        const lostForS = (nowMs - lostSinceMs) / 1000;
        if (lostForS > config.searchTimeout) {
          const why =
            sourceSeen === undefined
              ? " (no detections arrived on detections_3d or detections)"
              : lastSeenMs === undefined
                ? ""
                : " since it was lost";
          return finish(false, `gave up: no ${label} seen for ${config.searchTimeout.toFixed(0)} s${why}`, "searching");
        }
        // Seen a moment ago: a missed frame, hold still; otherwise rotate toward where it was.
        if (lastSeenMs !== undefined && lostForS < config.lostAfter) {
          return { twist: limit(ZERO_TWIST), phase: "waiting", progress: 0 };
        }
        const direction = (lastBearing ?? 0) < 0 ? -1 : 1;
        return { twist: limit({ linear: 0, angular: direction * config.searchAngularSpeed }), phase: "searching", progress: 0 };
      }

      lastSeenMs = nowMs;
      lastBearing = target.bearingRad;
      const angular = clampMagnitude(config.bearingGain * target.bearingRad, config.maxAngularSpeed);
      if (mode === "find") {
        if (Math.abs(target.bearingRad) <= config.bearingTolerance)
          return finish(true, `found the ${label}: ${where(target)}`, "centering");
        return { twist: limit({ linear: 0, angular }), phase: "centering", progress: 0.5 };
      }

      const arrived =
        target.distanceM !== undefined
          ? target.distanceM <= config.stopDistance + config.arriveTolerance
          : (target.heightFraction ?? 0) >= config.stopBoxFraction;
      if (arrived && mode === "goto") return finish(true, `reached the ${label}: ${where(target)}`, "approaching");
      const alignment = Math.max(0, 1 - Math.abs(target.bearingRad) / APPROACH_BEARING_LIMIT);
      let linear = 0;
      if (!arrived) {
        const speed =
          target.distanceM !== undefined
            ? config.distanceGain * (target.distanceM - config.stopDistance)
            : BLIND_APPROACH_SHARE * config.defaultLinearSpeed;
        linear = Math.min(config.maxLinearSpeed, Math.max(0, speed)) * alignment;
      }
      const phase: ExecutionPhase = mode === "follow" ? "following" : "approaching";
      const progress =
        mode === "goto" && target.distanceM !== undefined ? Math.min(1, config.stopDistance / Math.max(target.distanceM, 1e-6)) : 0;
      return { twist: limit({ linear, angular }), phase, progress };
    },
  };
}
