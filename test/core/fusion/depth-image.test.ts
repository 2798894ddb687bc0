import assert from "node:assert/strict";
import { depthAt, depthViewOf, MILLIMETRE_DEPTH_SCALE, type DepthView } from "../../../src/core/fusion/depth-image.ts";
import type { Image } from "../../../src/messages/sensor_msgs.ts";

const header = { stamp: { sec: 1, nanosec: 0 }, frame_id: "depth_optical_frame" };

interface Layout {
  readonly encoding: string;
  readonly bigEndian?: boolean;
  /** Bytes between row starts; default width × bytes per value. */
  readonly step?: number;
  /** Bytes before the image inside its buffer (as inside a received message). */
  readonly byteOffset?: number;
  /** Bytes of the last row kept; default the whole step. */
  readonly lastRowBytes?: number;
}

/** An image of the given raw values (metres for 32FC1, units otherwise), written byte by byte. Padding bytes hold 0xEE. */
function imageOf(rows: readonly (readonly number[])[], layout: Layout): Image {
  const width = rows[0]!.length;
  const height = rows.length;
  const bytes = layout.encoding === "32FC1" ? 4 : 2;
  const step = layout.step ?? width * bytes;
  const offset = layout.byteOffset ?? 0;
  const length = step * (height - 1) + (layout.lastRowBytes ?? step);
  const buffer = new Uint8Array(offset + step * height).fill(0xee);
  const dv = new DataView(buffer.buffer);
  const little = !layout.bigEndian;
  rows.forEach((row, y) =>
    row.forEach((value, x) => {
      const at = offset + y * step + x * bytes;
      if (bytes === 4) dv.setFloat32(at, value, little);
      else dv.setUint16(at, value, little);
    }),
  );
  return {
    header,
    height,
    width,
    encoding: layout.encoding,
    is_bigendian: layout.bigEndian ? 1 : 0,
    step,
    data: buffer.slice(0, offset + length).subarray(offset),
  };
}

function viewOf(image: Image, scale?: number): DepthView {
  const result = depthViewOf(image, "depth/image", scale);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Every pixel's depth in metres, row by row. */
function depthsOf(view: DepthView): number[][] {
  return Array.from({ length: view.height }, (_, y) => Array.from({ length: view.width }, (_, x) => depthAt(view, x, y)));
}

const metres = [
  [1.5, 2.25, 0.5],
  [3, 0.125, 4.75],
  [8, 0.25, 1],
];
const millimetres = [
  [1500, 2250, 500],
  [3000, 125, 4750],
  [8000, 1, 65535],
];
/** REP 118: one unit is a millimetre. */
const millimetreDepths = millimetres.map((row) => row.map((mm) => mm * 0.001));

/** Layouts in values (4 or 2 bytes each, by encoding). */
const layouts: Array<{
  name: string;
  stepValues?: number;
  lastRowValues?: number;
  offsetValues?: number;
  byteOffset?: number;
  bigEndian?: boolean;
}> = [
  { name: "packed rows" },
  { name: "padded rows", stepValues: 5 },
  { name: "padded rows, the last one without padding", stepValues: 5, lastRowValues: 3 },
  { name: "big-endian", bigEndian: true },
  { name: "big-endian, padded rows, the last one without padding", bigEndian: true, stepValues: 4, lastRowValues: 3 },
  { name: "at an odd byte offset", byteOffset: 3 },
  { name: "at an odd byte offset, padded rows, the last one without padding", byteOffset: 1, stepValues: 4, lastRowValues: 3 },
  { name: "at an aligned offset, padded rows, the last one without padding", offsetValues: 2, stepValues: 4, lastRowValues: 3 },
  { name: "big-endian at an odd byte offset", bigEndian: true, byteOffset: 1 },
];

describe("core/fusion/depth-image", () => {
  describe("reads every layout to the same depths", () => {
    const encodings = [
      { encoding: "32FC1", bytes: 4, raw: metres, depths: metres, scale: 1 },
      { encoding: "16UC1", bytes: 2, raw: millimetres, depths: millimetreDepths, scale: MILLIMETRE_DEPTH_SCALE },
      { encoding: "mono16", bytes: 2, raw: millimetres, depths: millimetreDepths, scale: MILLIMETRE_DEPTH_SCALE },
    ];
    for (const l of layouts) {
      for (const e of encodings) {
        it(`${e.encoding}, ${l.name}`, () => {
          const stepValues = l.stepValues ?? 3;
          const image = imageOf(e.raw, {
            encoding: e.encoding,
            bigEndian: l.bigEndian,
            step: stepValues * e.bytes,
            byteOffset: l.byteOffset ?? (l.offsetValues ?? 0) * e.bytes,
            lastRowBytes: l.lastRowValues === undefined ? undefined : l.lastRowValues * e.bytes,
          });
          const view = viewOf(image);
          assert.deepEqual(
            { width: view.width, height: view.height, encoding: view.encoding, stride: view.stride, scale: view.scale },
            { width: 3, height: 3, encoding: e.bytes === 4 ? "32FC1" : "16UC1", stride: stepValues, scale: e.scale },
          );
          assert.deepEqual(depthsOf(view), e.depths);
        });
      }
    }
  });

  it("scales 16UC1 by the given metres per unit", () => {
    const view = viewOf(imageOf([[100, 0, 2]], { encoding: "16UC1" }), 0.01);
    assert.equal(view.scale, 0.01);
    assert.deepEqual(depthsOf(view), [[1, NaN, 0.02]]);
  });

  it("wraps aligned data in its byte order without copying it", () => {
    for (const image of [
      imageOf(metres, { encoding: "32FC1" }),
      imageOf(metres, { encoding: "32FC1", byteOffset: 8, step: 16, lastRowBytes: 12 }),
      imageOf(millimetres, { encoding: "16UC1", byteOffset: 4 }),
      imageOf(millimetres, { encoding: "mono16", byteOffset: 2, step: 8 }),
    ]) {
      const view = viewOf(image);
      assert.equal(view.values.buffer, image.data.buffer, `${image.encoding} at offset ${image.data.byteOffset} is a view`);
      assert.equal(view.values.byteOffset, image.data.byteOffset);
      // A change to the image shows through.
      new DataView(image.data.buffer, image.data.byteOffset).setUint16(0, 0, true);
      new DataView(image.data.buffer, image.data.byteOffset).setUint16(2, 0, true);
      assert.ok(Number.isNaN(depthAt(view, 0, 0)));
    }
  });

  it("copies data it cannot wrap: unaligned or in the other byte order", () => {
    for (const image of [
      imageOf(metres, { encoding: "32FC1", byteOffset: 2 }),
      imageOf(metres, { encoding: "32FC1", bigEndian: true }),
      imageOf(millimetres, { encoding: "16UC1", byteOffset: 1 }),
      imageOf(millimetres, { encoding: "16UC1", bigEndian: true }),
    ]) {
      assert.notEqual(viewOf(image).values.buffer, image.data.buffer);
    }
  });

  it("gives NaN where there is no measurement: 0, NaN, ±∞ and negative", () => {
    const floats = viewOf(imageOf([[0, NaN, Infinity, -Infinity, -1, 2]], { encoding: "32FC1" }));
    assert.deepEqual(depthsOf(floats), [[NaN, NaN, NaN, NaN, NaN, 2]]);
    const units = viewOf(imageOf([[0, 1, 65535]], { encoding: "16UC1", bigEndian: true }));
    assert.deepEqual(depthsOf(units), [[NaN, 0.001, 65.535]]);
  });

  describe("refuses an image it cannot read, naming the topic and the fix", () => {
    const image = (layout: Partial<Image>): Image => ({ ...imageOf(metres, { encoding: "32FC1" }), ...layout });
    const cases: Array<{ name: string; image: Image; error: string }> = [
      {
        name: "an rgb8 image",
        image: image({ encoding: "rgb8", step: 9 }),
        error: 'depth/image: encoding "rgb8" is not depth; publish 32FC1 (metres) or 16UC1 (millimetres)',
      },
      {
        name: "no encoding",
        image: image({ encoding: "" }),
        error: 'depth/image: encoding "" is not depth; publish 32FC1 (metres) or 16UC1 (millimetres)',
      },
      { name: "zero width", image: image({ width: 0 }), error: "depth/image: size 0 × 3 is empty" },
      { name: "zero height", image: image({ height: 0 }), error: "depth/image: size 3 × 0 is empty" },
      { name: "a fractional width", image: image({ width: 2.5 }), error: "depth/image: size 2.5 × 3 is empty" },
      { name: "a fractional height", image: image({ height: 1.5 }), error: "depth/image: size 3 × 1.5 is empty" },
      {
        name: "a step too short",
        image: image({ step: 11 }),
        error: "depth/image: step 11 does not hold 3 32FC1 values per row (needs ≥ 12, a multiple of 4)",
      },
      {
        name: "a step not a multiple of the value size",
        image: image({ step: 14, data: new Uint8Array(14 * 3) }),
        error: "depth/image: step 14 does not hold 3 32FC1 values per row (needs ≥ 12, a multiple of 4)",
      },
      {
        name: "a 16UC1 step too short",
        image: { ...imageOf(millimetres, { encoding: "16UC1" }), step: 5 },
        error: "depth/image: step 5 does not hold 3 16UC1 values per row (needs ≥ 6, a multiple of 2)",
      },
      {
        name: "a mono16 step of an odd byte count",
        image: { ...imageOf(millimetres, { encoding: "mono16" }), step: 7 },
        error: "depth/image: step 7 does not hold 3 mono16 values per row (needs ≥ 6, a multiple of 2)",
      },
      {
        name: "data one byte short",
        image: imageOf(metres, { encoding: "32FC1", step: 16, lastRowBytes: 11 }),
        error: "depth/image: data has 43 bytes, 3 × 3 32FC1 with step 16 needs 44",
      },
      {
        name: "16UC1 data one byte short",
        image: imageOf(millimetres, { encoding: "16UC1", step: 8, lastRowBytes: 5 }),
        error: "depth/image: data has 21 bytes, 3 × 3 16UC1 with step 8 needs 22",
      },
      {
        name: "no data",
        image: image({ data: new Uint8Array(0) }),
        error: "depth/image: data has 0 bytes, 3 × 3 32FC1 with step 12 needs 36",
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        assert.deepEqual(depthViewOf(c.image, "depth/image"), { ok: false, error: c.error });
      });
    }
  });
});
