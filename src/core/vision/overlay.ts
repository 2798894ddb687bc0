/**
 * Draws detections onto an rgb8 image for a debug/overlay topic: a box outline per detection in
 * a colour per class and a "label score" tag on a filled strip, all clipped to the image.
 */
import type { Detection } from "./detection.ts";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from "./font-5x7.ts";
import type { Rgb8Image } from "./image-view.ts";

export type Rgb = readonly [number, number, number];

export interface OverlayOptions {
  /** Outline width in pixels, drawn inside the box. Default 2. */
  readonly thickness?: number;
  /** Integer magnification of the 5×7 font. Default 1. */
  readonly fontScale?: number;
  /** Append the score with two decimals. Default true. */
  readonly showScore?: boolean;
  /** Colour for a class; default spreads hues by the golden angle so neighbouring classes differ. */
  readonly colorOf?: (classIndex: number) => Rgb;
}

/** A saturated colour per class, hues spaced by the golden ratio of a turn. */
export function classColor(classIndex: number): Rgb {
  const hue = (((classIndex * 0.618033988749895) % 1) + 1) % 1;
  const s = 0.85;
  const v = 0.95;
  const sector = Math.floor(hue * 6);
  const f = hue * 6 - sector;
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  const [r, g, b] = [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ][sector % 6]!;
  return [Math.round(r! * 255), Math.round(g! * 255), Math.round(b! * 255)];
}

/** The text drawn for one detection. */
export function detectionLabel(detection: Detection, labels: readonly string[], showScore = true): string {
  const name = labels[detection.classIndex] ?? `class ${detection.classIndex}`;
  return showScore ? `${name} ${detection.score.toFixed(2)}` : name;
}

/** Returns a new rgb8 image; the input is not modified. */
export function drawDetections(
  rgb: Rgb8Image,
  detections: readonly Detection[],
  labels: readonly string[],
  options: OverlayOptions = {},
): Rgb8Image {
  const { width, height } = rgb;
  if (rgb.data.length !== width * height * 3) {
    throw new RangeError(
      `overlay image data has ${rgb.data.length} bytes but ${width}×${height} rgb8 needs ${width * height * 3}; pass a packed rgb8 image (toRgb8)`,
    );
  }
  const thickness = Math.max(1, Math.floor(options.thickness ?? 2));
  const fontScale = Math.max(1, Math.floor(options.fontScale ?? 1));
  const colorOf = options.colorOf ?? classColor;
  const canvas = new Canvas(width, height, rgb.data.slice());
  for (const d of detections) {
    const { x1, y1, x2, y2 } = d.box;
    if (![x1, y1, x2, y2].every(Number.isFinite)) continue;
    // Continuous coordinates to inclusive pixel indices: pixel i spans [i, i+1).
    const left = Math.floor(x1);
    const top = Math.floor(y1);
    const right = Math.ceil(x2) - 1;
    const bottom = Math.ceil(y2) - 1;
    if (right < left || bottom < top) continue;
    if (right < 0 || bottom < 0 || left >= width || top >= height) continue;
    const color = colorOf(d.classIndex);
    canvas.fillRect(left, top, right, Math.min(bottom, top + thickness - 1), color);
    canvas.fillRect(left, Math.max(top, bottom - thickness + 1), right, bottom, color);
    canvas.fillRect(left, top, Math.min(right, left + thickness - 1), bottom, color);
    canvas.fillRect(Math.max(left, right - thickness + 1), top, right, bottom, color);
    canvas.drawTag(detectionLabel(d, labels, options.showScore ?? true), left, top, color, fontScale);
  }
  return { width, height, data: canvas.data };
}

class Canvas {
  readonly #width: number;
  readonly #height: number;
  readonly data: Uint8Array;

  constructor(width: number, height: number, data: Uint8Array) {
    this.#width = width;
    this.#height = height;
    this.data = data;
  }

  /** Fills the inclusive rectangle, clipped to the image. */
  fillRect(x0: number, y0: number, x1: number, y1: number, [r, g, b]: Rgb): void {
    const left = Math.max(0, x0);
    const right = Math.min(this.#width - 1, x1);
    const top = Math.max(0, y0);
    const bottom = Math.min(this.#height - 1, y1);
    for (let y = top; y <= bottom; y++) {
      let o = (y * this.#width + left) * 3;
      for (let x = left; x <= right; x++, o += 3) {
        this.data[o] = r;
        this.data[o + 1] = g;
        this.data[o + 2] = b;
      }
    }
  }

  /**
   * A filled strip with the text, just above the box's top-left corner, or inside the box when
   * there is no room above; shifted left to stay on the image where possible.
   */
  drawTag(text: string, boxLeft: number, boxTop: number, background: Rgb, scale: number): void {
    const advance = (GLYPH_WIDTH + 1) * scale;
    const stripW = text.length * advance + scale;
    const stripH = (GLYPH_HEIGHT + 2) * scale;
    const x = Math.max(0, Math.min(boxLeft, this.#width - stripW));
    const y = boxTop - stripH >= 0 ? boxTop - stripH : Math.max(0, boxTop);
    this.fillRect(x, y, x + stripW - 1, y + stripH - 1, background);
    const luma = 0.299 * background[0] + 0.587 * background[1] + 0.114 * background[2];
    const ink: Rgb = luma > 140 ? [0, 0, 0] : [255, 255, 255];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const gx = x + scale + i * advance;
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (!glyphPixel(code, col, row)) continue;
          const px = gx + col * scale;
          const py = y + scale + row * scale;
          this.fillRect(px, py, px + scale - 1, py + scale - 1, ink);
        }
      }
    }
  }
}
