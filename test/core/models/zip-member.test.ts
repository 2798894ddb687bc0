/** Finding a member in a zip archive built byte by byte: offsets, sizes, and each damaged or unsupported layout named. */
import assert from "node:assert/strict";
import { findZipMember } from "../../../src/core/models/zip-member.ts";

interface MemberSpec {
  readonly name: string;
  readonly data: readonly number[];
  readonly method?: number;
  readonly crc32?: number;
  readonly size?: number;
  readonly localExtra?: number;
  readonly centralExtra?: number;
  readonly comment?: number;
  /** Written in the central entry instead of the real values. */
  readonly compressedSize?: number;
  readonly localOffset?: number;
}

class Bytes {
  readonly out: number[] = [];
  u16(v: number): this {
    this.out.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }
  u32(v: number): this {
    this.out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }
  raw(bytes: readonly number[]): this {
    this.out.push(...bytes);
    return this;
  }
  fill(n: number, v: number): this {
    for (let i = 0; i < n; i++) this.out.push(v);
    return this;
  }
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Local headers and data, the central directory, then the end record (with `eocdComment` after it). */
function zip(members: readonly MemberSpec[], eocdComment: readonly number[] = []): Uint8Array {
  const b = new Bytes();
  const offsets: number[] = [];
  for (const m of members) {
    offsets.push(b.out.length);
    b.u32(0x04034b50)
      .u16(20)
      .u16(0)
      .u16(m.method ?? 0)
      .u16(0)
      .u16(0);
    b.u32(m.crc32 ?? 0)
      .u32(m.data.length)
      .u32(m.size ?? m.data.length);
    b.u16(m.name.length)
      .u16(m.localExtra ?? 0)
      .raw(ascii(m.name))
      .fill(m.localExtra ?? 0, 0xaa)
      .raw(m.data);
  }
  const cdOffset = b.out.length;
  members.forEach((m, i) => {
    b.u32(0x02014b50)
      .u16(20)
      .u16(20)
      .u16(0)
      .u16(m.method ?? 0)
      .u16(0)
      .u16(0);
    b.u32(m.crc32 ?? 0)
      .u32(m.compressedSize ?? m.data.length)
      .u32(m.size ?? m.data.length);
    b.u16(m.name.length)
      .u16(m.centralExtra ?? 0)
      .u16(m.comment ?? 0)
      .u16(0)
      .u16(0)
      .u32(0);
    b.u32(m.localOffset ?? offsets[i]!)
      .raw(ascii(m.name))
      .fill(m.centralExtra ?? 0, 0xbb)
      .fill(m.comment ?? 0, 0xcc);
  });
  const cdSize = b.out.length - cdOffset;
  b.u32(0x06054b50).u16(0).u16(0).u16(members.length).u16(members.length).u32(cdSize).u32(cdOffset).u16(eocdComment.length);
  b.raw(eocdComment);
  return Uint8Array.from(b.out);
}

describe("zip member", () => {
  it("finds a deflated member in a folder after a stored one, past extra fields and comments", () => {
    const archive = zip(
      [
        { name: "a.txt", data: ascii("hello"), crc32: 0x3610a686, localExtra: 2, centralExtra: 5, comment: 3 },
        { name: "models/yolo.onnx", data: [1, 2, 3], method: 8, crc32: 0xdeadbeef, size: 4000, localExtra: 4, centralExtra: 7 },
      ],
      ascii("zoo"),
    );
    // local 1: 30 + 5 + 2 + 5 = 42; local 2 at 42: 30 + 16 + 4 = 92 before its data.
    assert.deepStrictEqual(findZipMember(archive, "yolo.onnx"), {
      ok: true,
      value: { name: "models/yolo.onnx", method: 8, dataOffset: 92, compressedSize: 3, size: 4000, crc32: 0xdeadbeef },
    });
    assert.deepStrictEqual(findZipMember(archive, "a.txt"), {
      ok: true,
      value: { name: "a.txt", method: 0, dataOffset: 37, compressedSize: 5, size: 5, crc32: 0x3610a686 },
    });
  });

  it("the same archive inside a larger buffer", () => {
    const inner = zip([{ name: "m.onnx", data: [9, 8], localExtra: 1 }]);
    const outer = new Uint8Array(inner.length + 10);
    outer.set(inner, 7);
    assert.deepStrictEqual(findZipMember(outer.subarray(7, 7 + inner.length), "m.onnx"), {
      ok: true,
      value: { name: "m.onnx", method: 0, dataOffset: 37, compressedSize: 2, size: 2, crc32: 0 },
    });
  });

  it("finds the end record behind the longest comment (65535 bytes)", () => {
    const archive = zip([{ name: "m.onnx", data: [7] }], new Array<number>(0xffff).fill(0x20));
    const found = findZipMember(archive, "m.onnx");
    assert.deepStrictEqual(found, { ok: true, value: { name: "m.onnx", method: 0, dataOffset: 36, compressedSize: 1, size: 1, crc32: 0 } });
  });

  it("a member whose zero-length data ends the archive exactly", () => {
    // The end record's 30-byte comment is the member's local header: data offset = archive length.
    const local = new Bytes().u32(0x04034b50).fill(26, 0).out;
    const cd = new Bytes().u32(0x02014b50).fill(24, 0).u16(1).u16(0).u16(0).u16(0).u16(0).u32(0);
    const head = cd.u32(0).raw(ascii("m")).out; // localOffset patched below
    const eocd = new Bytes().u32(0x06054b50).u16(0).u16(0).u16(1).u16(1).u32(head.length).u32(0).u16(30).out;
    const archive = Uint8Array.from([...head, ...eocd, ...local]);
    new DataView(archive.buffer).setUint32(42, archive.length - 30, true);
    assert.deepStrictEqual(findZipMember(archive, "m"), {
      ok: true,
      value: { name: "m", method: 0, dataOffset: archive.length, compressedSize: 0, size: 0, crc32: 0 },
    });
  });

  it("an empty archive (only the end record) has no members", () => {
    assert.deepStrictEqual(findZipMember(zip([]), "m.onnx"), { ok: false, error: "the archive has no member 'm.onnx' (members: none)" });
  });

  const failures: Array<[string, () => Uint8Array, string]> = [
    ["not a zip", () => new Uint8Array(40), "not a zip archive (no end-of-central-directory record)"],
    ["shorter than an end record", () => new Uint8Array(10), "not a zip archive (no end-of-central-directory record)"],
    [
      "another member only",
      () =>
        zip([
          { name: "a.txt", data: [1] },
          { name: "models/b.onnx", data: [2] },
        ]),
      "the archive has no member 'yolo.onnx' (members: a.txt, models/b.onnx)",
    ],
    [
      "a name that only ends like the member",
      () => zip([{ name: "myyolo.onnx", data: [1] }]),
      "the archive has no member 'yolo.onnx' (members: myyolo.onnx)",
    ],
    [
      "the central directory offset points at other bytes",
      () => {
        const a = zip([{ name: "yolo.onnx", data: [1] }]);
        new DataView(a.buffer).setUint32(a.length - 6, 0, true);
        return a;
      },
      "the zip's central directory is damaged",
    ],
    [
      "a central entry cut off by the end record",
      () => {
        const a = zip([{ name: "yolo.onnx", data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }]);
        const v = new DataView(a.buffer);
        v.setUint32(a.length - 32, 0x02014b50, true);
        v.setUint32(a.length - 6, a.length - 32, true);
        return a;
      },
      "the zip's central directory is damaged",
    ],
    [
      "a ZIP64 size",
      () => zip([{ name: "yolo.onnx", data: [1], compressedSize: 0xffffffff }]),
      "yolo.onnx: ZIP64 members are not supported",
    ],
    [
      "a ZIP64 offset",
      () => zip([{ name: "yolo.onnx", data: [1], localOffset: 0xffffffff }]),
      "yolo.onnx: ZIP64 members are not supported",
    ],
    [
      "bzip2",
      () => zip([{ name: "yolo.onnx", data: [1], method: 12 }]),
      "yolo.onnx: compression method 12 is not supported (only stored and deflate)",
    ],
    [
      "a local offset at other bytes",
      () => zip([{ name: "yolo.onnx", data: [1], localOffset: 2 }]),
      "yolo.onnx: the local header is damaged",
    ],
    [
      "a local header cut off by the archive's end",
      () => {
        const a = zip([{ name: "yolo.onnx", data: [1] }], [0x50, 0x4b, 0x03, 0x04]);
        const v = new DataView(a.buffer);
        const cdOffset = v.getUint32(a.length - 4 - 22 + 16, true);
        v.setUint32(cdOffset + 42, a.length - 4, true);
        return a;
      },
      "yolo.onnx: the local header is damaged",
    ],
    ["data past the end", () => zip([{ name: "yolo.onnx", data: [1, 2], compressedSize: 80 }]), "yolo.onnx: the archive is truncated"],
  ];
  for (const [what, archive, error] of failures) {
    it(`${what}: ${error}`, () => {
      assert.deepStrictEqual(findZipMember(archive(), "yolo.onnx"), { ok: false, error });
    });
  }
});
