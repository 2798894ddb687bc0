/**
 * An organized sensor_msgs/PointCloud2 from a depth image and its intrinsics: one point per kept
 * pixel (every `decimation`-th column and row, starting at 0), in the camera optical frame
 * (x right, y down, z forward, metres): x = (u − cx) · z / fx, y = (v − cy) · z / fy. An invalid
 * depth gives a NaN point (and is_dense false), as depth_image_proc does. With colours, each point
 * carries `rgb` the way PCL packs it: the bytes 0x00RRGGBB of a uint32 read as a float32.
 * Each call writes a new `data` buffer: the published cloud owns it (subscribers may hold it past
 * the next frame).
 */
import { PointFieldDatatype, type PointCloud2, type PointField } from "../../messages/sensor_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";
import type { Intrinsics } from "./intrinsics.ts";

export interface PointCloudOptions {
  /** Keep every n-th column and row (1 = every pixel). */
  readonly decimation?: number;
  /** rgb8 pixels of the same size as the depth image, tightly packed (width × 3 per row). */
  readonly rgb?: Uint8Array;
}

const HOST_IS_BIG_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 0;

const XYZ_FIELDS: readonly PointField[] = [
  { name: "x", offset: 0, datatype: PointFieldDatatype.FLOAT32, count: 1 },
  { name: "y", offset: 4, datatype: PointFieldDatatype.FLOAT32, count: 1 },
  { name: "z", offset: 8, datatype: PointFieldDatatype.FLOAT32, count: 1 },
];
const RGB_FIELD: PointField = { name: "rgb", offset: 12, datatype: PointFieldDatatype.FLOAT32, count: 1 };

/** The PCL packing of a colour: the uint32 0x00RRGGBB whose bytes, read as a float32, are the `rgb` field. */
export function packRgb(r: number, g: number, b: number): number {
  return ((r & 0xff) << 16) | ((g & 0xff) << 8) | (b & 0xff);
}

export function pointCloudFromDepth(
  depth: Float32Array,
  width: number,
  height: number,
  k: Intrinsics,
  header: Header,
  options: PointCloudOptions = {},
): PointCloud2 {
  const n = options.decimation ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`decimation ${n} must be a positive integer`);
  if (depth.length !== width * height) throw new RangeError(`depth image holds ${depth.length} values, expected ${width}x${height}`);
  const rgb = options.rgb;
  if (rgb !== undefined && rgb.length !== width * height * 3) {
    throw new RangeError(`colour image holds ${rgb.length} bytes, expected ${width}x${height}x3`);
  }
  const cols = Math.ceil(width / n);
  const rows = Math.ceil(height / n);
  const floatsPerPoint = rgb === undefined ? 3 : 4;
  const pointStep = floatsPerPoint * 4;
  const bytes = new Uint8Array(cols * rows * pointStep);
  const out = new Float32Array(bytes.buffer);
  const packed = new Uint32Array(bytes.buffer);
  // Per-column and per-row ray slopes, so the inner loop is two multiplies per point.
  const rayX = new Float32Array(cols);
  // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes rayX[cols], past its end, where typed-array writes are dropped
  for (let j = 0; j < cols; j++) rayX[j] = (j * n - k.cx) / k.fx;
  let dense = true;
  let o = 0;
  // Stryker disable next-line EqualityOperator: equivalent, an extra row lies past the depth image (undefined, not NaN) and its points past the end of the cloud, where writes are dropped
  for (let i = 0; i < rows; i++) {
    const v = i * n;
    const rayY = (v - k.cy) / k.fy;
    const row = v * width;
    for (let j = 0; j < cols; j++, o += floatsPerPoint) {
      const z = depth[row + j * n] as number;
      // A NaN depth gives NaN x and y too.
      out[o] = (rayX[j] as number) * z;
      out[o + 1] = rayY * z;
      out[o + 2] = z;
      if (z !== z) dense = false;
    }
  }
  if (rgb !== undefined) {
    // Stryker disable next-line EqualityOperator: equivalent, an extra row's colours would go past the end of the cloud, where writes are dropped
    for (let i = 0, p = 3; i < rows; i++) {
      const row = i * n * width;
      for (let j = 0; j < cols; j++, p += 4) {
        const q = (row + j * n) * 3;
        packed[p] = ((rgb[q] as number) << 16) | ((rgb[q + 1] as number) << 8) | (rgb[q + 2] as number);
      }
    }
  }
  return {
    header,
    height: rows,
    width: cols,
    fields: rgb === undefined ? [...XYZ_FIELDS] : [...XYZ_FIELDS, RGB_FIELD],
    is_bigendian: HOST_IS_BIG_ENDIAN,
    point_step: pointStep,
    row_step: cols * pointStep,
    data: bytes,
    is_dense: dense,
  };
}
