/**
 * Decodes JPEG or PNG bytes to packed rgb8 pixels. The container is recognised by its magic
 * bytes; a format hint (a file name or a CompressedImage `format`) only serves error messages and
 * the case where the bytes carry no known signature.
 */
import jpeg from "jpeg-js";
import { PNG } from "pngjs";

export interface Rgb8Pixels {
  width: number;
  height: number;
  /** width * height * 3 bytes, rows packed. */
  data: Uint8Array;
}

export type ImageContainer = "jpeg" | "png";

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The container named by the bytes' signature, if any. */
export function containerOfBytes(bytes: Uint8Array): ImageContainer | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return "png";
  return undefined;
}

/** The container a format string or file name names: "jpeg", "rgb8; jpeg compressed bgr8", "x.PNG" ... */
export function containerOfHint(hint: string): ImageContainer | undefined {
  const lower = hint.toLowerCase();
  if (/\bjpe?g\b/.test(lower)) return "jpeg";
  if (/\bpng\b/.test(lower)) return "png";
  return undefined;
}

function rgbaToRgb(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const pixels = width * height;
  const rgb = new Uint8Array(pixels * 3);
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += 4, o += 3) {
    rgb[o] = rgba[i]!;
    rgb[o + 1] = rgba[i + 1]!;
    rgb[o + 2] = rgba[i + 2]!;
  }
  return rgb;
}

function decodeJpeg(bytes: Uint8Array): Rgb8Pixels {
  const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
  return { width: decoded.width, height: decoded.height, data: decoded.data };
}

function decodePng(bytes: Uint8Array): Rgb8Pixels {
  // pngjs expands every colour type and bit depth to 8-bit RGBA.
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: png.width, height: png.height, data: rgbaToRgb(png.data, png.width, png.height) };
}

/** JPEG or PNG bytes → rgb8 pixels. `hint` names the source in errors (a file, or a format string). */
export function decodeImageBytes(bytes: Uint8Array, hint: string): DecodeResult<Rgb8Pixels> {
  const container = containerOfBytes(bytes) ?? containerOfHint(hint);
  if (container === undefined) {
    return { ok: false, error: `${hint}: not a JPEG or PNG image (no JPEG/PNG signature; only jpeg and png are supported)` };
  }
  try {
    const pixels = container === "jpeg" ? decodeJpeg(bytes) : decodePng(bytes);
    if (pixels.width === 0 || pixels.height === 0) return { ok: false, error: `${hint}: ${container} image has no pixels` };
    return { ok: true, value: pixels };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, error: `${hint}: corrupt ${container} data (${reason})` };
  }
}
