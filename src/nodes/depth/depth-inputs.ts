/**
 * The depth node's inputs: images paired with the camera_info of the same moment (approximate-time
 * match within `sync_tolerance_ms`), or passed on alone when no camera_info has come for
 * `camera_info_timeout_ms` (depth/image still flows; the missing calibration is warned about once
 * per interval and counted). Also the check of a matched camera_info against its image.
 */
import { intrinsicsOf, type Intrinsics } from "../../core/depth/intrinsics.ts";
import { ApproximateTimeSync } from "../../core/sync/approximate-time-sync.ts";
import type { CameraInfo, Image } from "../../messages/sensor_msgs.ts";
import type { ThrottledLog } from "../kit/throttled-log.ts";

export interface DepthFrame {
  readonly image: Image;
  readonly info: CameraInfo | undefined;
}

export interface DepthInputCounts {
  /** Images processed without a camera_info (none within the timeout). */
  readonly cameraInfoMissing: number;
  /** Images whose camera_info had a zeroed or malformed K (depth/points not published). */
  readonly cameraInfoInvalid: number;
  /** Images whose camera_info was for another image size. */
  readonly cameraInfoSizeMismatch: number;
  /** Images the matcher dropped without a camera_info partner in tolerance. */
  readonly imagesUnmatched: number;
}

export type CameraCheck =
  | { readonly kind: "ok"; readonly intrinsics: Intrinsics }
  | { readonly kind: "missing" }
  | { readonly kind: "invalid"; readonly error: string }
  | { readonly kind: "size-mismatch"; readonly error: string };

/** Whether a frame's camera_info can give its depth pixels 3D positions. */
export function checkCamera(frame: DepthFrame): CameraCheck {
  const { info, image } = frame;
  if (info === undefined) return { kind: "missing" };
  if (info.width !== image.width || info.height !== image.height) {
    return {
      kind: "size-mismatch",
      error: `camera_info is for ${info.width}x${info.height} images but the image is ${image.width}x${image.height}`,
    };
  }
  const k = intrinsicsOf(info);
  return k.ok ? { kind: "ok", intrinsics: k.value } : { kind: "invalid", error: k.error };
}

export interface DepthInputsOptions {
  readonly toleranceMs: number;
  readonly timeoutMs: () => number;
  readonly nowMs: () => number;
  readonly log: ThrottledLog;
  readonly topics: () => { readonly image: string; readonly info: string };
  readonly submit: (frame: DepthFrame) => void;
}

export class DepthInputs {
  readonly #options: DepthInputsOptions;
  readonly #sync: ApproximateTimeSync<[Image, CameraInfo]>;
  #lastInfoMs: number | undefined;
  #missing = 0;
  #invalid = 0;
  #mismatch = 0;

  constructor(options: DepthInputsOptions) {
    this.#options = options;
    // Small queues: only the newest frames matter and an image waits at most for its camera_info.
    this.#sync = new ApproximateTimeSync<[Image, CameraInfo]>({ streams: 2, queueSize: 3, maxIntervalMs: options.toleranceMs });
  }

  onImage(image: Image): void {
    const o = this.#options;
    const now = o.nowMs();
    if (this.#lastInfoMs === undefined || now - this.#lastInfoMs > o.timeoutMs()) {
      this.#missing++;
      const { image: imageTopic, info } = o.topics();
      const since = this.#lastInfoMs === undefined ? "yet" : `for ${Math.round(now - this.#lastInfoMs)} ms`;
      o.log.log(
        "camera-info-missing",
        "warn",
        `no camera_info on '${info}' ${since}: images on '${imageTopic}' give depth/image only (no depth/camera_info, no depth/points); publish the camera's calibration there or remap camera_info`,
      );
      o.submit({ image, info: undefined });
      return;
    }
    for (const set of this.#sync.add(0, image, image.header.stamp)) o.submit({ image: set.messages[0], info: set.messages[1] });
  }

  onCameraInfo(info: CameraInfo): void {
    this.#lastInfoMs = this.#options.nowMs();
    for (const set of this.#sync.add(1, info, info.header.stamp)) this.#options.submit({ image: set.messages[0], info: set.messages[1] });
  }

  /** Counts and warns about a matched camera_info that cannot be used. */
  report(check: CameraCheck): void {
    const o = this.#options;
    const topic = o.topics().info;
    if (check.kind === "invalid") {
      this.#invalid++;
      o.log.log(
        "camera-info-invalid",
        "warn",
        `camera_info on '${topic}' cannot be used: ${check.error}; publishing depth/image without depth/points (calibrate the camera)`,
      );
    } else if (check.kind === "size-mismatch") {
      this.#mismatch++;
      o.log.log(
        "camera-info-size",
        "warn",
        `camera_info on '${topic}' does not fit the image: ${check.error}; publishing depth/image only (remap camera_info to this camera's)`,
      );
    }
  }

  counts(): DepthInputCounts {
    const unmatched = this.#sync.stats()[0];
    return {
      cameraInfoMissing: this.#missing,
      cameraInfoInvalid: this.#invalid,
      cameraInfoSizeMismatch: this.#mismatch,
      imagesUnmatched: unmatched?.droppedTotal ?? 0,
    };
  }
}
