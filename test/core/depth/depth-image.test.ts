import assert from "node:assert/strict";
import { depthImageMessage, HOST_IS_BIG_ENDIAN, readDepthImage } from "../../../src/core/depth/depth-image.ts";
import type { Image } from "../../../src/messages/sensor_msgs.ts";

const header = { stamp: { sec: 7, nanosec: 8 }, frame_id: "camera_optical_frame" };

/** A depth image whose rows are written pixel by pixel with `put` at byte `row · step + u · bytes`. */
function image(
  encoding: string,
  width: number,
  height: number,
  step: number,
  bigEndian: boolean,
  values: readonly number[],
  extraBytes = 0,
): Image {
  const bytes = encoding === "32FC1" ? 4 : 2;
  const data = new Uint8Array(Math.max(0, step * height) + extraBytes).fill(0xee);
  const view = new DataView(data.buffer);
  values.forEach((value, i) => {
    const at = Math.floor(i / width) * step + (i % width) * bytes;
    if (bytes === 4) view.setFloat32(at, value, !bigEndian);
    else view.setUint16(at, value, !bigEndian);
  });
  return { header, height, width, encoding, is_bigendian: bigEndian ? 1 : 0, step, data };
}

describe("core/depth/depth-image", () => {
  describe("depthImageMessage", () => {
    it("wraps a width × height map as a 32FC1 image in host byte order, sharing its memory", () => {
      const depth = Float32Array.of(1.5, Number.NaN, 2, 0.25, 3, 4);
      const msg = depthImageMessage(header, depth, 3, 2);
      assert.deepEqual(
        { ...msg, data: undefined },
        { header, height: 2, width: 3, encoding: "32FC1", is_bigendian: HOST_IS_BIG_ENDIAN ? 1 : 0, step: 12, data: undefined },
      );
      assert.equal(msg.data.buffer, depth.buffer);
      assert.equal(msg.data.byteLength, 24);
      const back = readDepthImage(msg);
      assert.ok(back.ok);
      assert.deepEqual(Array.from(back.value.depth), Array.from(depth));
    });

    it("refuses a map whose length is not width × height, naming both", () => {
      assert.throws(() => depthImageMessage(header, new Float32Array(5), 3, 2), {
        name: "RangeError",
        message: "depth map holds 5 values, expected 3x2",
      });
    });
  });

  describe("readDepthImage", () => {
    const NaN_ = Number.NaN;
    // Invalid depths: 0, negative, NaN, ±inf all read as NaN; a padded step skips the bytes past each row.
    const cases: Array<[string, Image, number[]]> = [
      [
        "32FC1 little-endian, step padded to 12 bytes",
        image("32FC1", 2, 3, 12, false, [1.5, 0, -1, NaN_, Infinity, -Infinity]),
        [1.5, NaN_, NaN_, NaN_, NaN_, NaN_],
      ],
      ["32FC1 big-endian, tight rows", image("32FC1", 3, 2, 12, true, [0.25, 2, 3.5, 4, 0.5, 100]), [0.25, 2, 3.5, 4, 0.5, 100]],
      ["16UC1 little-endian millimetres, 0 invalid", image("16UC1", 2, 2, 6, false, [1500, 0, 250, 65535]), [1.5, NaN_, 0.25, 65.535]],
      ["16UC1 big-endian", image("16UC1", 3, 1, 6, true, [1000, 2, 513]), [1, 0.002, 0.513]],
      ["mono16 read as millimetres", image("mono16", 1, 2, 4, false, [750, 3000]), [0.75, 3]],
      ["data longer than step × height", image("32FC1", 1, 2, 4, false, [5, 6], 8), [5, 6]],
    ];
    for (const [what, img, metres] of cases) {
      it(what, () => {
        const got = readDepthImage(img);
        assert.ok(got.ok, JSON.stringify(got));
        assert.deepEqual({ width: got.value.width, height: got.value.height }, { width: img.width, height: img.height });
        assert.deepEqual(
          Array.from(got.value.depth),
          metres.map((m) => Math.fround(m)),
        );
      });
    }

    const errors: Array<[string, Image, string]> = [
      ["rgb8", image("rgb8", 2, 2, 6, false, []), "encoding 'rgb8' is not a depth encoding (32FC1 in metres or 16UC1 in millimetres)"],
      ["width 0", image("32FC1", 0, 2, 0, false, []), "size 0x2 is empty"],
      ["height 0", image("32FC1", 2, 0, 8, false, []), "size 2x0 is empty"],
      ["negative width", image("32FC1", -2, 2, 8, false, []), "size -2x2 is empty"],
      ["negative height", image("16UC1", 2, -1, 4, false, []), "size 2x-1 is empty"],
      ["fractional width", image("32FC1", 1.5, 2, 8, false, []), "size 1.5x2 is empty"],
      ["fractional height", image("32FC1", 2, 2.5, 8, false, []), "size 2x2.5 is empty"],
      ["short 32FC1 step", image("32FC1", 2, 2, 7, false, []), "step 7 is shorter than a row of 2 32FC1 pixels (8 bytes)"],
      ["short 16UC1 step", image("16UC1", 3, 2, 5, false, []), "step 5 is shorter than a row of 3 16UC1 pixels (6 bytes)"],
      ["short data", { ...image("32FC1", 2, 2, 8, false, []), data: new Uint8Array(15) }, "data holds 15 bytes, step × height needs 16"],
    ];
    for (const [what, img, error] of errors) {
      it(`refuses ${what}: ${error}`, () => {
        assert.deepEqual(readDepthImage(img), { ok: false, error });
      });
    }
  });
});
