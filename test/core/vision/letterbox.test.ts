import assert from "node:assert/strict";
import type { Box } from "../../../src/core/vision/detection.ts";
import { toRgb8, type ImageView } from "../../../src/core/vision/image-view.ts";
import { boxToModel, boxToSource, letterbox, letterboxGeometry, LetterboxTables } from "../../../src/core/vision/letterbox.ts";
import { imageFromMacropixels, imageFromPixels, noise, rgbAt, view } from "./fixtures.ts";

/** Straightforward float bilinear resize with half-pixel centres, from the packed rgb8 conversion. */
function referenceLetterbox(v: ImageView, dstW: number, dstH: number, pad = 114): Uint8Array {
  const src = toRgb8(v).data;
  const g = letterboxGeometry(v.width, v.height, dstW, dstH);
  const out = new Uint8Array(dstW * dstH * 3).fill(pad);
  const at = (x: number, y: number, c: number): number => src[(y * v.width + x) * 3 + c]!;
  for (let y = 0; y < g.resizedH; y++) {
    const sy = Math.min(Math.max((y + 0.5) * (v.height / g.resizedH) - 0.5, 0), v.height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, v.height - 1);
    const fy = sy - y0;
    for (let x = 0; x < g.resizedW; x++) {
      const sx = Math.min(Math.max((x + 0.5) * (v.width / g.resizedW) - 0.5, 0), v.width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, v.width - 1);
      const fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - fx) + at(x1, y0, c) * fx;
        const bottom = at(x0, y1, c) * (1 - fx) + at(x1, y1, c) * fx;
        out[((y + g.padY) * dstW + x + g.padX) * 3 + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return out;
}

function maxDifference(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** A random image in the given encoding; YUV values stay in gamut so RGB and YUV interpolation agree. */
function randomImage(encoding: string, width: number, height: number, padding: number, seed: number): ImageView {
  const bpp = { rgb8: 3, bgr8: 3, rgba8: 4, bgra8: 4, mono8: 1, uyvy: 2, yuyv: 2 }[encoding]!;
  const step = width * bpp + padding;
  const isYuv = bpp === 2;
  const data = isYuv ? noise(step * height, seed, 118, 138) : noise(step * height, seed);
  if (isYuv) {
    // Luma bytes get a wider range than chroma.
    const yOffset = encoding === "uyvy" ? 1 : 0;
    const luma = noise(step * height, seed + 1, 80, 180);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * step + x * 2 + yOffset] = luma[y * step + x * 2]!;
  }
  return view({ width, height, encoding, is_bigendian: 0, step, data });
}

describe("letterboxGeometry", () => {
  const CASES = [
    { src: [1280, 720], dst: [640, 640], scale: 0.5, resized: [640, 360], pad: [0, 140] },
    { src: [720, 1280], dst: [640, 640], scale: 0.5, resized: [360, 640], pad: [140, 0] },
    { src: [1920, 1080], dst: [640, 640], scale: 1 / 3, resized: [640, 360], pad: [0, 140] },
    { src: [640, 640], dst: [640, 640], scale: 1, resized: [640, 640], pad: [0, 0] },
    { src: [320, 240], dst: [640, 640], scale: 2, resized: [640, 480], pad: [0, 80] },
    { src: [1000, 500], dst: [640, 480], scale: 0.64, resized: [640, 320], pad: [0, 80] },
    { src: [641, 480], dst: [640, 640], scale: 640 / 641, resized: [640, 479], pad: [0, 80] },
  ] as const;
  for (const { src, dst, scale, resized, pad } of CASES) {
    it(`${src.join("×")} → ${dst.join("×")}: scale ${scale.toFixed(4)}, resized ${resized.join("×")}, pad ${pad.join(",")}`, () => {
      const g = letterboxGeometry(src[0], src[1], dst[0], dst[1]);
      assert.ok(Math.abs(g.scale - scale) < 1e-12);
      assert.deepEqual([g.resizedW, g.resizedH, g.padX, g.padY], [...resized, ...pad]);
    });
  }

  it("rejects non-positive sizes with a message naming the size", () => {
    assert.throws(() => letterboxGeometry(0, 10, 640, 640), /source width 0/);
    assert.throws(() => letterboxGeometry(10, 10, 640, -1), /target height -1/);
  });
});

describe("letterbox", () => {
  it("copies pixels exactly when sizes match, for every encoding", () => {
    for (const encoding of ["rgb8", "bgr8", "rgba8", "bgra8", "mono8", "uyvy", "yuyv"]) {
      const v = randomImage(encoding, 6, 4, 2, 7);
      assert.deepEqual(letterbox(v, 6, 4), toRgb8(v).data, encoding);
    }
  });

  it("averages 2×2 blocks for an exact 2:1 downscale and pads with 114", () => {
    // 4×2 rgb8 → 2×2: the resized image is 2×1 at the top; the bottom row is padding.
    const px = [
      [0, 10, 20],
      [4, 14, 24],
      [100, 0, 0],
      [200, 0, 0],
      [8, 18, 28],
      [12, 22, 32],
      [100, 0, 0],
      [0, 255, 255],
    ];
    const out = letterbox(view(imageFromPixels("rgb8", 4, 2, px, 3)), 2, 2);
    assert.deepEqual(rgbAt(out, 2, 0, 0), [6, 16, 26]);
    assert.deepEqual(rgbAt(out, 2, 1, 0), [100, 64, 64]);
    assert.deepEqual([...out.subarray(6)], [114, 114, 114, 114, 114, 114]);
  });

  it("reads bgr8, rgba8, bgra8 and mono8 directly in the 2:1 path", () => {
    const rgb = [
      [10, 20, 30],
      [30, 40, 50],
      [50, 60, 70],
      [70, 80, 90],
    ];
    const cases: [string, (p: number[]) => number[]][] = [
      ["bgr8", ([r, g, b]) => [b!, g!, r!]],
      ["rgba8", ([r, g, b]) => [r!, g!, b!, 255]],
      ["bgra8", ([r, g, b]) => [b!, g!, r!, 0]],
    ];
    for (const [encoding, pixel] of cases) {
      const out = letterbox(view(imageFromPixels(encoding, 2, 2, rgb.map(pixel), 1)), 1, 1);
      assert.deepEqual([...out], [40, 50, 60], encoding);
    }
    const mono = letterbox(view(imageFromPixels("mono8", 2, 2, [[0], [1], [2], [3]], 1)), 1, 1);
    assert.deepEqual([...mono], [2, 2, 2]);
  });

  it("interpolates bilinearly at half-pixel centres for a 3:2 downscale", () => {
    // 3×3 → 2×2: sample positions 0.25 and 1.75 on both axes.
    const grey = [0, 40, 80, 120, 160, 200, 240, 250, 255];
    const out = letterbox(
      view(
        imageFromPixels(
          "mono8",
          3,
          3,
          grey.map((g) => [g]),
        ),
      ),
      2,
      2,
    );
    const sample = (sx: number, sy: number): number => {
      const at = (x: number, y: number): number => grey[y * 3 + x]!;
      const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
      const [fx, fy] = [sx - x0, sy - y0];
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      return Math.round(top * (1 - fy) + bottom * fy);
    };
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => out[i * 3]),
      [sample(0.25, 0.25), sample(1.75, 0.25), sample(0.25, 1.75), sample(1.75, 1.75)],
    );
  });

  it("converts YUV on the fly while resizing", () => {
    // Two white pixels over two black ones, 2:1 → one grey pixel of the mean luma 125.5:
    // 298 × (125.5 − 16) / 256 = 127.46.
    const v = view(
      imageFromMacropixels(
        "yuyv",
        2,
        2,
        [
          [235, 128, 235, 128],
          [16, 128, 16, 128],
        ],
        4,
      ),
    );
    const [r, g, b] = letterbox(v, 1, 1);
    assert.deepEqual([r, g, b], [127, 127, 127]);
  });

  const SIZES: { name: string; src: [number, number]; dst: [number, number] }[] = [
    { name: "2:1 landscape", src: [16, 10], dst: [8, 8] },
    { name: "3:1 (odd integer ratio)", src: [18, 12], dst: [6, 6] },
    { name: "4:1", src: [24, 8], dst: [6, 6] },
    { name: "non-integer downscale", src: [13, 7], dst: [8, 8] },
    { name: "portrait", src: [7, 12], dst: [8, 8] },
    { name: "upscale", src: [5, 3], dst: [16, 12] },
  ];
  for (const encoding of ["rgb8", "bgr8", "rgba8", "bgra8", "mono8", "uyvy", "yuyv"]) {
    for (const { name, src, dst } of SIZES) {
      if (encoding === "uyvy" || encoding === "yuyv") {
        if (src[0] % 2 === 1) continue;
      }
      it(`${encoding}, ${name}: matches a float bilinear reference within 1`, () => {
        const v = randomImage(encoding, src[0], src[1], 3, src[0] * 31 + src[1]);
        const isYuv = encoding === "uyvy" || encoding === "yuyv";
        assert.ok(maxDifference(letterbox(v, dst[0], dst[1]), referenceLetterbox(v, dst[0], dst[1])) <= (isYuv ? 2 : 1));
      });
    }
  }

  it("writes into a given buffer, padding with the given value", () => {
    const out = new Uint8Array(4 * 4 * 3).fill(1);
    const v = view(
      imageFromPixels("rgb8", 2, 1, [
        [9, 9, 9],
        [9, 9, 9],
      ]),
    );
    const result = letterbox(v, 4, 4, { out, padValue: 0 });
    assert.equal(result, out);
    // 2×1 → 4×2 at rows 1..2; rows 0 and 3 are padding.
    assert.deepEqual([...out.subarray(0, 12)], new Array(12).fill(0));
    assert.deepEqual([...out.subarray(12, 36)], new Array(24).fill(9));
    assert.deepEqual([...out.subarray(36)], new Array(12).fill(0));
  });

  it("rejects an out buffer of the wrong size and a bad pad value", () => {
    const v = view(
      imageFromPixels("rgb8", 2, 1, [
        [9, 9, 9],
        [9, 9, 9],
      ]),
    );
    assert.throws(() => letterbox(v, 4, 4, { out: new Uint8Array(47) }), /47 bytes; it must be 4×4×3 = 48/);
    assert.throws(() => letterbox(v, 4, 4, { padValue: 300 }), /padValue 300/);
  });
});

describe("LetterboxTables", () => {
  const STEPS: { name: string; image: () => ImageView; dst: [number, number]; builds: number }[] = [
    { name: "first frame", image: () => randomImage("rgb8", 13, 7, 0, 1), dst: [8, 8], builds: 1 },
    { name: "same layout and size", image: () => randomImage("rgb8", 13, 7, 0, 2), dst: [8, 8], builds: 1 },
    { name: "another row step", image: () => randomImage("rgb8", 13, 7, 3, 3), dst: [8, 8], builds: 2 },
    { name: "another encoding", image: () => randomImage("bgra8", 13, 7, 3, 4), dst: [8, 8], builds: 3 },
    { name: "another target size", image: () => randomImage("bgra8", 13, 7, 3, 5), dst: [6, 6], builds: 4 },
    { name: "a point-sampled 3:1 frame needs none", image: () => randomImage("rgb8", 18, 12, 0, 6), dst: [6, 6], builds: 4 },
    { name: "back to the previous layout", image: () => randomImage("bgra8", 13, 7, 3, 7), dst: [6, 6], builds: 4 },
  ];
  it("rebuilds only when the source layout or the resized size changes, with the same bytes as fresh tables", () => {
    const tables = new LetterboxTables();
    for (const step of STEPS) {
      const v = step.image();
      const reused = letterbox(v, step.dst[0], step.dst[1], { tables });
      assert.deepEqual(reused, letterbox(v, step.dst[0], step.dst[1]), step.name);
      assert.equal(tables.builds, step.builds, step.name);
    }
  });
});

function assertBoxClose(actual: Box, expected: Box): void {
  for (const k of ["x1", "y1", "x2", "y2"] as const)
    assert.ok(Math.abs(actual[k] - expected[k]) < 1e-9, `${k}: ${actual[k]} vs ${expected[k]}`);
}

describe("boxToSource / boxToModel", () => {
  const FRAMES: { name: string; w: number; h: number }[] = [
    { name: "landscape", w: 1280, h: 720 },
    { name: "portrait", w: 480, h: 854 },
    { name: "square", w: 500, h: 500 },
    { name: "odd sizes", w: 641, h: 479 },
  ];
  const BOXES: Box[] = [
    { x1: 10, y1: 20, x2: 200, y2: 300 },
    { x1: 0, y1: 0, x2: 50, y2: 50 },
    { x1: 400, y1: 400, x2: 479, y2: 479 },
  ];
  for (const { name, w, h } of FRAMES) {
    it(`${name} ${w}×${h} → 640×640 → back lands within 1 px`, () => {
      const g = letterboxGeometry(w, h, 640, 640);
      for (const b of BOXES) {
        const source = { x1: Math.min(b.x1, w), y1: Math.min(b.y1, h), x2: Math.min(b.x2, w), y2: Math.min(b.y2, h) };
        const model = boxToModel(source, g);
        // Quantize to whole model pixels, as a detector would report them.
        const rounded = { x1: Math.round(model.x1), y1: Math.round(model.y1), x2: Math.round(model.x2), y2: Math.round(model.y2) };
        const back = boxToSource(rounded, g, w, h);
        for (const k of ["x1", "y1", "x2", "y2"] as const)
          assert.ok(Math.abs(back[k] - source[k]) <= 1, `${k}: ${back[k]} vs ${source[k]}`);
      }
    });
  }

  // Small, non-square frames where scaleX and scaleY differ by several percent: an axis that used
  // the other axis's scale would be off by far more than the tolerance.
  it("maps boxes exactly on 7×12 → 8×8 (pillarboxed) and 12×7 → 8×8 (letterboxed)", () => {
    const tall = letterboxGeometry(7, 12, 8, 8);
    assert.deepEqual(
      { resizedW: tall.resizedW, resizedH: tall.resizedH, padX: tall.padX, padY: tall.padY },
      { resizedW: 5, resizedH: 8, padX: 1, padY: 0 },
    );
    assertBoxClose(boxToSource({ x1: 2, y1: 2, x2: 4, y2: 6 }, tall), { x1: 7 / 5, y1: 3, x2: 21 / 5, y2: 9 });
    assertBoxClose(boxToModel({ x1: 7 / 5, y1: 3, x2: 21 / 5, y2: 9 }, tall), { x1: 2, y1: 2, x2: 4, y2: 6 });

    const wide = letterboxGeometry(12, 7, 8, 8);
    assert.deepEqual(
      { resizedW: wide.resizedW, resizedH: wide.resizedH, padX: wide.padX, padY: wide.padY },
      { resizedW: 8, resizedH: 5, padX: 0, padY: 1 },
    );
    assertBoxClose(boxToSource({ x1: 2, y1: 2, x2: 6, y2: 4 }, wide), { x1: 3, y1: 7 / 5, x2: 9, y2: 21 / 5 });
    assertBoxClose(boxToModel({ x1: 3, y1: 7 / 5, x2: 9, y2: 21 / 5 }, wide), { x1: 2, y1: 2, x2: 6, y2: 4 });
  });

  it("clamps to the given source size, per axis", () => {
    const g = letterboxGeometry(7, 12, 8, 8);
    assert.deepEqual(boxToSource({ x1: 0, y1: -1, x2: 8, y2: 9 }, g), { x1: 0, y1: 0, x2: 7, y2: 12 });
    assert.deepEqual(boxToSource({ x1: 0, y1: 0, x2: 8, y2: 8 }, g, 5, 6), { x1: 0, y1: 0, x2: 5, y2: 6 });
  });

  it("maps the resized area to the whole source and clamps boxes in the padding", () => {
    const g = letterboxGeometry(1280, 720, 640, 640);
    assert.deepEqual(boxToSource({ x1: 0, y1: 140, x2: 640, y2: 500 }, g), { x1: 0, y1: 0, x2: 1280, y2: 720 });
    assert.deepEqual(boxToSource({ x1: -20, y1: 0, x2: 700, y2: 130 }, g), { x1: 0, y1: 0, x2: 1280, y2: 0 });
  });
});
