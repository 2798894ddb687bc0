/** What the camera node is given by the composition root: a way to open the frames its `source` names. */
import type { ImageSource } from "../../ports/image-source.ts";

export interface CameraSourceRequest {
  /** "synthetic", an .mcap file or a folder of images (the `source` parameter). */
  readonly source: string;
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  /** Empty: the file's first image topic. */
  readonly mcapTopic: string;
  /** .mcap: the CameraInfo topic replayed with the frames ("" = found beside the image topic). */
  readonly mcapCameraInfoTopic: string;
  readonly loop: boolean;
}

export interface CameraNodeIo {
  /** Opens the source; rejects with an error that names the parameter's value and the fix. Frames are decoded Images. */
  openSource(request: CameraSourceRequest): Promise<ImageSource>;
}
