import assert from "node:assert/strict";
import type { Detection } from "../../../src/core/vision/detection.ts";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from "../../../src/core/vision/font-5x7.ts";
import { classColor, detectionLabel, drawDetections } from "../../../src/core/vision/overlay.ts";
import { rgbAt } from "./fixtures.ts";

const BG = 7;
const blank = (width: number, height: number) => ({ width, height, data: new Uint8Array(width * height * 3).fill(BG) });
const det = (x1: number, y1: number, x2: number, y2: number, classIndex = 0, score = 0.87): Detection => ({
  box: { x1, y1, x2, y2 },
  score,
  classIndex,
});

/** Pixels that differ from the blank background. */
function changed(img: { width: number; height: number; data: Uint8Array }): Set<string> {
  const out = new Set<string>();
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) if (rgbAt(img.data, img.width, x, y).some((v) => v !== BG)) out.add(`${x},${y}`);
  }
  return out;
}

/** The pixels of inclusive rectangles [x0, y0, x1, y1]. */
function rects(...rs: readonly (readonly [number, number, number, number])[]): Set<string> {
  const out = new Set<string>();
  for (const [x0, y0, x1, y1] of rs) for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.add(`${x},${y}`);
  return out;
}

const sorted = (pixels: ReadonlySet<string>): string[] => [...pixels].sort();

describe("drawDetections", () => {
  it("draws a 2 px outline in the class colour inside the box and leaves the interior alone", () => {
    const img = blank(40, 40);
    const out = drawDetections(img, [det(10, 20, 30, 35, 3)], ["person", "bicycle", "car", "cat"], { showScore: false });
    const color = classColor(3);
    for (const [x, y] of [
      [10, 20],
      [11, 21],
      [29, 34],
      [28, 33],
      [10, 34],
      [29, 20],
    ] as const) {
      assert.deepEqual(rgbAt(out.data, 40, x, y), [...color], `edge pixel ${x},${y}`);
    }
    for (const [x, y] of [
      [12, 22],
      [20, 27],
      [27, 32],
    ] as const)
      assert.deepEqual(rgbAt(out.data, 40, x, y), [BG, BG, BG]);
    // Nothing right of / below the box, nor left of it.
    for (const key of changed(out)) {
      const [x, y] = key.split(",").map(Number) as [number, number];
      assert.ok(x >= 10 && x < 40 && y < 35, `unexpected pixel ${key}`);
    }
    assert.deepEqual([...img.data], new Array(40 * 40 * 3).fill(BG), "input must not change");
  });

  it("puts the label strip above the box when there is room, inside it otherwise", () => {
    const above = changed(drawDetections(blank(80, 60), [det(5, 30, 40, 50)], ["a"]));
    assert.ok(above.has("5,21") && !above.has("5,20"), "strip of 9 rows directly above y = 30");
    const inside = changed(drawDetections(blank(80, 60), [det(5, 2, 40, 50)], ["a"]));
    assert.ok(inside.has("5,2") && inside.has("5,10") && !inside.has("5,1"));
  });

  it("clips boxes and labels that cross the image border", () => {
    // Crossing the right and bottom border: only the top and left bands of the outline remain,
    // the label strip (7×9 for "x") sits above the box.
    const bottomRight = drawDetections(blank(20, 20), [det(12, 12, 30, 30, 0)], ["x"], { showScore: false });
    assert.equal(bottomRight.data.length, 20 * 20 * 3);
    assert.deepEqual(sorted(changed(bottomRight)), sorted(rects([12, 3, 18, 11], [12, 12, 19, 13], [12, 12, 13, 19])));
    for (const [x, y] of [
      [19, 12],
      [12, 19],
      [13, 18],
    ] as const)
      assert.deepEqual(rgbAt(bottomRight.data, 20, x, y), [...classColor(0)], `outline pixel ${x},${y}`);

    // Crossing the left and top border: the bottom and right bands remain, the strip has no
    // room above and is clamped to the image's top-left corner.
    const topLeft = drawDetections(blank(20, 20), [det(-10, -5, 6, 8, 1)], ["person", "x"], { showScore: false });
    assert.deepEqual(sorted(changed(topLeft)), sorted(rects([0, 0, 6, 8], [0, 6, 5, 7], [4, 0, 5, 7])));
    assert.deepEqual(rgbAt(topLeft.data, 20, 0, 7), [...classColor(1)]);
    assert.deepEqual(rgbAt(topLeft.data, 20, 5, 0), [...classColor(1)]);
  });

  it("ignores boxes entirely outside the image and non-finite boxes, labels included", () => {
    const boxes = [det(30, 30, 40, 40), det(-40, 2, -5, 10), det(Number.NaN, 0, 5, 5)];
    assert.equal(changed(drawDetections(blank(20, 20), boxes, ["x"])).size, 0);
  });

  it("draws the label text in contrasting ink on the strip", () => {
    // White background strip → black ink; count ink pixels of "I" ('I' has 11 set pixels).
    const out = drawDetections(blank(60, 40), [det(10, 20, 50, 38)], ["I"], { showScore: false, colorOf: () => [255, 255, 255] });
    let ink = 0;
    for (let y = 11; y < 20; y++) for (let x = 10; x < 20; x++) if (rgbAt(out.data, 60, x, y).every((v) => v === 0)) ink++;
    assert.equal(ink, 11);
  });

  it("rejects image data of the wrong size", () => {
    assert.throws(() => drawDetections({ width: 2, height: 2, data: new Uint8Array(11) }, [], []), /11 bytes but 2×2 rgb8 needs 12/);
  });
});

describe("labels, colours and font", () => {
  it("formats name and score, falling back to the class index", () => {
    assert.equal(detectionLabel(det(0, 0, 1, 1, 0, 0.8749), ["person"]), "person 0.87");
    assert.equal(detectionLabel(det(0, 0, 1, 1, 5, 0.5), ["person"]), "class 5 0.50");
  });

  it("gives neighbouring classes different colours", () => {
    const colors = Array.from({ length: 80 }, (_, k) => classColor(k).join(","));
    for (let k = 1; k < 80; k++) assert.notEqual(colors[k], colors[k - 1]);
    assert.ok(new Set(colors).size >= 40);
  });

  it("has a distinct, non-empty glyph for every printable character except space", () => {
    const seen = new Map<string, string>();
    for (let code = 33; code <= 126; code++) {
      let bits = "";
      for (let row = 0; row < GLYPH_HEIGHT; row++)
        for (let col = 0; col < GLYPH_WIDTH; col++) bits += glyphPixel(code, col, row) ? "1" : "0";
      assert.ok(bits.includes("1"), `glyph ${String.fromCharCode(code)} is empty`);
      assert.ok(!seen.has(bits), `glyph ${String.fromCharCode(code)} equals ${seen.get(bits)}`);
      seen.set(bits, String.fromCharCode(code));
    }
  });

  it("draws characters outside printable ASCII as '?'", () => {
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      for (let col = 0; col < GLYPH_WIDTH; col++) assert.equal(glyphPixel(0xe9, col, row), glyphPixel(63, col, row));
    }
  });
});

describe("drawDetections geometry and options", () => {
  it("gives each class a fixed colour covering every hue sector", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(classColor), [
      [242, 36, 36],
      [36, 96, 242],
      [157, 242, 36],
      [242, 36, 217],
      [36, 242, 208],
      [242, 148, 36],
      [88, 36, 242],
      [45, 242, 36],
      [242, 36, 105],
      [36, 165, 242],
    ]);
  });

  it("draws a thicker outline, a scaled label strip and the score by default", () => {
    // Box pixels 20..39 × 30..49, thickness 3, font scale 2: the strip is 2×9 = 18 rows high and
    // ("x 0.87" = 6 characters) 6×12+2 = 74 columns wide, directly above the box.
    const img = blank(100, 60);
    const out = drawDetections(img, [det(20, 30, 40, 50, 0)], ["x"], { thickness: 3, fontScale: 2 });
    const px = changed(out);
    assert.ok(px.has("20,12") && !px.has("20,11") && px.has("93,12") && !px.has("94,12"), "strip 74 × 18 above the box");
    for (const [x, y] of [
      [20, 32],
      [22, 40],
      [39, 47],
      [37, 40],
      [30, 49],
    ] as const)
      assert.deepEqual(rgbAt(out.data, 100, x, y), [...classColor(0)], `outline pixel ${x},${y}`);
    for (const [x, y] of [
      [23, 33],
      [36, 46],
    ] as const)
      assert.deepEqual(rgbAt(out.data, 100, x, y), [BG, BG, BG], `interior pixel ${x},${y}`);
    const noScore = changed(drawDetections(img, [det(20, 30, 40, 50, 0)], ["x"], { fontScale: 2, showScore: false }));
    assert.ok(noScore.has("33,12") && !noScore.has("34,12"), "without the score the strip is 1×12+2 = 14 columns");
  });

  it("treats fractional edges as covering the pixels they touch and draws 1 px boxes", () => {
    const one = changed(drawDetections(blank(30, 30), [det(10.5, 20.2, 10.9, 20.8)], ["x"], { showScore: false }));
    assert.ok(one.has("10,20") && !one.has("11,20") && !one.has("10,21"), "box covers exactly pixel 10,20");
    const edge = changed(drawDetections(blank(30, 30), [det(0, 12, 1, 20)], ["x"], { showScore: false }));
    assert.ok(edge.has("0,19") && !edge.has("1,19"), "a box ending at x = 1 covers column 0 only");
  });

  it("skips boxes that are empty or touch the image only at its far edges, and any non-finite coordinate", () => {
    const img = blank(20, 20);
    for (const box of [
      det(5, 5, 5, 9),
      det(5, 5, 9, 5),
      det(20, 5, 25, 9),
      det(5, 20, 9, 25),
      det(-5, 5, 0, 9),
      det(5, -5, 9, 0),
      det(1, 1, Number.POSITIVE_INFINITY, 5),
      det(1, 1, 5, Number.NaN),
    ])
      assert.equal(changed(drawDetections(img, [box], ["x"])).size, 0, JSON.stringify(box.box));
  });

  it("inks the label black on light strips and white on dark ones, by luma", () => {
    const inkOf = (color: readonly [number, number, number]): Set<string> => {
      const out = drawDetections(blank(40, 30), [det(2, 15, 30, 25)], ["I"], { showScore: false, colorOf: () => color });
      const inks = new Set<string>();
      for (let y = 6; y < 15; y++) for (let x = 2; x < 9; x++) inks.add(rgbAt(out.data, 40, x, y).join(","));
      return inks;
    };
    assert.ok(inkOf([255, 255, 255]).has("0,0,0"));
    assert.ok(inkOf([0, 0, 0]).has("255,255,255"));
    // Luma 0.299·r + 0.587·g + 0.114·b: (0, 255, 0) is 149.7 → black ink; (255, 0, 0) is 76.2 → white; (0, 0, 255) is 29 → white.
    assert.ok(inkOf([0, 255, 0]).has("0,0,0"));
    assert.ok(inkOf([255, 0, 0]).has("255,255,255"));
    assert.ok(inkOf([0, 0, 255]).has("255,255,255"));
    assert.ok(inkOf([140, 140, 140]).has("255,255,255"), "luma exactly 140 is still dark");
  });
});
