/**
 * Benchmarks of the accelerator scheduler: its own CPU cost per job, and mixed workloads against
 * the SIMULATED accelerator in real time (no Hailo device is involved). Run directly to print a
 * JSON report: `node dist/scripts/bench/scheduler.js`.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { AcceleratorScheduler } from "../../src/core/scheduling/accelerator-scheduler.ts";
import { createEventLoopDelaySource } from "../../src/adapters/event-loop-delay.ts";
import { formatMetricsTable } from "../../src/core/scheduling/metrics-table.ts";
import { SampleWindow } from "../../src/core/scheduling/sample-window.ts";
import { SimulatedAcceleratorBackend } from "../../src/adapters/simulated-accelerator/simulated-backend.ts";
import { SimulatedDevice } from "../../src/adapters/simulated-accelerator/simulated-device.ts";
import { SimulatedLlm } from "../../src/adapters/simulated-accelerator/simulated-llm.ts";
import { systemClock } from "../../src/ports/clock.ts";

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function overheadRunUs(jobs: number): Promise<number> {
  const resolved = Promise.resolve(1);
  const job = (): Promise<number> => resolved;
  const signal = new AbortController().signal;
  const pending: Promise<number>[] = new Array<Promise<number>>(jobs);

  // Baseline: the same jobs awaited without a scheduler, so only the scheduler's share is counted.
  let t0 = performance.now();
  for (let i = 0; i < jobs; i++) pending[i] = job().then((v) => v + (signal.aborted ? 1 : 0));
  await Promise.all(pending);
  const baselineMs = performance.now() - t0;

  const scheduler = new AcceleratorScheduler();
  const stream = scheduler.declareStream({ name: "bench", policy: "queue", capacity: jobs, timeoutMs: 60_000 });
  t0 = performance.now();
  for (let i = 0; i < jobs; i++) pending[i] = stream.run(job);
  await Promise.all(pending);
  const scheduledMs = performance.now() - t0;
  scheduler.close();
  return ((scheduledMs - baselineMs) * 1000) / jobs;
}

/** Scheduler CPU per job (µs) with a backend that resolves immediately: median of several runs. */
export async function measureSchedulerOverheadUs(options: { jobs?: number; runs?: number } = {}): Promise<number> {
  const jobs = options.jobs ?? 20_000;
  const runs = options.runs ?? 7;
  await overheadRunUs(jobs); // warm up the JIT
  const results: number[] = [];
  for (let r = 0; r < runs; r++) results.push(await overheadRunUs(jobs));
  return median(results);
}

async function sequentialRunUs(jobs: number): Promise<number> {
  const resolved = Promise.resolve(1);
  const job = (): Promise<number> => resolved;
  // Baseline: the same jobs awaited one after another without a scheduler.
  let t0 = performance.now();
  for (let i = 0; i < jobs; i++) await job().then((v) => v);
  const baselineMs = performance.now() - t0;
  const scheduler = new AcceleratorScheduler();
  const stream = scheduler.declareStream({ name: "bench", policy: "latest", timeoutMs: 60_000 });
  t0 = performance.now();
  for (let i = 0; i < jobs; i++) await stream.run(job);
  const scheduledMs = performance.now() - t0;
  scheduler.close();
  return ((scheduledMs - baselineMs) * 1000) / jobs;
}

/**
 * Scheduler CPU per job (µs) as the detection node drives it: one frame's job at a time on a
 * `latest` stream, the backend answering at once; median of several runs.
 */
export async function measureSchedulerJobUs(options: { jobs?: number; runs?: number } = {}): Promise<number> {
  const jobs = options.jobs ?? 20_000;
  const runs = options.runs ?? 7;
  await sequentialRunUs(jobs);
  const results: number[] = [];
  for (let r = 0; r < runs; r++) results.push(await sequentialRunUs(jobs));
  return median(results);
}

export interface MixedWorkloadOptions {
  readonly cameraFps?: number;
  readonly depthHz?: number;
  readonly withLlm?: boolean;
  readonly durationMs?: number;
  /** Tokens per simulated LLM reply; replies follow each other with a 300 ms pause. */
  readonly llmTokensPerReply?: number;
}

export interface MixedWorkloadResult {
  readonly durationMs: number;
  readonly framesCaptured: number;
  readonly detectionFps: number;
  readonly detectionLatencyP50Ms: number;
  readonly detectionLatencyP99Ms: number;
  readonly detectionLatencyMaxMs: number;
  readonly depthHz: number;
  readonly llmTokensPerSecond: number;
  readonly eventLoopDelayP99Ms: number;
  /** Longest time any started job of any stream waited for a slot. */
  readonly starvationMaxWaitMs: number;
  readonly deviceUtilisation: number;
  readonly droppedByStream: Readonly<Record<string, number>>;
  readonly table: string;
}

/**
 * A robot's accelerator load, on the simulated device in real time: a camera feeding yolov8n
 * detection (latest, priority 24, 100 ms deadline), scdepthv3 depth on the same frames (latest,
 * rate-capped, priority 12), and optionally an LLM (priority 4) talking continuously on the llm lane.
 */
export async function runMixedWorkload(options: MixedWorkloadOptions = {}): Promise<MixedWorkloadResult> {
  const cameraFps = options.cameraFps ?? 30;
  const depthRate = options.depthHz ?? 10;
  const withLlm = options.withLlm ?? false;
  const durationMs = options.durationMs ?? 5000;
  const tokensPerReply = options.llmTokensPerReply ?? 30;

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const guardSource = createEventLoopDelaySource();
  const device = new SimulatedDevice();
  const backend = new SimulatedAcceleratorBackend({ device });
  const scheduler = new AcceleratorScheduler({ cpuGuard: { source: guardSource } });
  const detection = scheduler.declareStream({
    name: "detection",
    policy: "latest",
    priority: 24,
    deadlineMs: 100,
    timeoutMs: 500,
    sheddable: false,
  });
  const depth = scheduler.declareStream({
    name: "depth",
    policy: "latest",
    priority: 12,
    maxRateHz: depthRate,
    deadlineMs: 200,
    timeoutMs: 500,
  });
  // Lowest device priority for the LLM: vision jobs queued on the chip then go before the next
  // token slice (a token 3 ms late is harmless; a frame 144 ms late is not). With the LLM above
  // depth, depth jobs already on the device starve behind back-to-back token slices.
  const chat = scheduler.declareStream({ name: "llm", lane: "llm", priority: 4, timeoutMs: 60_000 });
  const detModel = await backend.load({ modelPath: "sim:yolov8n", priority: detection.hailoPriority });
  const depthModel = await backend.load({ modelPath: "sim:scdepthv3", priority: depth.hailoPriority });
  const script = Array.from({ length: tokensPerReply }, (_, i) => ` t${i}`);
  const llm = new SimulatedLlm({ device, priority: chat.hailoPriority, script: () => script });

  const detFrame = new Uint8Array(640 * 640 * 3);
  const depthFrame = new Uint8Array(256 * 320 * 3);
  const latency = new SampleWindow(1 << 16);
  let frames = 0;
  let detections = 0;
  let depths = 0;
  let tokens = 0;
  const ignoreDrop = (): void => undefined;

  const startMs = systemClock.nowMs();
  const camera = setInterval(() => {
    frames++;
    const capturedAtMs = systemClock.nowMs();
    detection
      .run((signal) => detModel.infer(detFrame, { signal }), { capturedAtMs })
      .then(() => {
        detections++;
        latency.add(systemClock.nowMs() - capturedAtMs);
      }, ignoreDrop);
    depth.run((signal) => depthModel.infer(depthFrame, { signal }), { capturedAtMs }).then(() => void depths++, ignoreDrop);
  }, 1000 / cameraFps);

  let running = true;
  const talker = (async () => {
    while (withLlm && running) {
      await chat
        .run(async (signal) => {
          for await (const _token of llm.generate([{ role: "user", content: "report status" }], { signal })) tokens++;
        })
        .catch(ignoreDrop);
      await new Promise((r) => setTimeout(r, 300));
    }
  })();

  await new Promise((r) => setTimeout(r, durationMs));
  running = false;
  clearInterval(camera);
  const elapsedMs = systemClock.nowMs() - startMs;
  const snapshot = scheduler.snapshot();
  const utilisation = device.utilisation();
  scheduler.close();
  await talker;
  device.close();
  loopDelay.disable();
  guardSource.close();

  const p = latency.percentiles();
  return {
    durationMs: elapsedMs,
    framesCaptured: frames,
    detectionFps: (detections * 1000) / elapsedMs,
    detectionLatencyP50Ms: p.p50,
    detectionLatencyP99Ms: p.p99,
    detectionLatencyMaxMs: p.max,
    depthHz: (depths * 1000) / elapsedMs,
    llmTokensPerSecond: (tokens * 1000) / elapsedMs,
    // The histogram counts the whole 10 ms sampling interval; the delay is what exceeds it.
    eventLoopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - 10),
    starvationMaxWaitMs: Math.max(...snapshot.streams.map((s) => s.waitMs.max)),
    deviceUtilisation: utilisation,
    droppedByStream: Object.fromEntries(snapshot.streams.map((s) => [s.stream, s.droppedTotal])),
    table: formatMetricsTable(snapshot),
  };
}

async function main(): Promise<void> {
  const overheadUs = await measureSchedulerOverheadUs();
  console.log(`scheduler overhead: ${overheadUs.toFixed(2)} µs/job`);
  for (const withLlm of [false, true]) {
    const { table, ...result } = await runMixedWorkload({ cameraFps: 30, depthHz: 10, withLlm, durationMs: 5000 });
    console.log(`\nmixed workload, 30 fps camera, depth 10 Hz, LLM ${withLlm ? "talking" : "idle"} (simulated accelerator):`);
    console.log(JSON.stringify(result, (_k, v: unknown) => (typeof v === "number" ? Math.round(v * 100) / 100 : v), 2));
    console.log(table);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
