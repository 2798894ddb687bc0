/**
 * Camera frames from the synthetic moving-rectangles scenes, with the ground truth of each frame.
 * With `depth`, the scenes have metric depth (core/synthetic/depth-scene.ts): their colours carry
 * it, each frame comes with the camera's CameraInfo, and the ground truth has each object's 3D centre.
 */
import {
  depthSceneAtFrame,
  renderDepthScene,
  sceneCameraInfo,
  sceneGroundTruth3d,
  type MovingDepthSceneOptions,
} from "../../core/synthetic/depth-scene.ts";
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
  /** Paint metric depth and publish CameraInfo (true: default depth options). Default: plain scenes. */
  readonly depth?: boolean | Omit<MovingDepthSceneOptions, "width" | "height" | "objects">;
}

export class SyntheticImageSource implements ImageSource {
  readonly description: string;
  readonly #options: Required<Omit<SyntheticImageSourceOptions, "frames" | "depth">> & { frames: number | undefined };
  readonly #depth: Omit<MovingDepthSceneOptions, "width" | "height" | "objects"> | undefined;
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
    this.#depth = options.depth === true ? {} : options.depth === false ? undefined : options.depth;
    const o = this.#options;
    const depth = this.#depth === undefined ? "" : ", with depth";
    this.description = `synthetic scenes ${o.width}x${o.height}, ${o.objects} objects, seed ${o.seed}${depth}`;
  }

  async *frames(): AsyncIterable<SourceFrame> {
    const o = this.#options;
    const sceneOptions: MovingSceneOptions = { width: o.width, height: o.height, objects: o.objects };
    for (let index = 0; o.frames === undefined || index < o.frames; index++) {
      if (this.#closed) return;
      if (this.#depth !== undefined) {
        yield this.#depthFrame(index, sceneOptions, this.#depth);
        continue;
      }
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

  #depthFrame(
    index: number,
    sceneOptions: MovingSceneOptions,
    depth: Omit<MovingDepthSceneOptions, "width" | "height" | "objects">,
  ): SourceFrame {
    const o = this.#options;
    const scene = depthSceneAtFrame(o.seed, index, { ...sceneOptions, ...depth });
    const frame = renderDepthScene(scene);
    const header = { stamp: timeFromMs(o.clock.nowMs()), frame_id: o.frameId };
    return {
      index,
      data: {
        kind: "image",
        topic: o.topic,
        message: {
          header,
          height: frame.height,
          width: frame.width,
          encoding: frame.encoding,
          is_bigendian: 0,
          step: frame.step,
          data: frame.data,
        },
      },
      groundTruth: sceneGroundTruth3d(scene).map((g) => ({
        box: g.box,
        classIndex: g.classIndex,
        label: g.label,
        depth: g.depth,
        center: g.center,
        size: g.size,
      })),
      cameraInfo: sceneCameraInfo(scene, header),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
