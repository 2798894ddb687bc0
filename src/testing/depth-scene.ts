/**
 * Known-answer depth scenes for tests and the bench: boxes facing the camera at metric positions,
 * rendered into a depth image through pinhole intrinsics (32FC1 metres or 16UC1 millimetres), with
 * the Detection2DArray a perfect detector would report for them in another image's pixels. The
 * nearest surface wins where boxes overlap.
 */
import { project, type PinholeIntrinsics } from "../core/fusion/pinhole.ts";
import type { CameraInfo, Image } from "../messages/sensor_msgs.ts";
import type { Header } from "../messages/std_msgs.ts";
import type { Detection2D, Detection2DArray } from "../messages/vision_msgs.ts";

export interface SceneObject {
  readonly className: string;
  readonly score?: number;
  readonly id?: string;
  /** Centre of the front face, optical frame (m). */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Width and height of the front face (m). */
  readonly width: number;
  readonly height: number;
}

export interface DepthSceneOptions {
  readonly intrinsics: PinholeIntrinsics;
  readonly objects: readonly SceneObject[];
  /** Depth behind the objects, m; 0 or NaN: no measurement. Default 0. */
  readonly background?: number;
  readonly encoding?: "32FC1" | "16UC1";
  /** Extra bytes at the end of every row. Default 0. */
  readonly rowPadding?: number;
  readonly header?: Header;
}

export const SCENE_HEADER: Header = { stamp: { sec: 100, nanosec: 0 }, frame_id: "camera_optical_frame" };

/** The box an object covers in an image of intrinsics `k`, continuous pixels. */
export function projectedBox(k: PinholeIntrinsics, o: SceneObject): { x1: number; y1: number; x2: number; y2: number } {
  const tl = project(k, { x: o.x - o.width / 2, y: o.y - o.height / 2, z: o.z });
  const br = project(k, { x: o.x + o.width / 2, y: o.y + o.height / 2, z: o.z });
  return { x1: tl.u, y1: tl.v, x2: br.u, y2: br.v };
}

export function renderDepthImage(options: DepthSceneOptions): Image {
  const k = options.intrinsics;
  const encoding = options.encoding ?? "32FC1";
  const bpp = encoding === "32FC1" ? 4 : 2;
  const step = k.width * bpp + (options.rowPadding ?? 0);
  const data = new Uint8Array(step * k.height);
  const view = new DataView(data.buffer);
  const depth = new Float32Array(k.width * k.height).fill(options.background ?? 0);
  const nearestFirst = [...options.objects].sort((a, b) => b.z - a.z);
  for (const o of nearestFirst) {
    const box = projectedBox(k, o);
    for (let y = Math.max(0, Math.ceil(box.y1 - 0.5)); y <= Math.min(k.height - 1, Math.floor(box.y2 - 0.5)); y++) {
      for (let x = Math.max(0, Math.ceil(box.x1 - 0.5)); x <= Math.min(k.width - 1, Math.floor(box.x2 - 0.5)); x++) {
        depth[y * k.width + x] = o.z;
      }
    }
  }
  for (let y = 0; y < k.height; y++) {
    for (let x = 0; x < k.width; x++) {
      const d = depth[y * k.width + x]!;
      if (bpp === 4) view.setFloat32(y * step + x * 4, d, true);
      else view.setUint16(y * step + x * 2, Number.isFinite(d) && d > 0 ? Math.round(d * 1000) : 0, true);
    }
  }
  return { header: options.header ?? SCENE_HEADER, height: k.height, width: k.width, encoding, is_bigendian: 0, step, data };
}

export function cameraInfoOf(k: PinholeIntrinsics, header: Header = SCENE_HEADER): CameraInfo {
  return {
    header,
    height: k.height,
    width: k.width,
    distortion_model: "plumb_bob",
    d: [0, 0, 0, 0, 0],
    k: [k.fx, 0, k.cx, 0, k.fy, k.cy, 0, 0, 1],
    r: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    p: [k.fx, 0, k.cx, 0, 0, k.fy, k.cy, 0, 0, 0, 1, 0],
    binning_x: 0,
    binning_y: 0,
    roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
  };
}

/** What a perfect detector reports for the objects in an image of intrinsics `k`. */
export function sceneDetections(k: PinholeIntrinsics, objects: readonly SceneObject[], header: Header = SCENE_HEADER): Detection2DArray {
  return {
    header,
    detections: objects.map((o): Detection2D => {
      const b = projectedBox(k, o);
      return {
        header,
        results: [
          {
            hypothesis: { class_id: o.className, score: o.score ?? 0.9 },
            pose: {
              pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
              covariance: new Array<number>(36).fill(0),
            },
          },
        ],
        bbox: { center: { position: { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 }, theta: 0 }, size_x: b.x2 - b.x1, size_y: b.y2 - b.y1 },
        id: o.id ?? "",
      };
    }),
  };
}
