/**
 * Synthetic scenes: solid axis-aligned rectangles in class colours on a dark background,
 * deterministic from a seed, with exact ground truth. The standalone runner and tests use them
 * as a camera whose right answers are known.
 */
import { z } from "zod";
import type { GroundTruthObject } from "../../ports/image-source.ts";
import { syntheticDetectorLimits, resolveSyntheticDetectorOptions } from "./detector-model.ts";
import type { SyntheticDetectorLimits, SyntheticDetectorOptions } from "./detector-model.ts";
import { BACKGROUND_RGB, SYNTHETIC_CLASSES, syntheticClass } from "./palette.ts";
import type { Rgb } from "./palette.ts";
import { SeededRandom } from "./seeded-random.ts";

/** A rectangle covering pixel columns x..x+width−1 and rows y..y+height−1. */
export interface SceneRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly classIndex: number;
}

export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly background: Rgb;
  readonly rects: readonly SceneRect[];
}

export interface RenderOptions {
  /** Output size; defaults to the scene's own. Rectangles are scaled to it (edges rounded to whole pixels). */
  readonly width?: number;
  readonly height?: number;
  readonly encoding?: "rgb8";
}

/** A tightly packed frame, field-compatible with sensor_msgs/Image minus the header. */
export interface RenderedFrame {
  readonly width: number;
  readonly height: number;
  readonly encoding: "rgb8";
  readonly step: number;
  readonly data: Uint8Array;
}

interface PixelRect {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly classIndex: number;
}

function scaledRects(scene: Scene, width: number, height: number): PixelRect[] {
  const sx = width / scene.width;
  const sy = height / scene.height;
  return scene.rects.map((r) => ({
    x1: Math.round(r.x * sx),
    y1: Math.round(r.y * sy),
    x2: Math.round((r.x + r.width) * sx),
    y2: Math.round((r.y + r.height) * sy),
    classIndex: r.classIndex,
  }));
}

function outputSize(scene: Scene, options: RenderOptions): { width: number; height: number } {
  const width = options.width ?? scene.width;
  const height = options.height ?? scene.height;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`render size ${width}x${height} must be positive integers`);
  }
  return { width, height };
}

export function renderScene(scene: Scene, options: RenderOptions = {}): RenderedFrame {
  const encoding = options.encoding ?? "rgb8";
  if (encoding !== "rgb8") throw new RangeError(`renderScene: encoding "${String(encoding)}" is not supported; use "rgb8"`);
  const { width, height } = outputSize(scene, options);
  const data = new Uint8Array(width * height * 3);
  const [br, bg, bb] = scene.background;
  // Stryker disable next-line EqualityOperator: equivalent, writes at data.length fall outside the typed array and are ignored
  for (let i = 0; i < data.length; i += 3) {
    data[i] = br;
    data[i + 1] = bg;
    data[i + 2] = bb;
  }
  for (const r of scaledRects(scene, width, height)) {
    const [cr, cg, cb] = syntheticClass(r.classIndex).rgb;
    const x1 = Math.max(0, r.x1);
    const x2 = Math.min(width, r.x2);
    for (let y = Math.max(0, r.y1); y < Math.min(height, r.y2); y++) {
      for (let i = (y * width + x1) * 3, end = (y * width + x2) * 3; i < end; i += 3) {
        data[i] = cr;
        data[i + 1] = cg;
        data[i + 2] = cb;
      }
    }
  }
  return { width, height, encoding, step: width * 3, data };
}

/** The boxes a perfect detector reports for `renderScene(scene, options)`, in that frame's pixels. */
export function sceneGroundTruth(scene: Scene, options: RenderOptions = {}): GroundTruthObject[] {
  const { width, height } = outputSize(scene, options);
  return scaledRects(scene, width, height).map((r) => ({
    box: { x1: r.x1, y1: r.y1, x2: r.x2, y2: r.y2 },
    classIndex: r.classIndex,
    label: syntheticClass(r.classIndex).label,
  }));
}

export type SceneCheck = { readonly ok: true } | { readonly ok: false; readonly error: string };

function gapBetween(a1: number, a2: number, b1: number, b2: number): number {
  // Pixels strictly between [a1, a2) and [b1, b2); negative when they overlap.
  return Math.max(b1 - a2, a1 - b2);
}

/**
 * Checks that a scene is inside its frame, has no overlapping or touching rectangles and, when
 * `limits` are given (in scene pixels), respects the synthetic detector's limits.
 */
export function checkScene(scene: Scene, limits?: SyntheticDetectorLimits): SceneCheck {
  const fail = (error: string): SceneCheck => ({ ok: false, error });
  for (const [i, r] of scene.rects.entries()) {
    const name = `rect ${i} (${r.x},${r.y} ${r.width}x${r.height})`;
    if (![r.x, r.y, r.width, r.height].every(Number.isInteger)) return fail(`${name}: coordinates must be integers`);
    if (SYNTHETIC_CLASSES[r.classIndex] === undefined) return fail(`${name}: unknown class index ${r.classIndex}`);
    if (r.width <= 0 || r.height <= 0) return fail(`${name}: empty`);
    if (r.x < 0 || r.y < 0 || r.x + r.width > scene.width || r.y + r.height > scene.height) {
      return fail(`${name}: leaves the ${scene.width}x${scene.height} frame`);
    }
    if (limits && (Math.min(r.width, r.height) < limits.minSize || Math.max(r.width, r.height) > limits.maxSize)) {
      return fail(`${name}: sides must be within ${limits.minSize}..${limits.maxSize} px for the detector`);
    }
  }
  const minGap = limits?.minGap ?? 1;
  // Stryker disable next-line EqualityOperator: equivalent, at i = length the inner loop (from i + 1) has nothing to visit
  for (let i = 0; i < scene.rects.length; i++) {
    for (let j = i + 1; j < scene.rects.length; j++) {
      const a = scene.rects[i] as SceneRect;
      const b = scene.rects[j] as SceneRect;
      const gx = gapBetween(a.x, a.x + a.width, b.x, b.x + b.width);
      const gy = gapBetween(a.y, a.y + a.height, b.y, b.y + b.height);
      if (Math.max(gx, gy) < minGap) return fail(`rects ${i} and ${j} overlap or are closer than ${minGap} px`);
      if (limits && a.classIndex === b.classIndex) {
        if ((gy < 0 && gx <= limits.sameClassGap) || (gx < 0 && gy <= limits.sameClassGap)) {
          return fail(`rects ${i} and ${j} share class ${a.classIndex} and a row or column within ${limits.sameClassGap} px`);
        }
      }
    }
  }
  return { ok: true };
}

export const MovingSceneOptionsSchema = z.object({
  width: z.number().int().positive().default(640),
  height: z.number().int().positive().default(480),
  /** Rectangles per frame, each a different class. */
  objects: z.number().int().min(0).max(SYNTHETIC_CLASSES.length).default(4),
  /** Largest step per frame, in pixels, along each axis. */
  maxSpeed: z.number().int().min(0).default(6),
  /** Rectangle sides in frame pixels; default to what the detector handles once letterboxed to its input. */
  minSize: z.number().int().positive().optional(),
  maxSize: z.number().int().positive().optional(),
  /** The detector the scenes must suit (its input size sets the letterbox scale). */
  detector: z.custom<SyntheticDetectorOptions>((v) => typeof v === "object" && v !== null).default({}),
});
export type MovingSceneOptions = z.input<typeof MovingSceneOptionsSchema>;

/** Gap kept between neighbouring lanes so rectangles never touch (and never blend when resized). */
const LANE_GAP = 4;

/** Where a point moving at constant speed on [0, span] ends up after bouncing off both ends. */
function bounce(position: number, span: number): number {
  if (span <= 0) return 0;
  const period = 2 * span;
  const m = ((position % period) + period) % period;
  // Stryker disable next-line EqualityOperator: equivalent, at m = span both branches give span
  return m <= span ? m : period - m;
}

/**
 * Rectangle side limits, in frame pixels, for scenes of `width`x`height` that get letterboxed
 * into the detector's input (1 px of margin for resize blur on each limit).
 */
export function sceneSizeLimits(
  width: number,
  height: number,
  detector: SyntheticDetectorOptions = {},
): { minSize: number; maxSize: number } {
  const d = resolveSyntheticDetectorOptions(detector);
  const limits = syntheticDetectorLimits(d);
  const scale = Math.min(d.inputWidth / width, d.inputHeight / height);
  return { minSize: Math.ceil((limits.minSize + 1) / scale), maxSize: Math.floor((limits.maxSize - 1) / scale) };
}

/**
 * Frame `frameIndex` of a moving-rectangles sequence. Each rectangle keeps its class and size
 * and bounces inside its own lane (the frame is split into a grid of lanes), so rectangles never
 * overlap, never leave the frame, and can touch the frame's edges.
 */
export function sceneAtFrame(seed: number, frameIndex: number, options: MovingSceneOptions = {}): Scene {
  const parsed = MovingSceneOptionsSchema.safeParse(options);
  if (!parsed.success) {
    // Stryker disable next-line StringLiteral: equivalent, the schema is flat, so no issue path has two parts to join
    const pathOf = (path: readonly PropertyKey[]): string => path.join(".");
    const detail = parsed.error.issues.map((i) => `${pathOf(i.path) || "options"}: ${i.message}`).join("; ");
    throw new RangeError(`invalid moving scene options: ${detail}`);
  }
  if (!Number.isInteger(frameIndex) || frameIndex < 0) {
    throw new RangeError(`frame index ${frameIndex} must be a non-negative integer`);
  }
  const o = parsed.data;
  const detectorLimits = sceneSizeLimits(o.width, o.height, o.detector);
  const minSize = o.minSize ?? detectorLimits.minSize;
  const maxSize = o.maxSize ?? detectorLimits.maxSize;
  if (minSize < detectorLimits.minSize || maxSize > detectorLimits.maxSize || minSize > maxSize) {
    throw new RangeError(
      `moving scene sizes ${minSize}..${maxSize} px must lie within the detector's ${detectorLimits.minSize}..${detectorLimits.maxSize} px for a ${o.width}x${o.height} frame`,
    );
  }

  const laneColumns = Math.max(1, Math.ceil(Math.sqrt(o.objects)));
  const laneRows = Math.max(1, Math.ceil(o.objects / laneColumns));
  const random = new SeededRandom(seed);
  const classes = random.permutation(SYNTHETIC_CLASSES.length);
  const rects: SceneRect[] = [];
  for (let k = 0; k < o.objects; k++) {
    const col = k % laneColumns;
    const row = Math.floor(k / laneColumns);
    // Inner lane edges are pulled in by half the gap; outer edges stay on the frame border.
    const left = Math.round((col * o.width) / laneColumns) + (col > 0 ? LANE_GAP / 2 : 0);
    const right = Math.round(((col + 1) * o.width) / laneColumns) - (col < laneColumns - 1 ? LANE_GAP / 2 : 0);
    const top = Math.round((row * o.height) / laneRows) + (row > 0 ? LANE_GAP / 2 : 0);
    const bottom = Math.round(((row + 1) * o.height) / laneRows) - (row < laneRows - 1 ? LANE_GAP / 2 : 0);
    const laneWidth = right - left;
    const laneHeight = bottom - top;
    if (laneWidth < minSize || laneHeight < minSize) {
      throw new RangeError(
        `a ${o.width}x${o.height} frame is too small for ${o.objects} objects of at least ${minSize} px; use fewer objects or a larger frame`,
      );
    }
    const width = random.int(minSize, Math.min(maxSize, laneWidth));
    const height = random.int(minSize, Math.min(maxSize, laneHeight));
    const startX = random.int(0, laneWidth - width);
    const startY = random.int(0, laneHeight - height);
    const speedX = random.int(-o.maxSpeed, o.maxSpeed);
    const speedY = random.int(-o.maxSpeed, o.maxSpeed);
    rects.push({
      x: left + bounce(startX + speedX * frameIndex, laneWidth - width),
      y: top + bounce(startY + speedY * frameIndex, laneHeight - height),
      width,
      height,
      classIndex: classes[k] as number,
    });
  }
  return { width: o.width, height: o.height, background: BACKGROUND_RGB, rects };
}
