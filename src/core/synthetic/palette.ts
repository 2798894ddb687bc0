/**
 * The classes the synthetic detector knows: one solid colour each.
 *
 * Class index order (what the detector's score channels and `classIndex` mean):
 *
 * | index | label     | colour (r,g,b)   | COCO class id (0-based) |
 * |-------|-----------|------------------|-------------------------|
 * | 0     | person    | (230, 50, 50)    | 0                       |
 * | 1     | bicycle   | (50, 200, 60)    | 1                       |
 * | 2     | car       | (40, 60, 230)    | 2                       |
 * | 3     | dog       | (235, 220, 50)   | 16                      |
 * | 4     | bottle    | (40, 215, 215)   | 39                      |
 * | 5     | chair     | (210, 60, 220)   | 56                      |
 *
 * The labels reuse COCO names so logs and dashboards read naturally, but the indices are the
 * synthetic detector's own: a consumer must label its output with `SYNTHETIC_LABELS`, not the
 * 80-entry COCO list.
 *
 * Matching rule (the ONNX synthetic detector implements the same): each class has a tolerance, half
 * its colour's distance (sum of per-channel differences) from the background, capped at 3/4 of its
 * distance from the letterbox grey. A pixel belongs to the class with the smallest
 * distance ÷ tolerance (ties to the lower index), if that ratio is below 1.
 * So a pixel blended from a class colour and the background (a resized edge) counts about when it
 * is more than 50 % class colour (57 % for chair, whose cap applies), which keeps resized boxes
 * within about half a pixel per edge. Dividing by the tolerance stops a darkened bright colour
 * (yellow) from landing nearer to another class; the cap stops colours blended with the letterbox
 * grey from matching another class. Neither the background nor the grey matches any class.
 */

export type Rgb = readonly [number, number, number];

export interface SyntheticClass {
  readonly index: number;
  readonly label: string;
  readonly rgb: Rgb;
  /** The same object's id in the 80-class COCO order, for cross-referencing only. */
  readonly cocoClassId: number;
  /** Largest colour distance (exclusive) at which a pixel still matches this class. */
  readonly tolerance: number;
}

/** Dark scene background; matches no class. */
export const BACKGROUND_RGB: Rgb = [16, 16, 16];

/** Ultralytics/Hailo letterbox padding; matches no class. */
export const LETTERBOX_RGB: Rgb = [114, 114, 114];

export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);
}

const defineClass = (index: number, label: string, rgb: Rgb, cocoClassId: number): SyntheticClass => ({
  index,
  label,
  rgb,
  cocoClassId,
  tolerance: Math.min(colourDistance(rgb, BACKGROUND_RGB) / 2, (colourDistance(rgb, LETTERBOX_RGB) * 3) / 4),
});

export const SYNTHETIC_CLASSES: readonly SyntheticClass[] = [
  defineClass(0, "person", [230, 50, 50], 0),
  defineClass(1, "bicycle", [50, 200, 60], 1),
  defineClass(2, "car", [40, 60, 230], 2),
  defineClass(3, "dog", [235, 220, 50], 16),
  defineClass(4, "bottle", [40, 215, 215], 39),
  defineClass(5, "chair", [210, 60, 220], 56),
];

/** Labels in detector class-index order. */
export const SYNTHETIC_LABELS: readonly string[] = SYNTHETIC_CLASSES.map((c) => c.label);

/**
 * One tolerance safe for every class: all class colours are more than twice this apart, and the
 * background and letterbox grey are farther than this from all of them. For rules that take a
 * single distance (the simulated accelerator's colour rule); the ONNX detector uses the per-class rule.
 */
export const COLOUR_MATCH_TOLERANCE = 70;

/** The class a pixel colour matches under the detector's rule, or undefined. */
export function classOfColour(rgb: Rgb): SyntheticClass | undefined {
  let nearest: SyntheticClass | undefined;
  let nearestRatio = Infinity;
  for (const c of SYNTHETIC_CLASSES) {
    const ratio = colourDistance(c.rgb, rgb) / c.tolerance;
    if (ratio < nearestRatio) {
      nearest = c;
      nearestRatio = ratio;
    }
  }
  return nearestRatio < 1 ? nearest : undefined;
}

export function syntheticClass(index: number): SyntheticClass {
  const found = SYNTHETIC_CLASSES[index];
  if (found === undefined) {
    throw new RangeError(`synthetic class index ${index} is out of range 0..${SYNTHETIC_CLASSES.length - 1}`);
  }
  return found;
}
