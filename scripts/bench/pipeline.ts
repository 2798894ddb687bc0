/**
 * End-to-end pipeline efficiency: frames per second the detection node delivers (sensor_msgs/Image
 * published → Detection2DArray received, local transport) while the camera is faster than the
 * accelerator, divided by the rate the accelerator reaches on its own with the same model. 1.0
 * means the host (transport, scheduler, letterbox, decode, publish) never makes the device wait.
 * By default the accelerator is the SIMULATED device (yolov8n profile, 2.6 ms per frame).
 */
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { SimulatedAcceleratorBackend } from "../../src/adapters/simulated-accelerator/simulated-backend.ts";
import { AcceleratorScheduler } from "../../src/core/scheduling/accelerator-scheduler.ts";
import { formatMetricsTable } from "../../src/core/scheduling/metrics-table.ts";
import { COCO_LABELS } from "../../src/core/labels/coco.ts";
import { DetectionNode } from "../../src/nodes/detection/detection-node.ts";
import type { DetectionParameters } from "../../src/nodes/detection/parameters.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import type { InferenceBackend, LoadedModel } from "../../src/ports/inference-backend.ts";
import { packedRgb8Image, type Image } from "../../src/messages/sensor_msgs.ts";
import { mulberry32 } from "./measure.ts";

export interface PipelineEfficiencyOptions {
  /** Default: a new simulated accelerator. */
  readonly backend?: InferenceBackend;
  /** The `backend` parameter the node reports. Default "sim". */
  readonly backendName?: DetectionParameters["backend"];
  /** Default "sim:yolov8n". */
  readonly modelPath?: string;
  /** Camera frame size (rgb8). Default 640×480. */
  readonly width?: number;
  readonly height?: number;
  /** Time before counting starts (JIT, first frames). Default 300 ms. */
  readonly warmupMs?: number;
  /** Counting window. Default 2000 ms. */
  readonly durationMs?: number;
}

export interface PipelineEfficiencyResult {
  /** Detection2DArray messages received per second in the counting window. */
  readonly deliveredFps: number;
  /** Inferences per second of the same model run back to back with two in flight, without the node. */
  readonly deviceFps: number;
  /** deliveredFps ÷ deviceFps. */
  readonly efficiency: number;
  readonly cameraFps: number;
  readonly latencyP99Ms: number;
  readonly table: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The accelerator's own rate for a model: back-to-back inferences, two in flight so it never idles. */
export async function measureDeviceFps(model: LoadedModel, durationMs: number): Promise<number> {
  const input = model.info.inputs[0];
  if (input === undefined) throw new Error("the model has no input");
  const data = new Uint8Array(input.shape.reduce((a, b) => a * b, 1));
  let done = 0;
  let running = true;
  const worker = async (): Promise<void> => {
    while (running) {
      await model.infer(data);
      done++;
    }
  };
  await model.infer(data); // warm up
  const t0 = performance.now();
  const workers = [worker(), worker()];
  await sleep(durationMs);
  running = false;
  const counted = done;
  const elapsed = performance.now() - t0;
  await Promise.all(workers);
  return (counted * 1000) / elapsed;
}

function renderFrames(width: number, height: number, count: number): Uint8Array[] {
  const random = mulberry32(21);
  return Array.from({ length: count }, () => {
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = (random() * 256) | 0;
    return data;
  });
}

export async function measurePipelineEfficiency(options: PipelineEfficiencyOptions = {}): Promise<PipelineEfficiencyResult> {
  const backend = options.backend ?? new SimulatedAcceleratorBackend();
  const modelPath = options.modelPath ?? "sim:yolov8n";
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const warmupMs = options.warmupMs ?? 300;
  const durationMs = options.durationMs ?? 2000;

  const probe = await backend.load({ modelPath });
  const deviceFps = await measureDeviceFps(probe, durationMs);
  await probe.release();

  const runtime = new LocalRuntime({ checkMessages: false, logSink: () => undefined });
  const scheduler = new AcceleratorScheduler();
  const node = new DetectionNode(
    runtime,
    {
      createBackend: async () => backend,
      defaultModelPath: async () => modelPath,
      defaultModelLabels: COCO_LABELS,
      readTextFile: () => "",
      fileExists: () => true,
    },
    { scheduler, parameterOverrides: { backend: options.backendName ?? "sim", model_path: modelPath } },
  );
  await node.ready();
  if (!node.hasModel) throw new Error(`pipeline bench: the detection node could not load '${modelPath}'`);
  const camera = runtime.createNode("camera");
  const pub = camera.createPublisher("sensor_msgs/msg/Image", "/image", QosPresets.default);
  const viewer = runtime.createNode("viewer");
  let counting = false;
  let delivered = 0;
  viewer.createSubscription("vision_msgs/msg/Detection2DArray", "/detections", QosPresets.default, () => {
    if (counting) delivered++;
  });

  const frames = renderFrames(width, height, 4);
  let sent = 0;
  // A 1 ms interval is about 900 frames/s here: faster than the device, so a frame always waits.
  const cameraTimer = setInterval(() => {
    const image: Image = packedRgb8Image(
      { stamp: { sec: Math.floor(sent / 1000), nanosec: (sent % 1000) * 1e6 }, frame_id: "camera_color_optical_frame" },
      { width, height, data: frames[sent % frames.length]! },
    );
    sent++;
    pub.publish(image);
  }, 1);
  await sleep(warmupMs);
  const sentAtStart = sent;
  counting = true;
  const t0 = performance.now();
  await sleep(durationMs);
  counting = false;
  const elapsed = performance.now() - t0;
  const cameraFps = ((sent - sentAtStart) * 1000) / elapsed;
  clearInterval(cameraTimer);
  await runtime.idle();
  await node.idle();
  const table = formatMetricsTable(scheduler.snapshot());
  const latencyP99Ms = node.stats().latency.p99Ms;
  await node.destroy();
  scheduler.close();
  await runtime.shutdown();

  const deliveredFps = (delivered * 1000) / elapsed;
  return { deliveredFps, deviceFps, efficiency: deliveredFps / deviceFps, cameraFps, latencyP99Ms, table };
}
