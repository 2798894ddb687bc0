/**
 * Camera frames from the synthetic moving-rectangles scenes, with the ground truth of each frame.
 */
import { renderScene, sceneAtFrame, sceneGroundTruth, type MovingSceneOptions } from "../../core/synthetic/scene.ts";
import type { Clock } from "../../ports/clock.ts";
import { systemClock, timeFromMs } from "../../ports/clock.ts";
import type { ImageSource, SourceFrame } from "../../ports/image-source.ts";

export interface SyntheticImageSourceOptions {
  readonly seed?: number;
  readonly width?: number;
  readonly height?: number;
  readonly objects?: number;
  /** Frames to produce; unbounded when undefined. */
  readonly frames?: number;
  readonly topic?: string;
  readonly frameId?: string;
  readonly clock?: Clock;
}

export class SyntheticImageSource implements ImageSource {
  readonly description: string;
  readonly #options: Required<Omit<SyntheticImageSourceOptions, "frames">> & { frames: number | undefined };
  #closed = false;

  constructor(options: SyntheticImageSourceOptions = {}) {
    this.#options = {
      seed: options.seed ?? 1,
      width: options.width ?? 1280,
      height: options.height ?? 720,
      objects: options.objects ?? 4,
      frames: options.frames,
      topic: options.topic ?? "/image",
      frameId: options.frameId ?? "camera_color_optical_frame",
      clock: options.clock ?? systemClock,
    };
    const o = this.#options;
    this.description = `synthetic scenes ${o.width}x${o.height}, ${o.objects} objects, seed ${o.seed}`;
  }

  async *frames(): AsyncIterable<SourceFrame> {
    const o = this.#options;
    const sceneOptions: MovingSceneOptions = { width: o.width, height: o.height, objects: o.objects };
    for (let index = 0; o.frames === undefined || index < o.frames; index++) {
      if (this.#closed) return;
      const scene = sceneAtFrame(o.seed, index, sceneOptions);
      const frame = renderScene(scene);
      yield {
        index,
        data: {
          kind: "image",
          topic: o.topic,
          message: {
            header: { stamp: timeFromMs(o.clock.nowMs()), frame_id: o.frameId },
            height: frame.height,
            width: frame.width,
            encoding: frame.encoding,
            is_bigendian: 0,
            step: frame.step,
            data: frame.data,
          },
        },
        groundTruth: sceneGroundTruth(scene),
      };
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
