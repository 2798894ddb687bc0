/** Tiny builders for hand-made images and tensors used by the vision tests. */
import type { ImageLike, ImageView } from "../../../src/core/vision/image-view.ts";
import { toImageView } from "../../../src/core/vision/image-view.ts";

/**
 * Builds an image message from per-pixel byte tuples (row-major), adding `padding` junk bytes
 * (0xEE) after each row so tests notice when step is ignored.
 */
export function imageFromPixels(
  encoding: string,
  width: number,
  height: number,
  pixels: readonly (readonly number[])[],
  padding = 0,
): ImageLike {
  const bpp = pixels[0]?.length ?? 1;
  const step = width * bpp + padding;
  const data = new Uint8Array(step * height).fill(0xee);
  pixels.forEach((px, i) => {
    const y = Math.floor(i / width);
    const x = i % width;
    data.set(px, y * step + x * bpp);
  });
  return { width, height, encoding, is_bigendian: 0, step, data };
}

/** Builds a 4:2:2 image from macropixel byte quads (two pixels each), row-major. */
export function imageFromMacropixels(
  encoding: string,
  width: number,
  height: number,
  quads: readonly (readonly [number, number, number, number])[],
  padding = 0,
): ImageLike {
  const step = width * 2 + padding;
  const data = new Uint8Array(step * height).fill(0xee);
  const perRow = width / 2;
  quads.forEach((q, i) => data.set(q, Math.floor(i / perRow) * step + (i % perRow) * 4));
  return { width, height, encoding, is_bigendian: 0, step, data };
}

export function view(image: ImageLike): ImageView {
  const result = toImageView(image);
  if (!result.ok) throw new Error(`fixture image is invalid: ${result.error.message}`);
  return result.value;
}

/** Deterministic pseudo-random bytes (LCG) so failures reproduce. */
export function noise(length: number, seed = 1, lo = 0, hi = 255): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = lo + ((s >>> 16) % (hi - lo + 1));
  }
  return out;
}

/** Reads pixel (x, y) of a packed rgb8 buffer. */
export function rgbAt(data: Uint8Array, width: number, x: number, y: number): [number, number, number] {
  const o = (y * width + x) * 3;
  return [data[o]!, data[o + 1]!, data[o + 2]!];
}
