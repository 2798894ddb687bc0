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
