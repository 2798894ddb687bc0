/**
 * A hand-made sequence of synthetic depth scenes with known answers for the 3D pipeline
 * (detection → depth → tracking → fusion): two cards of the same class cross each other on
 * neighbouring rows at different depths, a third stands still and is hidden for exactly five
 * frames by a nearer card that appears in front of it, then vanishes. Every card's 3D centre is the
 * scene's ground truth; `checkKnownAnswers` holds the pipeline's outputs to it.
 */
import assert from "node:assert/strict";
import {
  defaultSceneCamera,
  renderDepthScene,
  sceneCameraInfo,
  sceneGroundTruth3d,
  type DepthScene,
} from "../../src/core/synthetic/depth-scene.ts";
import { BACKGROUND_RGB, syntheticClass } from "../../src/core/synthetic/palette.ts";
import type { CameraInfo, Image } from "../../src/messages/sensor_msgs.ts";
import type { Detection2DArray, Detection3DArray } from "../../src/messages/vision_msgs.ts";

export const SCENE_WIDTH = 640;
export const SCENE_HEIGHT = 480;
export const FRAMES = 20;
/** Frames in which the occluder stands in front of the still card: five. */
export const OCCLUDED_FRAMES: readonly number[] = [8, 9, 10, 11, 12];
const FRAME_PERIOD_NS = 100_000_000;

/** The cards by role; the occluder only exists in OCCLUDED_FRAMES. */
export const ROLES = ["rightward", "leftward", "still", "occluder"] as const;
export type Role = (typeof ROLES)[number];

export function sceneAt(frame: number): DepthScene {
  const camera = defaultSceneCamera(SCENE_WIDTH, SCENE_HEIGHT);
  // Same class, rows 100..159 and 164..223: 4 px apart, so the detector keeps them apart while
  // their columns overlap at the crossing (frames 9 and 10).
  const rects = [
    { x: 100 + 20 * frame, y: 100, width: 60, height: 60, classIndex: 0, depth: 2.0 },
    { x: 480 - 20 * frame, y: 164, width: 60, height: 60, classIndex: 0, depth: 3.0 },
    { x: 290, y: 330, width: 60, height: 60, classIndex: 1, depth: 2.5 },
  ];
  if (OCCLUDED_FRAMES.includes(frame)) rects.push({ x: 270, y: 310, width: 100, height: 100, classIndex: 2, depth: 1.0 });
  return { width: SCENE_WIDTH, height: SCENE_HEIGHT, background: BACKGROUND_RGB, rects, camera };
}

export interface SceneFrame {
  readonly image: Image;
  readonly cameraInfo: CameraInfo;
}

export function frameMessages(frame: number, frameId = "camera_optical_frame"): SceneFrame {
  const scene = sceneAt(frame);
  const ns = frame * FRAME_PERIOD_NS;
  const header = { stamp: { sec: 1_700_000_000 + Math.floor(ns / 1e9), nanosec: ns % 1e9 }, frame_id: frameId };
  const rendered = renderDepthScene(scene);
  return {
    image: {
      header,
      height: rendered.height,
      width: rendered.width,
      encoding: rendered.encoding,
      is_bigendian: 0,
      step: rendered.step,
      data: rendered.data,
    },
    cameraInfo: sceneCameraInfo(scene, header),
  };
}

function frameOfStamp(stamp: { sec: number; nanosec: number }): number {
  return Math.round(((stamp.sec - 1_700_000_000) * 1e9 + stamp.nanosec) / FRAME_PERIOD_NS);
}

/** What the pipeline published, in arrival order. */
export interface PipelineOutputs {
  readonly tracked: readonly Detection2DArray[];
  readonly fused: readonly Detection3DArray[];
}

/**
 * Holds the outputs to the scenes' ground truth: one Detection3DArray per frame; every fully visible
 * card's 3D centre within 1 % of its true distance; each card keeps one id from its first frame to
 * its last (the crossing pair never trade theirs, the still card's survives the five hidden frames),
 * and no id is given to two cards. Returns the ids by role.
 */
export function checkKnownAnswers(outputs: PipelineOutputs): Map<Role, string> {
  assert.deepEqual(
    outputs.fused.map((a) => frameOfStamp(a.header.stamp)),
    Array.from({ length: FRAMES }, (_, i) => i),
    "one Detection3DArray per frame, in order",
  );
  const ids = new Map<Role, string>();
  for (const array of outputs.fused) {
    const frame = frameOfStamp(array.header.stamp);
    const truth = sceneGroundTruth3d(sceneAt(frame));
    const unclaimed = [...array.detections];
    truth.forEach((object, index) => {
      const role = ROLES[index] as Role;
      const where = `frame ${frame}, ${role} ${object.label}`;
      if (object.visiblePixels === 0) {
        assert.equal(object.totalPixels > 0 && role === "still" && OCCLUDED_FRAMES.includes(frame), true, `${where} hidden`);
        return;
      }
      assert.equal(object.visiblePixels, object.totalPixels, `${where}: the scenes hide cards wholly or not at all`);
      const distance = Math.hypot(object.center.x, object.center.y, object.center.z);
      const nearest = unclaimed
        .map((d) => ({
          d,
          error: Math.hypot(
            d.bbox.center.position.x - object.center.x,
            d.bbox.center.position.y - object.center.y,
            d.bbox.center.position.z - object.center.z,
          ),
        }))
        .sort((a, b) => a.error - b.error)[0];
      assert.ok(nearest !== undefined, `${where}: no 3D detection left`);
      assert.ok(nearest.error <= 0.01 * distance, `${where}: 3D centre ${nearest.error.toFixed(4)} m off at ${distance.toFixed(3)} m`);
      assert.equal(nearest.d.results[0]?.hypothesis.class_id, syntheticClass(object.classIndex).label, where);
      assert.notEqual(nearest.d.id, "", `${where}: tracked`);
      const known = ids.get(role);
      if (known === undefined) ids.set(role, nearest.d.id);
      else assert.equal(nearest.d.id, known, `${where}: keeps its id`);
      unclaimed.splice(unclaimed.indexOf(nearest.d), 1);
    });
    assert.deepEqual(unclaimed, [], `frame ${frame}: 3D detections of no card`);
  }
  assert.equal(new Set(ids.values()).size, ids.size, `one id per card: ${JSON.stringify([...ids])}`);
  assert.deepEqual([...ids.keys()].sort(), [...ROLES].sort());
  // The 2D tracks agree with the 3D ones frame by frame.
  assert.equal(outputs.tracked.length, FRAMES);
  outputs.tracked.forEach((tracked, i) => {
    assert.deepEqual(
      tracked.detections.map((d) => d.id).sort(),
      outputs.fused[i]!.detections.map((d) => d.id).sort(),
      `frame ${i}: the same ids in 2D and 3D`,
    );
  });
  return ids;
}
