/**
 * rviz markers for 3D detections: a DELETEALL first (so boxes of objects no longer seen vanish at
 * once, whatever ids the previous frame used), then per detection its box outline as a LINE_LIST
 * (12 edges) and a TEXT_VIEW_FACING label above it with class, id, score and distance. A lifetime
 * as well, so markers also vanish when the publisher stops.
 */
import type { Point } from "../../messages/geometry_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";
import type { Detection3DArray } from "../../messages/vision_msgs.ts";
import { MarkerAction, MarkerType, type Duration, type Marker, type MarkerArray } from "../../messages/visualization_msgs.ts";
import { classColor } from "../vision/overlay.ts";

export interface MarkerOptions {
  /** How long a marker stays without a newer one, s (0: until deleted). */
  readonly lifetimeSec: number;
  /** Outline width, m. */
  readonly lineWidth: number;
  /** Label text height, m. */
  readonly textHeight: number;
  /** Namespace prefix of the markers. */
  readonly ns: string;
}

export const DEFAULT_MARKER_OPTIONS: MarkerOptions = { lifetimeSec: 0.5, lineWidth: 0.01, textHeight: 0.08, ns: "detections_3d" };

const IDENTITY = { x: 0, y: 0, z: 0, w: 1 } as const;
const EMPTY_IMAGE_HEADER = { stamp: { sec: 0, nanosec: 0 }, frame_id: "" };

function durationOf(seconds: number): Duration {
  const sec = Math.floor(seconds);
  return { sec, nanosec: Math.min(999_999_999, Math.round((seconds - sec) * 1e9)) };
}

/** A stable hue per class name. */
function classHue(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return h % 997;
}

function baseMarker(header: Header, ns: string, id: number, type: number, action: number, lifetime: Duration): Marker {
  return {
    header,
    ns,
    id,
    type,
    action,
    pose: { position: { x: 0, y: 0, z: 0 }, orientation: { ...IDENTITY } },
    scale: { x: 0, y: 0, z: 0 },
    color: { r: 1, g: 1, b: 1, a: 1 },
    lifetime,
    frame_locked: false,
    points: [],
    colors: [],
    texture_resource: "",
    texture: { header: EMPTY_IMAGE_HEADER, format: "", data: new Uint8Array(0) },
    uv_coordinates: [],
    text: "",
    mesh_resource: "",
    mesh_file: { filename: "", data: new Uint8Array(0) },
    mesh_use_embedded_materials: false,
  };
}

/** The 12 edges of an axis-aligned box as 24 LINE_LIST points, relative to its centre. */
function boxEdges(sx: number, sy: number, sz: number): Point[] {
  const c = (i: number): Point => ({ x: (i & 1 ? 0.5 : -0.5) * sx, y: (i & 2 ? 0.5 : -0.5) * sy, z: (i & 4 ? 0.5 : -0.5) * sz });
  const points: Point[] = [];
  for (let i = 0; i < 8; i++) {
    for (const bit of [1, 2, 4]) {
      if ((i & bit) === 0) points.push(c(i), c(i | bit));
    }
  }
  return points;
}

/** "chair #4 0.91 2.35 m": class, id (when tracked), score and the distance from the camera. */
export function markerLabel(className: string, id: string, score: number | undefined, distance: number): string {
  return [className, id !== "" ? `#${id}` : "", score !== undefined ? score.toFixed(2) : "", `${distance.toFixed(2)} m`]
    .filter((part) => part !== "")
    .join(" ");
}

export function toMarkerArray(detections: Detection3DArray, options: MarkerOptions = DEFAULT_MARKER_OPTIONS): MarkerArray {
  const header = detections.header;
  const lifetime = durationOf(options.lifetimeSec);
  const markers: Marker[] = [baseMarker(header, "", 0, MarkerType.CUBE, MarkerAction.DELETEALL, lifetime)];
  detections.detections.forEach((d, i) => {
    const hypothesis = d.results[0]?.hypothesis;
    const className = hypothesis?.class_id ?? "object";
    const [r, g, b] = classColor(classHue(className));
    const color = { r: r / 255, g: g / 255, b: b / 255, a: 1 };
    const { position } = d.bbox.center;
    const { size } = d.bbox;
    const box = baseMarker(header, `${options.ns}/boxes`, i, MarkerType.LINE_LIST, MarkerAction.ADD, lifetime);
    box.pose = { position: { ...position }, orientation: { ...IDENTITY } };
    box.scale = { x: options.lineWidth, y: 0, z: 0 };
    box.color = color;
    box.points = boxEdges(size.x, size.y, size.z);
    markers.push(box);
    const label = baseMarker(header, `${options.ns}/labels`, i, MarkerType.TEXT_VIEW_FACING, MarkerAction.ADD, lifetime);
    // Above the box: y points down in the optical frame.
    label.pose = {
      position: { x: position.x, y: position.y - size.y / 2 - options.textHeight, z: position.z },
      orientation: { ...IDENTITY },
    };
    label.scale = { x: 0, y: 0, z: options.textHeight };
    label.color = color;
    label.text = markerLabel(className, d.id, hypothesis?.score, Math.hypot(position.x, position.y, position.z));
    markers.push(label);
  });
  return { markers };
}
