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
      ["generic at minDepth", conversion({ family: "generic", minDepth: 0.5 }), 0.5, 0.5],
      ["fast_depth at minDepth: 1 / (1·0.5 + 0)", conversion({ family: "fast_depth", minDepth: 2 }), 0.5, 2],
      ["fast_depth at maxDepth: 1 / (1·0.25 + 0)", conversion({ family: "fast_depth", maxDepth: 4 }), 0.25, 4],
      ["depth_anything below minDepth", conversion({ family: "depth_anything", minDepth: 2.5 }), 0.5, Number.NaN],
      ["depth_anything beyond maxDepth", conversion({ family: "depth_anything", maxDepth: 3.5 }), 0.25, Number.NaN],
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

    it("has no logit at the head's saturated limits 1 / 0.009 m and 1 / 10.009 m (reached only by x = ∓inf)", () => {
      // At these depths sigmoid(x) is exactly 0 and 1; a logit there would be ∓inf, not a model output.
      for (const d of [1 / 0.009, 1 / 10.009, 200, 0.05, 0, -1]) assert.ok(Number.isNaN(scdepthLogitOfDepth(d)), `depth ${d}`);
      assert.ok(Number.isFinite(scdepthLogitOfDepth(111)) && Number.isFinite(scdepthLogitOfDepth(0.1)));
    });

    it("marks pixels outside the valid region NaN and leaves the rest converted", () => {
      const raw = Float32Array.from([1, 2, 3, 4, 5, 6]);
      const out = convertDepth(raw, { width: 3, height: 2 }, conversion({ family: "generic" }), { valid: { u0: 1, u1: 3, v0: 1, v1: 2 } });
      assert.deepEqual(Array.from(out), [Number.NaN, Number.NaN, Number.NaN, Number.NaN, 5, 6]);
    });
  });

  describe("convertDepth", () => {
    it("refuses a raw output smaller than the image and a result buffer of another size, naming them", () => {
      const c = conversion({ family: "generic" });
      assert.throws(() => convertDepth(new Float32Array(3), { width: 2, height: 2 }, c), {
        name: "RangeError",
        message: "depth output holds 3 values, fewer than 2x2",
      });
      assert.throws(() => convertDepth(new Float32Array(4), { width: 2, height: 2 }, c, { out: new Float32Array(5) }), {
        name: "RangeError",
        message: "depth buffer holds 5 values, expected 2x2",
      });
      assert.deepEqual(Array.from(convertDepth(Float32Array.of(1, 2, 3, 4, 5), { width: 2, height: 2 }, c)), [1, 2, 3, 4]);
    });

    // A 3x3 output of valid values 0.5 … 4.5; each region leaves out one side (one row or column of padding).
    const raw = Float32Array.from({ length: 9 }, (_, i) => (i + 1) * 0.5);
    const size = { width: 3, height: 3 };
    const regions: Array<[string, { u0: number; u1: number; v0: number; v1: number }, number[]]> = [
      ["left column", { u0: 1, u1: 3, v0: 0, v1: 3 }, [0, 3, 6]],
      ["right column", { u0: 0, u1: 2, v0: 0, v1: 3 }, [2, 5, 8]],
      ["top row", { u0: 0, u1: 3, v0: 1, v1: 3 }, [0, 1, 2]],
      ["bottom row", { u0: 0, u1: 3, v0: 0, v1: 2 }, [6, 7, 8]],
      ["a frame around the centre", { u0: 1, u1: 2, v0: 1, v1: 2 }, [0, 1, 2, 3, 5, 6, 7, 8]],
    ];
    const families: DepthConversion[] = [
      { family: "scdepthv3", scale: 1, shift: 0, minDepth: 0.1, maxDepth: 100 },
      { family: "fast_depth", scale: 0.5, shift: 0.25, minDepth: 0.01, maxDepth: 1000 },
      { family: "depth_anything", scale: 2, shift: 1, minDepth: 0, maxDepth: Infinity },
      { family: "generic", scale: 0.5, shift: 0, minDepth: 0.1, maxDepth: 10 },
    ];
    for (const c of families) {
      for (const [what, valid, padding] of regions) {
        it(`${c.family}: padding in the ${what} is NaN, every other pixel converted`, () => {
          const whole = convertDepth(raw, size, c);
          assert.ok(
            whole.every((z) => z > 0),
            "every value of the test image is a valid depth",
          );
          const got = convertDepth(raw, size, c, { valid });
          const expected = Array.from(whole, (z, i) => (padding.includes(i) ? Number.NaN : z));
          assert.deepEqual(Array.from(got), expected);
        });
      }
    }
  });

  describe("depthOutputSize", () => {
    const notOneChannel = (dims: string) =>
      `output dims [${dims}] are not a one-channel depth map ([H, W], [1, H, W], [1, 1, H, W] or [1, H, W, 1])`;
    const cases: Array<[number[], { width: number; height: number } | string]> = [
      [[256, 320], { width: 320, height: 256 }],
      [[1, 256, 320], { width: 320, height: 256 }],
      [[1, 1, 256, 320], { width: 320, height: 256 }],
      [[1, 256, 320, 1], { width: 320, height: 256 }],
      [[1, 1, 1, 1], { width: 1, height: 1 }],
      [[1, 3, 256, 320], notOneChannel("1, 3, 256, 320")],
      [[2, 256, 320], notOneChannel("2, 256, 320")],
      [[2, 1, 256, 320], notOneChannel("2, 1, 256, 320")],
      [[2, 256, 320, 1], notOneChannel("2, 256, 320, 1")],
      [[1, 1, 256, 320, 1], notOneChannel("1, 1, 256, 320, 1")],
      [[1, 256, 320, 1, 1], notOneChannel("1, 256, 320, 1, 1")],
      [[320], notOneChannel("320")],
      [[1, 0, 320], "output dims [1, 0, 320] hold an empty depth map"],
      [[256, 0], "output dims [256, 0] hold an empty depth map"],
      [[0, 320], "output dims [0, 320] hold an empty depth map"],
      [[1, 1, 256, 0], "output dims [1, 1, 256, 0] hold an empty depth map"],
    ];
    for (const [dims, expected] of cases) {
      it(`[${dims.join(", ")}]`, () => {
        const got = depthOutputSize(dims);
        if (typeof expected === "string") assert.deepEqual(got, { ok: false, error: expected });
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

    it("outputs of another size on one axis only scale that axis", () => {
      const g = letterboxGeometry(640, 480, 320, 256);
      const k = { fx: 500, fy: 500, cx: 319.5, cy: 239.5 };
      // The model input's intrinsics are fx = fy = 250, cx = 159.5, cy = 127.5 (see above).
      assert.deepEqual(modelOutputIntrinsics(k, g, 320, 256), { fx: 250, fy: 250, cx: 159.5, cy: 127.5 });
      assert.deepEqual(modelOutputIntrinsics(k, g, 160, 256), { fx: 125, fy: 250, cx: 79.5, cy: 127.5 });
      assert.deepEqual(modelOutputIntrinsics(k, g, 320, 128), { fx: 250, fy: 125, cx: 159.5, cy: 63.5 });
      assert.deepEqual(letterboxIntrinsics(k, g), { fx: 250, fy: 250, cx: 159.5, cy: 127.5 });
    });

    it("reads fx, fy, cx, cy from a calibrated K", () => {
      assert.deepEqual(intrinsicsOf({ k: [500, 0.5, 319.5, 0, 400, 239.5, 0, 0, 1], width: 640, height: 480 }), {
        ok: true,
        value: { fx: 500, fy: 400, cx: 319.5, cy: 239.5 },
      });
    });

    const badK: Array<[string, number[], string]> = [
      ["zeroed", [0, 0, 0, 0, 0, 0, 0, 0, 0], "K is zeroed (the camera is not calibrated)"],
      ["zeroed focal lengths", [0, 0, 1, 0, 0, 1, 0, 0, 1], "K is zeroed (the camera is not calibrated)"],
      ["negative fx", [-5, 0, 1, 0, 5, 1, 0, 0, 1], "focal lengths fx=-5, fy=5 must be positive"],
      ["zero fx", [0, 0, 1, 0, 5, 1, 0, 0, 1], "focal lengths fx=0, fy=5 must be positive"],
      ["zero fy", [5, 0, 1, 0, 0, 1, 0, 0, 1], "focal lengths fx=5, fy=0 must be positive"],
      ["negative fy", [5, 0, 1, 0, -5, 1, 0, 0, 1], "focal lengths fx=5, fy=-5 must be positive"],
      ["NaN", [Number.NaN, 0, 1, 0, 5, 1, 0, 0, 1], "K holds a non-finite value"],
      ["infinite cy", [5, 0, 1, 0, 5, Infinity, 0, 0, 1], "K holds a non-finite value"],
      ["short", [1, 2, 3], "K has 3 elements, expected 9"],
      ["holey", [5, 0, 1, 0, undefined as unknown as number, 1, 0, 0, 1], "K is incomplete"],
    ];
    for (const [what, k, error] of badK) {
      it(`rejects a ${what} K: ${error}`, () => {
        assert.deepEqual(intrinsicsOf({ k, width: 4, height: 4 }), { ok: false, error });
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

    it("maps K's and P's skew and P's Ty too, and keeps a rectifying R", () => {
      // 640x480 into 320x256: u' = 0.5u − 0.25, v' = 0.5v + 7.75.
      const info = {
        ...cameraInfo(640, 480, [500, 2, 319.5, 0, 500, 239.5, 0, 0, 1], [510, 4, 320, -51, 0, 510, 240, -20, 0, 0, 1, 0.5]),
        r: [0, -1, 0, 1, 0, 0, 0, 0, 1],
      };
      const out = cameraInfoForOutput(info, letterboxGeometry(640, 480, 320, 256), 320, 256);
      assert.deepEqual(
        [out.k, out.p, out.r],
        [
          [250, 1, 159.5, 0, 250, 127.5, 0, 0, 1],
          [255, 2, 159.75, -25.5, 0, 255, 127.75, -10, 0, 0, 1, 0.5],
          [0, -1, 0, 1, 0, 0, 0, 0, 1],
        ],
      );
    });

    it("writes an identity R when the source has none, and a malformed K or P as zeroed (uncalibrated)", () => {
      const g = letterboxGeometry(640, 480, 320, 256);
      const info = { ...cameraInfo(640, 480, [500, 0, 319.5, 0, 500, 239.5, 0, 0, 1]), r: [] };
      assert.deepEqual(cameraInfoForOutput(info, g, 320, 256).r, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
      const malformed = cameraInfoForOutput({ ...info, k: [500, 0, 319.5, 0], p: [510, 0, 320] }, g, 320, 256);
      assert.deepEqual([malformed.k, malformed.p], [new Array(9).fill(0), new Array(12).fill(0)]);
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

    it("decimates rows and columns of xyz and rgb alike (every 2nd of a 3x3 image)", () => {
      // Kept pixels (u, v) = (0, 0), (2, 0), (0, 2), (2, 2); x = (u − 1) · z / 2, y = (v − 0.5) · z / 4.
      const depth3 = Float32Array.of(1, 9, 2, 9, 9, 9, 4, 9, 8);
      const rgb = Uint8Array.from({ length: 27 }, (_, i) => Math.floor(i / 3) * 10 + (i % 3));
      const cloud = pointCloudFromDepth(depth3, 3, 3, k, header, { decimation: 2, rgb });
      assert.deepEqual([cloud.height, cloud.width, cloud.row_step, cloud.is_dense], [2, 2, 32, true]);
      assert.deepEqual(points(cloud.data, 4), [
        [-0.5, -0.125, 1],
        [1, -0.25, 2],
        [-2, 1.5, 4],
        [4, 3, 8],
      ]);
      const words = new Uint32Array(cloud.data.buffer);
      assert.deepEqual(
        [0, 1, 2, 3].map((i) => words[i * 4 + 3]),
        [0x000102, 0x141516, 0x3c3d3e, 0x505152],
      );
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

    it("rewrites a reused buffer: colours and black, and refuses one of another size", () => {
      const out = new Uint8Array(12).fill(7);
      // 4 m is t = 0.75 (cyan), 5 m blue; the invalid pixels after them are black in all three bytes.
      assert.equal(colorizeDepth(Float32Array.of(4, Number.NaN, 5, Infinity), 1, 5, out), out);
      assert.deepEqual(Array.from(out), [0, 255, 255, 0, 0, 0, 0, 0, 255, 0, 0, 0]);
      assert.throws(() => colorizeDepth(Float32Array.of(1, 2), 1, 5, new Uint8Array(5)), {
        name: "RangeError",
        message: "colour buffer holds 5 bytes, expected 6",
      });
    });
  });
});
