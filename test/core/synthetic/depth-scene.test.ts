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
  defaultSceneCamera,
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
      for (const bad of [-1, 2.5, Number.NaN]) assert.throws(() => depthOfCode(bad), /depth code .* is outside 0..999/, `${bad}`);
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

    it("describes its camera as a CameraInfo without distortion", () => {
      const header = { stamp: { sec: 1, nanosec: 2 }, frame_id: "cam" };
      assert.deepEqual(sceneCameraInfo(handScene, header), {
        header,
        height: 48,
        width: 64,
        distortion_model: "plumb_bob",
        d: [0, 0, 0, 0, 0],
        k: [100, 0, 31.5, 0, 100, 23.5, 0, 0, 1],
        r: [1, 0, 0, 0, 1, 0, 0, 0, 1],
        p: [100, 0, 31.5, 0, 0, 100, 23.5, 0, 0, 0, 1, 0],
        binning_x: 0,
        binning_y: 0,
        roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
      });
    });

    it("paints the nearer card over the farther one whatever their order in the scene, and the later one of two at one depth", () => {
      const [car, person] = handScene.rects;
      const reversed: DepthScene = { ...handScene, rects: [person!, car!] };
      const truth = sceneDepthMap(reversed);
      assert.equal(truth[9 * 64 + 15], Math.fround(d(100)), "the person still covers the car");
      assert.equal(truth[6 * 64 + 11], Math.fround(d(300)), "the car where it is uncovered");
      assert.deepEqual(
        sceneGroundTruth3d(reversed).map((t) => t.visiblePixels),
        [100, 48 - 4 * 3],
      );
      const tie: DepthScene = { ...handScene, rects: [{ ...car!, depth: d(100) }, person!] };
      assert.deepEqual(
        sceneGroundTruth3d(tie).map((t) => t.visiblePixels),
        [48 - 4 * 3, 100],
        "at one depth the later card is in front",
      );
      const tieReversed: DepthScene = { ...handScene, rects: [person!, { ...car!, depth: d(100) }] };
      assert.deepEqual(
        sceneGroundTruth3d(tieReversed).map((t) => t.visiblePixels),
        [100 - 4 * 3, 48],
      );
    });

    it("sees the wall on the horizon band of a camera standing on the floor", () => {
      // Rows 0..3 of band 4 have their middle at 1.5 = cy: no floor there, even with a zero height.
      const onFloor = { ...camera, cy: 1.5, height: 0 };
      assert.equal(backgroundDepthOfRow(onFloor, 2), snapDepth(6));
    });

    const badCameras: Array<[string, Partial<typeof camera>]> = [
      ["fx 0", { fx: 0 }],
      ["fy 0", { fy: 0 }],
      ["wall depth 0", { wallDepth: 0 }],
      ["a NaN cx", { cx: Number.NaN }],
      ["an infinite height", { height: Number.POSITIVE_INFINITY }],
      ["a camera below the floor", { height: -0.1 }],
    ];
    it("refuses a camera without finite values, positive focal lengths and a wall, naming its values", () => {
      for (const [what, change] of badCameras) {
        const bad = { ...handScene, camera: { ...camera, ...change } };
        for (const use of [renderDepthScene, sceneDepthMap, sceneGroundTruth3d])
          assert.throws(
            () => use(bad),
            /scene camera fx=.* height=.* must be finite with positive focal lengths and wall depth and a height of at least 0 m$/,
            what,
          );
      }
      assert.doesNotThrow(() => sceneDepthMap({ ...handScene, camera: { ...camera, cx: -5, cy: -5 } }));
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

    it("use a 67° camera 0.3 m up, centred on the frame, unless given one", () => {
      // fx = 0.75 · 640 = 480 px: tan(half field) = 320 / 480, 2 · atan(2/3) ≈ 67.4°.
      assert.deepEqual(depthSceneAtFrame(9, 0, { width: 640, height: 480 }).camera, {
        fx: 480,
        fy: 480,
        cx: 319.5,
        cy: 239.5,
        height: 0.3,
        wallDepth: 6,
        floorBand: 8,
      });
      assert.deepEqual(defaultSceneCamera(64, 48), { fx: 48, fy: 48, cx: 31.5, cy: 23.5, height: 0.3, wallDepth: 6, floorBand: 8 });
      assert.equal(depthSceneAtFrame(9, 0, { width: 64, height: 48, camera }).camera, camera);
    });

    it("hold every card at nearDepth when far equals near", () => {
      for (const frame of [0, 7, 31])
        for (const r of depthSceneAtFrame(9, frame, { width: 640, height: 480, objects: 4, nearDepth: 2, farDepth: 2 }).rects)
          assert.equal(r.depth, snapDepth(2), `frame ${frame}`);
    });

    it("spread still cards over the whole of near..far, and move cards by at most maxDepthSpeed per frame, some nearer and some farther", () => {
      const still: number[] = [];
      const nearer: number[] = [];
      const farther: number[] = [];
      for (let seed = 1; seed <= 10; seed++) {
        const options = { width: 640, height: 480, objects: 4, nearDepth: 1, farDepth: 5 };
        const a = depthSceneAtFrame(seed, 0, { ...options, maxDepthSpeed: 0 }).rects.map((r) => r.depth);
        assert.deepEqual(
          depthSceneAtFrame(seed, 50, { ...options, maxDepthSpeed: 0 }).rects.map((r) => r.depth),
          a,
        );
        still.push(...a);
        const depthsAt = (frame: number) => depthSceneAtFrame(seed, frame, { ...options, maxDepthSpeed: 0.02 }).rects.map((r) => r.depth);
        const [d0, d1, d20] = [depthsAt(0), depthsAt(1), depthsAt(20)];
        d0.forEach((z, i) => {
          // One ladder step at 5 m is 0.58 % (3 cm): a snapped change can exceed the speed by two half steps.
          assert.ok(Math.abs(d1[i]! - z) <= 0.02 + 0.03, `seed ${seed} card ${i}: ${z} → ${d1[i]} m in one frame`);
          if (d20[i]! < z) nearer.push(z);
          if (d20[i]! > z) farther.push(z);
        });
      }
      assert.ok(Math.min(...still) < 1.5 && Math.max(...still) > 4.5, `still depths ${Math.min(...still)}..${Math.max(...still)} m`);
      assert.ok(nearer.length >= 8 && farther.length >= 8, `${nearer.length} nearer, ${farther.length} farther`);
    });

    it("sweep the occluder across the frame, bouncing off both sides, at the centre row of its object", () => {
      const options = { width: 640, height: 480, objects: 4 };
      const occluder = { width: 120, height: 40, speed: 16, depth: 0.8, classIndex: 5, row: 0 };
      // x moves 16 px a frame on 0..520 (640 − 120): 160 at frame 10, 400 at frame 40 (640 bounced off 520), 480 at 100.
      for (const [frame, x] of [
        [10, 160],
        [40, 400],
        [100, 480],
      ] as const) {
        const scene = depthSceneAtFrame(3, frame, { ...options, occluder });
        const target = sceneAtFrame(3, frame, options).rects[0]!;
        const centre = target.y + target.height / 2;
        assert.ok(centre > 20 && centre < 460, "the occluder is not clamped at this frame");
        assert.deepEqual(scene.rects[scene.rects.length - 1], {
          x,
          y: Math.round(centre - 20),
          width: 120,
          height: 40,
          classIndex: 5,
          depth: snapDepth(0.8),
        });
      }
      const back = depthSceneAtFrame(3, 10, { ...options, occluder: { ...occluder, speed: -16 } }).rects.at(-1);
      assert.equal(back?.x, 160, "a negative speed bounces off the left side first");
      const noObject = depthSceneAtFrame(3, 10, { ...options, occluder: { ...occluder, row: 99 } }).rects.at(-1);
      assert.equal(noObject?.y, 240 - 20, "without that object it runs across the middle row");
    });

    it("fit an occluder larger than the frame into it", () => {
      const options = { width: 640, height: 480, objects: 4 };
      for (let row = 0; row < 4; row++) {
        const target = sceneAtFrame(3, 10, options).rects[row]!;
        const scene = depthSceneAtFrame(3, 10, { ...options, occluder: { width: 700, height: 600, row } });
        assert.deepEqual(
          (({ x, y, width, height }) => ({ x, y, width, height }))(scene.rects.at(-1)!),
          { x: 0, y: 0, width: 640, height: 480 },
          `row ${row}, centre ${target.y + target.height / 2}`,
        );
        const tall = depthSceneAtFrame(3, 10, { ...options, occluder: { height: 400, row } }).rects.at(-1)!;
        assert.equal(tall.y, Math.min(80, Math.max(0, Math.round(target.y + target.height / 2 - 200))), `row ${row}`);
      }
    });

    it("refuse bad options, naming each one", () => {
      assert.throws(() => depthSceneAtFrame(1, 0, { nearDepth: -1 }), /^RangeError: invalid depth scene options: nearDepth: .+$/);
      assert.throws(
        () => depthSceneAtFrame(1, 0, { maxDepthSpeed: -1, occluder: { width: 0 } }),
        /invalid depth scene options: maxDepthSpeed: .+; occluder\.width: /,
      );
      for (const bad of [null, 5, "cam"])
        assert.throws(() => depthSceneAtFrame(1, 0, { camera: bad as never }), /invalid depth scene options: camera: /, String(bad));
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
