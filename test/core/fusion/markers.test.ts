import assert from "node:assert/strict";
import { DEFAULT_MARKER_OPTIONS, markerLabel, toMarkerArray } from "../../../src/core/fusion/markers.ts";
import { MarkerAction, MarkerType } from "../../../src/messages/visualization_msgs.ts";
import type { Detection3DArray } from "../../../src/messages/vision_msgs.ts";

const header = { stamp: { sec: 5, nanosec: 0 }, frame_id: "camera_optical_frame" };
const array: Detection3DArray = {
  header,
  detections: [
    {
      header,
      results: [
        {
          hypothesis: { class_id: "chair", score: 0.912 },
          pose: { pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance: [] },
        },
      ],
      bbox: { center: { position: { x: 0.6, y: 0, z: 0.8 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, size: { x: 0.4, y: 0.8, z: 0.2 } },
      id: "4",
    },
    {
      header,
      results: [
        {
          hypothesis: { class_id: "cup", score: 0.5 },
          pose: { pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance: [] },
        },
      ],
      bbox: { center: { position: { x: 0, y: 0, z: 2 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, size: { x: 0.1, y: 0.1, z: 0 } },
      id: "",
    },
  ],
};

describe("core/fusion/markers", () => {
  const markers = toMarkerArray(array).markers;

  it("starts with DELETEALL so boxes of objects gone vanish at once", () => {
    assert.equal(markers[0]?.action, MarkerAction.DELETEALL);
    assert.equal(markers.length, 1 + 2 * 2);
    assert.deepEqual(
      toMarkerArray({ header, detections: [] }).markers.map((m) => m.action),
      [MarkerAction.DELETEALL],
    );
  });

  it("outlines each box with 12 edges around its centre", () => {
    const box = markers[1]!;
    assert.equal(box.type, MarkerType.LINE_LIST);
    assert.equal(box.points.length, 24);
    assert.deepEqual(box.pose.position, { x: 0.6, y: 0, z: 0.8 });
    const xs = new Set(box.points.map((p) => p.x));
    const ys = new Set(box.points.map((p) => p.y));
    const zs = new Set(box.points.map((p) => p.z));
    assert.deepEqual([...xs].sort(), [-0.2, 0.2]);
    assert.deepEqual([...ys].sort(), [-0.4, 0.4]);
    assert.deepEqual([...zs].sort(), [-0.1, 0.1]);
    // Every edge runs along one axis.
    for (let i = 0; i < 24; i += 2) {
      const a = box.points[i]!;
      const b = box.points[i + 1]!;
      assert.equal([a.x !== b.x, a.y !== b.y, a.z !== b.z].filter(Boolean).length, 1);
    }
    assert.equal(box.header.frame_id, "camera_optical_frame");
  });

  it("labels each box with class, id, score and distance, above it and facing the viewer", () => {
    const label = markers[2]!;
    assert.equal(label.type, MarkerType.TEXT_VIEW_FACING);
    assert.equal(label.text, "chair #4 0.91 1.00 m");
    assert.ok(label.pose.position.y < 0 - 0.4, "above the box (y points down)");
    assert.equal(markers[4]!.text, "cup 0.50 2.00 m");
    assert.equal(markerLabel("x", "", undefined, 1.234), "x 1.23 m");
  });

  it("gives markers a lifetime and distinct ids per namespace", () => {
    for (const m of markers.slice(1)) assert.deepEqual(m.lifetime, { sec: 0, nanosec: 500_000_000 });
    const keys = markers.slice(1).map((m) => `${m.ns}:${m.id}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual(toMarkerArray(array, { ...DEFAULT_MARKER_OPTIONS, lifetimeSec: 2.25 }).markers[1]!.lifetime, {
      sec: 2,
      nanosec: 250_000_000,
    });
  });
});
