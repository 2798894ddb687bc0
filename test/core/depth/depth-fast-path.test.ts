import assert from "node:assert/strict";
import { colorizeDepth, depthColour } from "../../../src/core/depth/colormap.ts";
import { depthOfValue, scdepthLogitOfDepth, type DepthConversion } from "../../../src/core/depth/depth-families.ts";
import { depthImageMessage } from "../../../src/core/depth/depth-image.ts";
import { convertDepth } from "../../../src/core/depth/depth-output.ts";
import { pointCloudFromDepth } from "../../../src/core/depth/point-cloud.ts";
import { SCDEPTH_TABLE_TOLERANCE, ScdepthTable, scdepthTableFor } from "../../../src/core/depth/scdepth-table.ts";

const f32 = Math.fround;
const F32_MAX = 3.4028234663852886e38;
const header = { stamp: { sec: 1, nanosec: 2 }, frame_id: "camera_optical_frame" };
const k = { fx: 100, fy: 100, cx: 1.5, cy: 0.5 };

/** Relative bound of the fast path against the exact formula, after the depth image's float32 rounding. */
const SCDEPTH_BOUND = SCDEPTH_TABLE_TOLERANCE + 2 ** -23;

function conversion(family: DepthConversion["family"], minDepth: number, maxDepth: number, scale = 1, shift = 0): DepthConversion {
  return { family, scale, shift, minDepth, maxDepth };
}

/** convertDepth of each value as a 1-row image, next to the scalar reference `depthOfValue`. */
function convertEach(xs: readonly number[], c: DepthConversion): Float32Array {
  return convertDepth(Float32Array.from(xs), { width: xs.length, height: 1 }, c);
}

function assertScdepthClose(xs: readonly number[], c: DepthConversion): void {
  const got = convertEach(xs, c);
  xs.forEach((x, i) => {
    const x32 = f32(x); // the model output is float32
    const expected = depthOfValue(x32, c);
    const value = got[i]!;
    if (Number.isNaN(expected)) assert.ok(Number.isNaN(value), `x = ${x32}: expected invalid, got ${value}`);
    else assert.ok(Math.abs(value - expected) <= SCDEPTH_BOUND * expected, `x = ${x32}: ${value} vs exact ${expected}`);
  });
}

/** Every float32 x from −40 to 40 in steps of about 1/997 (so positions within table cells vary). */
const sweep = Array.from({ length: 80 * 997 + 1 }, (_, i) => -40 + i / 997);

/** Saturated and zero codes of typical Hailo quantizations, dequantized as HailoRT does ((q − zp) · scale). */
const quantizedEdges = [
  ...[-128, -127, 0, 126, 127].map((q) => q * 0.0625), // int8, scale 1/16, zp 0
  ...[0, 1, 254, 255].map((q) => (q - 128) * 0.05), // uint8, zp 128
  ...[0, 1, 32768, 65534, 65535].map((q) => (q - 32768) * 0.001), // uint16, zp 32768
];
const nonFiniteAndExtremes = [Number.NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, F32_MAX, -F32_MAX, 709, -709, 745, -745];

describe("core/depth fast postprocess", () => {
  describe("scdepthv3 through the logit table, against 1 / (sigmoid(x) · 10 + 0.009)", () => {
    const ranges: Array<[string, number, number]> = [
      ["the node's defaults 0.1 – 100 m", 0.1, 100],
      ["no limits (0 – inf)", 0, Infinity],
      ["a narrow range 0.5 – 5 m", 0.5, 5],
      ["limits beyond the head's own range (0.05 – 200 m: every x valid, table clamped)", 0.05, 200],
      ["an empty range (maxDepth below 1 / 10.009)", 0, 0.05],
      ["maxDepth inside the table, no minDepth (0 – 5 m: x above the table clamped)", 0, 5],
      ["minDepth inside the table, no maxDepth (0.5 m – inf: x below the table clamped)", 0.5, Infinity],
    ];
    for (const [what, minDepth, maxDepth] of ranges) {
      const c = conversion("scdepthv3", minDepth, maxDepth);
      it(`${what}: a dense sweep of x within ${SCDEPTH_BOUND.toExponential(2)} relative, same pixels invalid`, () => {
        assertScdepthClose(sweep, c);
      });
      it(`${what}: saturated quantized codes, NaN, ±inf, ±0 and float32 extremes`, () => {
        assertScdepthClose([...quantizedEdges, ...nonFiniteAndExtremes], c);
      });
    }

    it("keeps the saturated limits: −inf → 1 / 0.009 m and +inf → 1 / 10.009 m when the range allows them", () => {
      const got = convertEach([-Infinity, Infinity, -F32_MAX, F32_MAX], conversion("scdepthv3", 0, Infinity));
      assert.deepEqual(Array.from(got), [f32(1 / 0.009), f32(1 / 10.009), f32(1 / 0.009), f32(1 / 10.009)]);
    });

    it("decides validity at the logits of minDepth and maxDepth", () => {
      const c = conversion("scdepthv3", 0.5, 5);
      const low = scdepthLogitOfDepth(5);
      const high = scdepthLogitOfDepth(0.5);
      const got = convertEach([low - 1e-4, low + 1e-4, high - 1e-4, high + 1e-4], c);
      assert.deepEqual(
        Array.from(got, (v) => Number.isNaN(v)),
        [true, false, false, true],
      );
      const table = new ScdepthTable(0.5, 5);
      assert.ok(Math.abs(table.xLow - low) < 1e-12 && Math.abs(table.xHigh - high) < 1e-12);
    });

    it("keeps a pixel whose depth is exactly minDepth or maxDepth", () => {
      // Limits at the depths of x = −1 and x = −3, whose logits come back exactly: both x are valid.
      const [minDepth, maxDepth] = [-1, -3].map((x) => depthOfValue(x, conversion("scdepthv3", 0, Infinity)));
      const table = new ScdepthTable(minDepth!, maxDepth!);
      assert.deepEqual([table.xLow, table.xHigh], [-3, -1]);
      const got = convertEach([-3, -1], conversion("scdepthv3", minDepth!, maxDepth!));
      assert.deepEqual(Array.from(got), [f32(maxDepth!), f32(minDepth!)]);
    });

    it("converts only raw[start..end) and leaves the rest of out alone", () => {
      for (const [minDepth, maxDepth] of [
        [0.1, 100],
        [0, Infinity],
      ] as const) {
        const table = new ScdepthTable(minDepth, maxDepth);
        const out = new Float32Array(4).fill(-7);
        table.convertRange(Float32Array.of(0, 0, 0, 0), out, 1, 3);
        const atZero = f32(1 / 5.009);
        assert.deepEqual(Array.from(out), [-7, atZero, atZero, -7], `${minDepth} – ${maxDepth} m`);
      }
    });

    it("keeps one table while the range stays, and builds a new one when either limit changes", () => {
      const first = scdepthTableFor(0.5, 5);
      assert.equal(scdepthTableFor(0.5, 5), first);
      const minChanged = scdepthTableFor(1, 5);
      assert.deepEqual([minChanged.minDepth, minChanged.maxDepth], [1, 5]);
      const maxChanged = scdepthTableFor(1, 6);
      assert.deepEqual([maxChanged.minDepth, maxChanged.maxDepth], [1, 6]);
      assert.equal(scdepthTableFor(1, 6), maxChanged);
      // 0.7 m is valid under 0.5 – 5 m and not under 1 – 6 m.
      const x = scdepthLogitOfDepth(0.7);
      assert.ok(Number.isNaN(convertEach([x], conversion("scdepthv3", 1, 6))[0]!));
      assert.ok(Math.abs(convertEach([x], conversion("scdepthv3", 0.5, 5))[0]! - 0.7) < 1e-5 * 0.7);
    });

    it("is exact at the table's nodes (x = k / 128)", () => {
      const c = conversion("scdepthv3", 0, Infinity);
      const nodes = [-3, -1.5, 0, 0.0078125, 2.5, 7];
      assert.deepEqual(
        Array.from(convertEach(nodes, c)),
        nodes.map((x) => f32(depthOfValue(x, c))),
      );
    });
  });

  describe("fast_depth, depth_anything and generic: bit for bit the scalar formula", () => {
    const cases: Array<[string, DepthConversion]> = [
      ["fast_depth 1 / (2x + 0.5), 0.1 – 100 m", conversion("fast_depth", 0.1, 100, 2, 0.5)],
      ["depth_anything 1 / (0.1x + 0.05), no limits", conversion("depth_anything", 0, Infinity, 0.1, 0.05)],
      ["depth_anything with a negative scale", conversion("depth_anything", 0.2, 20, -0.3, 4)],
      ["generic millimetres, 0.1 – 10 m", conversion("generic", 0.1, 10, 0.001)],
      ["generic metres, no limits", conversion("generic", 0, Infinity)],
    ];
    const xs = [...sweep.filter((_, i) => i % 13 === 0), ...quantizedEdges, ...nonFiniteAndExtremes, 1500, 65535, 12000];
    for (const [what, c] of cases) {
      it(what, () => {
        const got = convertEach(xs, c);
        xs.forEach((x, i) =>
          assert.ok(Object.is(got[i], f32(depthOfValue(f32(x), c))), `x = ${x}: ${got[i]} vs ${depthOfValue(f32(x), c)}`),
        );
      });
    }
  });

  describe("buffers", () => {
    for (const family of ["scdepthv3", "fast_depth", "generic"] as const) {
      it(`${family}: a reused buffer full of old values is rewritten everywhere (region converted, padding NaN)`, () => {
        const c = conversion(family, 0.01, 1000, 0.5, 0.25);
        const raw = Float32Array.from({ length: 12 }, (_, i) => i - 5);
        const fresh = convertDepth(raw, { width: 4, height: 3 }, c);
        const out = new Float32Array(12).fill(42);
        assert.equal(convertDepth(raw, { width: 4, height: 3 }, c, { out }), out);
        assert.deepEqual(Array.from(out), Array.from(fresh));
        out.fill(42);
        const valid = { u0: 1, u1: 3, v0: 1, v1: 2 };
        convertDepth(raw, { width: 4, height: 3 }, c, { out, valid });
        out.forEach((v, i) => {
          const inside = i === 5 || i === 6;
          assert.ok(Object.is(v, inside ? fresh[i] : Number.NaN), `pixel ${i}: ${v}`);
        });
      });
    }

    it("a published depth image and cloud keep their values while the next frames are converted", () => {
      const c = conversion("scdepthv3", 0.1, 100);
      const size = { width: 4, height: 2 };
      const frame = (offset: number) => Float32Array.from({ length: 8 }, (_, i) => i * 0.5 - 2 + offset);
      const depth1 = convertDepth(frame(0), size, c);
      const image1 = depthImageMessage(header, depth1, 4, 2);
      const cloud1 = pointCloudFromDepth(depth1, 4, 2, k, header);
      const imageBytes = image1.data.slice();
      const cloudBytes = cloud1.data.slice();
      for (const offset of [1, -3, 0.25]) {
        const depth = convertDepth(frame(offset), size, c);
        const cloud = pointCloudFromDepth(depth, 4, 2, k, header);
        assert.notEqual(depth.buffer, depth1.buffer);
        assert.notEqual(cloud.data.buffer, cloud1.data.buffer);
        assert.notEqual(cloud.data.buffer, depth.buffer);
      }
      assert.deepEqual(image1.data, imageBytes);
      assert.deepEqual(cloud1.data, cloudBytes);
    });
  });

  describe("colorizeDepth", () => {
    it("gives every pixel depthColour's colour (ramp, clamped ends, NaN and ±inf black)", () => {
      const zs = [Number.NaN, Infinity, -Infinity, -1, 0, 0.5, 1, 1.37, 2, 3.999, 4, 4.5, 5, 6, 100, F32_MAX, 1e-45];
      const sweepZ = Array.from({ length: 2001 }, (_, i) => i / 400);
      const depth = Float32Array.from([...zs, ...sweepZ]);
      const got = colorizeDepth(depth, 1, 5);
      depth.forEach((z, i) => assert.deepEqual(Array.from(got.subarray(i * 3, i * 3 + 3)), depthColour(z, 1, 5), `z = ${z}`));
    });
  });
});
