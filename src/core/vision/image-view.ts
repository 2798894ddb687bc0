/**
 * Validates a sensor_msgs/Image-shaped object into an ImageView the vision code can read
 * directly (no copy), and converts a view to packed rgb8.
 */
import { UYVY_LAYOUT, YUV_UB, YUV_UG, YUV_VG, YUV_VR, YUV_Y, YUYV_LAYOUT, type Yuv422Layout } from "./yuv.ts";

/** Canonical pixel encodings the vision core reads. */
export type PixelEncoding = "rgb8" | "bgr8" | "rgba8" | "bgra8" | "mono8" | "uyvy" | "yuyv";

/** Byte layout of one encoding. */
export interface EncodingLayout {
  readonly bytesPerPixel: number;
  /** Byte offsets of R, G, B inside a pixel (all 0 for mono8; unused for YUV). */
  readonly r: number;
  readonly g: number;
  readonly b: number;
  /** Set for the 4:2:2 encodings, where two pixels share one 4-byte macropixel. */
  readonly yuv?: Yuv422Layout;
}

export const ENCODING_LAYOUTS: Readonly<Record<PixelEncoding, EncodingLayout>> = {
  rgb8: { bytesPerPixel: 3, r: 0, g: 1, b: 2 },
  bgr8: { bytesPerPixel: 3, r: 2, g: 1, b: 0 },
  rgba8: { bytesPerPixel: 4, r: 0, g: 1, b: 2 },
  bgra8: { bytesPerPixel: 4, r: 2, g: 1, b: 0 },
  mono8: { bytesPerPixel: 1, r: 0, g: 0, b: 0 },
  uyvy: { bytesPerPixel: 2, r: 0, g: 0, b: 0, yuv: UYVY_LAYOUT },
  yuyv: { bytesPerPixel: 2, r: 0, g: 0, b: 0, yuv: YUYV_LAYOUT },
};

/** ROS encoding strings (sensor_msgs/image_encodings) accepted, mapped to their canonical encoding. */
const ENCODING_ALIASES: ReadonlyMap<string, PixelEncoding> = new Map<string, PixelEncoding>([
  ["rgb8", "rgb8"],
  ["bgr8", "bgr8"],
  ["rgba8", "rgba8"],
  ["bgra8", "bgra8"],
  ["mono8", "mono8"],
  ["yuv422", "uyvy"],
  ["uyvy", "uyvy"],
  ["yuv422_yuy2", "yuyv"],
  ["yuyv", "yuyv"],
]);

export const SUPPORTED_ENCODINGS: readonly string[] = [...ENCODING_ALIASES.keys()];

/** Encodings that are valid ROS images but carry more than 8 bits per channel. */
const WIDE_ENCODING = /^(mono16|rgb16|bgr16|rgba16|bgra16|16[US]C[1-4]|32[SF]C[1-4]|64FC[1-4])$/;
const BAYER_ENCODING = /^bayer_(rggb|bggr|gbrg|grbg)(8|16)$/;

export interface ImageView {
  readonly width: number;
  readonly height: number;
  readonly encoding: PixelEncoding;
  /** Full row length in bytes, including any padding. */
  readonly step: number;
  readonly bytesPerPixel: number;
  /** Exactly step × height bytes. */
  readonly data: Uint8Array;
}

/** The fields of sensor_msgs/Image that describe pixels. */
export interface ImageLike {
  readonly width: number;
  readonly height: number;
  readonly encoding: string;
  readonly is_bigendian?: number;
  readonly step: number;
  readonly data: Uint8Array;
}

export type ImageViewErrorCode =
  "invalid-field" | "unknown-encoding" | "unsupported-encoding" | "empty-image" | "odd-width" | "step-too-small" | "data-length-mismatch";

export interface ImageViewError {
  readonly code: ImageViewErrorCode;
  readonly message: string;
}

export type ImageViewResult = { readonly ok: true; readonly value: ImageView } | { readonly ok: false; readonly error: ImageViewError };

function fail(code: ImageViewErrorCode, message: string): ImageViewResult {
  return { ok: false, error: { code, message } };
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** Validates an image message; never throws, reports the first problem found. */
export function toImageView(image: ImageLike): ImageViewResult {
  const { width, height, step, data } = image;
  const encodingName: unknown = image.encoding;
  if (!isCount(width) || !isCount(height)) {
    return fail("invalid-field", `image width ${String(width)} and height ${String(height)} must be non-negative integers`);
  }
  if (!isCount(step)) {
    return fail("invalid-field", `image step ${String(step)} must be a non-negative integer (the row length in bytes)`);
  }
  if (!(data instanceof Uint8Array)) {
    return fail("invalid-field", "image data must be a Uint8Array of step × height bytes");
  }
  if (typeof encodingName !== "string") {
    return fail("invalid-field", `image encoding must be a string, one of: ${SUPPORTED_ENCODINGS.join(", ")}`);
  }
  const encoding = ENCODING_ALIASES.get(encodingName.toLowerCase());
  if (encoding === undefined) {
    if (WIDE_ENCODING.test(encodingName) || /^bayer_\w+16$/.test(encodingName)) {
      return fail(
        "unsupported-encoding",
        `image encoding "${encodingName}" has more than 8 bits per channel and is not supported for detection; ` +
          `publish an 8-bit colour image (${SUPPORTED_ENCODINGS.join(", ")})`,
      );
    }
    if (BAYER_ENCODING.test(encodingName)) {
      return fail(
        "unsupported-encoding",
        `image encoding "${encodingName}" is raw Bayer data and is not supported for detection; ` +
          `debayer it first (e.g. image_proc) or publish one of: ${SUPPORTED_ENCODINGS.join(", ")}`,
      );
    }
    return fail(
      "unknown-encoding",
      `image encoding "${encodingName}" is not known; supported encodings are: ${SUPPORTED_ENCODINGS.join(", ")}`,
    );
  }
  if (width === 0 || height === 0) {
    return fail("empty-image", `image is empty (width ${width}, height ${height}); the publisher must send at least one pixel`);
  }
  const layout = ENCODING_LAYOUTS[encoding];
  if (layout.yuv !== undefined && width % 2 !== 0) {
    return fail(
      "odd-width",
      `image width ${width} is odd, but ${encodingName} packs pixels in pairs; the publisher must use an even width`,
    );
  }
  const rowBytes = width * layout.bytesPerPixel;
  if (step < rowBytes) {
    return fail(
      "step-too-small",
      `image step ${step} is smaller than width×${layout.bytesPerPixel} = ${rowBytes} for ${encodingName}; ` +
        "the publisher must set step to the full row length in bytes",
    );
  }
  const expected = step * height;
  if (data.length !== expected) {
    return fail(
      "data-length-mismatch",
      `image data has ${data.length} bytes but step×height = ${step}×${height} = ${expected}; ` +
        "sensor_msgs/Image requires exactly step×height bytes",
    );
  }
  return { ok: true, value: { width, height, encoding, step, bytesPerPixel: layout.bytesPerPixel, data } };
}

/** A tightly packed rgb8 image. */
export interface Rgb8Image {
  readonly width: number;
  readonly height: number;
  /** width × height × 3 bytes, R G B. */
  readonly data: Uint8Array;
}

/**
 * Converts a view to packed rgb8. Tightly packed rgb8 input is returned as is (same bytes,
 * no copy): callers that mutate the result must copy first.
 */
export function toRgb8(view: ImageView): Rgb8Image {
  const { width, height, step, data } = view;
  const rowBytes = width * 3;
  if (view.encoding === "rgb8" && step === rowBytes) return { width, height, data };
  const out = new Uint8Array(rowBytes * height);
  const layout = ENCODING_LAYOUTS[view.encoding];
  if (layout.yuv !== undefined) {
    yuvRowsToRgb(view, layout.yuv, out);
    return { width, height, data: out };
  }
  const bpp = layout.bytesPerPixel;
  const { r, g, b } = layout;
  // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes past the row into bytes the next row (or nothing, past the end) overwrites
  for (let y = 0; y < height; y++) {
    let s = y * step;
    let d = y * rowBytes;
    const end = d + rowBytes;
    // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes past the row into bytes the next row (or nothing, past the end) overwrites
    while (d < end) {
      out[d] = data[s + r]!;
      out[d + 1] = data[s + g]!;
      out[d + 2] = data[s + b]!;
      s += bpp;
      d += 3;
    }
  }
  return { width, height, data: out };
}

function yuvRowsToRgb(view: ImageView, layout: Yuv422Layout, out: Uint8Array): void {
  const { width, height, step, data } = view;
  // Writing through a clamped view rounds and saturates the out-of-gamut values of the YUV formula.
  const clamped = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  const { y0: yo, u: uo, v: vo } = layout;
  // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes past the row into bytes the next row (or nothing, past the end) overwrites
  for (let y = 0; y < height; y++) {
    let s = y * step;
    let d = y * width * 3;
    // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes past the row into bytes the next row (or nothing, past the end) overwrites
    for (let x = 0; x < width; x += 2) {
      const du = data[s + uo]! - 128;
      const dv = data[s + vo]! - 128;
      const cr = YUV_VR * dv;
      const cg = -YUV_UG * du - YUV_VG * dv;
      const cb = YUV_UB * du;
      let c = YUV_Y * (data[s + yo]! - 16);
      clamped[d] = (c + cr) / 256;
      clamped[d + 1] = (c + cg) / 256;
      clamped[d + 2] = (c + cb) / 256;
      c = YUV_Y * (data[s + yo + 2]! - 16);
      clamped[d + 3] = (c + cr) / 256;
      clamped[d + 4] = (c + cg) / 256;
      clamped[d + 5] = (c + cb) / 256;
      s += 4;
      d += 6;
    }
  }
}
