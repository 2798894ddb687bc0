import assert from "node:assert/strict";
import { ProtoWriter } from "../../../src/core/onnx/protobuf-writer.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const written = (write: (w: ProtoWriter) => void): string => {
  const w = new ProtoWriter();
  write(w);
  return hex(w.finish());
};

describe("ProtoWriter", () => {
  describe("varint", () => {
    const cases: [number | bigint, string][] = [
      [0, "00"],
      [1, "01"],
      [127, "7f"],
      [128, "8001"],
      [300, "ac02"],
      [16384, "808001"],
      [2 ** 31, "8080808008"],
      [2 ** 53 - 1, "ffffffffffffff0f"],
      [-1, "ffffffffffffffffff01"],
      [-2, "feffffffffffffffff01"],
      [-(2 ** 31), "80808080f8ffffffff01"],
      [(1n << 63n) - 1n, "ffffffffffffffff7f"],
      [-(1n << 63n), "80808080808080808001"],
      [(1n << 64n) - 1n, "ffffffffffffffffff01"],
    ];
    for (const [value, expected] of cases) {
      it(`encodes ${value} as ${expected}`, () => {
        assert.equal(
          written((w) => w.varint(value)),
          expected,
        );
      });
    }

    it("rejects values that are not exact 64-bit integers", () => {
      assert.throws(() => new ProtoWriter().varint(2 ** 60), /not a safe integer/);
      assert.throws(() => new ProtoWriter().varint(1.5), /not a safe integer/);
      assert.throws(() => new ProtoWriter().varint(1n << 64n), /does not fit in 64 bits/);
      assert.throws(() => new ProtoWriter().varint(-(1n << 63n) - 1n), /does not fit in 64 bits/);
    });
  });

  describe("fields", () => {
    const cases: [string, (w: ProtoWriter) => void, string][] = [
      // The protobuf encoding guide's examples.
      ["int field 1 = 150", (w) => w.int64Field(1, 150), "089601"],
      ['string field 2 = "testing"', (w) => w.stringField(2, "testing"), "120774657374696e67"],
      ["packed varints field 4 = [3, 270, 86942]", (w) => w.packedVarintField(4, [3, 270, 86942]), "2206038e029ea705"],
      ["negative int64 field 3 = -1", (w) => w.int64Field(3, -1), "18ffffffffffffffffff01"],
      ["float field 2 = 0.5", (w) => w.floatField(2, 0.5), "150000003f"],
      ["packed floats field 4 = [1, -2.5]", (w) => w.packedFloatField(4, [1, -2.5]), "22080000803f000020c0"],
      ["packed int64 with a negative value", (w) => w.packedVarintField(7, [1, -1]), "3a0b01ffffffffffffffffff01"],
      ["empty packed field is omitted", (w) => w.packedFloatField(4, []), ""],
      ["field number 20 needs a two-byte key", (w) => w.int64Field(20, 2), "a00102"],
      ["embedded message", (w) => w.messageField(3, new ProtoWriter().int64Field(1, 150).finish()), "1a03089601"],
      ["UTF-8 string", (w) => w.stringField(1, "é"), "0a02c3a9"],
    ];
    for (const [name, write, expected] of cases) {
      it(name, () => {
        assert.equal(written(write), expected);
      });
    }

    it("rejects invalid field numbers", () => {
      assert.throws(() => new ProtoWriter().int64Field(0, 1), /field number 0/);
      assert.throws(() => new ProtoWriter().int64Field(2 ** 29, 1), {
        name: "RangeError",
        message: `protobuf field number ${2 ** 29} is out of range 1..2^29-1`,
      });
      // The largest field number is allowed: key (2^29 − 1) << 3 | 0 as a 5-byte varint.
      assert.equal(
        written((w) => w.int64Field(2 ** 29 - 1, 0)),
        "f8ffffff0f00",
      );
    });

    it("grows past its initial buffer without losing bytes", () => {
      const values = Array.from({ length: 1000 }, (_, i) => i);
      const bytes = new ProtoWriter().packedFloatField(1, values).finish();
      assert.equal(bytes.length, 1 + 2 + 4000);
      const view = new DataView(bytes.buffer, bytes.byteOffset + 3);
      assert.equal(view.getFloat32(4 * 999, true), 999);
    });
  });
});
