/** Bench cases of the host work: the detection node per frame, raw YOLO decode. */
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { DetectionNode } from "../../src/nodes/detection/detection-node.ts";
import { COCO_LABELS } from "../../src/core/labels/coco.ts";
import { decodeYoloRaw } from "../../src/core/vision/yolo-raw-decoder.ts";
import { FixedOutputBackend } from "../../src/testing/fixed-output-backend.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import { packedRgb8Image, type Image } from "../../src/messages/sensor_msgs.ts";
import { letterbox, LetterboxTables, type LetterboxKernels } from "../../src/core/vision/letterbox.ts";
import { toImageView } from "../../src/core/vision/image-view.ts";
import { encodeNmsByClass } from "../../src/testing/nms-by-class-buffer.ts";
import type { Detection2DArray } from "../../src/messages/vision_msgs.ts";
import { hostBenchBoxes, randomFrame, rawYoloOutput } from "./inputs.ts";
import { measureAsync, measureSync, type Measured } from "./measure.ts";

export interface HostCase {
  /** Camera frame size (rgb8). Default 1280×720. */
  readonly width?: number;
  readonly height?: number;
  /** Boxes in the fixed NMS-by-class output. Default 20. */
  readonly boxes?: number;
  readonly imageKernels?: LetterboxKernels;
  readonly runs?: number;
}

export interface HostResult extends Measured {
  /** The last Detection2DArray the node published. */
  readonly last: Detection2DArray;
}

/**
 * All host work for one rgb8 frame through the detection node on the local transport (checking
 * off), with a backend that answers at once with a fixed NMS-by-class output: image check,
 * letterbox, decode, message build and publish, measured image publish → detections.
 */
export async function benchDetectHost(options: HostCase = {}): Promise<HostResult> {
  const width = options.width ?? 1280;
  const height = options.height ?? 720;
  const boxCount = options.boxes ?? 20;
  // At most 100 per class, as the simulated output is laid out.
  const nms = encodeNmsByClass(hostBenchBoxes(boxCount), 80, 100);
  const backend = new FixedOutputBackend({
    info: {
      inputs: [{ name: "images", shape: [1, 640, 640, 3], dtype: "uint8", layout: "NHWC" }],
      outputs: [{ kind: "nms-by-class", name: "yolov8n/yolov8_nms_postprocess", classes: 80, maxBoxesPerClass: 100 }],
    },
    outputs: new Map([["yolov8n/yolov8_nms_postprocess", { name: "yolov8n/yolov8_nms_postprocess", dims: [nms.length], data: nms }]]),
  });
  const runtime = new LocalRuntime({ checkMessages: false, logSink: () => undefined });
  const node = new DetectionNode(
    runtime,
    {
      createBackend: async () => backend,
      defaultModelPath: async () => "yolov8n.hef",
      defaultModelLabels: COCO_LABELS,
      readTextFile: () => "",
      fileExists: () => true,
      ...(options.imageKernels ? { imageKernels: options.imageKernels } : {}),
    },
    { parameterOverrides: { backend: "hailo", model_path: "yolov8n.hef", max_detections: Math.max(100, boxCount) } },
  );
  await node.ready();
  const camera = runtime.createNode("camera");
  const pub = camera.createPublisher("sensor_msgs/msg/Image", "/image", QosPresets.default);
  const viewer = runtime.createNode("viewer");
  let resolveNext: (() => void) | undefined;
  let last: Detection2DArray | undefined;
  viewer.createSubscription("vision_msgs/msg/Detection2DArray", "/detections", QosPresets.default, (msg) => {
    last = msg;
    resolveNext?.();
  });
  const image: Image = packedRgb8Image(
    { stamp: { sec: 1, nanosec: 0 }, frame_id: "camera_color_optical_frame" },
    { width, height, data: randomFrame(width, height) },
  );
  const runs = options.runs ?? 300;
  const result = await measureAsync(
    () =>
      new Promise<void>((resolve) => {
        resolveNext = resolve;
        pub.publish(image);
      }),
    { runs, warmup: Math.min(100, runs) },
  );
  await node.destroy();
  await runtime.shutdown();
  if (last === undefined || last.detections.length !== boxCount) {
    throw new Error(`the detection node published ${last?.detections.length ?? "no"} detections, expected ${boxCount}`);
  }
  return { ...result, last };
}

export function benchYoloRawDecode(): Measured {
  const data = rawYoloOutput();
  const tensor = { dims: [1, 84, 8400], data };
  let count = 0;
  const result = measureSync(
    () => {
      const decoded = decodeYoloRaw(tensor, { scoreThreshold: 0.25, iouThreshold: 0.45, maxDetections: 100 });
      if (!decoded.ok) throw new Error(decoded.error.message);
      count = decoded.value.length;
    },
    { runs: 300 },
  );
  if (count < 20) throw new Error(`decode found ${count} objects, expected about 25`);
  return result;
}

/** The letterbox alone, 1280×720 rgb8 → 640×640, into a reused buffer, as the node runs it. */
export function benchLetterbox(kernels: LetterboxKernels | undefined): Measured {
  const view = toImageView(
    packedRgb8Image({ stamp: { sec: 0, nanosec: 0 }, frame_id: "" }, { width: 1280, height: 720, data: randomFrame(1280, 720) }),
  );
  if (!view.ok) throw new Error(JSON.stringify(view.error));
  const out = new Uint8Array(640 * 640 * 3);
  const tables = new LetterboxTables();
  return measureSync(() => letterbox(view.value, 640, 640, { out, tables, ...(kernels ? { kernels } : {}) }), { runs: 400, warmup: 50 });
}
