/**
 * 2D detections + a depth image → metric 3D boxes in the depth image's optical frame (x right,
 * y down, z forward, metres). Per detection: its box moved from the camera image into the depth
 * image through the two images' intrinsics, a robust depth from the box's inner part, the box
 * centre back-projected at that depth, and the box's extent at that depth as its size.
 *
 * The centre is the object's visible surface at the median depth (what a robot drives towards);
 * `size.z` is the depth spread of that surface (10th to 90th percentile), or a fixed depth when
 * `boxDepth` > 0. The depth image must be registered to the camera image (the same optical centre:
 * our depth node's output, or a depth camera's depth aligned to colour).
 */
import type { Header } from "../../messages/std_msgs.ts";
import type { Detection2D, Detection2DArray, Detection3D, Detection3DArray } from "../../messages/vision_msgs.ts";
import type { Box } from "../vision/detection.ts";
import type { DepthView } from "./depth-image.ts";
import { backProject, pixelMapBetween, type PinholeIntrinsics, type Point3 } from "./pinhole.ts";
import { DepthSampler, type RobustDepthOptions } from "./robust-depth.ts";

export interface FusionOptions extends RobustDepthOptions {
  /** Depth (m) of every 3D box; 0: the measured depth spread of the object. */
  readonly boxDepth: number;
}

export const DEFAULT_FUSION_OPTIONS: FusionOptions = { innerFraction: 0.5, minValidFraction: 0.25, boxDepth: 0 };

export interface FusedObject {
  /** Index of the detection in the Detection2DArray. */
  readonly index: number;
  readonly center: Point3;
  readonly size: Point3;
  /** Median depth, m (the centre's z). */
  readonly depth: number;
}

export interface FusionCounts {
  readonly fused: number;
  /** The box lies outside the depth image. */
  readonly outside: number;
  /** Too few valid depth pixels inside the box. */
  readonly noDepth: number;
}

export interface FusionInput {
  readonly detections: Detection2DArray;
  readonly depth: DepthView;
  /** Intrinsics of the depth image (depth/camera_info). */
  readonly depthIntrinsics: PinholeIntrinsics;
  /** Intrinsics of the image the detections' pixels refer to (camera_info). */
  readonly cameraIntrinsics: PinholeIntrinsics;
}

export interface FusionResult {
  readonly objects: readonly FusedObject[];
  readonly counts: FusionCounts;
}

export class DetectionFuser {
  readonly #sampler = new DepthSampler();

  fuse(input: FusionInput, options: FusionOptions = DEFAULT_FUSION_OPTIONS): FusionResult {
    const { depth, depthIntrinsics: k } = input;
    const map = pixelMapBetween(input.cameraIntrinsics, k);
    const objects: FusedObject[] = [];
    let outside = 0;
    let noDepth = 0;
    const detections = input.detections.detections;
    for (let index = 0; index < detections.length; index++) {
      const bbox = detections[index]!.bbox;
      const { x, y } = bbox.center.position;
      const w = bbox.size_x * map.sx;
      const h = bbox.size_y * map.sy;
      const u = x * map.sx + map.ox;
      const v = y * map.sy + map.oy;
      const box: Box = { x1: u - w / 2, y1: v - h / 2, x2: u + w / 2, y2: v + h / 2 };
      const measured = this.#sampler.sample(depth, box, options);
      if (!measured.ok) {
        if (measured.reason === "outside_depth_image") outside++;
        else noDepth++;
        continue;
      }
      const z = measured.depth;
      objects.push({
        index,
        center: backProject(k, u, v, z),
        size: { x: (w * z) / k.fx, y: (h * z) / k.fy, z: options.boxDepth > 0 ? options.boxDepth : measured.far - measured.near },
        depth: z,
      });
    }
    return { objects, counts: { fused: objects.length, outside, noDepth } };
  }
}

/**
 * The Detection3DArray of fused objects: `header` (the depth image's frame, the detections'
 * stamp), each detection's results and id copied from its Detection2D.
 */
export function toDetection3DArray(header: Header, detections: readonly Detection2D[], objects: readonly FusedObject[]): Detection3DArray {
  return {
    header,
    detections: objects.map((o): Detection3D => {
      const source = detections[o.index]!;
      return {
        header,
        results: source.results,
        bbox: { center: { position: { ...o.center }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, size: { ...o.size } },
        id: source.id,
      };
    }),
  };
}
