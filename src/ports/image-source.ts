/**
 * Where the standalone runner gets camera frames: synthetic scenes, a folder of images, or an MCAP recording.
 */
import type { CameraInfo, CompressedImage, Image } from "../messages/sensor_msgs.ts";

/** A labelled box a source knows to be in the frame (synthetic scenes only). */
export interface GroundTruthObject {
  readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
  readonly classIndex: number;
  readonly label: string;
  /** Scenes with depth: the object's depth (m) and its centre and size in the camera optical frame (m). */
  readonly depth?: number;
  readonly center?: { readonly x: number; readonly y: number; readonly z: number };
  readonly size?: { readonly x: number; readonly y: number; readonly z: number };
}

export type SourceMessage =
  | { readonly kind: "image"; readonly topic: string; readonly message: Image }
  | { readonly kind: "compressed"; readonly topic: string; readonly message: CompressedImage };

export interface SourceFrame {
  readonly index: number;
  readonly data: SourceMessage;
  readonly groundTruth?: readonly GroundTruthObject[];
  /** The camera's calibration for this frame (published beside the image on camera_info), when the source knows it. */
  readonly cameraInfo?: CameraInfo;
}

export interface ImageSource {
  /** A human-readable description for logs, e.g. "folder ./images (12 files)". */
  readonly description: string;
  frames(): AsyncIterable<SourceFrame>;
  close(): Promise<void>;
}
