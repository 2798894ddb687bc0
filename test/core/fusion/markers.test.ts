import assert from "node:assert/strict";
import { DEFAULT_MARKER_OPTIONS, markerLabel, toMarkerArray } from "../../../src/core/fusion/markers.ts";
import type { Point } from "../../../src/messages/geometry_msgs.ts";
import { MarkerAction, MarkerType, type Marker } from "../../../src/messages/visualization_msgs.ts";
import type { Detection3D, Detection3DArray } from "../../../src/messages/vision_msgs.ts";

const header = { stamp: { sec: 5, nanosec: 0 }, frame_id: "camera_optical_frame" };
const IDENTITY = { x: 0, y: 0, z: 0, w: 1 };

function detection(
  className: string | undefined,
  score: number,
  id: string,
  position: Point,
  size: { x: number; y: number; z: number },
): Detection3D {
  return {
    header,
    results:
      className === undefined
        ? []
        : [
            {
              hypothesis: { class_id: className, score },
              pose: { pose: { position: { x: 0, y: 0, z: 0 }, orientation: IDENTITY }, covariance: [] },
            },
          ],
    bbox: { center: { position, orientation: IDENTITY }, size },
    id,
  };
}

/** A chair (tracked, id 4) and an untracked cup. Built per test: the markers are computed inside each test. */
function scene(): Detection3DArray {
  return {
    header,
    detections: [
      detection("chair", 0.912, "4", { x: 0.6, y: 0, z: 0.8 }, { x: 0.4, y: 0.8, z: 0.2 }),
      detection("cup", 0.5, "", { x: 0, y: 0, z: 2 }, { x: 0.1, y: 0.1, z: 0 }),
    ],
  };
}

/**
 * Colours per class name, worked out apart from the code: the class name's Java-style string hash
 * (h = 31·h + char, unsigned 32 bit) modulo 997 as the class index of the 2D overlay's palette
 * (hue = index × 0.618…, saturation 0.85, value 0.95), in 0–255 as Python's colorsys gives them.
 */
const CLASS_COLOURS: Record<string, { index: number; rgb: [number, number, number] }> = {
  chair: { index: 153, rgb: [36, 169, 242] },
  cup: { index: 175, rgb: [242, 229, 36] },
  object: { index: 240, rgb: [43, 242, 36] },
};

function colourOf(name: string) {
  const [r, g, b] = CLASS_COLOURS[name]!.rgb;
  return { r: r / 255, g: g / 255, b: b / 255, a: 1 };
}

/** A marker with every field at its message default except those given. */
function markerWith(fields: Partial<Marker>): Marker {
  return {
    header,
    ns: "",
    id: 0,
    type: MarkerType.ARROW,
    action: MarkerAction.ADD,
    pose: { position: { x: 0, y: 0, z: 0 }, orientation: IDENTITY },
    scale: { x: 0, y: 0, z: 0 },
    color: { r: 1, g: 1, b: 1, a: 1 },
    lifetime: { sec: 0, nanosec: 500_000_000 },
    frame_locked: false,
    points: [],
    colors: [],
    texture_resource: "",
    texture: { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: "" }, format: "", data: new Uint8Array(0) },
    uv_coordinates: [],
    text: "",
    mesh_resource: "",
    mesh_file: { filename: "", data: new Uint8Array(0) },
    mesh_use_embedded_materials: false,
    ...fields,
  };
}

/** The box's 12 edges as sorted "from→to" strings, each edge with its end points in a fixed order. */
function edgesOf(points: readonly Point[]): string[] {
  const edges: string[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const ends = [points[i]!, points[i + 1]!].map((p) => `(${p.x}, ${p.y}, ${p.z})`).sort();
    edges.push(ends.join("→"));
  }
  return edges.sort();
}

/** The 12 edges of a box of half sizes (hx, hy, hz), worked out as: the 4 edges along each axis. */
function expectedEdges(hx: number, hy: number, hz: number): string[] {
  const p = (x: number, y: number, z: number) => `(${x}, ${y}, ${z})`;
  const edges: string[] = [];
  for (const a of [-1, 1]) {
    for (const b of [-1, 1]) {
      edges.push([p(-hx, a * hy, b * hz), p(hx, a * hy, b * hz)].sort().join("→"));
      edges.push([p(a * hx, -hy, b * hz), p(a * hx, hy, b * hz)].sort().join("→"));
      edges.push([p(a * hx, b * hy, -hz), p(a * hx, b * hy, hz)].sort().join("→"));
    }
  }
  return edges.sort();
}

describe("core/fusion/markers", () => {
  it("starts with one DELETEALL marker so boxes of objects gone vanish at once", () => {
    const markers = toMarkerArray(scene()).markers;
    assert.equal(markers.length, 1 + 2 * 2);
    assert.deepEqual(markers[0], markerWith({ type: MarkerType.CUBE, action: MarkerAction.DELETEALL }));
    assert.deepEqual(toMarkerArray({ header, detections: [] }).markers, [
      markerWith({ type: MarkerType.CUBE, action: MarkerAction.DELETEALL }),
    ]);
  });

  it("outlines each box with its 12 edges around its centre, in the class's colour", () => {
    const options = { lifetimeSec: 0.5, lineWidth: 0.02, textHeight: 0.25, ns: "seen" };
    const box = toMarkerArray(scene(), options).markers[1]!;
    assert.deepEqual(
      { ...box, points: [] },
      markerWith({
        ns: "seen/boxes",
        id: 0,
        type: MarkerType.LINE_LIST,
        pose: { position: { x: 0.6, y: 0, z: 0.8 }, orientation: IDENTITY },
        scale: { x: 0.02, y: 0, z: 0 },
        color: colourOf("chair"),
      }),
    );
    assert.equal(box.points.length, 24);
    assert.deepEqual(edgesOf(box.points), expectedEdges(0.2, 0.4, 0.1));
  });

  const boxes = [
    { name: "a cube", size: { x: 2, y: 2, z: 2 }, half: [1, 1, 1] },
    { name: "a flat face", size: { x: 0.5, y: 1, z: 0 }, half: [0.25, 0.5, 0] },
    { name: "a long bar", size: { x: 4, y: 0.5, z: 1 }, half: [2, 0.25, 0.5] },
  ];
  for (const c of boxes) {
    it(`draws the edges of ${c.name} as 12 axis-aligned segments`, () => {
      const array: Detection3DArray = { header, detections: [detection("cup", 0.5, "", { x: 1, y: 2, z: 3 }, c.size)] };
      const points = toMarkerArray(array).markers[1]!.points;
      assert.equal(points.length, 24);
      assert.deepEqual(edgesOf(points), expectedEdges(c.half[0]!, c.half[1]!, c.half[2]!));
    });
  }

  it("labels each box above it (y points down), facing the viewer, in the box's colour", () => {
    const options = { lifetimeSec: 0.5, lineWidth: 0.02, textHeight: 0.25, ns: "seen" };
    const array: Detection3DArray = {
      header,
      detections: [detection("chair", 0.912, "4", { x: 0.5, y: 0.5, z: 1 }, { x: 0.5, y: 1, z: 0.5 })],
    };
    const label = toMarkerArray(array, options).markers[2]!;
    // Top of the box at 0.5 − 1 / 2 = 0, the label a text height above it.
    assert.deepEqual(
      label,
      markerWith({
        ns: "seen/labels",
        id: 0,
        type: MarkerType.TEXT_VIEW_FACING,
        pose: { position: { x: 0.5, y: -0.25, z: 1 }, orientation: IDENTITY },
        scale: { x: 0, y: 0, z: 0.25 },
        color: colourOf("chair"),
        // Distance √(0.25 + 0.25 + 1) = 1.2247 m.
        text: "chair #4 0.91 1.22 m",
      }),
    );
  });

  it("gives every class its own stable colour, and an unclassified detection the colour of 'object'", () => {
    const array: Detection3DArray = {
      header,
      detections: [
        detection("chair", 0.9, "", { x: 0, y: 0, z: 1 }, { x: 1, y: 1, z: 1 }),
        detection("cup", 0.9, "", { x: 0, y: 0, z: 1 }, { x: 1, y: 1, z: 1 }),
        detection(undefined, 0, "7", { x: 0, y: 0, z: 2 }, { x: 1, y: 1, z: 1 }),
        detection("chair", 0.4, "", { x: 0, y: 0, z: 1 }, { x: 1, y: 1, z: 1 }),
      ],
    };
    const markers = toMarkerArray(array).markers;
    const boxColours = [1, 3, 5, 7].map((i) => markers[i]!.color);
    assert.deepEqual(boxColours, [colourOf("chair"), colourOf("cup"), colourOf("object"), colourOf("chair")]);
    assert.deepEqual(
      [2, 4, 6, 8].map((i) => markers[i]!.color),
      boxColours,
    );
    assert.equal(markers[6]!.text, "object #7 2.00 m");
  });

  const labels: Array<{ name: string; className: string; id: string; score: number | undefined; distance: number; text: string }> = [
    { name: "class, id, score and distance", className: "chair", id: "4", score: 0.912, distance: 1, text: "chair #4 0.91 1.00 m" },
    { name: "no id when untracked", className: "cup", id: "", score: 0.5, distance: 2, text: "cup 0.50 2.00 m" },
    { name: "no score when there is none", className: "x", id: "", score: undefined, distance: 1.234, text: "x 1.23 m" },
    { name: "an id without a score", className: "person", id: "12", score: undefined, distance: 3.5, text: "person #12 3.50 m" },
  ];
  for (const c of labels) {
    it(`labels with ${c.name}`, () => {
      assert.equal(markerLabel(c.className, c.id, c.score, c.distance), c.text);
    });
  }

  it("gives markers a lifetime and distinct ids per namespace", () => {
    const markers = toMarkerArray(scene()).markers;
    for (const m of markers) assert.deepEqual(m.lifetime, { sec: 0, nanosec: 500_000_000 });
    assert.deepEqual(
      markers.slice(1).map((m) => `${m.ns}:${m.id}`),
      ["detections_3d/boxes:0", "detections_3d/labels:0", "detections_3d/boxes:1", "detections_3d/labels:1"],
    );
    assert.deepEqual(toMarkerArray(scene(), { ...DEFAULT_MARKER_OPTIONS, lifetimeSec: 2.25 }).markers[1]!.lifetime, {
      sec: 2,
      nanosec: 250_000_000,
    });
    assert.equal(markers[1]!.header.frame_id, "camera_optical_frame");
  });
});
