/**
 * Synthetic scenes with metric depth: a pinhole camera at a known height above a flat floor that
 * meets a back wall, and each rectangle a fronto-parallel card at its own depth. Nearer cards hide
 * farther ones (painter's order), so scenes can have occlusions. Rendering paints every pixel's
 * depth into its colour by the rule of `depth-code.ts`; the ground truth gives the depth of every
 * pixel and each object's 3D centre and size in the camera optical frame (x right, y down,
 * z forward, metres).
 */
import { z } from "zod";
import type { CameraInfo } from "../../messages/sensor_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";
import { codeOfDepth, paintDepthCode, snapDepth } from "./depth-code.ts";
import { BACKGROUND_RGB, syntheticClass } from "./palette.ts";
import type { RenderedFrame, Scene, SceneRect } from "./scene.ts";
import { sceneAtFrame, type MovingSceneOptions } from "./scene.ts";
import { SeededRandom } from "./seeded-random.ts";

/** Pinhole intrinsics in the scene's pixels (ROS convention: pixel centres at integers) and the room. */
export interface SceneCamera {
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
  /** Height of the optical centre above the floor, m (the optical axis is horizontal). */
  readonly height: number;
  /** Depth of the back wall, m; the floor ends where it is this far away. */
  readonly wallDepth: number;
  /** The floor is painted in bands of this many rows, each at the depth of its middle row. */
  readonly floorBand: number;
}

/** A scene whose rectangles all have a depth (metres, on the depth-code ladder) and a camera. */
export interface DepthScene extends Scene {
  readonly camera: SceneCamera;
  readonly rects: readonly (SceneRect & { readonly depth: number })[];
}

/** Default camera of a width × height frame: a 67° horizontal field of view, 0.3 m above the floor, a wall at 6 m. */
export function defaultSceneCamera(width: number, height: number): SceneCamera {
  const f = 0.75 * width;
  return { fx: f, fy: f, cx: (width - 1) / 2, cy: (height - 1) / 2, height: 0.3, wallDepth: 6, floorBand: 8 };
}

/** The depth of background row v: the floor below the horizon, the wall where the floor is farther than it. */
export function backgroundDepthOfRow(camera: SceneCamera, v: number): number {
  const band = Math.max(1, Math.floor(camera.floorBand));
  const middle = Math.floor(v / band) * band + (band - 1) / 2;
  const below = middle - camera.cy;
  const floor = below > 0 ? (camera.fy * camera.height) / below : Infinity;
  return snapDepth(Math.min(floor, camera.wallDepth));
}

function checkDepthScene(scene: DepthScene): void {
  const c = scene.camera;
  if (
    ![c.fx, c.fy, c.cx, c.cy, c.height, c.wallDepth].every(Number.isFinite) ||
    c.fx <= 0 ||
    c.fy <= 0 ||
    c.wallDepth <= 0 ||
    c.height < 0
  ) {
    throw new RangeError(
      `scene camera fx=${c.fx} fy=${c.fy} cx=${c.cx} cy=${c.cy} height=${c.height} wall=${c.wallDepth} must be finite with positive focal lengths and wall depth and a height of at least 0 m`,
    );
  }
  for (const [i, r] of scene.rects.entries()) {
    if (!Number.isFinite(r.depth) || r.depth <= 0) throw new RangeError(`rect ${i}: depth ${r.depth} must be a positive number of metres`);
  }
}

/** Indices of the rectangles, farthest first (later ones hide earlier ones; ties keep array order). */
function paintOrder(scene: DepthScene): number[] {
  return scene.rects.map((_, i) => i).sort((a, b) => (scene.rects[b]?.depth ?? 0) - (scene.rects[a]?.depth ?? 0) || a - b);
}

/** Which rectangle (index) or -1 (background) every pixel shows. */
function coverage(scene: DepthScene): Int32Array {
  const { width, height } = scene;
  const owner = new Int32Array(width * height).fill(-1);
  for (const i of paintOrder(scene)) {
    const r = scene.rects[i] as SceneRect;
    for (let y = Math.max(0, r.y); y < Math.min(height, r.y + r.height); y++) {
      owner.fill(i, y * width + Math.max(0, r.x), y * width + Math.min(width, r.x + r.width));
    }
  }
  return owner;
}

/** The scene as rgb8 with every pixel's depth painted into its colour (`depth-code.ts`). */
export function renderDepthScene(scene: DepthScene): RenderedFrame {
  checkDepthScene(scene);
  const { width, height } = scene;
  const owner = coverage(scene);
  const rectColours = scene.rects.map((r) => paintDepthCode(syntheticClass(r.classIndex).rgb, codeOfDepth(r.depth)));
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const background = paintDepthCode(BACKGROUND_RGB, codeOfDepth(backgroundDepthOfRow(scene.camera, y)));
    for (let x = 0, i = y * width, o = i * 3; x < width; x++, i++, o += 3) {
      const k = owner[i] as number;
      const [r, g, b] = k < 0 ? background : (rectColours[k] as readonly [number, number, number]);
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
    }
  }
  return { width, height, encoding: "rgb8", step: width * 3, data };
}

/** The true depth of every pixel (metres, row-major), as painted. */
export function sceneDepthMap(scene: DepthScene): Float32Array {
  checkDepthScene(scene);
  const { width, height } = scene;
  const owner = coverage(scene);
  const rectDepths = scene.rects.map((r) => snapDepth(r.depth));
  const out = new Float32Array(width * height);
  // Stryker disable next-line EqualityOperator: equivalent, row `height` writes only past the end of the typed array, where writes are ignored
  for (let y = 0; y < height; y++) {
    const background = backgroundDepthOfRow(scene.camera, y);
    // Stryker disable next-line EqualityOperator: equivalent, the write at `end` is the next row's first pixel, which that row overwrites (or past the array)
    for (let i = y * width, end = i + width; i < end; i++) {
      const k = owner[i] as number;
      out[i] = k < 0 ? background : (rectDepths[k] as number);
    }
  }
  return out;
}

export interface Point3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** One object's ground truth in 3D. */
export interface GroundTruthObject3d {
  readonly classIndex: number;
  readonly label: string;
  /** The whole rectangle in pixels (edges: columns x1..x2−1, rows y1..y2−1), hidden parts included. */
  readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
  /** Depth of the card, m (on the depth-code ladder: what its pixels state). */
  readonly depth: number;
  /** The card's centre in the camera optical frame, m. */
  readonly center: Point3;
  /** The card's width and height in metres (z = 0: a flat card). */
  readonly size: Point3;
  /** Pixels of the card that are visible (not hidden by a nearer one), and all its pixels. */
  readonly visiblePixels: number;
  readonly totalPixels: number;
}

/** Back-projects pixel coordinate (u, v) (ROS convention) at depth z through the scene camera. */
export function backProject(camera: SceneCamera, u: number, v: number, z: number): Point3 {
  return { x: ((u - camera.cx) * z) / camera.fx, y: ((v - camera.cy) * z) / camera.fy, z };
}

export function sceneGroundTruth3d(scene: DepthScene): GroundTruthObject3d[] {
  checkDepthScene(scene);
  const owner = coverage(scene);
  // Stryker disable next-line ArrayDeclaration: equivalent, counts start from `?? 0` and unseen cards read `?? 0` below
  const visible = new Array<number>(scene.rects.length).fill(0);
  // Stryker disable next-line ConditionalExpression: equivalent, the background's count lands on key -1, which no card reads
  for (const k of owner) if (k >= 0) visible[k] = (visible[k] ?? 0) + 1;
  return scene.rects.map((r, i) => {
    const depth = snapDepth(r.depth);
    const c = scene.camera;
    // Edge coordinates x..x+width become pixel coordinates x−½..x+width−½; the centre is their middle.
    const center = backProject(c, r.x + r.width / 2 - 0.5, r.y + r.height / 2 - 0.5, depth);
    return {
      classIndex: r.classIndex,
      label: syntheticClass(r.classIndex).label,
      box: { x1: r.x, y1: r.y, x2: r.x + r.width, y2: r.y + r.height },
      depth,
      center,
      size: { x: (r.width * depth) / c.fx, y: (r.height * depth) / c.fy, z: 0 },
      visiblePixels: visible[i] ?? 0,
      totalPixels: r.width * r.height,
    };
  });
}

/** The CameraInfo of the scene's camera (no distortion), for a frame of the scene's size. */
export function sceneCameraInfo(scene: DepthScene, header: Header): CameraInfo {
  const { fx, fy, cx, cy } = scene.camera;
  return {
    header,
    height: scene.height,
    width: scene.width,
    distortion_model: "plumb_bob",
    d: [0, 0, 0, 0, 0],
    k: [fx, 0, cx, 0, fy, cy, 0, 0, 1],
    r: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    p: [fx, 0, cx, 0, 0, fy, cy, 0, 0, 0, 1, 0],
    binning_x: 0,
    binning_y: 0,
    roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
  };
}

export const MovingDepthSceneOptionsSchema = z.object({
  /** Nearest and farthest card depth, m. */
  nearDepth: z.number().positive().default(1),
  farDepth: z.number().positive().default(4),
  /** Largest change of a card's depth per frame, m. */
  maxDepthSpeed: z.number().min(0).default(0.05),
  /** The camera; default `defaultSceneCamera(width, height)`. */
  camera: z.custom<SceneCamera>((v) => typeof v === "object" && v !== null).optional(),
  /**
   * An extra card nearer than all others that sweeps across the frame at the height of object
   * `row` (its centre row follows that object's), hiding what it passes: its class, depth (m),
   * size (px) and pixels per frame.
   */
  occluder: z
    .object({
      classIndex: z.number().int().min(0).default(5),
      depth: z.number().positive().default(0.8),
      width: z.number().int().positive().default(120),
      height: z.number().int().positive().default(160),
      speed: z.number().int().default(16),
      row: z.number().int().min(0).default(0),
    })
    .optional(),
});
export type MovingDepthSceneOptions = MovingSceneOptions & z.input<typeof MovingDepthSceneOptionsSchema>;

/** Where a value moving at constant speed on [lo, hi] is after bouncing off both ends. */
function bounceBetween(start: number, speed: number, frame: number, lo: number, hi: number): number {
  const span = hi - lo;
  if (span <= 0) return lo;
  const period = 2 * span;
  const m = ((((start - lo + speed * frame) % period) + period) % period) as number;
  // Stryker disable next-line EqualityOperator: equivalent, at m = span both branches give span
  return lo + (m <= span ? m : period - m);
}

/**
 * Frame `frameIndex` of `sceneAtFrame(seed, frameIndex, options)` (the same rectangles) with depths:
 * each card moves towards and away from the camera between nearDepth and farDepth, snapped to the
 * depth-code ladder, plus the optional occluder.
 */
export function depthSceneAtFrame(seed: number, frameIndex: number, options: MovingDepthSceneOptions = {}): DepthScene {
  const { nearDepth, farDepth, maxDepthSpeed, camera, occluder, ...moving } = options;
  const parsed = MovingDepthSceneOptionsSchema.safeParse({ nearDepth, farDepth, maxDepthSpeed, camera, occluder });
  if (!parsed.success) {
    throw new RangeError(`invalid depth scene options: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const o = parsed.data;
  if (o.farDepth < o.nearDepth) throw new RangeError(`depth scene farDepth ${o.farDepth} m must not be below nearDepth ${o.nearDepth} m`);
  const base = sceneAtFrame(seed, frameIndex, moving);
  // A stream of its own, so the rectangles stay exactly those of sceneAtFrame.
  const random = new SeededRandom((seed ^ 0x5dee7) >>> 0);
  const rects: (SceneRect & { depth: number })[] = base.rects.map((r) => {
    const start = o.nearDepth + random.next() * (o.farDepth - o.nearDepth);
    const speed = (random.next() * 2 - 1) * o.maxDepthSpeed;
    return { ...r, depth: snapDepth(bounceBetween(start, speed, frameIndex, o.nearDepth, o.farDepth)) };
  });
  if (o.occluder !== undefined) {
    const oc = o.occluder;
    const x = Math.round(bounceBetween(0, oc.speed, frameIndex, 0, Math.max(0, base.width - oc.width)));
    const target = base.rects[oc.row];
    const centreRow = target === undefined ? base.height / 2 : target.y + target.height / 2;
    const y = Math.min(Math.max(0, base.height - oc.height), Math.max(0, Math.round(centreRow - oc.height / 2)));
    rects.push({
      x,
      y,
      width: Math.min(oc.width, base.width),
      height: Math.min(oc.height, base.height),
      classIndex: oc.classIndex,
      depth: snapDepth(oc.depth),
    });
  }
  return { ...base, rects, camera: o.camera ?? defaultSceneCamera(base.width, base.height) };
}
