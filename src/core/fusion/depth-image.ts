/**
 * A sensor_msgs/Image of depth, read without copying where its layout allows: 32FC1 in metres
 * (our depth node, most drivers' float output) or 16UC1 in millimetres (RealSense, OAK, Kinect
 * raw depth: value × 0.001 m, the REP 118 convention). 0, NaN, ±∞ and negative values are no
 * measurement. Row padding (`step` > width × 4 or × 2) and big-endian data are honoured.
 */
import type { Image } from "../../messages/sensor_msgs.ts";

/** What one 16UC1 unit is, in metres (REP 118: millimetres). */
export const MILLIMETRE_DEPTH_SCALE = 0.001;

export interface DepthView {
  readonly width: number;
  readonly height: number;
  readonly encoding: "32FC1" | "16UC1";
  /** Raw values, row r starting at r × stride: metres (32FC1) or millimetres (16UC1). */
  readonly values: Float32Array | Uint16Array;
  /** Elements between row starts. */
  readonly stride: number;
  /** Metres per raw unit. */
  readonly scale: number;
}

export type DepthViewResult = { readonly ok: true; readonly value: DepthView } | { readonly ok: false; readonly error: string };

export const DEPTH_ENCODINGS = ["32FC1", "16UC1"] as const;

/** The depth in metres at pixel (x, y), NaN when there is no measurement. */
export function depthAt(view: DepthView, x: number, y: number): number {
  const raw = view.values[y * view.stride + x]!;
  const metres = raw * view.scale;
  return metres > 0 && metres < Infinity ? metres : NaN;
}

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Checks the image and wraps its bytes; `topic` names the input in errors. */
export function depthViewOf(image: Image, topic: string, scaleOf16UC1 = MILLIMETRE_DEPTH_SCALE): DepthViewResult {
  const { width, height, step, encoding } = image;
  const bytesPerValue = encoding === "32FC1" ? 4 : encoding === "16UC1" || encoding === "mono16" ? 2 : 0;
  if (bytesPerValue === 0) {
    return {
      ok: false,
      error: `${topic}: encoding "${encoding}" is not depth; publish 32FC1 (metres) or 16UC1 (millimetres)`,
    };
  }
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    return { ok: false, error: `${topic}: size ${width} × ${height} is empty` };
  }
  if (step < width * bytesPerValue || step % bytesPerValue !== 0) {
    return {
      ok: false,
      error: `${topic}: step ${step} does not hold ${width} ${encoding} values per row (needs ≥ ${width * bytesPerValue}, a multiple of ${bytesPerValue})`,
    };
  }
  const needed = step * (height - 1) + width * bytesPerValue;
  if (image.data.byteLength < needed) {
    return {
      ok: false,
      error: `${topic}: data has ${image.data.byteLength} bytes, ${width} × ${height} ${encoding} with step ${step} needs ${needed}`,
    };
  }
  const stride = step / bytesPerValue;
  const count = stride * (height - 1) + width;
  const sameEndian = (image.is_bigendian !== 0) !== hostIsLittleEndian;
  const data = image.data;
  let values: Float32Array | Uint16Array;
  if (sameEndian && data.byteOffset % bytesPerValue === 0) {
    values =
      bytesPerValue === 4 ? new Float32Array(data.buffer, data.byteOffset, count) : new Uint16Array(data.buffer, data.byteOffset, count);
  } else {
    // Unaligned (e.g. inside a received CDR buffer) or foreign byte order: one copy.
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const little = image.is_bigendian === 0;
    if (bytesPerValue === 4) {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, little);
      values = out;
    } else {
      const out = new Uint16Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getUint16(i * 2, little);
      values = out;
    }
  }
  return {
    ok: true,
    value: {
      width,
      height,
      encoding: bytesPerValue === 4 ? "32FC1" : "16UC1",
      values,
      stride,
      scale: bytesPerValue === 4 ? 1 : scaleOf16UC1,
    },
  };
}
