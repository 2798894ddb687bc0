/** Bench cases of the foundation: frame copy floor, detection-node host work, raw YOLO decode. */
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { DetectionNode } from "../../src/nodes/detection/detection-node.ts";
import { COCO_LABELS } from "../../src/core/labels/coco.ts";
import { decodeYoloRaw } from "../../src/core/vision/yolo-raw-decoder.ts";
import { FixedOutputBackend } from "../../src/testing/fixed-output-backend.ts";
import { encodeNmsByClass } from "../../src/testing/nms-by-class-buffer.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import type { Image } from "../../src/messages/sensor_msgs.ts";
import type { LetterboxKernels } from "../../src/core/vision/letterbox.ts";
import { measureAsync, measureSync, mulberry32, type Measured } from "./measure.ts";

const WIDTH = 1280;
const HEIGHT = 720;

function frame(): Uint8Array {
  const random = mulberry32(7);
  const data = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let i = 0; i < data.length; i++) data[i] = (random() * 256) | 0;
  return data;
}

/** Copying one 1280×720 rgb8 frame: the floor any per-frame host work is compared with. */
export function benchFrameCopy(): Measured {
  const data = frame();
  let sink = 0;
  const result = measureSync(
    () => {
      const copy = data.slice();
      sink += copy[copy.length - 1]!;
    },
    { runs: 300 },
  );
  if (sink === -1) console.log(sink);
  return result;
}

/**
 * All host work for one 1280×720 rgb8 frame through the detection node on the local transport
 * (checking off), with a backend that answers at once with a fixed NMS-by-class output of 20 boxes:
 * image check, letterbox, decode, message build and publish, measured image publish → detections.
 */
export async function benchDetectHost(options: { readonly imageKernels?: LetterboxKernels } = {}): Promise<Measured> {
  const random = mulberry32(11);
  const boxes = Array.from({ length: 20 }, (_, i) => {
    const x1 = random() * 0.8;
    const y1 = random() * 0.8;
    return { classIndex: i % 80, x1, y1, x2: x1 + 0.05 + random() * 0.15, y2: y1 + 0.05 + random() * 0.15, score: 0.3 + random() * 0.7 };
  });
  const nms = encodeNmsByClass(boxes, 80, 100);
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
    { parameterOverrides: { backend: "hailo", model_path: "yolov8n.hef" } },
  );
  await node.ready();
  const camera = runtime.createNode("camera");
  const pub = camera.createPublisher("sensor_msgs/msg/Image", "/image", QosPresets.default);
  const viewer = runtime.createNode("viewer");
  let resolveNext: (() => void) | undefined;
  let detections = 0;
  viewer.createSubscription("vision_msgs/msg/Detection2DArray", "/detections", QosPresets.default, (msg) => {
    detections = msg.detections.length;
    resolveNext?.();
  });
  const data = frame();
  const image: Image = {
    header: { stamp: { sec: 1, nanosec: 0 }, frame_id: "camera_color_optical_frame" },
    height: HEIGHT,
    width: WIDTH,
    encoding: "rgb8",
    is_bigendian: 0,
    step: WIDTH * 3,
    data,
  };
  const result = await measureAsync(
    () =>
      new Promise<void>((resolve) => {
        resolveNext = resolve;
        pub.publish(image);
      }),
    { runs: 300, warmup: 50 },
  );
  if (detections !== 20) throw new Error(`the detection node published ${detections} detections, expected 20`);
  await node.destroy();
  await runtime.shutdown();
  return result;
}

/** A realistic raw YOLOv8 head `[1, 84, 8400]`: mostly low scores, 25 objects with clusters of confident anchors. */
export function rawYoloOutput(): Float32Array {
  const random = mulberry32(3);
  const anchors = 8400;
  const classes = 80;
  const data = new Float32Array((4 + classes) * anchors);
  for (let i = 0; i < anchors; i++) {
    data[i] = random() * 640;
    data[anchors + i] = random() * 640;
    data[2 * anchors + i] = 8 + random() * 200;
    data[3 * anchors + i] = 8 + random() * 200;
  }
  for (let k = 0; k < classes; k++) {
    const row = (4 + k) * anchors;
    for (let i = 0; i < anchors; i++) data[row + i] = random() * random() * 0.08;
  }
  for (let o = 0; o < 25; o++) {
    const cls = (random() * classes) | 0;
    const cx = 40 + random() * 560;
    const cy = 40 + random() * 560;
    const w = 20 + random() * 150;
    const h = 20 + random() * 150;
    const first = (random() * (anchors - 12)) | 0;
    for (let j = 0; j < 12; j++) {
      const i = first + j;
      data[i] = cx + (random() - 0.5) * 4;
      data[anchors + i] = cy + (random() - 0.5) * 4;
      data[2 * anchors + i] = w * (0.95 + random() * 0.1);
      data[3 * anchors + i] = h * (0.95 + random() * 0.1);
      data[(4 + cls) * anchors + i] = 0.4 + random() * 0.55;
    }
  }
  return data;
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
