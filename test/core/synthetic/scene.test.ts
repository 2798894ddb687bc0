import assert from "node:assert/strict";
import { syntheticDetectorLimits } from "../../../src/core/synthetic/detector-model.ts";
import { BACKGROUND_RGB, syntheticClass } from "../../../src/core/synthetic/palette.ts";
import { checkScene, renderScene, sceneAtFrame, sceneGroundTruth, sceneSizeLimits } from "../../../src/core/synthetic/scene.ts";
import type { Scene, SceneRect } from "../../../src/core/synthetic/scene.ts";

const sceneOf = (rects: SceneRect[], width = 64, height = 48): Scene => ({ width, height, background: BACKGROUND_RGB, rects });
const pixel = (frame: { data: Uint8Array; width: number }, x: number, y: number): number[] => {
  const i = (y * frame.width + x) * 3;
  return [...frame.data.subarray(i, i + 3)];
};

describe("renderScene", () => {
  const scene = sceneOf([{ x: 10, y: 5, width: 7, height: 4, classIndex: 2 }]);

  it("fills exactly the rectangle's columns x..x+w-1 and rows y..y+h-1", () => {
    const frame = renderScene(scene, { encoding: "rgb8" });
    assert.deepEqual([frame.width, frame.height, frame.step, frame.data.length], [64, 48, 192, 64 * 48 * 3]);
    const car = [...syntheticClass(2).rgb];
    const bg = [...BACKGROUND_RGB];
    const cases: [number, number, number[]][] = [
      [10, 5, car],
      [16, 8, car],
      [9, 5, bg],
      [17, 5, bg],
      [10, 4, bg],
      [10, 9, bg],
      [0, 0, bg],
    ];
    for (const [x, y, expected] of cases) assert.deepEqual(pixel(frame, x, y), expected, `pixel ${x},${y}`);
  });

  it("reports ground truth with x2 = x + width", () => {
    assert.deepEqual(sceneGroundTruth(scene), [{ box: { x1: 10, y1: 5, x2: 17, y2: 9 }, classIndex: 2, label: "car" }]);
  });

  it("scales rectangles and ground truth together when rendered at another size", () => {
    const frame = renderScene(scene, { width: 128, height: 96 });
    const [truth] = sceneGroundTruth(scene, { width: 128, height: 96 });
    assert.deepEqual(truth?.box, { x1: 20, y1: 10, x2: 34, y2: 18 });
    assert.deepEqual(pixel(frame, 33, 17), [...syntheticClass(2).rgb]);
    assert.deepEqual(pixel(frame, 34, 17), [...BACKGROUND_RGB]);
  });

  it("rejects unsupported encodings and sizes", () => {
    assert.throws(() => renderScene(scene, { encoding: "bgr8" as "rgb8" }), /encoding "bgr8" is not supported/);
    assert.throws(() => renderScene(scene, { width: 0 }), /render size 0x48/);
  });
});

describe("checkScene", () => {
  const limits = { minSize: 4, maxSize: 20, sameClassGap: 20, minGap: 2 };
  const cases: [string, SceneRect[], RegExp | undefined][] = [
    [
      "two well separated rectangles",
      [
        { x: 0, y: 0, width: 8, height: 8, classIndex: 0 },
        { x: 30, y: 30, width: 8, height: 8, classIndex: 1 },
      ],
      undefined,
    ],
    ["a rectangle leaving the frame", [{ x: 60, y: 0, width: 8, height: 8, classIndex: 0 }], /leaves the 64x48 frame/],
    [
      "overlapping rectangles",
      [
        { x: 0, y: 0, width: 8, height: 8, classIndex: 0 },
        { x: 7, y: 7, width: 8, height: 8, classIndex: 1 },
      ],
      /overlap/,
    ],
    [
      "touching rectangles",
      [
        { x: 0, y: 0, width: 8, height: 8, classIndex: 0 },
        { x: 8, y: 0, width: 8, height: 8, classIndex: 1 },
      ],
      /closer than 2 px/,
    ],
    ["a too small rectangle", [{ x: 0, y: 0, width: 3, height: 8, classIndex: 0 }], /within 4..20 px/],
    ["a too large rectangle", [{ x: 0, y: 0, width: 21, height: 8, classIndex: 0 }], /within 4..20 px/],
    [
      "same class sharing rows too close",
      [
        { x: 0, y: 0, width: 8, height: 8, classIndex: 3 },
        { x: 20, y: 4, width: 8, height: 8, classIndex: 3 },
      ],
      /share class 3/,
    ],
    [
      "same class far apart on the same rows",
      [
        { x: 0, y: 0, width: 8, height: 8, classIndex: 3 },
        { x: 40, y: 4, width: 8, height: 8, classIndex: 3 },
      ],
      undefined,
    ],
    ["an unknown class", [{ x: 0, y: 0, width: 8, height: 8, classIndex: 9 }], /unknown class index 9/],
  ];
  for (const [name, rects, error] of cases) {
    it(name, () => {
      const result = checkScene(sceneOf(rects), limits);
      if (error === undefined) assert.deepEqual(result, { ok: true });
      else assert.match(result.ok ? "ok" : result.error, error);
    });
  }
});

describe("sceneAtFrame", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    assert.deepEqual(sceneAtFrame(7, 12), sceneAtFrame(7, 12));
    assert.notDeepEqual(sceneAtFrame(7, 12).rects, sceneAtFrame(8, 12).rects);
  });

  it("moves rectangles by at most maxSpeed per frame while keeping class and size", () => {
    const a = sceneAtFrame(3, 10, { maxSpeed: 5 });
    const b = sceneAtFrame(3, 11, { maxSpeed: 5 });
    let moved = false;
    a.rects.forEach((r, i) => {
      const next = b.rects[i] as SceneRect;
      assert.deepEqual([next.classIndex, next.width, next.height], [r.classIndex, r.width, r.height]);
      assert.ok(Math.abs(next.x - r.x) <= 5 && Math.abs(next.y - r.y) <= 5);
      moved ||= next.x !== r.x || next.y !== r.y;
    });
    assert.ok(moved, "something moves between frames");
  });

  it("stays valid for the default detector over long sequences, reaching the frame borders", () => {
    const limits = syntheticDetectorLimits();
    const size = sceneSizeLimits(640, 480);
    let touchedBorder = false;
    for (const seed of [1, 2, 3, 42]) {
      for (let frame = 0; frame < 400; frame += 3) {
        const scene = sceneAtFrame(seed, frame, { objects: 6, maxSpeed: 8 });
        const result = checkScene(scene, { ...limits, minSize: size.minSize, maxSize: size.maxSize });
        assert.ok(result.ok, `seed ${seed} frame ${frame}: ${result.ok ? "" : result.error}`);
        assert.equal(new Set(scene.rects.map((r) => r.classIndex)).size, 6, "distinct classes");
        touchedBorder ||= scene.rects.some((r) => r.x === 0 || r.y === 0 || r.x + r.width === 640 || r.y + r.height === 480);
      }
    }
    assert.ok(touchedBorder);
  });

  it("derives size limits from the letterbox scale", () => {
    const d = syntheticDetectorLimits();
    assert.deepEqual(sceneSizeLimits(640, 480), { minSize: d.minSize + 1, maxSize: d.maxSize - 1 });
    assert.deepEqual(sceneSizeLimits(1280, 960), { minSize: 2 * (d.minSize + 1), maxSize: 2 * (d.maxSize - 1) });
  });

  it("explains options it cannot honour", () => {
    assert.throws(() => sceneAtFrame(1, 0, { objects: 7 }), /objects/);
    assert.throws(() => sceneAtFrame(1, -1), /frame index -1/);
    assert.throws(() => sceneAtFrame(1, 0, { maxSize: 500 }), /must lie within the detector's/);
    assert.throws(() => sceneAtFrame(1, 0, { width: 640, height: 40, objects: 6 }), /a 640x40 frame is too small for 6 objects/);
  });
});

describe("renderScene sizes", () => {
  const scene = sceneOf([{ x: 10, y: 5, width: 7, height: 4, classIndex: 2 }]);
  const refused: Array<[{ width?: number; height?: number }, string]> = [
    [{ width: 1.5 }, "render size 1.5x48 must be positive integers"],
    [{ height: 2.5 }, "render size 64x2.5 must be positive integers"],
    [{ height: 0 }, "render size 64x0 must be positive integers"],
    [{ width: -2 }, "render size -2x48 must be positive integers"],
  ];
  for (const [size, message] of refused) {
    it(`refuses ${JSON.stringify(size)} for the frame and the ground truth`, () => {
      assert.throws(() => renderScene(scene, size), { name: "RangeError", message });
      assert.throws(() => sceneGroundTruth(scene, size), { name: "RangeError", message });
    });
  }

  it("renders a 1×1 frame", () => {
    const frame = renderScene(scene, { width: 1, height: 1 });
    assert.deepEqual([...frame.data], [...BACKGROUND_RGB]);
  });
});

describe("checkScene errors", () => {
  const limits = { minSize: 4, maxSize: 20, sameClassGap: 20, minGap: 2 };
  const rect = (x: number, y: number, width = 8, height = 8, classIndex = 0): SceneRect => ({ x, y, width, height, classIndex });
  const cases: Array<{ name: string; rects: SceneRect[]; limits?: typeof limits; error?: string }> = [
    { name: "a fractional x", rects: [rect(1.5, 0)], error: "rect 0 (1.5,0 8x8): coordinates must be integers" },
    {
      name: "a fractional height",
      rects: [rect(0, 0), rect(20, 20, 8, 7.5, 1)],
      error: "rect 1 (20,20 8x7.5): coordinates must be integers",
    },
    { name: "a zero width", rects: [rect(0, 0, 0, 8)], error: "rect 0 (0,0 0x8): empty" },
    { name: "a zero height", rects: [rect(0, 0, 8, 0)], error: "rect 0 (0,0 8x0): empty" },
    { name: "left of the frame", rects: [rect(-1, 0)], error: "rect 0 (-1,0 8x8): leaves the 64x48 frame" },
    { name: "above the frame", rects: [rect(0, -1)], error: "rect 0 (0,-1 8x8): leaves the 64x48 frame" },
    { name: "below the frame", rects: [rect(0, 41)], error: "rect 0 (0,41 8x8): leaves the 64x48 frame" },
    { name: "right of the frame", rects: [rect(57, 0)], error: "rect 0 (57,0 8x8): leaves the 64x48 frame" },
    { name: "touching every border of the frame", rects: [rect(0, 0), rect(56, 40, 8, 8, 1)] },
    {
      name: "touching a rect to its left",
      rects: [rect(8, 0), rect(0, 0, 8, 8, 1)],
      error: "rects 0 and 1 overlap or are closer than 1 px",
    },
    { name: "1 px from a rect to its left, no limits", rects: [rect(9, 0), rect(0, 0, 8, 8, 1)] },
    {
      name: "1 px from a rect to its left, minGap 2",
      rects: [rect(9, 0), rect(0, 0, 8, 8, 1)],
      limits,
      error: "rects 0 and 1 overlap or are closer than 2 px",
    },
    { name: "exactly minGap apart", rects: [rect(0, 0), rect(10, 0, 8, 8, 1)], limits },
    // Same class: a shared row (gy < 0) or column (gx < 0) within sameClassGap (20) px is refused.
    { name: "same class, diagonal and close", rects: [rect(0, 0, 8, 8, 3), rect(12, 30, 8, 8, 3)], limits },
    { name: "same class, rows adjacent but not shared", rects: [rect(0, 0, 8, 8, 3), rect(12, 8, 8, 8, 3)], limits },
    { name: "same class, columns adjacent but not shared", rects: [rect(0, 0, 8, 8, 3), rect(8, 20, 8, 8, 3)], limits },
    {
      name: "same class sharing rows exactly sameClassGap apart",
      rects: [rect(0, 0, 8, 8, 3), rect(28, 4, 8, 8, 3)],
      limits,
      error: "rects 0 and 1 share class 3 and a row or column within 20 px",
    },
    { name: "same class sharing rows sameClassGap + 1 apart", rects: [rect(0, 0, 8, 8, 3), rect(29, 4, 8, 8, 3)], limits },
    {
      name: "same class sharing columns exactly sameClassGap apart",
      rects: [rect(0, 0, 8, 8, 3), rect(4, 28, 8, 8, 3)],
      limits,
      error: "rects 0 and 1 share class 3 and a row or column within 20 px",
    },
    {
      name: "same class sharing columns 12 px apart",
      rects: [rect(0, 0, 8, 8, 3), rect(4, 20, 8, 8, 3)],
      limits,
      error: "rects 0 and 1 share class 3 and a row or column within 20 px",
    },
    { name: "same class sharing columns sameClassGap + 1 apart", rects: [rect(0, 0, 8, 8, 3), rect(4, 29, 8, 8, 3)], limits },
  ];
  for (const c of cases) {
    it(`${c.error === undefined ? "accepts" : "refuses"} ${c.name}`, () => {
      const result = checkScene(sceneOf(c.rects), c.limits);
      assert.deepEqual(result, c.error === undefined ? { ok: true } : { ok: false, error: c.error });
    });
  }
});

describe("sceneAtFrame motion", () => {
  // Seed 2, one object in 640x480, maxSpeed 8: after the class permutation the draws are width 87,
  // height 73, start (197, 318), speed (-7, +5). It moves inside x ∈ [0, 553], y ∈ [0, 407].
  const cases: Array<[number, { x: number; y: number }]> = [
    [0, { x: 197, y: 318 }],
    [10, { x: 127, y: 368 }],
    // y: 318 + 100 = 418 is 11 past 407, so it is back at 396.
    [20, { x: 57, y: 396 }],
    // x: 197 − 210 = −13 is reflected to 13; y: 318 + 150 = 468 → 814 − 468 = 346.
    [30, { x: 13, y: 346 }],
  ];
  for (const [frame, at] of cases) {
    it(`moves at constant speed and bounces off the borders: seed 2, frame ${frame}`, () => {
      assert.deepEqual(
        sceneAtFrame(2, frame, { objects: 1, maxSpeed: 8 }).rects.map(({ x, y, width, height }) => ({ x, y, width, height })),
        [{ x: at.x, y: at.y, width: 87, height: 73 }],
      );
    });
  }

  it("touches the right border exactly and turns back (seed 3: x from 92 at +1 px per frame, span 569)", () => {
    // Seed 3: width 71, height 72, start (92, 107), speed (+1, −5); y span 408, period 816.
    const rectAt = (frame: number) => sceneAtFrame(3, frame, { objects: 1, maxSpeed: 8 }).rects[0]!;
    assert.deepEqual([rectAt(0).x, rectAt(0).y, rectAt(0).width, rectAt(0).height], [92, 107, 71, 72]);
    assert.deepEqual([rectAt(476).x, rectAt(477).x, rectAt(478).x], [568, 569, 568]);
    assert.equal(rectAt(477).x + rectAt(477).width, 640);
    // y: 107 − 5 × 477 = −2278 ≡ 170 (mod 816); one frame on, 165.
    assert.deepEqual([rectAt(477).y, rectAt(478).y], [170, 165]);
  });

  it("draws both signs of speed up to maxSpeed", () => {
    const steps = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      const a = sceneAtFrame(seed, 100, { objects: 1, maxSpeed: 2, width: 4000, height: 4000 }).rects[0]!;
      const b = sceneAtFrame(seed, 101, { objects: 1, maxSpeed: 2, width: 4000, height: 4000 }).rects[0]!;
      steps.add(b.x - a.x);
    }
    assert.ok(steps.has(-2) || steps.has(-1), `steps ${[...steps].join(", ")}`);
    assert.ok([...steps].every((s) => Math.abs(s) <= 2));
  });
});

describe("sceneAtFrame lanes", () => {
  // Four 40-px squares (minSize = maxSize = 40) in a 2×2 grid of lanes with a 4 px gap between lanes:
  // along the 84 px side each lane is exactly 40 px wide, so the squares sit still on the lane edges.
  const sides = { objects: 4, minSize: 40, maxSize: 40, maxSpeed: 8 };
  it("fills exactly 40 px lanes across an 84x640 frame: x is 0 or 44, y stays in its row's lane", () => {
    for (let frame = 0; frame < 40; frame++) {
      const rects = sceneAtFrame(5, frame, { ...sides, width: 84, height: 640 }).rects;
      assert.deepEqual(
        rects.map((r) => [r.x, r.width, r.height]),
        [
          [0, 40, 40],
          [44, 40, 40],
          [0, 40, 40],
          [44, 40, 40],
        ],
        `frame ${frame}`,
      );
      // Rows: 0..318 and 322..640.
      const [top, bottom] = [rects.slice(0, 2), rects.slice(2)];
      assert.ok(top.every((r) => r.y >= 0 && r.y + 40 <= 318) && bottom.every((r) => r.y >= 322 && r.y + 40 <= 640), `frame ${frame}`);
    }
  });

  it("fills exactly 40 px lanes down a 640x84 frame: y is 0 or 44, x stays in its column's lane", () => {
    for (let frame = 0; frame < 40; frame++) {
      const rects = sceneAtFrame(5, frame, { ...sides, width: 640, height: 84 }).rects;
      assert.deepEqual(
        rects.map((r) => r.y),
        [0, 0, 44, 44],
        `frame ${frame}`,
      );
      const [left, right] = [
        [rects[0]!, rects[2]!],
        [rects[1]!, rects[3]!],
      ];
      assert.ok(left.every((r) => r.x >= 0 && r.x + 40 <= 318) && right.every((r) => r.x >= 322 && r.x + 40 <= 640), `frame ${frame}`);
    }
  });

  it("refuses lanes narrower than the least side", () => {
    assert.throws(() => sceneAtFrame(1, 0, { width: 40, height: 640, objects: 6 }), {
      name: "RangeError",
      message: "a 40x640 frame is too small for 6 objects of at least 19 px; use fewer objects or a larger frame",
    });
    assert.throws(
      () => sceneAtFrame(1, 0, { ...sides, width: 82, height: 640 }),
      /a 82x640 frame is too small for 4 objects of at least 40 px/,
    );
  });
});

describe("sceneAtFrame options", () => {
  it("takes the detector whose input sets the size limits", () => {
    assert.deepEqual(sceneAtFrame(4, 3, { detector: {} }), sceneAtFrame(4, 3));
    assert.throws(() => sceneAtFrame(1, 0, { detector: null as never }), /^RangeError: invalid moving scene options: detector: /);
    assert.throws(() => sceneAtFrame(1, 0, { detector: "yolo" as never }), /^RangeError: invalid moving scene options: detector: /);
  });

  it("names every bad option, or the options themselves", () => {
    assert.throws(() => sceneAtFrame(1, 0, 5 as never), /^RangeError: invalid moving scene options: options: /);
    assert.throws(
      () => sceneAtFrame(1, 0, { objects: 7, maxSpeed: -1 }),
      /^RangeError: invalid moving scene options: objects: [^;]+; maxSpeed: /,
    );
  });

  const sizes: Array<[{ minSize?: number; maxSize?: number }, string | undefined]> = [
    [{ minSize: 18 }, "moving scene sizes 18..127 px must lie within the detector's 19..127 px for a 640x480 frame"],
    [{ maxSize: 128 }, "moving scene sizes 19..128 px must lie within the detector's 19..127 px for a 640x480 frame"],
    [{ minSize: 41, maxSize: 40 }, "moving scene sizes 41..40 px must lie within the detector's 19..127 px for a 640x480 frame"],
    [{ minSize: 40, maxSize: 40 }, undefined],
    [{ minSize: 19, maxSize: 127 }, undefined],
  ];
  for (const [size, message] of sizes) {
    it(`${message === undefined ? "accepts" : "refuses"} sizes ${JSON.stringify(size)}`, () => {
      if (message === undefined) {
        const rects = sceneAtFrame(1, 0, size).rects;
        assert.equal(rects.length, 4);
        assert.ok(rects.every((r) => r.width >= (size.minSize ?? 0) && r.width <= (size.maxSize ?? Infinity)));
      } else assert.throws(() => sceneAtFrame(1, 0, size), { name: "RangeError", message });
    });
  }

  it("derives size limits from the narrower letterbox scale of a portrait frame", () => {
    const d = syntheticDetectorLimits();
    // 480x640 into 640x640: scale min(4/3, 1) = 1.
    assert.deepEqual(sceneSizeLimits(480, 640), { minSize: d.minSize + 1, maxSize: d.maxSize - 1 });
    // 320x1280: scale 0.5.
    assert.deepEqual(sceneSizeLimits(320, 1280), { minSize: 2 * (d.minSize + 1), maxSize: 2 * (d.maxSize - 1) });
  });
});
