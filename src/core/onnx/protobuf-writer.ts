/**
 * A minimal protocol-buffers encoder: just the wire types ONNX models need
 * (varint, 32-bit float, length-delimited bytes/strings/messages, packed repeated fields).
 * Pure: builds bytes in memory, no I/O.
 */

export const WireType = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  fixed32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

const UINT64_MASK = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = UINT64_MASK;

/**
 * Normalizes an integer to the unsigned 64-bit value protobuf puts on the wire.
 * Negative values become their two's complement (so int32/int64 -1 is ten bytes, as protobuf requires).
 */
function toUint64(value: number | bigint): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new RangeError(`protobuf varint: ${value} is not a safe integer; pass a bigint for values beyond 2^53`);
  }
  const big = BigInt(value);
  if (big < INT64_MIN || big > UINT64_MAX) {
    throw new RangeError(`protobuf varint: ${big} does not fit in 64 bits`);
  }
  return big & UINT64_MASK;
}

export class ProtoWriter {
  #buffer = new Uint8Array(64);
  #length = 0;
  #view = new DataView(this.#buffer.buffer);

  get length(): number {
    return this.#length;
  }

  #reserve(extra: number): void {
    const needed = this.#length + extra;
    // Stryker disable next-line EqualityOperator: equivalent, growing a buffer that is exactly full only costs a copy
    if (needed <= this.#buffer.length) return;
    // Stryker disable next-line ArithmeticOperator: equivalent, the loop below doubles any start up to what is needed
    let capacity = this.#buffer.length * 2;
    // Stryker disable next-line EqualityOperator: equivalent, one doubling more is only a larger buffer
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
    this.#view = new DataView(grown.buffer);
  }

  /** A bare base-128 varint (no field key). */
  varint(value: number | bigint): this {
    // Small non-negative numbers are by far the most common; keep them off the bigint path.
    // Stryker disable next-line EqualityOperator,BlockStatement: equivalent, the bigint path below writes the same bytes (a speed path only)
    if (typeof value === "number" && value >= 0 && value <= 0x7fffffff && Number.isInteger(value)) {
      this.#reserve(5);
      let v = value;
      while (v > 0x7f) {
        this.#buffer[this.#length++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.#buffer[this.#length++] = v;
      return this;
    }
    let v = toUint64(value);
    this.#reserve(10);
    while (v > 0x7fn) {
      this.#buffer[this.#length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.#buffer[this.#length++] = Number(v);
    return this;
  }

  /** A field key: (field number << 3) | wire type. */
  key(fieldNumber: number, wireType: WireType): this {
    if (!Number.isInteger(fieldNumber) || fieldNumber < 1 || fieldNumber > 0x1fffffff) {
      throw new RangeError(`protobuf field number ${fieldNumber} is out of range 1..2^29-1`);
    }
    return this.varint(fieldNumber * 8 + wireType);
  }

  /** int32, int64, uint32, uint64, bool and enum fields all use the same varint encoding. */
  int64Field(fieldNumber: number, value: number | bigint): this {
    return this.key(fieldNumber, WireType.varint).varint(value);
  }

  floatField(fieldNumber: number, value: number): this {
    this.key(fieldNumber, WireType.fixed32);
    this.#reserve(4);
    this.#view.setFloat32(this.#length, value, true);
    this.#length += 4;
    return this;
  }

  bytesField(fieldNumber: number, bytes: Uint8Array): this {
    this.key(fieldNumber, WireType.lengthDelimited).varint(bytes.length);
    this.#reserve(bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
    return this;
  }

  stringField(fieldNumber: number, value: string): this {
    return this.bytesField(fieldNumber, new TextEncoder().encode(value));
  }

  /** An embedded message, already encoded. */
  messageField(fieldNumber: number, encoded: Uint8Array): this {
    return this.bytesField(fieldNumber, encoded);
  }

  /** repeated float, packed: one key, one length, then little-endian float32s. */
  packedFloatField(fieldNumber: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    this.key(fieldNumber, WireType.lengthDelimited).varint(values.length * 4);
    this.#reserve(values.length * 4);
    for (let i = 0; i < values.length; i++) {
      this.#view.setFloat32(this.#length, values[i] as number, true);
      this.#length += 4;
    }
    return this;
  }

  /** repeated int32/int64, packed: one key, one length, then varints. */
  packedVarintField(fieldNumber: number, values: ArrayLike<number | bigint>): this {
    if (values.length === 0) return this;
    const body = new ProtoWriter();
    for (let i = 0; i < values.length; i++) body.varint(values[i] as number | bigint);
    return this.bytesField(fieldNumber, body.finish());
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }
}
