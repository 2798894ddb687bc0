import type { SchedulerLike } from "rxjs";
import { LocalRuntime } from "../../../src/adapters/local/local-runtime.ts";
import { DetectionNode, type DetectionNodeIo, type DetectionNodeOptions } from "../../../src/nodes/detection/detection-node.ts";
import { FixedOutputBackend } from "../../../src/testing/fixed-output-backend.ts";
import { encodeNmsByClass, type NormalizedBox } from "../../../src/testing/nms-by-class-buffer.ts";
import type { Image } from "../../../src/messages/sensor_msgs.ts";
import type { InferenceBackend, InferenceOutputs, InferOptions, LoadedModel, ModelInfo } from "../../../src/ports/inference-backend.ts";
import type { ParameterValue } from "../../../src/ports/ros.ts";

export const INPUT = 64;
export const CLASSES = 3;
export const MAX_BOXES = 10;
export const LABELS = ["red", "green", "blue"] as const;

export const nmsModelInfo: ModelInfo = {
  inputs: [{ name: "images", shape: [1, INPUT, INPUT, 3], dtype: "uint8", layout: "NHWC" }],
  outputs: [{ kind: "nms-by-class", name: "nms", classes: CLASSES, maxBoxesPerClass: MAX_BOXES }],
};

export function nmsOutputs(boxes: readonly NormalizedBox[]) {
  const data = encodeNmsByClass(boxes, CLASSES, MAX_BOXES);
  return new Map([["nms", { name: "nms", dims: [data.length], data }]]);
}

export interface Harness {
  readonly runtime: LocalRuntime;
  readonly node: DetectionNode;
  readonly logs: string[];
  readonly backend: InferenceBackend;
}

export interface HarnessOptions {
  readonly backend?: InferenceBackend;
  readonly parameters?: Record<string, ParameterValue>;
  readonly files?: Record<string, string>;
  /** Timers of the local runtime (e.g. a VirtualClock); default real time. */
  readonly runtimeScheduler?: SchedulerLike;
  /** Further node options (scheduler, stream name, diagnostics period). */
  readonly node?: Omit<DetectionNodeOptions, "parameterOverrides">;
  /** Reuse this runtime (several nodes on one transport). */
  readonly runtime?: LocalRuntime;
}

/** A detection node on the local transport (message checking on) with an in-memory filesystem. */
export function harness(options: HarnessOptions = {}): Harness {
  const logs: string[] = [];
  const runtime =
    options.runtime ??
    new LocalRuntime({
      checkMessages: true,
      logSink: (level, node, message) => logs.push(`${level} ${node}: ${message}`),
      ...(options.runtimeScheduler !== undefined ? { scheduler: options.runtimeScheduler } : {}),
    });
  const backend =
    options.backend ??
    new FixedOutputBackend({
      info: nmsModelInfo,
      outputs: nmsOutputs([{ classIndex: 1, x1: 0.25, y1: 0.25, x2: 0.75, y2: 0.5, score: 0.9 }]),
      knownPaths: ["model.hef"],
    });
  const files: Record<string, string> = { "labels.txt": LABELS.join("\n"), ...options.files };
  const io: DetectionNodeIo = {
    createBackend: async () => backend,
    defaultModelPath: async () => "model.hef",
    defaultModelLabels: LABELS,
    readTextFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
    fileExists: (path) => path in files || path === "model.hef",
  };
  const node = new DetectionNode(runtime, io, { ...options.node, parameterOverrides: options.parameters ?? {} });
  return { runtime, node, logs, backend };
}

export function rgbImage(
  width: number,
  height: number,
  options: { step?: number; stamp?: number; encoding?: string; fill?: number } = {},
): Image {
  const step = options.step ?? width * 3;
  const data = new Uint8Array(step * height).fill(options.fill ?? 40);
  const stamp = options.stamp ?? 1;
  return {
    header: { stamp: { sec: stamp, nanosec: 0 }, frame_id: "camera_color_optical_frame" },
    height,
    width,
    encoding: options.encoding ?? "rgb8",
    is_bigendian: 0,
    step,
    data,
  };
}

/**
 * Publishes on /image as a camera does, each frame delivered before the next is sent (the node's
 * subscription keeps one frame), and waits until the node has finished with everything it received.
 */
export async function publishAndSettle(h: Harness, images: readonly Image[]): Promise<void> {
  const camera = h.runtime.createNode(`camera_${Math.random().toString(36).slice(2)}`);
  const pub = camera.createPublisher("sensor_msgs/msg/Image", "/image");
  for (const image of images) {
    pub.publish(image);
    await h.runtime.idle();
  }
  await settle(h);
  camera.destroy();
}

export async function settle(h: Harness): Promise<void> {
  await h.runtime.idle();
  await h.node.idle();
  await h.runtime.idle();
}

/** One inference held by a ControlledBackend until the test finishes or fails it. */
export interface HeldInference {
  readonly input: Uint8Array;
  /** A copy of the input taken when the inference started. */
  readonly inputAtStart: Uint8Array;
  readonly signal: AbortSignal | undefined;
  finish(outputs?: InferenceOutputs): void;
  fail(error: Error): void;
}

/** A backend whose inferences finish only when the test says so, in any order. */
export class ControlledBackend implements InferenceBackend {
  readonly name = "controlled";
  readonly held: HeldInference[] = [];
  readonly #outputs: InferenceOutputs;

  constructor(outputs: InferenceOutputs = nmsOutputs([{ classIndex: 0, x1: 0.1, y1: 0.1, x2: 0.5, y2: 0.5, score: 0.8 }])) {
    this.#outputs = outputs;
  }

  async load(): Promise<LoadedModel> {
    return {
      info: nmsModelInfo,
      infer: (input: Uint8Array, options?: InferOptions) =>
        new Promise<InferenceOutputs>((resolve, reject) => {
          options?.signal?.addEventListener("abort", () => reject(options.signal?.reason as Error), { once: true });
          this.held.push({
            input,
            inputAtStart: input.slice(),
            signal: options?.signal,
            finish: (outputs) => resolve(outputs ?? this.#outputs),
            fail: reject,
          });
        }),
      release: async () => undefined,
    };
  }

  async close(): Promise<void> {}
}
