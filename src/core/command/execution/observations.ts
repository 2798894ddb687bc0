/**
 * What the executor sees, independent of the message it came in: each detected object's label,
 * score and bearing (+ left of the camera axis, REP-103), with a distance from 3D detections or
 * the box's share of the image height from 2D ones; and the robot's pose from odometry. The
 * conversions from vision_msgs and nav_msgs are here too. Pure.
 */
import type { Detection2DArray, Detection3DArray } from "../../../messages/vision_msgs.ts";
import type { Quaternion } from "../../../messages/geometry_msgs.ts";

export interface SeenObject {
  readonly label: string;
  readonly score: number;
  /** rad, + left */
  readonly bearingRad: number;
  /** m, from 3D detections */
  readonly distanceM?: number;
  /** 0..1, the box's height over the image height, from 2D detections */
  readonly heightFraction?: number;
}

export interface Observations {
  /** When they arrived, ms on the executor's clock. */
  readonly receivedMs: number;
  readonly source: "detections_3d" | "detections";
  readonly objects: readonly SeenObject[];
}

export interface OdomPose {
  readonly receivedMs: number;
  readonly x: number;
  readonly y: number;
  /** rad, counter-clockwise from the odom frame's x axis */
  readonly yaw: number;
}

export interface ExecutorInputs {
  readonly observations?: Observations;
  readonly odom?: OdomPose;
}

function firstHypothesis(results: readonly { hypothesis: { class_id: string; score: number } }[]): { label: string; score: number } {
  let best = { label: "", score: -Infinity };
  for (const r of results) if (r.hypothesis.score > best.score) best = { label: r.hypothesis.class_id, score: r.hypothesis.score };
  return best;
}

/**
 * 3D detections with box centres in the camera's optical frame (x right, y down, z forward):
 * bearing atan2(−x, z), distance over the floor √(x² + z²). Objects behind the camera are dropped.
 */
export function observationsFrom3d(message: Detection3DArray, receivedMs: number): Observations {
  const objects: SeenObject[] = [];
  for (const d of message.detections) {
    const { x, z } = d.bbox.center.position;
    if (!Number.isFinite(x) || !Number.isFinite(z) || z <= 0) continue;
    const { label, score } = firstHypothesis(d.results);
    if (label === "") continue;
    objects.push({ label, score, bearingRad: Math.atan2(-x, z), distanceM: Math.hypot(x, z) });
  }
  return { receivedMs, source: "detections_3d", objects };
}

export interface CameraGeometry {
  /** Horizontal field of view, rad. */
  readonly horizontalFovRad: number;
  readonly imageWidth: number;
  readonly imageHeight: number;
}

/** 2D detections in image pixels: bearing from the box centre through a pinhole of the given field of view. */
export function observationsFrom2d(message: Detection2DArray, camera: CameraGeometry, receivedMs: number): Observations {
  const focal = camera.imageWidth / 2 / Math.tan(camera.horizontalFovRad / 2);
  const objects: SeenObject[] = [];
  for (const d of message.detections) {
    const cx = d.bbox.center.position.x;
    if (!Number.isFinite(cx)) continue;
    const { label, score } = firstHypothesis(d.results);
    if (label === "") continue;
    objects.push({
      label,
      score,
      bearingRad: Math.atan2(camera.imageWidth / 2 - cx, focal),
      heightFraction: Math.max(0, d.bbox.size_y) / camera.imageHeight,
    });
  }
  return { receivedMs, source: "detections", objects };
}

/** Yaw (rotation about z) of a quaternion, rad in (−π, π]. */
export function yawOf(q: Quaternion): number {
  return Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
}

/** An angle wrapped into (−π, π]. */
export function wrapAngle(angle: number): number {
  let a = angle % (2 * Math.PI);
  if (a > Math.PI) a -= 2 * Math.PI;
  if (a <= -Math.PI) a += 2 * Math.PI;
  return a;
}
