// visualization_msgs (ROS 2 Jazzy): the markers rviz draws.
import type { Time } from "../ports/clock.ts";
import type { Point, Pose, Vector3 } from "./geometry_msgs.ts";
import type { CompressedImage } from "./sensor_msgs.ts";
import type { ColorRGBA, Header } from "./std_msgs.ts";

/** builtin_interfaces/Duration (same layout as Time). */
export type Duration = Time;

/** Marker.type values. */
export const MarkerType = {
  ARROW: 0,
  CUBE: 1,
  SPHERE: 2,
  CYLINDER: 3,
  LINE_STRIP: 4,
  LINE_LIST: 5,
  CUBE_LIST: 6,
  SPHERE_LIST: 7,
  POINTS: 8,
  TEXT_VIEW_FACING: 9,
  MESH_RESOURCE: 10,
  TRIANGLE_LIST: 11,
  ARROW_STRIP: 12,
} as const;

/** Marker.action values (MODIFY is ADD). */
export const MarkerAction = { ADD: 0, DELETE: 2, DELETEALL: 3 } as const;

export interface UVCoordinate {
  u: number;
  v: number;
}
export interface MeshFile {
  filename: string;
  data: Uint8Array;
}

/** visualization_msgs/msg/Marker */
export interface Marker {
  header: Header;
  ns: string;
  id: number;
  type: number;
  action: number;
  pose: Pose;
  scale: Vector3;
  color: ColorRGBA;
  /** 0 = forever. */
  lifetime: Duration;
  frame_locked: boolean;
  points: Point[];
  colors: ColorRGBA[];
  texture_resource: string;
  texture: CompressedImage;
  uv_coordinates: UVCoordinate[];
  text: string;
  mesh_resource: string;
  mesh_file: MeshFile;
  mesh_use_embedded_materials: boolean;
}

/** visualization_msgs/msg/MarkerArray */
export interface MarkerArray {
  markers: Marker[];
}
