/**
 * Serializes a message to ROS 2 CDR (little endian, XCDR1 plain encapsulation) from its parsed
 * definitions. We write our own instead of using @foxglove/rosmsg2-serialization's writer
 * because that one sizes strings by UTF-16 length, which corrupts any non-ASCII text.
 * Input is expected to have passed `checkMessage`; a value of the wrong JS type throws.
 */
import type { parse } from "@foxglove/rosmsg";

type MessageDefinition = ReturnType<typeof parse>[number];
type Field = MessageDefinition["definitions"][number];

const CDR_LE_HEADER = [0x00, 0x01, 0x00, 0x00];
const utf8 = new TextEncoder();

class GrowableCdrBuffer {
  #bytes = new Uint8Array(256);
  #view = new DataView(this.#bytes.buffer);
  #offset = 0;

  constructor() {
    for (const byte of CDR_LE_HEADER) this.#bytes[this.#offset++] = byte;
  }

  get view(): DataView {
    return this.#view;
  }

  /** Reserves `size` bytes at the next multiple of `alignment` (counted after the header); returns their offset. */
  reserve(size: number, alignment = 1): number {
    const padding = alignment > 1 ? (alignment - ((this.#offset - 4) % alignment)) % alignment : 0;
    const needed = this.#offset + padding + size;
    if (needed > this.#bytes.length) {
      let capacity = this.#bytes.length * 2;
      while (capacity < needed) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.#bytes.subarray(0, this.#offset));
      this.#bytes = grown;
      this.#view = new DataView(grown.buffer);
    }
    // Padding bytes are already zero: buffers start zeroed and are only written forward.
    const at = this.#offset + padding;
    this.#offset = needed;
    return at;
  }

  setBytes(at: number, bytes: Uint8Array): void {
    this.#bytes.set(bytes, at);
  }

  result(): Uint8Array {
    return this.#bytes.slice(0, this.#offset);
  }
}

const primitiveSizes: Readonly<Record<string, number>> = {
  bool: 1,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  int64: 8,
  uint64: 8,
  float64: 8,
};

function wrongType(type: string, value: unknown): Error {
  return new TypeError(`cannot encode ${typeof value} as ${type}`);
}

function writePrimitive(out: GrowableCdrBuffer, type: string, value: unknown): void {
  switch (type) {
    case "string": {
      if (typeof value !== "string") throw wrongType(type, value);
      const bytes = utf8.encode(value);
      const at = out.reserve(4 + bytes.length + 1, 4);
      out.view.setUint32(at, bytes.length + 1, true);
      out.setBytes(at + 4, bytes);
      return;
    }
    case "time":
    case "duration": {
      const time = value as { sec?: unknown; nanosec?: unknown } | null;
      if (typeof time?.sec !== "number" || typeof time.nanosec !== "number") throw wrongType(type, value);
      const at = out.reserve(8, 4);
      out.view.setInt32(at, time.sec, true);
      out.view.setUint32(at + 4, time.nanosec, true);
      return;
    }
    case "bool": {
      if (typeof value !== "boolean") throw wrongType(type, value);
      out.view.setUint8(out.reserve(1), value ? 1 : 0);
      return;
    }
    case "int64":
    case "uint64": {
      if (typeof value !== "bigint" && typeof value !== "number") throw wrongType(type, value);
      const at = out.reserve(8, 8);
      if (type === "int64") out.view.setBigInt64(at, BigInt(value), true);
      else out.view.setBigUint64(at, BigInt(value), true);
      return;
    }
  }
  const size = primitiveSizes[type];
  if (size === undefined) throw new TypeError(`field type ${type} cannot be encoded as CDR`);
  if (typeof value !== "number") throw wrongType(type, value);
  const at = out.reserve(size, size);
  const view = out.view;
  switch (type) {
    case "int8":
      return view.setInt8(at, value);
    case "uint8":
      return view.setUint8(at, value);
    case "int16":
      return view.setInt16(at, value, true);
    case "uint16":
      return view.setUint16(at, value, true);
    case "int32":
      return view.setInt32(at, value, true);
    case "uint32":
      return view.setUint32(at, value, true);
    case "float32":
      return view.setFloat32(at, value, true);
    default:
      return view.setFloat64(at, value, true);
  }
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

export class CdrMessageWriter {
  readonly #root: readonly Field[];
  readonly #byName: ReadonlyMap<string, readonly Field[]>;

  /** `definitions[0]` is the root; the others are looked up by name for complex fields. */
  constructor(definitions: readonly MessageDefinition[]) {
    const root = definitions[0];
    if (root === undefined) throw new Error("CDR writer needs at least the root definition");
    this.#root = root.definitions;
    this.#byName = new Map(definitions.map((definition) => [definition.name ?? "", definition.definitions]));
  }

  write(message: unknown): Uint8Array {
    const out = new GrowableCdrBuffer();
    this.#writeStruct(out, this.#root, message);
    return out.result();
  }

  #nested(type: string): readonly Field[] {
    const fields = this.#byName.get(type);
    if (fields === undefined) throw new Error(`no definition for ${type}`);
    return fields;
  }

  #writeStruct(out: GrowableCdrBuffer, fields: readonly Field[], message: unknown): void {
    if (typeof message !== "object" || message === null) throw wrongType("a message", message);
    const record = message as Record<string, unknown>;
    let wroteField = false;
    for (const field of fields) {
      if (field.isConstant === true) continue;
      wroteField = true;
      const value = record[field.name];
      if (field.isArray === true) this.#writeArray(out, field, value);
      else if (field.isComplex === true) this.#writeStruct(out, this.#nested(field.type), value);
      else writePrimitive(out, field.type, value);
    }
    // ROS 2 gives an empty message one uint8 member so the IDL struct is not empty.
    if (!wroteField) out.view.setUint8(out.reserve(1), 0);
  }

  #writeArray(out: GrowableCdrBuffer, field: Field, value: unknown): void {
    if (!isArrayLike(value)) throw wrongType(`${field.type}[]`, value);
    if (field.arrayLength === undefined) {
      out.view.setUint32(out.reserve(4, 4), value.length, true);
    } else if (value.length !== field.arrayLength) {
      throw new RangeError(`${field.type}[${field.arrayLength}] given ${value.length} elements`);
    }
    if (value instanceof Uint8Array && field.type === "uint8") {
      out.setBytes(out.reserve(value.length), value);
      return;
    }
    if (field.isComplex === true) {
      const nested = this.#nested(field.type);
      for (let i = 0; i < value.length; i++) this.#writeStruct(out, nested, value[i]);
      return;
    }
    for (let i = 0; i < value.length; i++) writePrimitive(out, field.type, value[i]);
  }
}
