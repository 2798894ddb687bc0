import assert from "node:assert/strict";
import {
  BACKGROUND_RGB,
  COLOUR_MATCH_TOLERANCE,
  LETTERBOX_RGB,
  SYNTHETIC_CLASSES,
  SYNTHETIC_LABELS,
  classOfColour,
  colourDistance,
  syntheticClass,
} from "../../../src/core/synthetic/palette.ts";
import type { Rgb } from "../../../src/core/synthetic/palette.ts";

const blend = (a: Rgb, b: Rgb, f: number): Rgb => [
  Math.round(a[0] * f + b[0] * (1 - f)),
  Math.round(a[1] * f + b[1] * (1 - f)),
  Math.round(a[2] * f + b[2] * (1 - f)),
];

describe("synthetic palette", () => {
  it("lists classes in index order with their labels", () => {
    SYNTHETIC_CLASSES.forEach((c, i) => assert.equal(c.index, i));
    assert.deepEqual(SYNTHETIC_LABELS, ["person", "bicycle", "car", "dog", "bottle", "chair"]);
    assert.equal(syntheticClass(3).label, "dog");
    assert.throws(() => syntheticClass(6), /class index 6 is out of range 0..5/);
  });

  it("sets each tolerance to half the distance from the background, capped at 3/4 of the distance from the grey", () => {
    const tolerances = SYNTHETIC_CLASSES.map((c) => c.tolerance);
    assert.deepEqual(tolerances, [141, 131, 141, 218.25, 207, 192]);
  });

  it("keeps the single shared tolerance safe for every class", () => {
    for (const a of SYNTHETIC_CLASSES) {
      for (const b of SYNTHETIC_CLASSES) {
        if (a.index < b.index) assert.ok(colourDistance(a.rgb, b.rgb) > 2 * COLOUR_MATCH_TOLERANCE, `${a.label} vs ${b.label}`);
      }
      assert.ok(
        colourDistance(a.rgb, BACKGROUND_RGB) > COLOUR_MATCH_TOLERANCE && colourDistance(a.rgb, LETTERBOX_RGB) > COLOUR_MATCH_TOLERANCE,
      );
    }
  });

  it("gives a pixel to the class with the smallest distance relative to its tolerance", () => {
    const cases: [Rgb, string | undefined][] = [
      [[230, 50, 50], "person"],
      [[200, 70, 70], "person"],
      [[235, 200, 50], "dog"],
      [[147, 138, 36], "dog"], // darkened yellow: nearer to red in plain distance, but far relative to red's tolerance
      [[60, 60, 60], undefined],
      [[255, 255, 255], undefined],
    ];
    for (const [rgb, label] of cases) assert.equal(classOfColour(rgb)?.label, label, `rgb(${rgb.join(",")})`);
  });

  it("matches neither the background nor the letterbox grey", () => {
    assert.equal(classOfColour(BACKGROUND_RGB), undefined);
    assert.equal(classOfColour(LETTERBOX_RGB), undefined);
  });

  it("counts a pixel blended with the background as the class once it is (about) more than half class colour", () => {
    for (const c of SYNTHETIC_CLASSES) {
      const threshold = c.label === "chair" ? 0.6 : 0.55;
      for (let f = 0; f <= 1.0001; f += 0.01) {
        const match = classOfColour(blend(c.rgb, BACKGROUND_RGB, f));
        if (f >= threshold) assert.equal(match?.index, c.index, `${c.label} at ${f.toFixed(2)}`);
        if (f < 0.48) assert.equal(match, undefined, `${c.label} at ${f.toFixed(2)}`);
        assert.ok(match === undefined || match.index === c.index, `${c.label} at ${f.toFixed(2)} matched ${match?.label}`);
      }
    }
  });

  it("never gives a pixel blended with the letterbox grey to another class", () => {
    for (const c of SYNTHETIC_CLASSES) {
      for (let f = 0; f <= 1.0001; f += 0.01) {
        const match = classOfColour(blend(c.rgb, LETTERBOX_RGB, f));
        assert.ok(match === undefined || match.index === c.index, `${c.label} at ${f.toFixed(2)} matched ${match?.label}`);
      }
    }
  });
});
