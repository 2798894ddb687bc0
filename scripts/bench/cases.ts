/**
 * The bench's cases in the order they run. Each produces keys (rows); a ratio's row names both of
 * its figures. `needs` lists keys of earlier cases a case divides by, so `--only` runs those too.
 */
import { measureNativeInferOverheadUs } from "../../src/adapters/hailo/bench.ts";
import { defaultSimulatedModels } from "../../src/adapters/simulated-accelerator/model-profiles.ts";
import type { LetterboxKernels } from "../../src/core/vision/letterbox.ts";
import type { InferenceBackend } from "../../src/ports/inference-backend.ts";
import { measureGrammarParse, measureReplyTokens } from "./commands.ts";
import { benchDetectHost, benchLetterbox, benchYoloRawDecode } from "./detection.ts";
import { benchDepthCopyFloor, benchDepthPassFloor, benchDepthPassReusedFloor, benchDepthPostprocess } from "./depth.ts";
import { benchFrameCopy, benchScoreScan } from "./floors.ts";
import {
  benchDepthPostprocess as benchFusedDepthPostprocess,
  benchFusion,
  benchTracker,
  DEPTH_HEIGHT,
  DEPTH_WIDTH,
  FUSED_DETECTIONS,
  TRACKED_OBJECTS,
} from "./fusion.ts";
import { measurePipelineEfficiency } from "./pipeline.ts";
import { DEFAULT_BOXES, HOST_BOX_COUNTS, HOST_SIZES, pythonPeerUnavailable, runPythonPeerBench } from "./python-peer.ts";
import { measureMotorLag } from "./motor.ts";
import { measureStopToCmdVel } from "./stop-latency.ts";
import { measureRosImageReceive } from "./ros-image.ts";
import { measureSchedulerJobUs, measureSchedulerOverheadUs, runMixedWorkload } from "./scheduler.ts";
import { runSoakInChildProcess } from "./soak.ts";
import { benchEncoderStorm, benchMotorStops, benchOdometry } from "./sensors.ts";

export interface Goal {
  readonly op: "<=" | "<" | ">=";
  readonly target: number;
}

export interface BenchRow {
  readonly key: string;
  /** Undefined when the key was skipped (see `skipped`). */
  readonly value: number | undefined;
  readonly unit: string;
  readonly goal?: Goal;
  readonly what: string;
  readonly skipped?: string;
}

export interface BenchArgs {
  readonly json: boolean;
  readonly backend: "sim" | "hailo";
  readonly hef: string | undefined;
  readonly only: readonly string[] | undefined;
}

export interface BenchContext {
  readonly args: BenchArgs;
  /** hailort-node's native image kernels, when built. */
  readonly kernels: LetterboxKernels | undefined;
  /** A key measured by an earlier case (throws if it was not). */
  value(key: string): number;
  has(key: string): boolean;
  /** Extra text printed after the table. */
  section(title: string, text: string): void;
  realBackend(): { backend: InferenceBackend; hef: string } | undefined;
  setRealBackend(backend: { backend: InferenceBackend; hef: string } | undefined): void;
}

export interface BenchCase {
  readonly name: string;
  readonly keys: readonly string[];
  readonly needs?: readonly string[];
  run(context: BenchContext): Promise<BenchRow[]>;
}

/** Every goal of the bench, by key. */
export const GOALS = {
  detect_host_ratio: { op: "<=", target: 3 },
  yolo_decode_ratio: { op: "<=", target: 1.5 },
  sched_share: { op: "<=", target: 0.05 },
  host_vs_python_ratio: { op: "<=", target: 0.5 },
  decode_vs_python_ratio: { op: "<=", target: 0.5 },
  host_scaling_exponent: { op: "<=", target: 1.05 },
  pipeline_efficiency: { op: ">=", target: 0.97 },
  mixed_p99_latency_ratio: { op: "<=", target: 2.0 },
  eventloop_p99_ms: { op: "<=", target: 5 },
  native_infer_overhead_us: { op: "<=", target: 50 },
  soak_rss_growth_mb: { op: "<", target: 10 },
  ros_image_rx_ratio: { op: ">=", target: 0.98 },
  ros_image_vs_rclpy: { op: ">=", target: 1.0 },
  ros_rx_cpu_vs_rclpy: { op: "<=", target: 1.0 },
  fuse_share: { op: "<=", target: 0.1 },
  // Bounds, not ratios: a stop's parse latency and an LLM reply's length are safety budgets.
  grammar_parse_p99_ms: { op: "<=", target: 0.5 },
  llm_tokens_per_command: { op: "<=", target: 20 },
  odometry_error_pct: { op: "<=", target: 1 },
  // 2 × the range sample period at the motor node's default range_rate (10 Hz).
  obstacle_stop_ms: { op: "<=", target: 200 },
  bumper_stop_ms: { op: "<=", target: 5 },
  motor_loop_p99_lag_ms: { op: "<=", target: 2 },
  motor_lag_vs_idle_ratio: { op: "<=", target: 2 },
  depth_post_ratio: { op: "<=", target: 3 },
  stop_to_cmdvel_ms: { op: "<=", target: 5 },
} as const satisfies Readonly<Record<string, Goal>>;

export function goalText(goal: Goal): string {
  return `${goal.op} ${goal.target}`;
}

export function meets(goal: Goal, value: number): boolean {
  switch (goal.op) {
    case "<=":
      return value <= goal.target;
    case "<":
      return value < goal.target;
    case ">=":
      return value >= goal.target;
  }
}

const f3 = (v: number): string => v.toFixed(3);

/** Least-squares slope of y against x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

function skippedRows(keys: readonly string[], reason: string, what: Readonly<Record<string, string>> = {}): BenchRow[] {
  return keys.map((key) => ({ key, value: undefined, unit: "", what: what[key] ?? "", skipped: reason }));
}

const floors: BenchCase = {
  name: "floors",
  keys: ["frame_copy_ms", "score_scan_ms"],
  async run() {
    const copy = benchFrameCopy();
    const scan = benchScoreScan();
    return [
      { key: "frame_copy_ms", value: copy.medianMs, unit: "ms", what: "floor: copy one 1280x720 rgb8 frame into a preallocated buffer" },
      {
        key: "score_scan_ms",
        value: scan.medianMs,
        unit: "ms",
        what: "floor: one pass over every float of a [1, 84, 8400] head, each compared with the score threshold",
      },
    ];
  },
};

const host: BenchCase = {
  name: "host",
  keys: ["detect_host_ms", "detect_host_js_ms", "letterbox_ms", "detect_host_ratio"],
  needs: ["frame_copy_ms"],
  async run(context) {
    const kernels = context.kernels;
    const detect = await benchDetectHost(kernels ? { imageKernels: kernels } : {});
    const js = await benchDetectHost();
    const copy = context.value("frame_copy_ms");
    const letterboxMs = benchLetterbox(kernels).medianMs;
    return [
      {
        key: "detect_host_ms",
        value: detect.medianMs,
        unit: "ms",
        what: `detection node host work per 1280x720 rgb8 frame, ${DEFAULT_BOXES} boxes, local transport${kernels ? "" : " (no native kernel)"}`,
      },
      { key: "detect_host_js_ms", value: js.medianMs, unit: "ms", what: "the same with the letterbox in TypeScript only" },
      {
        key: "letterbox_ms",
        value: letterboxMs,
        unit: "ms",
        what: `of which the letterbox alone: 1280x720 rgb8 -> 640x640${kernels ? " (native 2:1 kernel)" : ""}`,
      },
      {
        key: "detect_host_ratio",
        value: detect.medianMs / copy,
        unit: "ratio",
        goal: GOALS.detect_host_ratio,
        what: `detect_host_ms ${f3(detect.medianMs)} / frame_copy_ms ${f3(copy)}`,
      },
    ];
  },
};

const decode: BenchCase = {
  name: "decode",
  keys: ["yolo_raw_decode_ms", "yolo_decode_ratio"],
  needs: ["score_scan_ms"],
  async run(context) {
    const d = benchYoloRawDecode();
    const scan = context.value("score_scan_ms");
    return [
      { key: "yolo_raw_decode_ms", value: d.medianMs, unit: "ms", what: "decode + class-wise NMS of a [1, 84, 8400] YOLOv8 head" },
      {
        key: "yolo_decode_ratio",
        value: d.medianMs / scan,
        unit: "ratio",
        goal: GOALS.yolo_decode_ratio,
        what: `yolo_raw_decode_ms ${f3(d.medianMs)} / score_scan_ms ${f3(scan)}`,
      },
    ];
  },
};

const scheduler: BenchCase = {
  name: "scheduler",
  keys: ["sched_overhead_us", "sched_job_us", "sched_share"],
  needs: ["detect_host_ms"],
  async run(context) {
    const queued = await measureSchedulerOverheadUs();
    const us = await measureSchedulerJobUs();
    const hostMs = context.value("detect_host_ms");
    return [
      {
        key: "sched_overhead_us",
        value: queued,
        unit: "us",
        what: "accelerator scheduler CPU per job, 20 000 jobs queued at once (backend answers at once)",
      },
      {
        key: "sched_job_us",
        value: us,
        unit: "us",
        what: "accelerator scheduler CPU per job as the detection node drives it: one job at a time, policy latest",
      },
      {
        key: "sched_share",
        value: us / 1000 / hostMs,
        unit: "ratio",
        goal: GOALS.sched_share,
        what: `sched_job_us ${us.toFixed(2)} / detect_host_ms ${f3(hostMs)} (as us)`,
      },
    ];
  },
};

const sizeKey = (w: number, h: number): string => `${w}x${h}`;
const PY_SIZE_KEYS = HOST_SIZES.map(([w, h]) => `python_host_${sizeKey(w, h)}_ms`);

const python: BenchCase = {
  name: "python peer",
  keys: [
    "python_host_ms",
    "python_decode_ms",
    "host_vs_python_ratio",
    "decode_vs_python_ratio",
    ...PY_SIZE_KEYS,
    "python_per_detection_us",
  ],
  needs: ["detect_host_ms", "yolo_raw_decode_ms"],
  async run(context) {
    const unavailable = await pythonPeerUnavailable();
    if (unavailable !== undefined) return skippedRows(this.keys, unavailable);
    const peer = await runPythonPeerBench();
    const hostMs = peer.host_ms["1280x720"]!;
    const ours = context.value("detect_host_ms");
    const decodeOurs = context.value("yolo_raw_decode_ms");
    const perDetection = slope(
      HOST_BOX_COUNTS,
      HOST_BOX_COUNTS.map((n) => peer.host_boxes_ms[String(n)]!),
    );
    const versions = `Python ${peer.python}, OpenCV ${peer.opencv}, NumPy ${peer.numpy}`;
    return [
      {
        key: "python_host_ms",
        value: hostMs,
        unit: "ms",
        what: `peer: the same host work per 1280x720 frame in Python (cv2.resize letterbox, NumPy NMS-by-class parse; ${versions})`,
      },
      {
        key: "python_decode_ms",
        value: peer.decode_ms,
        unit: "ms",
        what: "peer: NumPy decode of the [1, 84, 8400] head + class-wise cv2.dnn.NMSBoxes",
      },
      {
        key: "host_vs_python_ratio",
        value: ours / hostMs,
        unit: "ratio",
        goal: GOALS.host_vs_python_ratio,
        what: `detect_host_ms ${f3(ours)} / python_host_ms ${f3(hostMs)}`,
      },
      {
        key: "decode_vs_python_ratio",
        value: decodeOurs / peer.decode_ms,
        unit: "ratio",
        goal: GOALS.decode_vs_python_ratio,
        what: `yolo_raw_decode_ms ${f3(decodeOurs)} / python_decode_ms ${f3(peer.decode_ms)}`,
      },
      ...HOST_SIZES.map(([w, h]) => ({
        key: `python_host_${sizeKey(w, h)}_ms`,
        value: peer.host_ms[sizeKey(w, h)]!,
        unit: "ms",
        what: `peer: host work per ${sizeKey(w, h)} frame, ${DEFAULT_BOXES} boxes`,
      })),
      {
        key: "python_per_detection_us",
        value: perDetection * 1000,
        unit: "us",
        what: `peer: host time per detection (slope over ${HOST_BOX_COUNTS.join(", ")} boxes, 1280x720)`,
      },
    ];
  },
};

const SIZE_KEYS = HOST_SIZES.map(([w, h]) => `host_${sizeKey(w, h)}_ms`);
const BOX_KEYS = HOST_BOX_COUNTS.map((n) => `host_${n}_boxes_ms`);

const scaling: BenchCase = {
  name: "scaling",
  keys: [...SIZE_KEYS, "host_scaling_exponent", ...BOX_KEYS, "host_per_detection_us"],
  async run(context) {
    const kernels = context.kernels ? { imageKernels: context.kernels } : {};
    const rows: BenchRow[] = [];
    const sizeMs: number[] = [];
    for (const [w, h] of HOST_SIZES) {
      const r = await benchDetectHost({ ...kernels, width: w, height: h, runs: 200 });
      sizeMs.push(r.medianMs);
      rows.push({
        key: `host_${sizeKey(w, h)}_ms`,
        value: r.medianMs,
        unit: "ms",
        what: `host work per ${sizeKey(w, h)} rgb8 frame, ${DEFAULT_BOXES} boxes`,
      });
    }
    const pixels = HOST_SIZES.map(([w, h]) => w * h);
    const exponent = slope(pixels.map(Math.log), sizeMs.map(Math.log));
    rows.push({
      key: "host_scaling_exponent",
      value: exponent,
      unit: "ratio",
      goal: GOALS.host_scaling_exponent,
      what: `log-log slope of host time against pixel count (${HOST_SIZES.map(([w, h]) => sizeKey(w, h)).join(", ")})`,
    });
    const boxMs: number[] = [];
    for (const n of HOST_BOX_COUNTS) {
      const r = await benchDetectHost({ ...kernels, boxes: n, runs: 200 });
      boxMs.push(r.medianMs);
      rows.push({ key: `host_${n}_boxes_ms`, value: r.medianMs, unit: "ms", what: `host work per 1280x720 frame with ${n} detections` });
    }
    rows.push({
      key: "host_per_detection_us",
      value: slope(HOST_BOX_COUNTS, boxMs) * 1000,
      unit: "us",
      what: `host time per detection (slope over ${HOST_BOX_COUNTS.join(", ")} detections, 1280x720)`,
    });
    return rows;
  },
};

/** The real device and a detection HEF, or why the real-device figures cannot be measured here. */
async function openRealDevice(
  hef: string | undefined,
): Promise<{ ok: true; backend: InferenceBackend; hef: string } | { ok: false; reason: string }> {
  if (hef === undefined) return { ok: false, reason: "--backend hailo needs --hef <yolov8n.hef compiled for hailo10h>" };
  try {
    const { openHailoBackend } = await import("../../src/adapters/hailo/hailo-backend.ts");
    return { ok: true, backend: await openHailoBackend("hailort"), hef };
  } catch (error) {
    return { ok: false, reason: `no Hailo device could be opened (${(error as Error).message})` };
  }
}

const pipeline: BenchCase = {
  name: "pipeline",
  keys: ["pipeline_efficiency"],
  async run(context) {
    let real: { backend: InferenceBackend; hef: string } | undefined;
    if (context.args.backend === "hailo") {
      const opened = await openRealDevice(context.args.hef);
      if (opened.ok) real = opened;
      else
        process.stderr.write(`bench: the real-device figures need a Hailo-10H: ${opened.reason}; reporting the simulated device instead\n`);
    }
    const result = await measurePipelineEfficiency(
      real === undefined ? {} : { backend: real.backend, backendName: "hailo", modelPath: real.hef },
    );
    await real?.backend.close();
    const device = real === undefined ? "simulated yolov8n, 2.6 ms" : `Hailo-10H, ${real.hef}`;
    context.section("pipeline (detection node, end to end)", result.table);
    return [
      {
        key: "pipeline_efficiency",
        value: result.efficiency,
        unit: "ratio",
        goal: GOALS.pipeline_efficiency,
        what: `results/s ${result.deliveredFps.toFixed(1)} / device inferences/s ${result.deviceFps.toFixed(1)} (${device}; 640x480 camera at ${result.cameraFps.toFixed(0)} fps)`,
      },
    ];
  },
};

const mixed: BenchCase = {
  name: "mixed",
  keys: ["mixed_p99_latency_ratio", "eventloop_p99_ms", "llm_mixed_detect_fps", "llm_mixed_p99_ms", "starvation_max_ms"],
  async run(context) {
    const serviceMs = defaultSimulatedModels.yolov8n?.serviceMs ?? Number.NaN;
    // 30 s (900 frames): the p99 is then the ninth-worst frame, not the third, so one stall of the
    // machine no longer decides it.
    const quiet = await runMixedWorkload({ cameraFps: 30, depthHz: 10, withLlm: false, durationMs: 30_000 });
    const talking = await runMixedWorkload({ cameraFps: 30, depthHz: 10, withLlm: true, durationMs: 5000 });
    context.section("mixed workload with the LLM streaming (simulated)", talking.table);
    return [
      {
        key: "mixed_p99_latency_ratio",
        value: quiet.detectionLatencyP99Ms / serviceMs,
        unit: "ratio",
        goal: GOALS.mixed_p99_latency_ratio,
        what: `detection p99 capture-to-result ${quiet.detectionLatencyP99Ms.toFixed(2)} ms / ${serviceMs} ms service (simulated; camera 30 fps + depth 10 Hz, 30 s)`,
      },
      {
        key: "eventloop_p99_ms",
        value: talking.eventLoopDelayP99Ms,
        unit: "ms",
        goal: GOALS.eventloop_p99_ms,
        what: "event-loop delay p99, same mixed run plus an LLM generation streaming (simulated)",
      },
      {
        key: "llm_mixed_detect_fps",
        value: talking.detectionFps,
        unit: "fps",
        what: "detection results/s while the LLM streams (camera 30 fps, simulated)",
      },
      {
        key: "llm_mixed_p99_ms",
        value: talking.detectionLatencyP99Ms,
        unit: "ms",
        what: "detection p99 capture-to-result while the LLM streams (simulated)",
      },
      {
        key: "starvation_max_ms",
        value: talking.starvationMaxWaitMs,
        unit: "ms",
        what: "longest wait of any started job for a slot, any stream, LLM run (simulated)",
      },
    ];
  },
};

const native: BenchCase = {
  name: "native",
  keys: ["native_infer_overhead_us", "native_infer_roundtrip_us"],
  async run() {
    // Two in flight, as the scheduler drives a backend; a strictly sequential round trip is also shown.
    const concurrent = await measureNativeInferOverheadUs({ concurrency: 2 });
    const sequential = await measureNativeInferOverheadUs({ concurrency: 1 });
    return [
      {
        key: "native_infer_overhead_us",
        value: concurrent,
        unit: "us",
        goal: GOALS.native_infer_overhead_us,
        what: "hailort-node binding time per inference, 2 in flight (simulated device, zero latency)",
      },
      {
        key: "native_infer_roundtrip_us",
        value: sequential,
        unit: "us",
        what: "hailort-node one inference at a time: JS -> device thread -> JS round trip (simulated, zero latency)",
      },
    ];
  },
};

const SOAK_FRAMES = 20_000;

const soak: BenchCase = {
  name: "soak",
  keys: ["soak_rss_growth_mb", "soak_heap_growth_mb", "soak_eventloop_p99_ms", "soak_fps"],
  async run() {
    // A process of its own: what earlier cases left in this one would enter the RSS figure.
    const r = await runSoakInChildProcess(SOAK_FRAMES);
    const run = `${r.frames} frames 1280x720, ${r.detectionsPerFrame.toFixed(0)} boxes each, in ${r.seconds.toFixed(1)} s, ${r.kernels} letterbox, own process`;
    return [
      {
        key: "soak_rss_growth_mb",
        value: r.rssGrowthMb,
        unit: "MB",
        goal: GOALS.soak_rss_growth_mb,
        what: `RSS growth after the first tenth, detection node on the simulated device (${run}; max RSS ${r.rssMaxMb.toFixed(0)} MB)`,
      },
      { key: "soak_heap_growth_mb", value: r.heapGrowthMb, unit: "MB", what: "JS heap used, same interval" },
      {
        key: "soak_eventloop_p99_ms",
        value: r.eventLoopP99Ms,
        unit: "ms",
        what: "event-loop delay p99 during the soak (one frame per loop turn)",
      },
      { key: "soak_fps", value: r.fps, unit: "fps", what: "frames per second through the node in the soak (one in flight)" },
    ];
  },
};

const ROS_KEYS = [
  "ros_image_rx_ratio",
  "ros_image_vs_rclpy",
  "ros_rx_cpu_vs_rclpy",
  "ros_image_rx_fps",
  "rclpy_image_rx_fps",
  "ros_rx_cpu_ms",
  "rclpy_rx_cpu_ms",
  "ros_image_rx_ratio_os_buffer",
];

const ros: BenchCase = {
  name: "ros",
  keys: ROS_KEYS,
  async run(context) {
    const result = await measureRosImageReceive();
    if (!result.ok) return skippedRows(this.keys, result.reason);
    const { ours, rclpy } = result;
    context.section("ROS 2 image receive (1280x720 rgb8, 30 Hz, 20 s, loopback)", result.table);
    return [
      {
        key: "ros_image_rx_ratio",
        value: ours.received / ours.sent,
        unit: "ratio",
        goal: GOALS.ros_image_rx_ratio,
        what: `received ${ours.received} / sent ${ours.sent} by the rclpy publisher (${ours.path}; ${result.dds})`,
      },
      {
        key: "ros_image_vs_rclpy",
        // Both publishers send 30 Hz on absolute deadlines, so the received rates compare as the
        // received shares do (arrival-time jitter would otherwise decide a tie).
        value: ours.received / ours.sent / (rclpy.received / rclpy.sent),
        unit: "ratio",
        goal: GOALS.ros_image_vs_rclpy,
        what: `received fps ours ${ours.fps.toFixed(2)} (${ours.received}/${ours.sent}) / rclpy ${rclpy.fps.toFixed(2)} (${rclpy.received}/${rclpy.sent}), same 30 Hz publisher`,
      },
      {
        key: "ros_rx_cpu_vs_rclpy",
        value: ours.cpuMsPerFrame / rclpy.cpuMsPerFrame,
        unit: "ratio",
        goal: GOALS.ros_rx_cpu_vs_rclpy,
        what: `ros_rx_cpu_ms ${f3(ours.cpuMsPerFrame)} / rclpy_rx_cpu_ms ${f3(rclpy.cpuMsPerFrame)}`,
      },
      {
        key: "ros_image_rx_fps",
        value: ours.fps,
        unit: "fps",
        what: "frames/s the detection node's image subscription received (rclnodejs)",
      },
      {
        key: "rclpy_image_rx_fps",
        value: rclpy.fps,
        unit: "fps",
        what: `frames/s an rclpy subscriber received (separate run; ${rclpy.received} / ${rclpy.sent})`,
      },
      { key: "ros_rx_cpu_ms", value: ours.cpuMsPerFrame, unit: "ms", what: "subscriber process CPU per received frame, ours" },
      { key: "rclpy_rx_cpu_ms", value: rclpy.cpuMsPerFrame, unit: "ms", what: "subscriber process CPU per received frame, rclpy" },
      {
        key: "ros_image_rx_ratio_os_buffer",
        value: result.oursOsBuffer.received / result.oursOsBuffer.sent,
        unit: "ratio",
        what: `ours received / sent with the OS default DDS socket receive buffer (${result.oursOsBuffer.received} / ${result.oursOsBuffer.sent}, 10 s)`,
      },
    ];
  },
};

const fusion: BenchCase = {
  name: "fusion",
  keys: ["fuse_ms", "fuse_depth_post_ms", "fuse_share", "tracker_us_per_object"],
  async run() {
    const fuse = benchFusion();
    const post = benchFusedDepthPostprocess();
    const tracker = benchTracker();
    const size = `${DEPTH_HEIGHT}x${DEPTH_WIDTH}`;
    return [
      {
        key: "fuse_ms",
        value: fuse.medianMs,
        unit: "ms",
        what: `fusion node work per pair: ${FUSED_DETECTIONS} detections (${fuse.fused} fused) against a ${size} 32FC1 depth image, Detection3DArray + MarkerArray built`,
      },
      {
        key: "fuse_depth_post_ms",
        value: post.medianMs,
        unit: "ms",
        what: `depth postprocess of a ${size} output (src/core/depth): scdepthv3 -> metric depth -> organized PointCloud2, no decimation`,
      },
      {
        key: "fuse_share",
        value: fuse.medianMs / post.medianMs,
        unit: "ratio",
        goal: GOALS.fuse_share,
        what: `fuse_ms ${f3(fuse.medianMs)} / fuse_depth_post_ms ${f3(post.medianMs)}`,
      },
      {
        key: "tracker_us_per_object",
        value: tracker.usPerObject,
        unit: "us",
        what: `tracker update per frame / ${TRACKED_OBJECTS} objects (${tracker.tracks} tracks; two-stage association, optimal assignment)`,
      },
    ];
  },
};

const commands: BenchCase = {
  name: "commands",
  keys: ["grammar_parse_p99_ms", "llm_tokens_per_command", "llm_tokens_per_command_json"],
  async run() {
    const parse = measureGrammarParse();
    const tokens = measureReplyTokens();
    return [
      {
        key: "grammar_parse_p99_ms",
        value: parse.p99Ms,
        unit: "ms",
        goal: GOALS.grammar_parse_p99_ms,
        what: `grammar parse p99 over ${parse.samples} parses of the ${parse.utterances} labelled utterances (median ${f3(parse.medianMs)} ms)`,
      },
      {
        key: "llm_tokens_per_command",
        value: tokens.meanCompact,
        unit: "tokens",
        goal: GOALS.llm_tokens_per_command,
        what: `mean o200k_base tokens of the ${tokens.commands} compact reference answers (max ${tokens.maxCompact}; ${(tokens.meanCompact * 0.144).toFixed(2)} s at 6.95 tokens/s)`,
      },
      {
        key: "llm_tokens_per_command_json",
        value: tokens.meanJson,
        unit: "tokens",
        what: "the same answers as RobotCommand JSON, for comparison",
      },
    ];
  },
};

const maxOf = (values: readonly number[]) => Math.max(...values);

const sensors: BenchCase = {
  name: "sensors",
  keys: ["odometry_error_pct", "obstacle_stop_ms", "range_sample_period_ms", "bumper_stop_ms", "encoder_max_ticks_per_s"],
  async run() {
    const odometry = benchOdometry();
    const stops = await benchMotorStops();
    const storm = await benchEncoderStorm();
    return [
      {
        key: "odometry_error_pct",
        value: odometry.errorPct,
        unit: "%",
        goal: GOALS.odometry_error_pct,
        what: `simulated quadrature ticks (${odometry.ticks}, 1440/rev) of 2 m straight + 90° arc + 360° spin: position ${(odometry.positionErrorM * 1000).toFixed(3)} mm over ${odometry.pathM.toFixed(3)} m, heading ${odometry.headingErrorRad.toExponential(2)} rad`,
      },
      {
        key: "obstacle_stop_ms",
        value: maxOf(stops.obstacleMs),
        unit: "ms",
        goal: { op: "<=", target: 2 * stops.periodMs },
        what: `max over ${stops.obstacleMs.length} of obstacle appears → duty 0 written (motor child process, dry-run GPIO); goal 2 × range_sample_period_ms ${stops.periodMs}; of it sample → duty 0 max ${maxOf(stops.sampleToStopMs).toFixed(3)} ms`,
      },
      {
        key: "range_sample_period_ms",
        value: stops.periodMs,
        unit: "ms",
        what: "the range sample period of that run (range_rate 10 Hz)",
      },
      {
        key: "bumper_stop_ms",
        value: maxOf(stops.bumperMs),
        unit: "ms",
        goal: GOALS.bumper_stop_ms,
        what: `max over ${stops.bumperMs.length} of bumper edge callback → duty 0 written (same child; its event-loop delay p99 ${stops.eventLoopP99Ms.toFixed(2)} ms)`,
      },
      {
        key: "encoder_max_ticks_per_s",
        value: storm.perSecond,
        unit: "ticks/s",
        what: `edges through onoff's handler on a mock sysfs, one per epoll-style thread hand-off, ${storm.edges} in ${storm.seconds.toFixed(2)} s, ${storm.missed} missed (of it the mock value-file update ${storm.valueWriteUs.toFixed(2)} us/edge)`,
      },
    ];
  },
};

const motor: BenchCase = {
  name: "motor",
  keys: ["motor_loop_p99_lag_ms", "motor_lag_vs_idle_ratio", "motor_idle_p99_lag_ms", "motor_saturated_p99_lag_ms"],
  async run() {
    const r = await measureMotorLag();
    const windows = `${(r.windowMs / 1000).toFixed(0)} s windows, cmd_vel at 20 Hz, dry-run GPIO`;
    return [
      {
        key: "motor_loop_p99_lag_ms",
        value: r.mixedP99Ms,
        unit: "ms",
        goal: GOALS.motor_loop_p99_lag_ms,
        what: `motor process event-loop delay p99 while this process runs the mixed load (simulated device; ${windows})`,
      },
      {
        key: "motor_lag_vs_idle_ratio",
        value: r.mixedP99Ms / r.idleP99Ms,
        unit: "ratio",
        goal: GOALS.motor_lag_vs_idle_ratio,
        what: `motor process delay p99 under the mixed load ${f3(r.mixedP99Ms)} ms / with no perception load ${f3(r.idleP99Ms)} ms`,
      },
      { key: "motor_idle_p99_lag_ms", value: r.idleP99Ms, unit: "ms", what: "motor process event-loop delay p99, no perception load" },
      {
        key: "motor_saturated_p99_lag_ms",
        value: r.saturatedP99Ms,
        unit: "ms",
        what: "motor process event-loop delay p99 while the detection node runs flat out here (camera faster than the simulated device)",
      },
    ];
  },
};

const depth: BenchCase = {
  name: "depth",
  keys: ["depth_post_ms", "depth_copy_ms", "depth_post_ratio", "depth_pass_ms", "depth_pass_ratio", "depth_pass_reused_ms"],
  async run() {
    const post = benchDepthPostprocess();
    const copy = benchDepthCopyFloor();
    const pass = benchDepthPassFloor();
    const passReused = benchDepthPassReusedFloor();
    return [
      {
        key: "depth_post_ms",
        value: post.medianMs,
        unit: "ms",
        what: "depth postprocess: 256x320 scdepthv3 output -> metric depth image + organized xyz PointCloud2 (new buffers), no decimation",
      },
      { key: "depth_copy_ms", value: copy.medianMs, unit: "ms", what: "floor: memcpy the output's bytes and the cloud's bytes once" },
      {
        key: "depth_post_ratio",
        value: post.medianMs / copy.medianMs,
        unit: "x",
        goal: GOALS.depth_post_ratio,
        what: `depth_post_ms ${f3(post.medianMs)} / depth_copy_ms ${f3(copy.medianMs)}`,
      },
      {
        key: "depth_pass_ms",
        value: pass.medianMs,
        unit: "ms",
        what: "floor: one TypeScript pass per pixel, output read once, depth + xyz written once into new buffers",
      },
      {
        key: "depth_pass_ratio",
        value: post.medianMs / pass.medianMs,
        unit: "x",
        what: `depth_post_ms ${f3(post.medianMs)} / depth_pass_ms ${f3(pass.medianMs)}`,
      },
      {
        key: "depth_pass_reused_ms",
        value: passReused.medianMs,
        unit: "ms",
        what: "the same pass into preallocated buffers (what the new memory of depth_pass_ms costs)",
      },
    ];
  },
};

const stopLatency: BenchCase = {
  name: "stop latency",
  keys: ["stop_to_cmdvel_ms"],
  async run() {
    const r = await measureStopToCmdVel();
    return [
      {
        key: "stop_to_cmdvel_ms",
        value: r.p99Ms,
        unit: "ms",
        goal: GOALS.stop_to_cmdvel_ms,
        what:
          `"stop" on voice/transcript → zero cmd_vel received, p99 of ${r.stops} stops (p50 ${f3(r.p50Ms)} ms, max ${f3(r.maxMs)} ms; local transport) ` +
          `while detection runs at ${r.detectionFps.toFixed(1)} fps and the LLM lane streams ${r.llmTokensPerSecond.toFixed(1)} tokens/s (simulated device, ${(r.windowMs / 1000).toFixed(0)} s)`,
      },
    ];
  },
};

export const BENCH_CASES: readonly BenchCase[] = [
  floors,
  host,
  decode,
  scheduler,
  python,
  scaling,
  pipeline,
  mixed,
  native,
  soak,
  ros,
  fusion,
  sensors,
  motor,
  commands,
  depth,
  stopLatency,
];
