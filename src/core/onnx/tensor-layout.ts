/**
 * Pure conversions between the port's uint8 NHWC frames and what ONNX models take, and from
 * the element types models emit to the port's Float32Array.
 */

/** uint8 NHWC [1,H,W,3] → float32 NCHW [1,3,H,W], each value multiplied by `scale` (1/255 for Ultralytics exports). */
export function nhwcToNchwFloat32(input: Uint8Array, height: number, width: number, scale: number): Float32Array {
  const plane = height * width;
  const out = new Float32Array(3 * plane);
  for (let p = 0, i = 0; p < plane; p++, i += 3) {
    out[p] = (input[i] as number) * scale;
    out[plane + p] = (input[i + 1] as number) * scale;
    out[2 * plane + p] = (input[i + 2] as number) * scale;
  }
  return out;
}

/** uint8 NHWC [1,H,W,3] → float32 NHWC, each value multiplied by `scale`. */
export function nhwcToFloat32(input: Uint8Array, scale: number): Float32Array {
  const out = new Float32Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = (input[i] as number) * scale;
  return out;
}

/** uint8 NHWC [1,H,W,3] → uint8 NCHW [1,3,H,W]. */
export function nhwcToNchwUint8(input: Uint8Array, height: number, width: number): Uint8Array {
  const plane = height * width;
  const out = new Uint8Array(3 * plane);
  for (let p = 0, i = 0; p < plane; p++, i += 3) {
    out[p] = input[i] as number;
    out[plane + p] = input[i + 1] as number;
    out[2 * plane + p] = input[i + 2] as number;
  }
  return out;
}

/** IEEE 754 half-precision bits → number. */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

export type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/**
 * Any numeric tensor data → Float32Array (float32 data is returned as is).
 * `float16` says a Uint16Array holds half-precision bits rather than integers.
 */
export function toFloat32Array(data: NumericArray, options: { float16?: boolean } = {}): Float32Array {
  if (data instanceof Float32Array) return data;
  const out = new Float32Array(data.length);
  if (options.float16 && data instanceof Uint16Array) {
    for (let i = 0; i < data.length; i++) out[i] = float16BitsToNumber(data[i] as number);
  } else if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
  } else {
    out.set(data);
  }
  return out;
}
