import assert from "node:assert/strict";
import { intrinsicsFromCameraInfo } from "../../../src/core/fusion/pinhole.ts";
import type { CameraInfo } from "../../../src/messages/sensor_msgs.ts";
import { cameraInfoOf } from "../../../src/testing/depth-scene.ts";

/** A camera's CameraInfo (640 × 480 unless given) with K = [fx 0 cx; 0 fy cy; 0 0 1]. */
function info(k: { fx: number; fy: number; cx: number; cy: number }, size = { width: 640, height: 480 }): CameraInfo {
  return cameraInfoOf({ ...k, ...size });
}

const calibrated = { fx: 600.5, fy: 610.25, cx: 318.75, cy: 241.5 };
const FIX = "publish a calibrated CameraInfo (e.g. camera_calibration) for 3D";

describe("core/fusion/pinhole intrinsicsFromCameraInfo", () => {
  it("takes fx, fy, cx, cy from K and the image size", () => {
    assert.deepEqual(intrinsicsFromCameraInfo(info(calibrated), "camera_info"), {
      ok: true,
      value: { fx: 600.5, fy: 610.25, cx: 318.75, cy: 241.5, width: 640, height: 480 },
    });
    // A principal point off the image is unusual but a valid calibration (a crop).
    assert.deepEqual(intrinsicsFromCameraInfo(info({ fx: 1, fy: 2, cx: -10, cy: 900 }, { width: 1, height: 1 }), "c"), {
      ok: true,
      value: { fx: 1, fy: 2, cx: -10, cy: 900, width: 1, height: 1 },
    });
  });

  const bad: Array<{ name: string; info: CameraInfo; error: string }> = [
    { name: "a short k", info: { ...info(calibrated), k: [1, 2, 3] }, error: "camera_info: k holds 3 values, a 3×3 matrix needs 9" },
    { name: "an empty k", info: { ...info(calibrated), k: [] }, error: "camera_info: k holds 0 values, a 3×3 matrix needs 9" },
    {
      name: "no width",
      info: info(calibrated, { width: 0, height: 480 }),
      error: "camera_info: width × height is 0 × 480; the driver must fill in the image size",
    },
    {
      name: "no height",
      info: info(calibrated, { width: 640, height: 0 }),
      error: "camera_info: width × height is 640 × 0; the driver must fill in the image size",
    },
    { name: "a zeroed K", info: info({ fx: 0, fy: 0, cx: 0, cy: 0 }), error: `camera_info: K has fx 0, fy 0 (zeroed or invalid); ${FIX}` },
    { name: "fx 0", info: info({ ...calibrated, fx: 0 }), error: `camera_info: K has fx 0, fy 610.25 (zeroed or invalid); ${FIX}` },
    { name: "fy 0", info: info({ ...calibrated, fy: 0 }), error: `camera_info: K has fx 600.5, fy 0 (zeroed or invalid); ${FIX}` },
    {
      name: "a negative fx",
      info: info({ ...calibrated, fx: -600 }),
      error: `camera_info: K has fx -600, fy 610.25 (zeroed or invalid); ${FIX}`,
    },
    {
      name: "a negative fy",
      info: info({ ...calibrated, fy: -1 }),
      error: `camera_info: K has fx 600.5, fy -1 (zeroed or invalid); ${FIX}`,
    },
    { name: "fx NaN", info: info({ ...calibrated, fx: NaN }), error: `camera_info: K has fx NaN, fy 610.25 (zeroed or invalid); ${FIX}` },
    {
      name: "fx +∞",
      info: info({ ...calibrated, fx: Infinity }),
      error: `camera_info: K has fx Infinity, fy 610.25 (zeroed or invalid); ${FIX}`,
    },
    {
      name: "fy +∞",
      info: info({ ...calibrated, fy: Infinity }),
      error: `camera_info: K has fx 600.5, fy Infinity (zeroed or invalid); ${FIX}`,
    },
    {
      name: "cx NaN",
      info: info({ ...calibrated, cx: NaN }),
      error: `camera_info: K has principal point cx NaN, cy 241.5 (not finite); ${FIX}`,
    },
    {
      name: "cy +∞",
      info: info({ ...calibrated, cy: Infinity }),
      error: `camera_info: K has principal point cx 318.75, cy Infinity (not finite); ${FIX}`,
    },
    {
      name: "cx -∞",
      info: info({ ...calibrated, cx: -Infinity }),
      error: `camera_info: K has principal point cx -Infinity, cy 241.5 (not finite); ${FIX}`,
    },
  ];
  for (const c of bad) {
    it(`refuses ${c.name}, naming the topic and the fix`, () => {
      assert.deepEqual(intrinsicsFromCameraInfo(c.info, "camera_info"), { ok: false, error: c.error });
    });
  }
});
