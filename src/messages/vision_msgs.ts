// vision_msgs 4.x (ROS 2 Humble and Jazzy share it).
import type { Header } from "./std_msgs.ts";
import type { PoseWithCovariance, Pose, Vector3 } from "./geometry_msgs.ts";

export interface Point2D {
  x: number;
  y: number;
}
export interface Pose2D {
  position: Point2D;
  theta: number;
}
export interface BoundingBox2D {
  center: Pose2D;
  size_x: number;
  size_y: number;
}
export interface ObjectHypothesis {
  class_id: string;
  score: number;
}
export interface ObjectHypothesisWithPose {
  hypothesis: ObjectHypothesis;
  pose: PoseWithCovariance;
}
export interface Detection2D {
  header: Header;
  results: ObjectHypothesisWithPose[];
  bbox: BoundingBox2D;
  id: string;
}
export interface Detection2DArray {
  header: Header;
  detections: Detection2D[];
}
export interface BoundingBox3D {
  center: Pose;
  size: Vector3;
}
export interface Detection3D {
  header: Header;
  results: ObjectHypothesisWithPose[];
  bbox: BoundingBox3D;
  id: string;
}
export interface Detection3DArray {
  header: Header;
  detections: Detection3D[];
}
export interface VisionClass {
  class_id: number;
  class_name: string;
}
export interface LabelInfo {
  header: Header;
  class_map: VisionClass[];
  threshold: number;
}
