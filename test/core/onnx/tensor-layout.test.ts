import assert from "node:assert/strict";
import {
  float16BitsToNumber,
  nhwcToFloat32,
  nhwcToNchwFloat32,
  nhwcToNchwUint8,
  toFloat32Array,
} from "../../../src/core/onnx/tensor-layout.ts";

// A 1×2 RGB image: pixel 0 = (1, 2, 3), pixel 1 = (4, 5, 6).
const nhwc = new Uint8Array([1, 2, 3, 4, 5, 6]);

describe("tensor layout", () => {
  it("moves NHWC channels into NCHW planes, scaled to float32 or as uint8", () => {
    assert.deepEqual([...nhwcToNchwFloat32(nhwc, 1, 2, 0.5)], [0.5, 2, 1, 2.5, 1.5, 3]);
    assert.deepEqual([...nhwcToNchwUint8(nhwc, 1, 2)], [1, 4, 2, 5, 3, 6]);
    assert.deepEqual([...nhwcToNchwUint8(new Uint8Array([1, 2, 3, 4, 5, 6]), 2, 1)], [1, 4, 2, 5, 3, 6]);
  });

  it("scales NHWC to float32 in place order", () => {
    const out = nhwcToFloat32(nhwc, 2);
    assert.ok(out instanceof Float32Array);
    assert.deepEqual([...out], [2, 4, 6, 8, 10, 12]);
  });

  it("decodes half-precision bits: normals, subnormals, signed zero, infinities and NaN", () => {
    const cases: [number, number][] = [
      [0x3c00, 1],
      [0xc000, -2],
      [0x3555, 0.333251953125],
      [0x7bff, 65504],
      [0x0400, 2 ** -14],
      [0x0001, 2 ** -24],
      [0x8001, -(2 ** -24)],
      [0x03ff, 1023 * 2 ** -24],
      [0x7c00, Infinity],
      [0xfc00, -Infinity],
    ];
    for (const [bits, value] of cases) assert.equal(float16BitsToNumber(bits), value, `0x${bits.toString(16)}`);
    assert.ok(Object.is(float16BitsToNumber(0x8000), -0));
    assert.ok(Number.isNaN(float16BitsToNumber(0x7e00)));
    assert.ok(Number.isNaN(float16BitsToNumber(0x7c01)));
  });

  it("converts any numeric tensor to float32, returning float32 data as is", () => {
    const f32 = new Float32Array([1.5]);
    assert.equal(toFloat32Array(f32), f32);
    assert.deepEqual([...toFloat32Array(new Uint16Array([0x3c00, 0xc000]), { float16: true })], [1, -2]);
    assert.deepEqual([...toFloat32Array(new Uint16Array([0x3c00]))], [0x3c00], "integers unless float16");
    assert.deepEqual([...toFloat32Array(new Int16Array([-2, 3]), { float16: true })], [-2, 3], "float16 only for Uint16Array");
    assert.deepEqual([...toFloat32Array(new BigInt64Array([-3n, 5n]))], [-3, 5]);
    assert.deepEqual([...toFloat32Array(new BigUint64Array([7n]))], [7]);
    assert.deepEqual([...toFloat32Array(new Float64Array([0.25, -1]))], [0.25, -1]);
    assert.deepEqual([...toFloat32Array(new Int8Array([-128, 127]))], [-128, 127]);
  });
});
