/**
 * Bench of the 3D stages: fusing 20 detections against a 256×320 depth image (what the fusion
 * node does per pair: read the depth image, fuse, build Detection3DArray and MarkerArray) against
 * the depth postprocess of the same output size (src/core/depth: an scdepthv3 output → metric
 * depth → organized PointCloud2, no decimation), and the tracker's time per object at 50 objects.
 */
import { convertDepth } from "../../src/core/depth/depth-output.ts";
import { pointCloudFromDepth } from "../../src/core/depth/point-cloud.ts";
import { depthViewOf } from "../../src/core/fusion/depth-image.ts";
import { DetectionFuser, toDetection3DArray } from "../../src/core/fusion/fuse-detections.ts";
import { toMarkerArray } from "../../src/core/fusion/markers.ts";
import type { PinholeIntrinsics } from "../../src/core/fusion/pinhole.ts";
import { ByteTracker, type TrackerDetection } from "../../src/core/tracking/byte-tracker.ts";
import { boxFromCenter } from "../../src/core/vision/detection.ts";
import { renderDepthImage, sceneDetections, SCENE_HEADER, type SceneObject } from "../../src/testing/depth-scene.ts";
import { measureSync, mulberry32 } from "./measure.ts";

export const DEPTH_WIDTH = 320;
export const DEPTH_HEIGHT = 256;
export const FUSED_DETECTIONS = 20;
export const TRACKED_OBJECTS = 50;

const depthK: PinholeIntrinsics = { fx: 250, fy: 250, cx: 159.5, cy: 127.5, width: DEPTH_WIDTH, height: DEPTH_HEIGHT };
const camera: PinholeIntrinsics = { fx: 500, fy: 500, cx: 319.5, cy: 255.5, width: 640, height: 512 };

/** 20 objects 0.3–0.8 m wide at 1–6 m, spread over the view. */
function objects(): SceneObject[] {
  const random = mulberry32(20);
  return Array.from({ length: FUSED_DETECTIONS }, (_, i) => {
    const z = 1 + random() * 5;
    return {
      className: `class_${i % 5}`,
      id: String(i + 1),
      x: (random() - 0.5) * z * 0.9,
      y: (random() - 0.5) * z * 0.7,
      z,
      width: 0.3 + random() * 0.5,
      height: 0.3 + random() * 0.5,
    };
  });
}

export function benchFusion(): { medianMs: number; fused: number } {
  const scene = objects();
  const image = renderDepthImage({ intrinsics: depthK, objects: scene, background: 7 });
  const detections = sceneDetections(camera, scene);
  const fuser = new DetectionFuser();
  let fused = 0;
  const m = measureSync(
    () => {
      const view = depthViewOf(image, "depth/image");
      if (!view.ok) throw new Error(view.error);
      const result = fuser.fuse({ detections, depth: view.value, depthIntrinsics: depthK, cameraIntrinsics: camera });
      fused = result.counts.fused;
      toMarkerArray(toDetection3DArray(SCENE_HEADER, detections.detections, result.objects));
    },
    { runs: 400, warmup: 50 },
  );
  return { medianMs: m.medianMs, fused };
}

export function benchDepthPostprocess(): { medianMs: number } {
  const random = mulberry32(7);
  const raw = Float32Array.from({ length: DEPTH_WIDTH * DEPTH_HEIGHT }, () => random() * 6 - 3);
  const out = new Float32Array(raw.length);
  const conversion = { family: "scdepthv3", scale: 1, shift: 0, minDepth: 0.1, maxDepth: 100 } as const;
  const size = { width: DEPTH_WIDTH, height: DEPTH_HEIGHT };
  const m = measureSync(
    () => {
      const depth = convertDepth(raw, size, conversion, { out });
      pointCloudFromDepth(depth, DEPTH_WIDTH, DEPTH_HEIGHT, depthK, SCENE_HEADER);
    },
    { runs: 400, warmup: 50 },
  );
  return { medianMs: m.medianMs };
}

/** Per-frame tracker time / objects: 50 objects moving on straight lines, each frame one update. */
export function benchTracker(): { usPerObject: number; tracks: number } {
  const random = mulberry32(50);
  const starts = Array.from({ length: TRACKED_OBJECTS }, (_, i) => ({
    x: 40 + (i % 10) * 120 + random() * 20,
    y: 60 + Math.floor(i / 10) * 130 + random() * 20,
    vx: (random() - 0.5) * 4,
    vy: (random() - 0.5) * 4,
    classId: `class_${i % 4}`,
  }));
  const tracker = new ByteTracker();
  let frame = 0;
  const detectionsAt = (f: number): TrackerDetection[] =>
    starts.map((s) => ({ box: boxFromCenter(s.x + s.vx * f, s.y + s.vy * f, 60, 90), score: 0.9, classId: s.classId }));
  const m = measureSync(
    () => {
      tracker.update(detectionsAt(frame), frame / 30);
      frame++;
    },
    { runs: 400, warmup: 50 },
  );
  return { usPerObject: (m.medianMs * 1000) / TRACKED_OBJECTS, tracks: tracker.trackCount };
}
