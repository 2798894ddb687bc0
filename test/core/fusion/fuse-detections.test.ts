import assert from "node:assert/strict";
import { depthViewOf, type DepthView } from "../../../src/core/fusion/depth-image.ts";
import { DEFAULT_FUSION_OPTIONS, DetectionFuser, toDetection3DArray } from "../../../src/core/fusion/fuse-detections.ts";
import {
  backProject,
  intrinsicsFromCameraInfo,
  pixelMapBetween,
  project,
  type PinholeIntrinsics,
} from "../../../src/core/fusion/pinhole.ts";
import type { Image } from "../../../src/messages/sensor_msgs.ts";
import { cameraInfoOf, renderDepthImage, SCENE_HEADER, sceneDetections, type SceneObject } from "../../../src/testing/depth-scene.ts";

const camera: PinholeIntrinsics = { fx: 500, fy: 500, cx: 319.5, cy: 239.5, width: 640, height: 480 };
/** The same optics at half resolution: continuous pixel u maps to u / 2. */
const half: PinholeIntrinsics = { fx: 250, fy: 250, cx: 159.5, cy: 119.5, width: 320, height: 240 };
/** Half resolution letterboxed into 320 × 320: 40 rows of padding on top. */
const letterboxed: PinholeIntrinsics = { fx: 250, fy: 250, cx: 159.5, cy: 159.5, width: 320, height: 320 };
/** Half resolution pillarboxed into 400 × 240: 40 columns of padding on the left. */
const pillarboxed: PinholeIntrinsics = { fx: 250, fy: 250, cx: 199.5, cy: 119.5, width: 400, height: 240 };
/** A depth model's 320 × 256 output of a 640 × 480 camera: scale 0.5, 8 rows of padding on top. */
const model: PinholeIntrinsics = { fx: 250, fy: 250, cx: 159.5, cy: 127.5, width: 320, height: 256 };

const objects: SceneObject[] = [
  { className: "chair", id: "4", x: 0.5, y: 0.2, z: 2.0, width: 0.5, height: 0.8 },
  { className: "cup", id: "9", x: -0.5, y: 0.1, z: 1.2, width: 0.12, height: 0.12 },
  { className: "person", id: "1", x: -0.3, y: -0.1, z: 4.5, width: 0.6, height: 1.7 },
];

function view(image: Image): DepthView {
  const result = depthViewOf(image, "depth/image");
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const fuser = new DetectionFuser();

function fuse(
  depthK: PinholeIntrinsics,
  scene: readonly SceneObject[],
  image = renderDepthImage({ intrinsics: depthK, objects: scene, background: 8 }),
) {
  return fuser.fuse({ detections: sceneDetections(camera, scene), depth: view(image), depthIntrinsics: depthK, cameraIntrinsics: camera });
}

function assertWithinOnePercent(actual: { x: number; y: number; z: number }, truth: SceneObject, what: string): void {
  const distance = Math.hypot(truth.x, truth.y, truth.z);
  const error = Math.hypot(actual.x - truth.x, actual.y - truth.y, actual.z - truth.z);
  assert.ok(
    error <= 0.01 * distance,
    `${what}: centre (${actual.x}, ${actual.y}, ${actual.z}) is ${error} m from the truth, more than 1% of ${distance} m`,
  );
}

describe("core/fusion", () => {
  describe("pinhole", () => {
    it("back-projects what it projects, pixel centres at integer K coordinates", () => {
      const p = backProject(camera, 400.25, 100.5, 3);
      const back = project(camera, p);
      assert.ok(Math.abs(back.u - 400.25) < 1e-9 && Math.abs(back.v - 100.5) < 1e-9);
      // The centre of pixel (319, 239) is the principal point: on the optical axis.
      assert.deepEqual(backProject(camera, 319.5 + 0.5, 239.5 + 0.5, 2), { x: 0, y: 0, z: 2 });
    });

    const maps = [
      { name: "same image", to: camera, u: 100, expectU: 100, v: 50, expectV: 50 },
      { name: "half resolution", to: half, u: 100, expectU: 50, v: 50, expectV: 25 },
      { name: "letterboxed", to: letterboxed, u: 100, expectU: 50, v: 50, expectV: 65 },
      { name: "pillarboxed", to: pillarboxed, u: 100, expectU: 90, v: 50, expectV: 25 },
    ];
    for (const c of maps) {
      it(`maps camera pixels into the depth image: ${c.name}`, () => {
        const m = pixelMapBetween(camera, c.to);
        assert.ok(Math.abs(c.u * m.sx + m.ox - c.expectU) < 1e-9);
        assert.ok(Math.abs(c.v * m.sy + m.oy - c.expectV) < 1e-9);
      });
    }

    const badInfos = [
      {
        name: "zeroed K",
        info: { ...cameraInfoOf(camera), k: new Array<number>(9).fill(0) },
        error: /camera_info: K has fx 0, fy 0 \(zeroed/,
      },
      { name: "no image size", info: { ...cameraInfoOf(camera), width: 0 }, error: /camera_info: width × height is 0 × 480/ },
      { name: "NaN focal length", info: { ...cameraInfoOf(camera), k: [NaN, 0, 1, 0, 500, 1, 0, 0, 1] }, error: /fx NaN/ },
      { name: "short K", info: { ...cameraInfoOf(camera), k: [1, 2, 3] }, error: /k holds 3 values/ },
    ];
    for (const c of badInfos) {
      it(`refuses a CameraInfo with ${c.name}, naming the topic`, () => {
        const result = intrinsicsFromCameraInfo(c.info, "camera_info");
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.error, c.error);
      });
    }
  });

  describe("metric centres against ground truth", () => {
    const cases = [
      { name: "depth at the camera's resolution", depthK: camera },
      { name: "depth at half resolution", depthK: half },
      { name: "letterboxed depth", depthK: letterboxed },
      { name: "pillarboxed depth", depthK: pillarboxed },
      { name: "a depth model's 320 × 256 output", depthK: model },
    ];
    for (const c of cases) {
      it(`puts every centre within 1% of its true position: ${c.name}`, () => {
        const result = fuse(c.depthK, objects);
        assert.deepEqual(result.counts, { fused: 3, outside: 0, noDepth: 0 });
        for (const o of result.objects) {
          const truth = objects[o.index]!;
          assertWithinOnePercent(o.center, truth, truth.className);
          assert.ok(Math.abs(o.size.x - truth.width) <= 0.01 * truth.width, `${truth.className} width ${o.size.x}`);
          assert.ok(Math.abs(o.size.y - truth.height) <= 0.01 * truth.height, `${truth.className} height ${o.size.y}`);
          assert.equal(o.size.z, 0, "a flat face has no depth spread");
        }
      });
    }

    it("reads 16UC1 millimetres the same as 32FC1 metres", () => {
      const image = renderDepthImage({ intrinsics: half, objects, background: 8, encoding: "16UC1" });
      const result = fuse(half, objects, image);
      assert.equal(result.counts.fused, 3);
      for (const o of result.objects) assertWithinOnePercent(o.center, objects[o.index]!, "16UC1");
    });

    it("honours padded rows", () => {
      const image = renderDepthImage({ intrinsics: half, objects, background: 8, rowPadding: 12 });
      for (const o of fuse(half, objects, image).objects) assertWithinOnePercent(o.center, objects[o.index]!, "padded");
    });

    it("keeps the depth of an object partly hidden by a nearer one (the median of the inner part)", () => {
      const far: SceneObject = { className: "table", x: 0, y: 0, z: 3, width: 1.2, height: 0.8 };
      const near: SceneObject = { className: "cup", x: 0.25, y: 0, z: 1, width: 0.1, height: 0.15 };
      const result = fuse(half, [far, near]);
      assertWithinOnePercent(result.objects[0]!.center, far, "table");
      assertWithinOnePercent(result.objects[1]!.center, near, "cup");
    });

    it("sizes the box's depth from the spread, or from boxDepth", () => {
      const k = half;
      const image = renderDepthImage({ intrinsics: k, objects: [objects[0]!], background: 8 });
      const v = view(image);
      // A slanted face: depth rising from 2.0 m to 2.4 m across the box's rows.
      const values = v.values as Float32Array;
      for (let y = 0; y < k.height; y++)
        for (let x = 0; x < k.width; x++) if (values[y * v.stride + x] === 2) values[y * v.stride + x] = 2 + (0.4 * y) / k.height;
      const detections = sceneDetections(camera, [objects[0]!]);
      const spread = fuser.fuse({ detections, depth: v, depthIntrinsics: k, cameraIntrinsics: camera });
      assert.ok(spread.objects[0]!.size.z > 0.05 && spread.objects[0]!.size.z < 0.4, `spread ${spread.objects[0]!.size.z}`);
      const fixed = fuser.fuse(
        { detections, depth: v, depthIntrinsics: k, cameraIntrinsics: camera },
        { ...DEFAULT_FUSION_OPTIONS, boxDepth: 0.3 },
      );
      assert.equal(fixed.objects[0]!.size.z, 0.3);
    });
  });

  describe("invalid depth", () => {
    function withHoles(fill: (i: number) => number, share: number) {
      const image = renderDepthImage({ intrinsics: half, objects: [objects[0]!], background: 8 });
      const v = view(image);
      const values = v.values as Float32Array;
      let i = 0;
      for (let p = 0; p < values.length; p++) if (values[p] === 2 && i++ % 100 < share * 100) values[p] = fill(i);
      return fuser.fuse({ detections: sceneDetections(camera, [objects[0]!]), depth: v, depthIntrinsics: half, cameraIntrinsics: camera });
    }
    const holes = [
      { name: "NaN", fill: () => NaN },
      { name: "zero", fill: () => 0 },
      { name: "+∞", fill: () => Infinity },
      { name: "-∞", fill: () => -Infinity },
      { name: "negative", fill: () => -1 },
      { name: "mixed", fill: (i: number) => [NaN, 0, Infinity, -3][i % 4]! },
    ];
    for (const h of holes) {
      it(`ignores ${h.name} pixels (60% of the box) and still finds the depth`, () => {
        const result = withHoles(h.fill, 0.6);
        assert.equal(result.counts.fused, 1);
        assertWithinOnePercent(result.objects[0]!.center, objects[0]!, h.name);
      });
      it(`gives no 3D and counts it when ${h.name} pixels leave too few valid`, () => {
        const result = withHoles(h.fill, 0.9);
        assert.deepEqual(result.counts, { fused: 0, outside: 0, noDepth: 1 });
      });
    }

    it("counts a box outside the depth image", () => {
      const detections = sceneDetections(camera, [objects[0]!]);
      detections.detections[0]!.bbox.center.position.x = 2000;
      const result = fuser.fuse({
        detections,
        depth: view(renderDepthImage({ intrinsics: half, objects, background: 8 })),
        depthIntrinsics: half,
        cameraIntrinsics: camera,
      });
      assert.deepEqual(result.counts, { fused: 0, outside: 1, noDepth: 0 });
    });
  });

  describe("depthViewOf", () => {
    const image = renderDepthImage({ intrinsics: half, objects, background: 8 });
    const bad: Array<{ name: string; image: Image; error: RegExp }> = [
      {
        name: "an rgb8 image",
        image: { ...image, encoding: "rgb8" },
        error: /depth\/image: encoding "rgb8" is not depth; publish 32FC1 \(metres\) or 16UC1/,
      },
      { name: "a step too short", image: { ...image, step: 100 }, error: /step 100 does not hold 320 32FC1 values/ },
      { name: "short data", image: { ...image, data: image.data.subarray(0, 1000) }, error: /data has 1000 bytes/ },
      { name: "zero size", image: { ...image, width: 0 }, error: /size 0 × 240 is empty/ },
    ];
    for (const c of bad) {
      it(`refuses ${c.name}, naming the topic and the fix`, () => {
        const result = depthViewOf(c.image, "depth/image");
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.error, c.error);
      });
    }

    it("reads big-endian and unaligned data", () => {
      const be = new Uint8Array(image.data.length);
      for (let i = 0; i < be.length; i += 4) for (let b = 0; b < 4; b++) be[i + b] = image.data[i + 3 - b]!;
      const unaligned = new Uint8Array(image.data.length + 1).fill(7);
      unaligned.set(image.data, 1);
      for (const variant of [
        { ...image, is_bigendian: 1, data: be },
        { ...image, data: unaligned.subarray(1) },
      ]) {
        const v = view(variant);
        assert.deepEqual(Array.from(v.values.subarray(0, 5)), Array.from(view(image).values.subarray(0, 5)));
        assert.equal((v.values as Float32Array)[120 * 320 + 160], (view(image).values as Float32Array)[120 * 320 + 160]);
      }
    });
  });

  it("copies results and ids into the Detection3DArray, in the depth frame at the detections' stamp", () => {
    const detections = sceneDetections(camera, objects);
    const result = fuse(half, objects);
    const header = { stamp: SCENE_HEADER.stamp, frame_id: "depth_optical_frame" };
    const array = toDetection3DArray(header, detections.detections, result.objects);
    assert.equal(array.detections.length, 3);
    array.detections.forEach((d, i) => {
      assert.equal(d.id, objects[i]!.id);
      assert.deepEqual(d.results, detections.detections[i]!.results);
      assert.deepEqual(d.header, header);
      assert.deepEqual(d.bbox.center.orientation, { x: 0, y: 0, z: 0, w: 1 });
      assertWithinOnePercent(d.bbox.center.position, objects[i]!, "3D array");
    });
  });
});
