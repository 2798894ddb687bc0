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
