/**
 * Soak: many frames through the detection node on the SIMULATED device (local transport), one
 * frame in flight at a time so the run is as fast as the host allows, with RSS, heap and the
 * event-loop delay sampled. The simulated yolov8n answers in `serviceMs` (default 0.05 ms, so
 * 20 000 frames take seconds, not the 52 s the 2.6 ms model-zoo time would) with 20 boxes.
 */
import { execFile } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { SimulatedAcceleratorBackend } from "../../src/adapters/simulated-accelerator/simulated-backend.ts";
import { COCO_LABELS } from "../../src/core/labels/coco.ts";
import { DetectionNode } from "../../src/nodes/detection/detection-node.ts";
import type { LetterboxKernels } from "../../src/core/vision/letterbox.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import { packedRgb8Image, type Image } from "../../src/messages/sensor_msgs.ts";
import { encodeNmsByClass } from "../../src/testing/nms-by-class-buffer.ts";
import { hostBenchBoxes, randomFrame } from "./inputs.ts";

export interface SoakOptions {
  readonly frames?: number;
  readonly width?: number;
  readonly height?: number;
  readonly serviceMs?: number;
  readonly imageKernels?: LetterboxKernels;
}

export interface SoakResult {
  readonly frames: number;
  readonly seconds: number;
  readonly fps: number;
  /** RSS at the end minus RSS after the first tenth of the frames (warm-up), MB. */
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
  readonly rssMaxMb: number;
  /** Event-loop delay p99 over the run, ms (what a 1 ms-resolution monitor sees beyond its interval). */
  readonly eventLoopP99Ms: number;
  readonly detectionsPerFrame: number;
}

const MB = 1 << 20;
const run = promisify(execFile);

/**
 * A full garbage collection (V8's gc, exposed for this process). Memory is sampled right after
 * one, so growth is what the node retained, not garbage a collection had not reached yet: without
 * it the figure swung between 2 and 25 MB with the timing of the last scavenge.
 */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** The soak in a process of its own (soak-child.ts), as the bench runs it. */
export async function runSoakInChildProcess(frames: number): Promise<SoakResult & { readonly kernels: string }> {
  const child = fileURLToPath(new URL("./soak-child.js", import.meta.url));
  const { stdout } = await run(process.execPath, [child, String(frames)], { timeout: 120_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as SoakResult & { readonly kernels: string };
}

export async function runSoak(options: SoakOptions = {}): Promise<SoakResult> {
  const frames = options.frames ?? 20_000;
  const width = options.width ?? 1280;
  const height = options.height ?? 720;
  const nms = encodeNmsByClass(hostBenchBoxes(20), 80, 100);
  const backend = new SimulatedAcceleratorBackend({
    models: {
      yolov8n: {
        serviceMs: options.serviceMs ?? 0,
        outputs: (_input, info) => {
          const name = info.outputs[0]?.name ?? "yolo_nms";
          return new Map([[name, { name, dims: [nms.length], data: nms }]]);
        },
      },
    },
  });
  const runtime = new LocalRuntime({ checkMessages: false, logSink: () => undefined });
  const node = new DetectionNode(
    runtime,
    {
      createBackend: async () => backend,
      defaultModelPath: async () => "sim:yolov8n",
      defaultModelLabels: COCO_LABELS,
      readTextFile: () => "",
      fileExists: () => true,
      ...(options.imageKernels ? { imageKernels: options.imageKernels } : {}),
    },
    { parameterOverrides: { backend: "sim", model_path: "sim:yolov8n" } },
  );
  await node.ready();
  if (!node.hasModel) throw new Error("soak: the detection node could not load sim:yolov8n");
  const camera = runtime.createNode("camera");
  const pub = camera.createPublisher("sensor_msgs/msg/Image", "/image", QosPresets.default);
  const viewer = runtime.createNode("viewer");
  let resolveNext: (() => void) | undefined;
  let detections = 0;
  viewer.createSubscription("vision_msgs/msg/Detection2DArray", "/detections", QosPresets.default, (msg) => {
    detections += msg.detections.length;
    resolveNext?.();
  });
  // Two frames alternate, as a camera driver's buffers do; each message is new, as from a driver.
  const buffers = [randomFrame(width, height, 1), randomFrame(width, height, 2)];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const warmup = Math.floor(frames / 10);
  let rssStart = 0;
  let heapStart = 0;
  let rssMax = 0;
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) {
    if (i === warmup) {
      collectGarbage();
      rssStart = process.memoryUsage.rss();
      heapStart = process.memoryUsage().heapUsed;
      loop.enable();
    }
    if (i % 500 === 0) rssMax = Math.max(rssMax, process.memoryUsage.rss());
    const image: Image = packedRgb8Image(
      { stamp: { sec: Math.floor(i / 30), nanosec: (i % 30) * 33_333_333 }, frame_id: "camera_color_optical_frame" },
      { width, height, data: buffers[i % 2]! },
    );
    await new Promise<void>((resolve) => {
      resolveNext = resolve;
      pub.publish(image);
    });
    // A camera frame arrives as an I/O event: timers and I/O run between frames.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = (performance.now() - t0) / 1000;
  loop.disable();
  collectGarbage();
  const rssEnd = process.memoryUsage.rss();
  const heapEnd = process.memoryUsage().heapUsed;
  rssMax = Math.max(rssMax, rssEnd);
  await node.destroy();
  await runtime.shutdown();
  return {
    frames,
    seconds,
    fps: frames / seconds,
    rssGrowthMb: (rssEnd - rssStart) / MB,
    heapGrowthMb: (heapEnd - heapStart) / MB,
    rssMaxMb: rssMax / MB,
    eventLoopP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 1),
    detectionsPerFrame: detections / frames,
  };
}
