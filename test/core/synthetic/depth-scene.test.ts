import assert from "node:assert/strict";
import { convertDepth } from "../../../src/core/depth/depth-output.ts";
import {
  codeOfDepth,
  depthCodeOfColour,
  depthOfCode,
  NO_DEPTH_CODE,
  paintDepthCode,
  snapDepth,
} from "../../../src/core/synthetic/depth-code.ts";
import { syntheticDepthLogits } from "../../../src/core/synthetic/depth-model.ts";
import {
  backgroundDepthOfRow,
  depthSceneAtFrame,
  renderDepthScene,
  sceneCameraInfo,
  sceneDepthMap,
  sceneGroundTruth3d,
  type DepthScene,
} from "../../../src/core/synthetic/depth-scene.ts";
import { BACKGROUND_RGB, classOfColour, colourDistance, SYNTHETIC_CLASSES } from "../../../src/core/synthetic/palette.ts";
import { sceneAtFrame } from "../../../src/core/synthetic/scene.ts";
import { depthAtProjectedCentres, letterboxFrame, metricDepth, modelIntrinsics, SCDEPTH } from "./depth-fixtures.ts";

const camera = { fx: 100, fy: 100, cx: 31.5, cy: 23.5, height: 0.3, wallDepth: 6, floorBand: 4 };
const d = (code: number) => depthOfCode(code);

/** 64x48: a car at code 300 (1.69 m) partly hidden by a nearer person at code 100. */
const handScene: DepthScene = {
  width: 64,
  height: 48,
  background: BACKGROUND_RGB,
  camera,
  rects: [
    { x: 10, y: 5, width: 8, height: 6, classIndex: 2, depth: d(300) },
    { x: 14, y: 8, width: 10, height: 10, classIndex: 0, depth: d(100) },
  ],
};

const relativeError = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("synthetic depth scenes", () => {
  describe("depth code", () => {
    it("has a geometric ladder from 0.3 to 100 m and a no-depth code", () => {
      assert.equal(depthOfCode(0), 0.3);
      assert.ok(relativeError(depthOfCode(998), 100) < 1e-12);
      assert.ok(Number.isNaN(depthOfCode(NO_DEPTH_CODE)));
      assert.throws(() => depthOfCode(1000), /outside 0..999/);
      for (const z of [0.31, 1, 2.345, 17, 99]) assert.ok(relativeError(snapDepth(z), z) < 0.003, `${z} m snaps within 0.3 %`);
      assert.deepEqual([codeOfDepth(0.01), codeOfDepth(1e6), codeOfDepth(Number.NaN)], [0, 998, 999]);
    });

    const codes = [0, 7, 90, 455, 998, NO_DEPTH_CODE];
    for (const c of SYNTHETIC_CLASSES) {
      it(`paints codes into ${c.label} so they decode and the colour still matches ${c.label}`, () => {
        for (const code of codes) {
          const painted = paintDepthCode(c.rgb, code);
          assert.equal(depthCodeOfColour(...painted), code);
          assert.ok(colourDistance(painted, c.rgb) <= 27);
          assert.equal(classOfColour(painted)?.label, c.label, `code ${code}: ${painted.join(",")}`);
        }
      });
    }

    it("paints codes into the background so it still matches no class", () => {
      for (const code of codes) {
        const painted = paintDepthCode(BACKGROUND_RGB, code);
        assert.equal(depthCodeOfColour(...painted), code);
        assert.equal(classOfColour(painted), undefined);
      }
    });
  });

  describe("a hand-made scene with an occlusion", () => {
    it("states every pixel's true depth in its colour; the nearer card hides the farther one", () => {
      const frame = renderDepthScene(handScene);
      const truth = sceneDepthMap(handScene);
      const px = (x: number, y: number) =>
        Array.from(frame.data.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3)) as [number, number, number];
      const cases: Array<[number, number, number, string]> = [
        [11, 6, d(300), "the car"],
        [15, 9, d(100), "the person where it covers the car"],
        [20, 16, d(100), "the person"],
        [40, 2, backgroundDepthOfRow(camera, 2), "the wall above the horizon"],
        [40, 47, backgroundDepthOfRow(camera, 47), "the floor at the bottom row"],
      ];
      for (const [x, y, depth, what] of cases) {
        assert.equal(truth[y * 64 + x], Math.fround(depth), what);
        assert.equal(depthOfCode(depthCodeOfColour(...px(x, y))), depth, what);
      }
      assert.equal(classOfColour(px(15, 9))?.label, "person");
      assert.equal(classOfColour(px(11, 6))?.label, "car");
    });

    it("puts the floor at fy · height / (v − cy) of each band's middle row, and the wall at wallDepth", () => {
      // Band of rows 44..47: middle 45.5, 22 rows below cy = 23.5 → 100 · 0.3 / 22 m.
      assert.equal(backgroundDepthOfRow(camera, 46), snapDepth(30 / 22));
      assert.equal(backgroundDepthOfRow(camera, 24), snapDepth(6), "rows near the horizon see the wall");
      assert.equal(backgroundDepthOfRow(camera, 0), snapDepth(6));
    });

    it("gives each card's 3D centre, size and visible pixels in the camera optical frame", () => {
      const [car, person] = sceneGroundTruth3d(handScene);
      // Car: pixel centre (13.5, 7.5); person: (18.5, 12.5).
      assert.deepEqual(car, {
        classIndex: 2,
        label: "car",
        box: { x1: 10, y1: 5, x2: 18, y2: 11 },
        depth: d(300),
        center: { x: ((13.5 - 31.5) * d(300)) / 100, y: ((7.5 - 23.5) * d(300)) / 100, z: d(300) },
        size: { x: (8 * d(300)) / 100, y: (6 * d(300)) / 100, z: 0 },
        visiblePixels: 48 - 4 * 3,
        totalPixels: 48,
      });
      assert.deepEqual(person?.center, { x: ((18.5 - 31.5) * d(100)) / 100, y: ((12.5 - 23.5) * d(100)) / 100, z: d(100) });
      assert.equal(person?.visiblePixels, 100);
    });

    it("describes its camera as a CameraInfo", () => {
      const header = { stamp: { sec: 1, nanosec: 2 }, frame_id: "cam" };
      const info = sceneCameraInfo(handScene, header);
      assert.deepEqual(
        [info.width, info.height, info.k, info.p.slice(0, 7)],
        [64, 48, [100, 0, 31.5, 0, 100, 23.5, 0, 0, 1], [100, 0, 31.5, 0, 0, 100, 23.5]],
      );
    });

    it("refuses a card without a positive depth, naming it", () => {
      const bad = { ...handScene, rects: [{ ...handScene.rects[0]!, depth: 0 }] };
      assert.throws(() => renderDepthScene(bad), /rect 0: depth 0/);
    });
  });

  describe("the depth model's rule read back through scdepthv3", () => {
    it("recovers every pixel's true depth at full resolution", () => {
      const frame = renderDepthScene(handScene);
      const depth = convertDepth(syntheticDepthLogits(frame.data), { width: 64, height: 48 }, SCDEPTH);
      const truth = sceneDepthMap(handScene);
      for (let i = 0; i < truth.length; i++)
        assert.ok(relativeError(depth[i]!, truth[i]!) < 1e-5, `pixel ${i}: ${depth[i]} vs ${truth[i]}`);
    });

    const frames = [0, 7, 23];
    for (const index of frames) {
      it(`moving scene frame ${index}, letterboxed 640x480 → 320x256: metric depth at each visible object's projected centre within 1 %`, () => {
        const scene = depthSceneAtFrame(3, index, { width: 640, height: 480, objects: 4 });
        const { input, geometry } = letterboxFrame(renderDepthScene(scene), 320, 256);
        const depth = metricDepth(syntheticDepthLogits(input), geometry);
        const truth = sceneGroundTruth3d(scene);
        const got = depthAtProjectedCentres(
          depth,
          modelIntrinsics(scene, geometry),
          320,
          truth.map((t) => t.center),
        );
        truth.forEach((t, i) => assert.ok(relativeError(got[i]!, t.depth) < 0.01, `${t.label}: ${got[i]} m vs ${t.depth} m`));
        assert.ok(Number.isNaN(depth[0]!) && Number.isNaN(depth[255 * 320 + 319]!), "letterbox padding rows are invalid");
      });
    }

    for (const [index, hidden] of [
      [1, "wholly"],
      [5, "partly"],
    ] as const)
      it(`with an occluder in front (frame ${index}, object 0 ${hidden} hidden): a hidden centre reads the occluder's depth, visible ones their own`, () => {
        const scene = depthSceneAtFrame(3, index, { width: 640, height: 480, objects: 4, occluder: { depth: 0.8 } });
        const truth = sceneGroundTruth3d(scene);
        const occluder = truth[truth.length - 1]!;
        assert.equal(occluder.depth, snapDepth(0.8));
        assert.equal(occluder.visiblePixels, occluder.totalPixels, "nothing is nearer than the occluder");
        const { input, geometry } = letterboxFrame(renderDepthScene(scene), 320, 256);
        const depth = metricDepth(syntheticDepthLogits(input), geometry);
        const got = depthAtProjectedCentres(
          depth,
          modelIntrinsics(scene, geometry),
          320,
          truth.map((t) => t.center),
        );
        const k = modelIntrinsics(scene, geometry);
        truth.forEach((t, i) => {
          const covered = t !== occluder && inside(t.center, occluder.box, scene.camera);
          const expected = covered ? occluder.depth : t.depth;
          assert.ok(
            relativeError(got[i]!, expected) < 0.01,
            `${t.label}${covered ? " (hidden)" : ""}: ${got[i]} m vs ${expected} m (k ${JSON.stringify(k)})`,
          );
        });
        assert.ok(
          truth.some((t) => t.visiblePixels < t.totalPixels),
          "some object is partly hidden in this frame",
        );
      });
  });

  describe("moving depth scenes", () => {
    it("keep sceneAtFrame's rectangles and give each a ladder depth within near..far that changes over frames", () => {
      const options = { width: 640, height: 480, objects: 4 };
      const depthsOf = (frame: number) => depthSceneAtFrame(9, frame, options).rects.map((r) => r.depth);
      for (const frame of [0, 5, 40]) {
        const scene = depthSceneAtFrame(9, frame, options);
        assert.deepEqual(
          scene.rects.map(({ depth: _depth, ...rect }) => rect),
          sceneAtFrame(9, frame, options).rects,
        );
        for (const r of scene.rects) assert.ok(r.depth >= snapDepth(1) && r.depth <= snapDepth(4) && r.depth === snapDepth(r.depth));
      }
      assert.notDeepEqual(depthsOf(0), depthsOf(40));
      assert.deepEqual(depthSceneAtFrame(9, 5, options), depthSceneAtFrame(9, 5, options));
    });

    it("refuses far below near", () => {
      assert.throws(() => depthSceneAtFrame(1, 0, { nearDepth: 3, farDepth: 2 }), /farDepth 2 m must not be below nearDepth 3 m/);
    });
  });
});

/** Whether a 3D point projects inside a pixel box of the scene camera. */
function inside(
  c: { x: number; y: number; z: number },
  box: { x1: number; y1: number; x2: number; y2: number },
  k: { fx: number; fy: number; cx: number; cy: number },
): boolean {
  const u = (c.x / c.z) * k.fx + k.cx + 0.5;
  const v = (c.y / c.z) * k.fy + k.cy + 0.5;
  return u >= box.x1 && u < box.x2 && v >= box.y1 && v < box.y2;
}
