/**
 * sensor_msgs/msg/Image read straight from its serialized CDR (what rclnodejs hands a raw
 * subscription: one Buffer per message, its own copy). `data` is a view into that buffer, not a
 * copy, so receiving a 1280×720 rgb8 frame costs one copy (rmw → Buffer) instead of rclnodejs's
 * message-object conversion. Pure: no rclnodejs import.
 */
import type { Image } from "../../messages/sensor_msgs.ts";

const ENCAPSULATION_BYTES = 4;
const decoder = new TextDecoder("utf-8", { fatal: false });

class Reader {
  readonly #view: DataView;
  readonly #bytes: Uint8Array;
  readonly #little: boolean;
  #offset = ENCAPSULATION_BYTES;

  constructor(bytes: Uint8Array) {
    if (bytes.byteLength < ENCAPSULATION_BYTES)
      throw new RangeError(`a serialized sensor_msgs/msg/Image of ${bytes.byteLength} bytes is too short`);
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Encapsulation kind: 0x0000 CDR_BE, 0x0001 CDR_LE; XCDR2's plain 0x0006/0x0007 align Image's
    // fields (none wider than 4 bytes) the same way. Odd = little-endian.
    const kind = this.#view.getUint16(0, false);
    this.#little = (kind & 1) === 1;
  }

  #align(size: number): void {
    const rel = this.#offset - ENCAPSULATION_BYTES;
    const pad = (size - (rel % size)) % size;
    this.#offset += pad;
  }

  #need(bytes: number, what: string): void {
    if (this.#offset + bytes > this.#bytes.byteLength) {
      throw new RangeError(
        `serialized sensor_msgs/msg/Image is truncated: ${what} needs ${bytes} bytes at offset ${this.#offset} of ${this.#bytes.byteLength}`,
      );
    }
  }

  uint32(what: string): number {
    this.#align(4);
    this.#need(4, what);
    const v = this.#view.getUint32(this.#offset, this.#little);
    this.#offset += 4;
    return v;
  }

  int32(what: string): number {
    this.#align(4);
    this.#need(4, what);
    const v = this.#view.getInt32(this.#offset, this.#little);
    this.#offset += 4;
    return v;
  }

  uint8(what: string): number {
    this.#need(1, what);
    return this.#bytes[this.#offset++]!;
  }

  string(what: string): string {
    const length = this.uint32(`${what} length`);
    if (length === 0) return "";
    this.#need(length, what);
    const start = this.#offset;
    // The length counts the terminating NUL.
    const end = start + length - 1;
    this.#offset += length;
    let ascii = "";
    for (let i = start; i < end; i++) {
      const c = this.#bytes[i]!;
      if (c >= 0x80) return decoder.decode(this.#bytes.subarray(start, end));
      ascii += String.fromCharCode(c);
    }
    return ascii;
  }

  bytesView(what: string): Uint8Array {
    const length = this.uint32(`${what} length`);
    this.#need(length, what);
    const view = this.#bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return view;
  }
}

/** Decodes a serialized sensor_msgs/msg/Image (CDR, either byte order); `data` views `bytes`. */
export function readImageCdr(bytes: Uint8Array): Image {
  const r = new Reader(bytes);
  const sec = r.int32("header.stamp.sec");
  const nanosec = r.uint32("header.stamp.nanosec");
  const frame_id = r.string("header.frame_id");
  const height = r.uint32("height");
  const width = r.uint32("width");
  const encoding = r.string("encoding");
  const is_bigendian = r.uint8("is_bigendian");
  const step = r.uint32("step");
  const data = r.bytesView("data");
  return { header: { stamp: { sec, nanosec }, frame_id }, height, width, encoding, is_bigendian, step, data };
}
