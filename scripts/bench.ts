/**
 * `npm run bench`: speed figures on this machine. Prints a table; with `--json`, the last line
 * is one JSON object of numbers. Figures are medians of many runs.
 *
 * `--backend sim` (default) measures the accelerator scheduler and the detection pipeline against
 * the SIMULATED Hailo-10H. `--backend hailo --hef <yolov8n.hef>` measures `pipeline_efficiency`
 * on the real device; without a device it says so and reports the simulated figures.
 */
import { benchDetectHost, benchFrameCopy, benchYoloRawDecode } from "./bench/detection.ts";
import { loadNativeImageKernels } from "../src/adapters/native-image-kernels.ts";
import { measurePipelineEfficiency } from "./bench/pipeline.ts";
import { measureSchedulerOverheadUs, runMixedWorkload } from "./bench/scheduler.ts";
import { measureNativeInferOverheadUs } from "../src/adapters/hailo/bench.ts";
import { defaultSimulatedModels } from "../src/adapters/simulated-accelerator/model-profiles.ts";
import type { InferenceBackend } from "../src/ports/inference-backend.ts";

interface Row {
  readonly key: string;
  readonly value: number;
  readonly unit: string;
  readonly goal?: string;
  readonly met?: boolean;
  readonly what: string;
}

interface BenchArgs {
  readonly json: boolean;
  readonly backend: "sim" | "hailo";
  readonly hef: string | undefined;
}

function parseArgs(argv: readonly string[]): BenchArgs {
  let backend: "sim" | "hailo" = "sim";
  let hef: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--backend") {
      const value = argv[++i];
      if (value !== "sim" && value !== "hailo")
        throw new Error(`--backend must be sim or hailo (got ${value === undefined ? "nothing" : `'${value}'`})`);
      backend = value;
    } else if (arg === "--hef") {
      hef = argv[++i];
      if (hef === undefined) throw new Error("--hef needs the path of a yolov8n HEF compiled for hailo10h");
    } else if (arg !== "--json") {
      throw new Error(`unknown option '${arg}'; use --json, --backend sim|hailo, --hef <path>`);
    }
  }
  return { json: argv.includes("--json"), backend, hef };
}

/** The real device and a detection HEF, or why the real-device figures cannot be measured here. */
async function openRealDevice(
  hef: string | undefined,
): Promise<{ ok: true; backend: InferenceBackend; hef: string } | { ok: false; reason: string }> {
  if (hef === undefined) return { ok: false, reason: "--backend hailo needs --hef <yolov8n.hef compiled for hailo10h>" };
  try {
    const { openHailoBackend } = await import("../src/adapters/hailo/hailo-backend.ts");
    return { ok: true, backend: await openHailoBackend("hailort"), hef };
  } catch (error) {
    return { ok: false, reason: `no Hailo device could be opened (${(error as Error).message})` };
  }
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const json = args.json;
  const rows: Row[] = [];
  const frameCopy = benchFrameCopy();
  rows.push({ key: "frame_copy_ms", value: frameCopy.medianMs, unit: "ms", what: "copy one 1280x720 rgb8 frame (floor)" });
  // The node letterboxes with hailort-node's native kernel, as `hailo-ros` runs it.
  const kernels = await loadNativeImageKernels();
  if (!kernels.ok) throw new Error(`the native image kernels are missing: ${kernels.reason}`);
  const detect = await benchDetectHost({ imageKernels: kernels.kernels });
  rows.push({
    key: "detect_host_ms",
    value: detect.medianMs,
    unit: "ms",
    goal: `<= 4 x frame_copy_ms = ${(4 * frameCopy.medianMs).toFixed(3)}`,
    met: detect.medianMs <= 4 * frameCopy.medianMs,
    what: "detection node host work per 1280x720 frame (20 boxes, local transport)",
  });
  const detectJs = await benchDetectHost();
  rows.push({
    key: "detect_host_js_ms",
    value: detectJs.medianMs,
    unit: "ms",
    what: "the same with the letterbox in TypeScript only (no native kernel)",
  });
  const decode = benchYoloRawDecode();
  rows.push({
    key: "yolo_raw_decode_ms",
    value: decode.medianMs,
    unit: "ms",
    goal: "<= 1",
    met: decode.medianMs <= 1,
    what: "decode + NMS of a [1, 84, 8400] YOLOv8 head",
  });

  let real: { backend: InferenceBackend; hef: string } | undefined;
  if (args.backend === "hailo") {
    const opened = await openRealDevice(args.hef);
    if (opened.ok) real = opened;
    else
      process.stderr.write(`bench: the real-device figures need a Hailo-10H: ${opened.reason}; reporting the simulated device instead\n`);
  }
  const pipeline = await measurePipelineEfficiency(
    real === undefined ? {} : { backend: real.backend, backendName: "hailo", modelPath: real.hef },
  );
  await real?.backend.close();
  const device = real === undefined ? "simulated yolov8n, 2.6 ms" : `Hailo-10H, ${real.hef}`;
  rows.push({
    key: "pipeline_efficiency",
    value: pipeline.efficiency,
    unit: "ratio",
    goal: ">= 0.95",
    met: pipeline.efficiency >= 0.95,
    what: `detection node end to end: ${pipeline.deliveredFps.toFixed(1)} results/s of the device's ${pipeline.deviceFps.toFixed(1)} inferences/s (${device}; 640x480 camera at ${pipeline.cameraFps.toFixed(0)} fps)`,
  });
  const overheadUs = await measureSchedulerOverheadUs();
  rows.push({
    key: "sched_overhead_us",
    value: overheadUs,
    unit: "us",
    goal: "<= 20",
    met: overheadUs <= 20,
    what: "accelerator scheduler CPU per job (backend answers at once)",
  });
  const serviceMs = defaultSimulatedModels.yolov8n?.serviceMs ?? Number.NaN;
  const mixed = await runMixedWorkload({ cameraFps: 30, depthHz: 10, withLlm: false, durationMs: 8000 });
  const ratio = mixed.detectionLatencyP99Ms / serviceMs;
  rows.push({
    key: "mixed_p99_latency_ratio",
    value: ratio,
    unit: "ratio",
    goal: "<= 2.5",
    met: ratio <= 2.5,
    what: `detection p99 capture-to-result ${mixed.detectionLatencyP99Ms.toFixed(2)} ms / ${serviceMs} ms service (simulated; camera 30 fps + depth 10 Hz)`,
  });
  const talking = await runMixedWorkload({ cameraFps: 30, depthHz: 10, withLlm: true, durationMs: 5000 });
  rows.push({
    key: "eventloop_p99_ms",
    value: talking.eventLoopDelayP99Ms,
    unit: "ms",
    goal: "<= 5",
    met: talking.eventLoopDelayP99Ms <= 5,
    what: "event-loop delay p99, same mixed run plus an LLM generation streaming (simulated)",
  });
  rows.push({
    key: "llm_mixed_detect_fps",
    value: talking.detectionFps,
    unit: "fps",
    what: "detection results/s while the LLM streams (camera 30 fps, simulated)",
  });
  rows.push({
    key: "llm_mixed_p99_ms",
    value: talking.detectionLatencyP99Ms,
    unit: "ms",
    what: "detection p99 capture-to-result while the LLM streams (simulated)",
  });
  rows.push({
    key: "starvation_max_ms",
    value: talking.starvationMaxWaitMs,
    unit: "ms",
    what: "longest wait of any started job for a slot, any stream, LLM run (simulated)",
  });
  // Two in flight, as the scheduler drives a backend; a strictly sequential round trip is also shown.
  const nativeUs = await measureNativeInferOverheadUs({ concurrency: 2 });
  const nativeSequentialUs = await measureNativeInferOverheadUs({ concurrency: 1 });
  rows.push({
    key: "native_infer_overhead_us",
    value: nativeUs,
    unit: "us",
    goal: "<= 50",
    met: nativeUs <= 50,
    what: "hailort-node binding time per inference, 2 in flight (simulated device, zero latency)",
  });
  rows.push({
    key: "native_infer_roundtrip_us",
    value: nativeSequentialUs,
    unit: "us",
    what: "hailort-node one inference at a time: JS -> device thread -> JS round trip (simulated, zero latency)",
  });

  const table = [
    `${"key".padEnd(24)} ${"value".padStart(10)}  ${"goal".padEnd(28)} what`,
    ...rows.map(
      (r) =>
        `${r.key.padEnd(24)} ${r.value.toFixed(r.value < 1 ? 4 : 3).padStart(10)}  ${(r.goal ? `${r.goal} ${r.met ? "ok" : "MISSED"}` : "").padEnd(28)} ${r.what}`,
    ),
  ];
  process.stdout.write(
    `${table.join("\n")}\n\npipeline (detection node, end to end):\n${pipeline.table}\n\nmixed workload with the LLM streaming (simulated):\n${talking.table}\n`,
  );
  if (json) {
    const object: Record<string, number> = {};
    for (const r of rows) object[r.key] = Number(r.value.toFixed(r.unit === "us" ? 2 : 4));
    process.stdout.write(`${JSON.stringify(object)}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
