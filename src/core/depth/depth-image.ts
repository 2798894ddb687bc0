/**
 * sensor_msgs/Image for depth: what the depth node publishes (32FC1, metres, NaN = invalid, host
 * byte order) and a reader for what a depth consumer may receive (32FC1 in metres, or 16UC1 in
 * millimetres as depth cameras send it, 0 = invalid), as metres in a Float32Array.
 */
import type { Image } from "../../messages/sensor_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";

export const HOST_IS_BIG_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 0;

/** The 32FC1 image of a width × height depth map; `data` shares the map's memory. */
export function depthImageMessage(header: Header, depth: Float32Array, width: number, height: number): Image {
  if (depth.length !== width * height) throw new RangeError(`depth map holds ${depth.length} values, expected ${width}x${height}`);
  return {
    header,
    height,
    width,
    encoding: "32FC1",
    is_bigendian: HOST_IS_BIG_ENDIAN ? 1 : 0,
    step: width * 4,
    data: new Uint8Array(depth.buffer, depth.byteOffset, depth.byteLength),
  };
}

export interface DepthMap {
  readonly width: number;
  readonly height: number;
  /** Metres, row-major; NaN where the image has no depth (NaN, ±inf, ≤ 0, or 0 in 16UC1). */
  readonly depth: Float32Array;
}

export type DepthMapResult = { readonly ok: true; readonly value: DepthMap } | { readonly ok: false; readonly error: string };

/** Reads a 32FC1 (m) or 16UC1 (mm) depth image into metres; an error naming the problem otherwise. */
export function readDepthImage(image: Image): DepthMapResult {
  const { width, height, step, encoding } = image;
  const bytes = encoding === "32FC1" ? 4 : encoding === "16UC1" || encoding === "mono16" ? 2 : 0;
  if (bytes === 0) return { ok: false, error: `encoding '${encoding}' is not a depth encoding (32FC1 in metres or 16UC1 in millimetres)` };
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    return { ok: false, error: `size ${width}x${height} is empty` };
  }
  if (step < width * bytes)
    return { ok: false, error: `step ${step} is shorter than a row of ${width} ${encoding} pixels (${width * bytes} bytes)` };
  if (image.data.length < step * height)
    return { ok: false, error: `data holds ${image.data.length} bytes, step × height needs ${step * height}` };
  const view = new DataView(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const little = image.is_bigendian === 0;
  const depth = new Float32Array(width * height);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const at = v * step + u * bytes;
      const z = bytes === 4 ? view.getFloat32(at, little) : view.getUint16(at, little) / 1000;
      depth[v * width + u] = z > 0 && z !== Infinity ? z : Number.NaN;
    }
  }
  return { ok: true, value: { width, height, depth } };
}
