import assert from "node:assert/strict";
import { colorizeDepth, depthColour } from "../../../src/core/depth/colormap.ts";
import { depthOfValue, scdepthLogitOfDepth, type DepthConversion } from "../../../src/core/depth/depth-families.ts";
import { convertDepth, depthOutputSize, validRegionOf } from "../../../src/core/depth/depth-output.ts";
import { cameraInfoForOutput, intrinsicsOf, letterboxIntrinsics, modelOutputIntrinsics } from "../../../src/core/depth/intrinsics.ts";
import { packRgb, pointCloudFromDepth } from "../../../src/core/depth/point-cloud.ts";
import { toImageView } from "../../../src/core/vision/image-view.ts";
import { letterbox, letterboxGeometry } from "../../../src/core/vision/letterbox.ts";
import type { CameraInfo } from "../../../src/messages/sensor_msgs.ts";

const conversion = (c: Partial<DepthConversion> & Pick<DepthConversion, "family">): DepthConversion => ({
  scale: 1,
  shift: 0,
  minDepth: 0,
  maxDepth: Infinity,
  ...c,
});
const f32 = Math.fround;
const header = { stamp: { sec: 4, nanosec: 5 }, frame_id: "camera_optical_frame" };

function cameraInfo(width: number, height: number, k: readonly number[], p?: readonly number[]): CameraInfo {
  return {
    header,
    height,
    width,
    distortion_model: "plumb_bob",
    d: [0.1, 0, 0, 0, 0],
    k: [...k],
    r: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    p: p !== undefined ? [...p] : [k[0]!, 0, k[2]!, 0, 0, k[4]!, k[5]!, 0, 0, 0, 1, 0],
    binning_x: 2,
    binning_y: 2,
    roi: { x_offset: 4, y_offset: 4, height: 10, width: 10, do_rectify: true },
  };
}

describe("core/depth", () => {
  describe("depth families", () => {
    const cases: Array<[string, DepthConversion, number, number]> = [
      ["scdepthv3 at x = 0: 1 / (0.5·10 + 0.009)", conversion({ family: "scdepthv3" }), 0, 1 / 5.009],
      ["scdepthv3 saturated low: 1 / 0.009", conversion({ family: "scdepthv3" }), -800, 1 / 0.009],
      ["scdepthv3 saturated high: 1 / 10.009", conversion({ family: "scdepthv3" }), 800, 1 / 10.009],
      ["scdepthv3 NaN", conversion({ family: "scdepthv3" }), Number.NaN, Number.NaN],
      ["fast_depth 1 / (2·0.75 + 0.5)", conversion({ family: "fast_depth", scale: 2, shift: 0.5 }), 0.75, 0.5],
      ["fast_depth zero inverse depth", conversion({ family: "fast_depth", scale: 2, shift: 0.5 }), -0.25, Number.NaN],
      ["fast_depth negative inverse depth", conversion({ family: "fast_depth", scale: 2, shift: 0.5 }), -1, Number.NaN],
      ["depth_anything 1 / (0.1·4.5 + 0.05)", conversion({ family: "depth_anything", scale: 0.1, shift: 0.05 }), 4.5, 2],
      ["generic millimetres", conversion({ family: "generic", scale: 0.001 }), 1500, 1.5],
      ["generic zero", conversion({ family: "generic", scale: 0.001 }), 0, Number.NaN],
      ["generic infinite", conversion({ family: "generic" }), Infinity, Number.NaN],
      ["beyond maxDepth", conversion({ family: "generic", maxDepth: 10 }), 12, Number.NaN],
      ["at maxDepth", conversion({ family: "generic", maxDepth: 10 }), 10, 10],
      ["below minDepth", conversion({ family: "generic", minDepth: 0.2 }), 0.1, Number.NaN],
    ];
    for (const [what, c, x, expected] of cases) {
      it(`${what} → ${expected}`, () => {
        assert.equal(depthOfValue(x, c), expected);
        const image = convertDepth(Float32Array.of(x), { width: 1, height: 1 }, c);
        assert.equal(image[0], f32(expected));
      });
    }

    it("inverts scdepthv3: the logit of depth d converts back to d", () => {
      for (const d of [0.25, 1, 2, 7.5, 50])
        assert.ok(Math.abs(depthOfValue(scdepthLogitOfDepth(d), conversion({ family: "scdepthv3" })) - d) < 1e-9 * d);
      assert.ok(Number.isNaN(scdepthLogitOfDepth(0.05)), "below 1 / 10.009 m no logit exists");
    });

    it("marks pixels outside the valid region NaN and leaves the rest converted", () => {
      const raw = Float32Array.from([1, 2, 3, 4, 5, 6]);
      const out = convertDepth(raw, { width: 3, height: 2 }, conversion({ family: "generic" }), { valid: { u0: 1, u1: 3, v0: 1, v1: 2 } });
      assert.deepEqual(Array.from(out), [Number.NaN, Number.NaN, Number.NaN, Number.NaN, 5, 6]);
    });
  });

  describe("depthOutputSize", () => {
    const cases: Array<[number[], { width: number; height: number } | RegExp]> = [
      [[256, 320], { width: 320, height: 256 }],
      [[1, 256, 320], { width: 320, height: 256 }],
      [[1, 1, 256, 320], { width: 320, height: 256 }],
      [[1, 256, 320, 1], { width: 320, height: 256 }],
      [[1, 3, 256, 320], /not a one-channel depth map/],
      [[1, 0, 320], /empty depth map/],
      [[2, 256, 320], /not a one-channel/],
    ];
    for (const [dims, expected] of cases) {
      it(`[${dims.join(", ")}]`, () => {
        const got = depthOutputSize(dims);
        if (expected instanceof RegExp) assert.ok(!got.ok && expected.test(got.error), JSON.stringify(got));
        else assert.deepEqual(got, { ok: true, value: expected });
      });
    }
  });

  describe("letterbox intrinsics", () => {
    const cases: Array<[string, [number, number, number, number], [number, number, number, number], [number, number], object]> = [
      [
        "640x480 into 320x256 (padY 8)",
        [640, 480, 320, 256],
        [500, 500, 319.5, 239.5],
        [320, 256],
        { fx: 250, fy: 250, cx: 159.5, cy: 127.5 },
      ],
      [
        "1280x720 into 320x256 (padY 38)",
        [1280, 720, 320, 256],
        [1000, 1000, 640, 360],
        [320, 256],
        { fx: 250, fy: 250, cx: 159.625, cy: 127.625 },
      ],
      [
        "640x480 into 320x256, output at half resolution",
        [640, 480, 320, 256],
        [500, 500, 319.5, 239.5],
        [160, 128],
        { fx: 125, fy: 125, cx: 79.5, cy: 63.5 },
      ],
      [
        "a tall image into a wide input pads left (padX 64)",
        [480, 640, 320, 256],
        [400, 400, 240, 320],
        [320, 256],
        { fx: 160, fy: 160, cx: 159.7, cy: 127.7 },
      ],
    ];
    for (const [what, [sw, sh, dw, dh], [fx, fy, cx, cy], [ow, oh], expected] of cases) {
      it(what, () => {
        const g = letterboxGeometry(sw, sh, dw, dh);
        const got = modelOutputIntrinsics({ fx, fy, cx, cy }, g, ow, oh);
        for (const [key, value] of Object.entries(expected))
          assert.ok(Math.abs(got[key as "fx"] - value) < 1e-9, `${key}: ${got[key as "fx"]} vs ${value}`);
      });
    }

    it("puts a source feature where the letterboxed image shows it", () => {
      // An 8x4 image with a white 2x2 block on columns 2-3, rows 0-1 (centre 2.5, 0.5), letterboxed to 4x4.
      const data = new Uint8Array(8 * 4 * 3);
      for (const [x, y] of [
        [2, 0],
        [3, 0],
        [2, 1],
        [3, 1],
      ] as const)
        data.fill(255, (y * 8 + x) * 3, (y * 8 + x) * 3 + 3);
      const view = toImageView({ width: 8, height: 4, encoding: "rgb8", step: 24, data });
      assert.ok(view.ok);
      const out = letterbox(view.value, 4, 4);
      const white = [...Array(16).keys()].filter((i) => out[i * 3] === 255);
      assert.deepEqual(white, [1 * 4 + 1], "one output pixel, column 1 of row 1");
      const k = letterboxIntrinsics({ fx: 10, fy: 10, cx: 2.5, cy: 0.5 }, letterboxGeometry(8, 4, 4, 4));
      assert.deepEqual([k.cx, k.cy], [1, 1], "the principal point was put on the block's centre; it maps to that output pixel");
    });

    const badK: Array<[string, number[], RegExp]> = [
      ["zeroed", [0, 0, 0, 0, 0, 0, 0, 0, 0], /zeroed/],
      ["negative focal length", [-5, 0, 1, 0, 5, 1, 0, 0, 1], /must be positive/],
      ["NaN", [Number.NaN, 0, 1, 0, 5, 1, 0, 0, 1], /non-finite/],
      ["short", [1, 2, 3], /3 elements, expected 9/],
    ];
    for (const [what, k, error] of badK) {
      it(`rejects a ${what} K`, () => {
        const got = intrinsicsOf({ k, width: 4, height: 4 });
        assert.ok(!got.ok && error.test(got.error), JSON.stringify(got));
      });
    }

    it("writes the output's CameraInfo: K and P mapped, Tx scaled, D and R kept, ROI and binning reset", () => {
      const g = letterboxGeometry(640, 480, 320, 256);
      const info = cameraInfo(640, 480, [500, 0, 319.5, 0, 500, 239.5, 0, 0, 1], [510, 0, 320, -51, 0, 510, 240, 0, 0, 0, 1, 0]);
      const out = cameraInfoForOutput(info, g, 320, 256);
      assert.deepEqual(out, {
        header,
        height: 256,
        width: 320,
        distortion_model: "plumb_bob",
        d: [0.1, 0, 0, 0, 0],
        k: [250, 0, 159.5, 0, 250, 127.5, 0, 0, 1],
        r: [1, 0, 0, 0, 1, 0, 0, 0, 1],
        p: [255, 0, 159.75, -25.5, 0, 255, 127.75, 0, 0, 0, 1, 0],
        binning_x: 0,
        binning_y: 0,
        roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
      });
    });

    it("keeps a zeroed K zeroed in the output's CameraInfo", () => {
      const out = cameraInfoForOutput(
        cameraInfo(640, 480, [0, 0, 0, 0, 0, 0, 0, 0, 0], new Array(12).fill(0)),
        letterboxGeometry(640, 480, 320, 256),
        320,
        256,
      );
      assert.deepEqual([out.k, out.p], [new Array(9).fill(0), new Array(12).fill(0)]);
    });

    it("finds the output rows and columns that show the image, not the padding", () => {
      const g = letterboxGeometry(1280, 720, 320, 256);
      assert.deepEqual(validRegionOf(g, { width: 320, height: 256 }), { u0: 0, u1: 320, v0: 38, v1: 218 });
      assert.deepEqual(validRegionOf(g, { width: 160, height: 128 }), { u0: 0, u1: 160, v0: 19, v1: 109 });
      assert.deepEqual(validRegionOf(letterboxGeometry(480, 640, 320, 256), { width: 320, height: 256 }), {
        u0: 64,
        u1: 256,
        v0: 0,
        v1: 256,
      });
    });
  });

  describe("pointCloudFromDepth", () => {
    const k = { fx: 2, fy: 4, cx: 1, cy: 0.5 };
    const depth = Float32Array.from([2, Number.NaN, 4, 1, 1, 1]);
    const points = (data: Uint8Array, floats: number) => {
      const all = Array.from(new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4));
      return Array.from({ length: all.length / floats }, (_, i) => all.slice(i * floats, i * floats + 3));
    };

    it("back-projects every pixel into an organized xyz cloud with NaN points for invalid depth", () => {
      const cloud = pointCloudFromDepth(depth, 3, 2, k, header);
      assert.deepEqual(
        {
          h: cloud.height,
          w: cloud.width,
          step: cloud.point_step,
          row: cloud.row_step,
          dense: cloud.is_dense,
          fields: cloud.fields.map((f) => `${f.name}@${f.offset}:${f.datatype}`),
        },
        { h: 2, w: 3, step: 12, row: 36, dense: false, fields: ["x@0:7", "y@4:7", "z@8:7"] },
      );
      assert.ok(cloud.data instanceof Uint8Array);
      assert.deepEqual(points(cloud.data, 3), [
        [-1, -0.25, 2],
        [Number.NaN, Number.NaN, Number.NaN],
        [2, -0.5, 4],
        [-0.5, 0.125, 1],
        [0, 0.125, 1],
        [0.5, 0.125, 1],
      ]);
    });

    it("keeps every n-th column and row with decimation, dense when no kept pixel is invalid", () => {
      const cloud = pointCloudFromDepth(depth, 3, 2, k, header, { decimation: 2 });
      assert.deepEqual([cloud.height, cloud.width, cloud.row_step, cloud.is_dense], [1, 2, 24, true]);
      assert.deepEqual(points(cloud.data, 3), [
        [-1, -0.25, 2],
        [2, -0.5, 4],
      ]);
    });

    it("adds rgb packed like PCL: 0x00RRGGBB read as a float32", () => {
      const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 2, 3, 16, 32, 64, 200, 100, 50]);
      const cloud = pointCloudFromDepth(depth, 3, 2, k, header, { rgb });
      assert.deepEqual([cloud.point_step, cloud.fields[3]], [16, { name: "rgb", offset: 12, datatype: 7, count: 1 }]);
      const words = new Uint32Array(cloud.data.buffer);
      assert.deepEqual(
        [0, 1, 2, 3, 4, 5].map((i) => words[i * 4 + 3]),
        [0xff0000, 0x00ff00, 0x0000ff, 0x010203, 0x102040, 0xc86432],
      );
      assert.equal(packRgb(200, 100, 50), 0xc86432);
      assert.deepEqual(points(cloud.data, 4)[3], [-0.5, 0.125, 1]);
    });

    it("refuses a bad decimation or mismatched sizes, naming them", () => {
      assert.throws(() => pointCloudFromDepth(depth, 3, 2, k, header, { decimation: 0 }), /decimation 0/);
      assert.throws(() => pointCloudFromDepth(depth, 2, 2, k, header), /6 values, expected 2x2/);
      assert.throws(() => pointCloudFromDepth(depth, 3, 2, k, header, { rgb: new Uint8Array(3) }), /3 bytes, expected 3x2x3/);
    });
  });

  describe("colour map", () => {
    const cases: Array<[number, [number, number, number]]> = [
      [1, [255, 0, 0]],
      [0.5, [255, 0, 0]],
      [1.5, [255, 128, 0]],
      [2, [255, 255, 0]],
      [3, [0, 255, 0]],
      [3.5, [0, 255, 128]],
      [5, [0, 0, 255]],
      [9, [0, 0, 255]],
      [Number.NaN, [0, 0, 0]],
    ];
    for (const [z, rgb] of cases)
      it(`colours ${z} m between 1 and 5 m as ${rgb.join(",")}`, () => assert.deepEqual(depthColour(z, 1, 5), rgb));

    it("colours a whole image and refuses an empty range", () => {
      assert.deepEqual(Array.from(colorizeDepth(Float32Array.of(1, Number.NaN), 1, 5)), [255, 0, 0, 0, 0, 0]);
      assert.throws(() => colorizeDepth(Float32Array.of(1), 2, 2), /far > near/);
    });
  });
});
