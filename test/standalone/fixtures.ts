/** Small fakes for the standalone pieces: an image source whose frames cost time, a test clock, nodes. */
import type { Image } from "../../src/messages/sensor_msgs.ts";
import type { GroundTruthObject, ImageSource, SourceFrame, SourceMessage } from "../../src/ports/image-source.ts";
import type { NodeStats, RunningNode } from "../../src/nodes/registry.ts";
import { QosPresets, type RosRuntime } from "../../src/ports/ros.ts";
import type { PlaybackTime } from "../../src/standalone/camera-player.ts";

/** Time that moves only when told to, or when slept on. */
export class ManualTime implements PlaybackTime {
  now = 0;
  readonly sleeps: number[] = [];

  nowMs(): number {
    return this.now;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.now += ms;
    return Promise.resolve();
  }
}

export function tinyImage(stamp = { sec: 0, nanosec: 0 }): Image {
  return {
    header: { stamp, frame_id: "camera" },
    height: 2,
    width: 2,
    encoding: "rgb8",
    is_bigendian: 0,
    step: 6,
    data: new Uint8Array(12),
  };
}

export const cup: GroundTruthObject = { box: { x1: 0, y1: 0, x2: 1, y2: 1 }, classIndex: 1, label: "cup" };

export interface FakeFrame {
  readonly data?: SourceMessage;
  readonly groundTruth?: readonly GroundTruthObject[];
  /** Time the source takes to produce this frame (ms of `time`). */
  readonly costMs?: number;
}

export class FakeImageSource implements ImageSource {
  readonly description = "fake frames";
  closed = 0;
  readonly #frames: readonly FakeFrame[];
  readonly #time: ManualTime | undefined;

  constructor(frames: readonly FakeFrame[], time?: ManualTime) {
    this.#frames = frames;
    this.#time = time;
  }

  async *frames(): AsyncIterable<SourceFrame> {
    for (const [index, frame] of this.#frames.entries()) {
      await Promise.resolve();
      if (this.#time !== undefined) this.#time.now += frame.costMs ?? 0;
      yield {
        index,
        data: frame.data ?? { kind: "image", topic: "/camera", message: tinyImage() },
        ...(frame.groundTruth !== undefined ? { groundTruth: frame.groundTruth } : {}),
      };
    }
  }

  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

export interface FakeNodeOptions {
  /** Publishes each ground truth it receives as its detections (a perfect detector). */
  readonly echoGroundTruth?: boolean;
  /** Counts the camera's images. */
  readonly watchImages?: boolean;
  readonly unavailableReason?: string;
  readonly destroyError?: Error;
}

export interface FakeNode extends RunningNode {
  readonly calls: string[];
}

/** A RunningNode with the shape of a real one and stats of its own. */
export function fakeNode(runtime: RosRuntime, name: string, options: FakeNodeOptions = {}): FakeNode {
  const node = runtime.createNode(name);
  const calls: string[] = [];
  const counts = { images: 0, echoed: 0 };
  if (options.watchImages === true) {
    node.createSubscription("sensor_msgs/msg/Image", "/image", QosPresets.default, () => void counts.images++);
  }
  if (options.echoGroundTruth === true) {
    const detections = node.createPublisher("vision_msgs/msg/Detection2DArray", "/detections", QosPresets.default);
    node.createSubscription("vision_msgs/msg/Detection2DArray", "/ground_truth", QosPresets.default, (truth) => {
      counts.echoed++;
      detections.publish(truth);
    });
  }
  return {
    node,
    calls,
    ready: async () => void calls.push("ready"),
    ...(options.unavailableReason !== undefined ? { unavailableReason: () => options.unavailableReason } : {}),
    idle: async () => void calls.push("idle"),
    stats: (): NodeStats =>
      options.watchImages === true ? { received: counts.images, processed: counts.images } : { echoed: counts.echoed },
    destroy: async () => {
      calls.push("destroy");
      node.destroy();
      if (options.destroyError !== undefined) throw options.destroyError;
    },
  };
}
