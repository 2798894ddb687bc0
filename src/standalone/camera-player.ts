/**
 * Plays an image source as a camera would: each frame as sensor_msgs/Image (compressed frames
 * decoded first), with a stamp unique to the frame, and the source's ground truth for it (when it
 * has one) as vision_msgs/Detection2DArray with the same header. Either at a camera rate, where
 * frames keep coming while the nodes are busy, or in lock step, where each frame waits for the
 * nodes to finish the one before.
 */
import { decodeCompressedImage } from "../adapters/codecs/compressed-image.ts";
import { toDetection2DArray } from "../core/detection/to-messages.ts";
import type { Image } from "../messages/sensor_msgs.ts";
import { msFromTime, timeFromMs, type Time } from "../ports/clock.ts";
import type { GroundTruthObject, ImageSource, SourceFrame } from "../ports/image-source.ts";
import { QosPresets, type Publisher, type RosNode } from "../ports/ros.ts";

/** The time a camera rate is kept on; injectable so tests need no wall clock. */
export interface PlaybackTime {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const realPlaybackTime: PlaybackTime = {
  nowMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface CameraPlayerOptions {
  /** Stop after this many frames (default: all the source has). */
  readonly frames?: number;
  /** Frames per second; 0 (default) plays in lock step. */
  readonly fps?: number;
  /** Lock step: resolves once the nodes have finished the frame just published (default: at once). */
  readonly settle?: () => Promise<void>;
  /** Default: performance.now and setTimeout. */
  readonly time?: PlaybackTime;
  readonly imageTopic?: string;
  readonly groundTruthTopic?: string;
  /** Where the source's CameraInfo goes, with the image's header (default "/camera_info"; only sources that have one). */
  readonly cameraInfoTopic?: string;
  /** Where skipped frames are reported (default: nowhere). */
  readonly log?: (line: string) => void;
}

export interface Playback {
  /** Frames published (skipped ones not counted). */
  readonly frames: number;
}

export class CameraPlayer {
  readonly #images: Publisher<"sensor_msgs/msg/Image">;
  readonly #groundTruth: Publisher<"vision_msgs/msg/Detection2DArray">;
  readonly #node: RosNode;
  readonly #cameraInfoTopic: string;
  #cameraInfo: Publisher<"sensor_msgs/msg/CameraInfo"> | undefined;
  readonly #frames: number;
  readonly #fps: number;
  readonly #settle: () => Promise<void>;
  readonly #time: PlaybackTime;
  readonly #log: (line: string) => void;

  constructor(node: RosNode, options: CameraPlayerOptions = {}) {
    this.#images = node.createPublisher("sensor_msgs/msg/Image", options.imageTopic ?? "/image", QosPresets.default);
    this.#groundTruth = node.createPublisher(
      "vision_msgs/msg/Detection2DArray",
      options.groundTruthTopic ?? "/ground_truth",
      QosPresets.default,
    );
    this.#node = node;
    this.#cameraInfoTopic = options.cameraInfoTopic ?? "/camera_info";
    this.#frames = options.frames ?? Infinity;
    this.#fps = options.fps ?? 0;
    this.#settle = options.settle ?? (() => Promise.resolve());
    this.#time = options.time ?? realPlaybackTime;
    this.#log = options.log ?? (() => undefined);
  }

  get lockStep(): boolean {
    return this.#fps === 0;
  }

  async play(source: ImageSource): Promise<Playback> {
    const started = this.#time.nowMs();
    let frames = 0;
    for await (const frame of source.frames()) {
      if (frames >= this.#frames) break;
      const decoded = this.#imageOf(frame);
      if (decoded === undefined) continue;
      const image = { ...decoded, header: { ...decoded.header, stamp: uniqueStamp(decoded.header.stamp, frames) } };
      this.#images.publish(image);
      if (frame.cameraInfo !== undefined) {
        // Created on the first frame that has one, so sources without calibration add no topic.
        this.#cameraInfo ??= this.#node.createPublisher("sensor_msgs/msg/CameraInfo", this.#cameraInfoTopic, QosPresets.default);
        this.#cameraInfo.publish({ ...frame.cameraInfo, header: image.header });
      }
      if (frame.groundTruth !== undefined) this.#groundTruth.publish(groundTruthMessage(image, frame.groundTruth));
      frames++;
      if (this.lockStep) {
        await this.#settle();
      } else {
        // Due times count from the start, so a slow frame does not delay every later one.
        const wait = started + (frames * 1000) / this.#fps - this.#time.nowMs();
        if (wait > 0) await this.#time.sleep(wait);
      }
    }
    return { frames };
  }

  #imageOf(frame: SourceFrame): Image | undefined {
    if (frame.data.kind === "image") return frame.data.message;
    const decoded = decodeCompressedImage(frame.data.message);
    if (decoded.ok) return decoded.value;
    this.#log(`[WARN] frame ${frame.index} on '${frame.data.topic}' skipped: ${decoded.error}`);
    return undefined;
  }
}

function groundTruthMessage(image: Image, truth: readonly GroundTruthObject[]) {
  const labels = truth.reduce<string[]>((names, g) => ((names[g.classIndex] = g.label), names), []);
  return toDetection2DArray(
    image.header,
    truth.map((g) => ({ box: g.box, score: 1, classIndex: g.classIndex })),
    labels,
  );
}

/**
 * Detections are matched to their frame by stamp. Sources that replay files may have none (zero);
 * those get a millisecond per frame, so every frame's stamp is distinct.
 */
function uniqueStamp(stamp: Time, frame: number): Time {
  if (stamp.sec !== 0 || stamp.nanosec !== 0) return stamp;
  return timeFromMs(msFromTime(stamp) + frame);
}
