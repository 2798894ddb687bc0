import assert from "node:assert/strict";
import { SUPPORTED_ENCODINGS, toImageView, toRgb8, type ImageViewErrorCode } from "../../../src/core/vision/image-view.ts";
import { imageFromMacropixels, imageFromPixels, view } from "./fixtures.ts";

// Two pixels per row, two rows: red, green / blue, grey (as R, G, B).
const RGB = [
  [200, 10, 20],
  [30, 210, 40],
  [50, 60, 220],
  [128, 128, 128],
] as const;
const RGB_FLAT = RGB.flat();

const PACKED_CASES: { encoding: string; pixel: (p: readonly number[]) => number[] }[] = [
  { encoding: "rgb8", pixel: ([r, g, b]) => [r!, g!, b!] },
  { encoding: "bgr8", pixel: ([r, g, b]) => [b!, g!, r!] },
  { encoding: "rgba8", pixel: ([r, g, b]) => [r!, g!, b!, 7] },
  { encoding: "bgra8", pixel: ([r, g, b]) => [b!, g!, r!, 7] },
];

describe("toImageView / toRgb8", () => {
  for (const { encoding, pixel } of PACKED_CASES) {
    for (const padding of [0, 5]) {
      it(`converts ${encoding} with ${padding} bytes of row padding`, () => {
        const v = view(imageFromPixels(encoding, 2, 2, RGB.map(pixel), padding));
        assert.equal(v.step, 2 * pixel([0, 0, 0]).length + padding);
        assert.deepEqual([...toRgb8(v).data], RGB_FLAT);
      });
    }
  }

  for (const padding of [0, 3]) {
    it(`converts mono8 with ${padding} bytes of row padding by replicating the grey level`, () => {
      const v = view(imageFromPixels("mono8", 2, 2, [[0], [64], [200], [255]], padding));
      assert.deepEqual([...toRgb8(v).data], [0, 0, 0, 64, 64, 64, 200, 200, 200, 255, 255, 255]);
    });
  }

  // BT.601 limited range: Y 235 is white, Y 16 black; (81, 90, 240) is saturated red; Y 126 grey 128.
  const YUV_PAIRS = { whiteBlack: { y0: 235, y1: 16, u: 128, v: 128 }, redGrey: { y0: 81, y1: 81, u: 90, v: 240 } };
  const YUV_EXPECTED = [255, 255, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0];
  const YUV_CASES = [
    { encoding: "yuv422", quad: ({ y0, y1, u, v }: typeof YUV_PAIRS.whiteBlack) => [u, y0, v, y1] as [number, number, number, number] },
    { encoding: "uyvy", quad: ({ y0, y1, u, v }: typeof YUV_PAIRS.whiteBlack) => [u, y0, v, y1] as [number, number, number, number] },
    {
      encoding: "yuv422_yuy2",
      quad: ({ y0, y1, u, v }: typeof YUV_PAIRS.whiteBlack) => [y0, u, y1, v] as [number, number, number, number],
    },
    { encoding: "yuyv", quad: ({ y0, y1, u, v }: typeof YUV_PAIRS.whiteBlack) => [y0, u, y1, v] as [number, number, number, number] },
  ];
  for (const { encoding, quad } of YUV_CASES) {
    for (const padding of [0, 4]) {
      it(`converts ${encoding} with ${padding} bytes of row padding (BT.601 limited range)`, () => {
        const v = view(imageFromMacropixels(encoding, 2, 2, [quad(YUV_PAIRS.whiteBlack), quad(YUV_PAIRS.redGrey)], padding));
        assert.deepEqual([...toRgb8(v).data], YUV_EXPECTED);
      });
    }
  }

  it("converts mid grey YUV to 128", () => {
    const v = view(imageFromMacropixels("uyvy", 2, 1, [[128, 126, 128, 126]]));
    assert.deepEqual([...toRgb8(v).data], [128, 128, 128, 128, 128, 128]);
  });

  it("returns the same bytes for tightly packed rgb8 and a copy otherwise", () => {
    const packed = imageFromPixels("rgb8", 2, 2, RGB);
    assert.equal(toRgb8(view(packed)).data, packed.data);
    const padded = imageFromPixels("rgb8", 2, 2, RGB, 2);
    assert.notEqual(toRgb8(view(padded)).data, padded.data);
  });

  const ERROR_CASES: { name: string; image: Parameters<typeof toImageView>[0]; code: ImageViewErrorCode; mentions: string[] }[] = [
    {
      name: "unknown encoding",
      image: { width: 2, height: 1, encoding: "rgb9", step: 6, data: new Uint8Array(6) },
      code: "unknown-encoding",
      mentions: ['"rgb9"', "rgb8", "bgr8", "mono8", "yuv422", "yuyv"],
    },
    {
      name: "16-bit encoding",
      image: { width: 2, height: 1, encoding: "mono16", step: 4, data: new Uint8Array(4) },
      code: "unsupported-encoding",
      mentions: ['"mono16"', "not supported for detection"],
    },
    {
      name: "16-bit colour encoding",
      image: { width: 2, height: 1, encoding: "rgb16", step: 12, data: new Uint8Array(12) },
      code: "unsupported-encoding",
      mentions: ['"rgb16"', "8-bit"],
    },
    {
      name: "float depth encoding",
      image: { width: 2, height: 1, encoding: "32FC1", step: 8, data: new Uint8Array(8) },
      code: "unsupported-encoding",
      mentions: ['"32FC1"'],
    },
    {
      name: "Bayer encoding",
      image: { width: 2, height: 2, encoding: "bayer_rggb8", step: 2, data: new Uint8Array(4) },
      code: "unsupported-encoding",
      mentions: ["Bayer", "debayer"],
    },
    {
      name: "zero width",
      image: { width: 0, height: 4, encoding: "rgb8", step: 0, data: new Uint8Array(0) },
      code: "empty-image",
      mentions: ["width 0"],
    },
    {
      name: "zero height",
      image: { width: 4, height: 0, encoding: "rgb8", step: 12, data: new Uint8Array(0) },
      code: "empty-image",
      mentions: ["height 0"],
    },
    {
      name: "step too small",
      image: { width: 640, height: 1, encoding: "rgb8", step: 1919, data: new Uint8Array(1919) },
      code: "step-too-small",
      mentions: ["step 1919", "width×3 = 1920", "rgb8", "full row length"],
    },
    {
      name: "data shorter than step × height",
      image: { width: 2, height: 2, encoding: "rgb8", step: 6, data: new Uint8Array(11) },
      code: "data-length-mismatch",
      mentions: ["11 bytes", "= 12"],
    },
    {
      name: "data longer than step × height",
      image: { width: 2, height: 2, encoding: "rgb8", step: 6, data: new Uint8Array(13) },
      code: "data-length-mismatch",
      mentions: ["13 bytes", "= 12", "exactly"],
    },
    {
      name: "odd width for 4:2:2",
      image: { width: 3, height: 1, encoding: "yuyv", step: 6, data: new Uint8Array(6) },
      code: "odd-width",
      mentions: ["width 3", "even"],
    },
    {
      name: "fractional width",
      image: { width: 2.5, height: 1, encoding: "rgb8", step: 9, data: new Uint8Array(9) },
      code: "invalid-field",
      mentions: ["2.5"],
    },
    {
      name: "data that is not bytes",
      image: { width: 1, height: 1, encoding: "rgb8", step: 3, data: [1, 2, 3] as unknown as Uint8Array },
      code: "invalid-field",
      mentions: ["Uint8Array"],
    },
  ];
  for (const { name, image, code, mentions } of ERROR_CASES) {
    it(`rejects ${name} with code ${code}`, () => {
      const result = toImageView(image);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.code, code);
      for (const m of mentions) assert.ok(result.error.message.includes(m), `"${result.error.message}" should mention ${m}`);
    });
  }

  describe("names the exact problem of an encoding it cannot read", () => {
    const list = SUPPORTED_ENCODINGS.join(", ");
    const wide = (name: string) =>
      `image encoding "${name}" has more than 8 bits per channel and is not supported for detection; publish an 8-bit colour image (${list})`;
    const bayer = (name: string) =>
      `image encoding "${name}" is raw Bayer data and is not supported for detection; debayer it first (e.g. image_proc) or publish one of: ${list}`;
    const unknown = (name: string) => `image encoding "${name}" is not known; supported encodings are: ${list}`;
    const cases: Array<[string, string]> = [
      ["mono16", wide("mono16")],
      ["16UC1", wide("16UC1")],
      ["16SC4", wide("16SC4")],
      ["64FC2", wide("64FC2")],
      ["bayer_rggb16", wide("bayer_rggb16")],
      ["bayer_gbrg8", bayer("bayer_gbrg8")],
      ["xmono16", unknown("xmono16")],
      ["mono16x", unknown("mono16x")],
      ["16XC1", unknown("16XC1")],
      ["16UC5", unknown("16UC5")],
      ["32FC0", unknown("32FC0")],
      ["64FC5", unknown("64FC5")],
      ["xbayer_rggb8", unknown("xbayer_rggb8")],
      ["bayer_rggb8x", unknown("bayer_rggb8x")],
      ["xbayer_rggb16", unknown("xbayer_rggb16")],
      ["bayer_rggb16x", unknown("bayer_rggb16x")],
      ["bayer_-16", unknown("bayer_-16")],
    ];
    for (const [encoding, message] of cases) {
      it(encoding, () => {
        const result = toImageView({ width: 2, height: 1, encoding, step: 16, data: new Uint8Array(16) });
        assert.deepEqual(result.ok ? undefined : result.error.message, message);
      });
    }
  });

  const FIELD_CASES: Array<[string, Parameters<typeof toImageView>[0], string]> = [
    [
      "a negative width",
      { width: -1, height: 1, encoding: "rgb8", step: 3, data: new Uint8Array(3) },
      "image width -1 and height 1 must be non-negative integers",
    ],
    [
      "a negative step",
      { width: 1, height: 1, encoding: "rgb8", step: -3, data: new Uint8Array(3) },
      "image step -3 must be a non-negative integer (the row length in bytes)",
    ],
    [
      "an encoding that is not a string",
      { width: 1, height: 1, encoding: 8 as unknown as string, step: 3, data: new Uint8Array(3) },
      `image encoding must be a string, one of: ${SUPPORTED_ENCODINGS.join(", ")}`,
    ],
  ];
  for (const [what, image, message] of FIELD_CASES) {
    it(`rejects ${what} as an invalid field`, () =>
      assert.deepEqual(toImageView(image), { ok: false, error: { code: "invalid-field", message } }));
  }
});
