import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadNativeImageKernels } from "../../src/adapters/native-image-kernels.ts";
import { toImageView } from "../../src/core/vision/image-view.ts";
import { letterbox, type LetterboxKernels } from "../../src/core/vision/letterbox.ts";

function image(width: number, height: number, encoding: "rgb8" | "bgr8", padding: number, seed: number) {
  const step = width * 3 + padding;
  // An offset into a larger buffer, as images that arrive as views of a message buffer are.
  const backing = new Uint8Array(step * height + 7);
  let x = seed;
  for (let i = 0; i < backing.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    backing[i] = x >>> 24;
  }
  const data = backing.subarray(5, 5 + step * height);
  const view = toImageView({ width, height, encoding, is_bigendian: 0, step, data });
  assert.ok(view.ok);
  return view.value;
}

describe("native image kernels (hailort-node)", () => {
  let kernels: LetterboxKernels;
  before(async function () {
    const loaded = await loadNativeImageKernels();
    assert.ok(loaded.ok, loaded.ok ? "" : loaded.reason);
    kernels = loaded.kernels;
  });

  const cases: Array<[number, number, "rgb8" | "bgr8", number, number, number]> = [
    [1280, 720, "rgb8", 0, 640, 640],
    [1280, 720, "bgr8", 0, 640, 640],
    [640, 480, "rgb8", 13, 320, 320],
    [480, 640, "bgr8", 4, 320, 320],
    [2, 2, "rgb8", 0, 1, 1],
    [10, 6, "rgb8", 1, 5, 5],
    // 37 wide: 8-pixel vector groups, then a tail of 5.
    [74, 40, "bgr8", 3, 37, 37],
  ];
  for (const [w, h, encoding, padding, dw, dh] of cases) {
    it(`letterboxes ${w}x${h} ${encoding} (row padding ${padding}) into ${dw}x${dh} byte for byte like the TypeScript path`, () => {
      const view = image(w, h, encoding, padding, w * 31 + h);
      const expected = letterbox(view, dw, dh);
      let calls = 0;
      const counted: LetterboxKernels = {
        average2x2Packed3: (...args) => {
          calls++;
          kernels.average2x2Packed3!(...args);
        },
      };
      const actual = letterbox(view, dw, dh, { kernels: counted });
      assert.equal(calls, 1, "the native kernel did the resampling");
      assert.equal(Buffer.compare(Buffer.from(actual), Buffer.from(expected)), 0);
    });
  }

  const oddCases: Array<[number, number, "rgb8" | "bgr8", number, number, number, number]> = [
    [1920, 1080, "rgb8", 0, 640, 640, 3],
    [1920, 1080, "bgr8", 0, 640, 640, 3],
    [1080, 1920, "rgb8", 9, 640, 640, 3],
    [51, 33, "bgr8", 2, 17, 17, 3],
    [9, 3, "rgb8", 0, 3, 3, 3],
    [75, 25, "rgb8", 1, 15, 15, 5],
    [3200, 1800, "bgr8", 0, 640, 640, 5],
  ];
  for (const [w, h, encoding, padding, dw, dh, k] of oddCases) {
    it(`samples ${w}x${h} ${encoding} (row padding ${padding}) at 1:${k} into ${dw}x${dh} byte for byte like the TypeScript path`, () => {
      const view = image(w, h, encoding, padding, w * 17 + h);
      const expected = letterbox(view, dw, dh);
      const ratios: number[] = [];
      const counted: LetterboxKernels = {
        sampleOddPacked3: (src, srcStep, ratio, ...rest) => {
          ratios.push(ratio);
          kernels.sampleOddPacked3!(src, srcStep, ratio, ...rest);
        },
      };
      const actual = letterbox(view, dw, dh, { kernels: counted });
      assert.deepEqual(ratios, [k], "the native kernel did the sampling");
      assert.equal(Buffer.compare(Buffer.from(actual), Buffer.from(expected)), 0);
    });
  }

  it("leaves a 1:1 copy and even ratios other than 2 to the TypeScript path", () => {
    let calls = 0;
    const counted: LetterboxKernels = { sampleOddPacked3: () => void calls++ };
    for (const [w, h, dw] of [
      [64, 48, 64],
      [256, 192, 64],
    ] as const) {
      const view = image(w, h, "rgb8", 0, w + h);
      assert.equal(Buffer.compare(Buffer.from(letterbox(view, dw, dw, { kernels: counted })), Buffer.from(letterbox(view, dw, dw))), 0);
    }
    assert.equal(calls, 0);
  });

  it("rejects sampling sizes that do not fit the buffers or an even ratio", () => {
    const src = new Uint8Array(9 * 3 * 3);
    const dst = new Uint8Array(9);
    assert.throws(() => kernels.sampleOddPacked3!(src, 27, 3, 3, 2, dst, 0, 9, false), /src is too small/);
    assert.throws(() => kernels.sampleOddPacked3!(src, 27, 3, 3, 1, dst, 1, 9, false), /dst is too small/);
    assert.throws(() => kernels.sampleOddPacked3!(src, 26, 3, 3, 1, dst, 0, 9, false), /srcStep/);
    assert.throws(() => kernels.sampleOddPacked3!(src, 27, 2, 3, 1, dst, 0, 9, false), /k must be an odd ratio/);
  });

  it("rejects sizes that do not fit the buffers instead of reading or writing past them", () => {
    const src = new Uint8Array(12 * 4);
    const dst = new Uint8Array(6 * 2);
    assert.throws(() => kernels.average2x2Packed3!(src, 12, 2, 3, dst, 0, 6, false), /src is too small/);
    assert.throws(() => kernels.average2x2Packed3!(src, 12, 2, 2, dst, 1, 6, false), /dst is too small/);
    assert.throws(() => kernels.average2x2Packed3!(src, 11, 2, 2, dst, 0, 6, false), /srcStep/);
    assert.throws(() => kernels.average2x2Packed3!(src, 12, -1, 2, dst, 0, 6, false), /non-negative integers/);
  });

  it("computes the same bytes with SIMD kernels and with the generic code (HAILORT_NODE_NO_SIMD=1)", function () {
    this.timeout(30_000);
    const script = fileURLToPath(new URL("./fixtures/kernel-digest.js", import.meta.url));
    const run = (env: NodeJS.ProcessEnv) =>
      execFileSync(process.execPath, [script], { env: { ...process.env, ...env }, encoding: "utf8" }).trim();
    const simd = run({});
    const generic = run({ HAILORT_NODE_NO_SIMD: "1" });
    assert.match(simd, /^[0-9a-f]{64} \d+$/);
    assert.equal(generic, simd);
  });

  it("equal their definitions in C++ on this machine and, under qemu, on arm64 (NEON), SIMD and generic (native/scripts/test-kernels.sh)", function () {
    this.timeout(120_000);
    const script = fileURLToPath(new URL("../../../native/scripts/test-kernels.sh", import.meta.url));
    const output = execFileSync("bash", [script], { encoding: "utf8" });
    const runs = output.trim().split("\n");
    for (const line of runs) assert.match(line, / 0 bad$|^arm64: skipped/, output);
    assert.ok(runs.filter((line) => / 0 bad$/.test(line)).length >= 2, output);
    if (process.env.CI !== undefined) assert.ok(!/skipped/.test(output), `CI installs the arm64 cross compiler and qemu:\n${output}`);
  });
});
