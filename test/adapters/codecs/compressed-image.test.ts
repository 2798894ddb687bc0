import assert from "node:assert/strict";
import { PNG } from "pngjs";
import { decodeCompressedImage } from "../../../src/adapters/codecs/compressed-image.ts";
import { encodePng } from "../../../src/adapters/codecs/png.ts";
import type { CompressedImage } from "../../../src/messages/sensor_msgs.ts";
import { encodeJpeg, gradient, maxAbsDifference } from "./fixtures.ts";

const header = { stamp: { sec: 5, nanosec: 6 }, frame_id: "cam" };
const compressed = (format: string, data: Uint8Array): CompressedImage => ({ header, format, data });

describe("adapters/codecs", () => {
  const pixels = gradient(16, 8);

  describe("decodeCompressedImage", () => {
    const cases = [
      { format: "png", data: () => encodePng(pixels), tolerance: 0 },
      { format: "rgb8; png compressed bgr8", data: () => encodePng(pixels), tolerance: 0 },
      { format: "jpeg", data: () => encodeJpeg(pixels), tolerance: 12 },
      { format: "bgr8; jpeg compressed bgr8", data: () => encodeJpeg(pixels), tolerance: 12 },
      { format: "", data: () => encodeJpeg(pixels), tolerance: 12 }, // recognised by magic bytes alone
    ];
    for (const { format, data, tolerance } of cases) {
      it(`decodes format "${format}" to rgb8 with the header kept`, () => {
        const result = decodeCompressedImage(compressed(format, data()));
        assert.ok(result.ok, result.ok ? "" : result.error);
        const image = result.value;
        assert.deepEqual(
          { header: image.header, width: image.width, height: image.height, encoding: image.encoding, step: image.step },
          { header, width: 16, height: 8, encoding: "rgb8", step: 48 },
        );
        assert.ok(maxAbsDifference(image.data, pixels.data) <= tolerance, "pixels differ");
      });
    }

    it("drops alpha from RGBA PNGs", () => {
      const png = new PNG({ width: 1, height: 1 });
      png.data.set([10, 20, 30, 40]);
      const result = decodeCompressedImage(compressed("png", PNG.sync.write(png)));
      assert.ok(result.ok);
      assert.deepEqual([...result.value.data], [10, 20, 30]);
    });

    const bad = [
      { name: "an unknown format", format: "tiff", data: new Uint8Array([1, 2, 3, 4]), error: /format "tiff".*not a JPEG or PNG/ },
      { name: "compressedDepth", format: "16UC1; compressedDepth png", data: encodePng(pixels), error: /compressedDepth.*not supported/ },
      { name: "a truncated PNG", format: "png", data: encodePng(pixels).slice(0, 40), error: /format "png".*corrupt png data/ },
      { name: "a truncated JPEG", format: "jpeg", data: encodeJpeg(pixels).slice(0, 30), error: /format "jpeg".*corrupt jpeg data/ },
    ];
    for (const { name, format, data, error } of bad) {
      it(`reports ${name} without throwing`, () => {
        const result = decodeCompressedImage(compressed(format, data));
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.error, error);
      });
    }
  });

  describe("encodePng", () => {
    it("round-trips packed rgb8 pixels exactly", () => {
      const png = PNG.sync.read(Buffer.from(encodePng(pixels)));
      assert.equal(png.width, 16);
      assert.equal(png.height, 8);
      assert.equal(png.data[4 * 15], 255); // top-right red
      assert.equal(png.data[4 * 16 * 7 + 1], 255); // bottom-left green
    });

    it("honours bgr8 channel order and row padding of an Image", () => {
      const image = {
        header,
        width: 1,
        height: 2,
        encoding: "bgr8",
        is_bigendian: 0,
        step: 4,
        data: new Uint8Array([1, 2, 3, 99, 4, 5, 6, 99]),
      };
      const png = PNG.sync.read(Buffer.from(encodePng(image)));
      assert.deepEqual([...png.data], [3, 2, 1, 255, 6, 5, 4, 255]);
    });

    it("names the problem for unsupported encodings and short data", () => {
      assert.throws(
        () => encodePng({ ...gradient(2, 2), header, encoding: "16UC1", is_bigendian: 0, step: 4 }),
        /encoding "16UC1" is not supported/,
      );
      assert.throws(() => encodePng({ width: 4, height: 4, data: new Uint8Array(10) }), /10 bytes cannot hold a 4x4 rgb8 image/);
    });
  });
});
