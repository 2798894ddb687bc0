/**
 * Runs the nodes in one process without ROS: the local transport carries the topics, an image
 * source plays the camera, and an MCAP recorder (optional) writes every topic. One accelerator
 * scheduler serves every node of the run, as on the robot.
 */
import { writeFile } from "node:fs/promises";
import { LocalRuntime } from "../adapters/local/local-runtime.ts";
import { McapRecorder } from "../adapters/mcap/mcap-recorder.ts";
import { decodeCompressedImage } from "../adapters/codecs/compressed-image.ts";
import { encodePng } from "../adapters/codecs/png.ts";
import { combineEvaluations, evaluateFrame, type FrameEvaluation, type RunEvaluation } from "../core/detection/evaluate.ts";
import { labelledBoxes, toDetection2DArray } from "../core/detection/to-messages.ts";
import { DetectionNode, type DetectionNodeIo, type DetectionNodeStats } from "../nodes/detection/detection-node.ts";
import { AcceleratorScheduler } from "../core/scheduling/accelerator-scheduler.ts";
import { formatMetricsTable } from "../core/scheduling/metrics-table.ts";
import type { SchedulerMetrics } from "../core/scheduling/metrics.ts";
import { msFromTime, timeFromMs } from "../ports/clock.ts";
import type { ImageSource } from "../ports/image-source.ts";
import type { Image } from "../messages/sensor_msgs.ts";
import type { Detection2DArray } from "../messages/vision_msgs.ts";
import type { ParameterValue, QosProfile } from "../ports/ros.ts";
import { QosPresets } from "../ports/ros.ts";

export interface StandaloneOptions {
  readonly source: ImageSource;
  readonly io: DetectionNodeIo;
  /** Stop after this many frames (all the source has when undefined). */
  readonly frames?: number;
  /**
   * Camera rate. 0 (default) plays frames in lock step: each frame is published once the nodes
   * finished the previous one, so every frame is processed.
   */
  readonly fps?: number;
  readonly recordPath?: string;
  /** Writes the last overlay frame as PNG here. */
  readonly snapshotPath?: string;
  readonly detectionParameters?: Readonly<Record<string, ParameterValue>>;
  /** Check every published message against its ROS 2 definition (tests). */
  readonly checkMessages?: boolean;
  readonly log?: (line: string) => void;
  /** The accelerator scheduler the nodes share. Default: one created for the run and closed after it. */
  readonly scheduler?: AcceleratorScheduler;
}

export interface StandaloneSummary {
  readonly source: string;
  readonly frames: number;
  readonly elapsedMs: number;
  readonly fps: number;
  readonly nodes: ReadonlyArray<{ readonly name: string; readonly stats: DetectionNodeStats }>;
  readonly detections: number;
  /** Against the source's ground truth, when it has one (synthetic scenes). */
  readonly evaluation?: RunEvaluation;
  readonly recordPath?: string;
  readonly recordedMessages?: number;
  readonly snapshotPath?: string;
  /** The accelerator scheduler's metrics at the end of the run. */
  readonly scheduler: SchedulerMetrics;
}

const RECORDED_QOS: Readonly<Record<string, QosProfile>> = {
  "/detections/labels": QosPresets.latched,
};

export async function runStandalone(options: StandaloneOptions): Promise<StandaloneSummary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const runtime = new LocalRuntime({
    checkMessages: options.checkMessages ?? false,
    logSink: (level, node, message) => log(`[${level.toUpperCase()}] [${node}]: ${message}`),
  });
  const scheduler = options.scheduler ?? new AcceleratorScheduler();
  let detection: DetectionNode;
  try {
    // First, so that a bad parameter fails before a recording file is opened.
    detection = new DetectionNode(runtime, options.io, {
      scheduler,
      ...(options.detectionParameters !== undefined ? { parameterOverrides: options.detectionParameters } : {}),
    });
  } catch (error) {
    if (options.scheduler === undefined) scheduler.close();
    await runtime.shutdown();
    throw error;
  }
  let recorder: McapRecorder | undefined;
  let cleanupFailures: Error[];
  try {
    recorder = options.recordPath ? await McapRecorder.create(options.recordPath, { topicQos: RECORDED_QOS }) : undefined;
  } catch (error) {
    await detection.destroy();
    if (options.scheduler === undefined) scheduler.close();
    await runtime.shutdown();
    throw error;
  }
  const pendingWrites: Promise<void>[] = [];
  let writeError: Error | undefined;
  const tap = recorder
    ? runtime.messages$.subscribe((m) => {
        const write = recorder
          .write(m.topic, m.type as Parameters<McapRecorder["write"]>[1], m.message as never, BigInt(Math.round(m.receiveTimeMs * 1e6)))
          .catch((e: Error) => {
            writeError ??= e;
          });
        pendingWrites.push(write);
        if (pendingWrites.length > 256) void pendingWrites.splice(0, pendingWrites.length - 256);
      })
    : undefined;

  const camera = runtime.createNode("camera");
  const imagePub = camera.createPublisher("sensor_msgs/msg/Image", "/image", QosPresets.default);
  const truthPub = camera.createPublisher("vision_msgs/msg/Detection2DArray", "/ground_truth", QosPresets.default);
  const viewer = runtime.createNode("viewer");
  const results = new Map<string, Detection2DArray>();
  viewer.createSubscription("vision_msgs/msg/Detection2DArray", "/detections", QosPresets.default, (msg) => {
    results.set(stampKey(msg.header.stamp), msg);
  });
  let lastOverlay: Image | undefined;
  if (options.recordPath !== undefined || options.snapshotPath !== undefined) {
    // Subscribing is what makes the node draw the overlay (it only does while someone watches).
    viewer.createSubscription("sensor_msgs/msg/Image", "/detections/image", QosPresets.default, (msg) => {
      lastOverlay = msg;
    });
  }

  const evaluations: FrameEvaluation[] = [];
  let frames = 0;
  let started: number;
  let elapsedMs: number;
  let metrics: SchedulerMetrics | undefined;
  try {
    await detection.ready();
    if (!detection.hasModel) {
      throw new Error("the detection node has no model (see the error above); fix 'model_path' or 'backend'");
    }
    log(`source: ${options.source.description}`);
    const fps = options.fps ?? 0;
    started = performance.now();
    for await (const frame of options.source.frames()) {
      if (options.frames !== undefined && frames >= options.frames) break;
      let image: Image;
      if (frame.data.kind === "image") {
        image = frame.data.message;
      } else {
        const decoded = decodeCompressedImage(frame.data.message);
        if (!decoded.ok) {
          log(`[WARN] frame ${frame.index} on '${frame.data.topic}' skipped: ${decoded.error}`);
          continue;
        }
        image = decoded.value;
      }
      // Stamps are unique per frame so detections can be matched to their frame.
      image = { ...image, header: { ...image.header, stamp: uniqueStamp(image.header.stamp, frames) } };
      imagePub.publish(image);
      if (frame.groundTruth !== undefined) {
        truthPub.publish(
          toDetection2DArray(
            image.header,
            frame.groundTruth.map((g) => ({ box: g.box, score: 1, classIndex: g.classIndex })),
            frame.groundTruth.reduce<string[]>((labels, g) => ((labels[g.classIndex] = g.label), labels), []),
          ),
        );
      }
      frames++;
      if (fps > 0) {
        const due = started + (frames * 1000) / fps;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      } else {
        await runtime.idle();
        await detection.idle();
        await runtime.idle();
      }
      if (frame.groundTruth !== undefined && fps === 0) {
        const result = results.get(stampKey(image.header.stamp));
        evaluations.push(
          evaluateFrame(
            frame.groundTruth.map((g) => ({ box: g.box, label: g.label })),
            result === undefined ? [] : labelledBoxes(result),
          ),
        );
      }
    }
    await runtime.idle();
    await detection.idle();
    await runtime.idle();
    elapsedMs = performance.now() - started;
    // The 1 Hz timer may not have fired in a short run; the recording gets the final figures either way.
    detection.publishDiagnostics();
    await runtime.idle();
  } finally {
    metrics = scheduler.snapshot();
    // Each step runs whatever the others do, so the recording is always closed with its summary.
    const failures = await runEach([
      () => options.source.close(),
      () => tap?.unsubscribe(),
      () => Promise.all(pendingWrites),
      () => detection.destroy(),
      () => (options.scheduler === undefined ? scheduler.close() : undefined),
      () => runtime.shutdown(),
      () => recorder?.close(),
    ]);
    if (failures.length > 0) log(`[ERROR] cleanup after the run: ${failures.map((e) => e.message).join("; ")}`);
    cleanupFailures = failures;
  }
  if (cleanupFailures.length > 0) {
    throw new Error(`the run finished but cleaning up failed: ${cleanupFailures.map((e) => e.message).join("; ")}`);
  }
  if (writeError) throw new Error(`recording to '${options.recordPath}' failed: ${writeError.message}`);
  if (options.snapshotPath !== undefined && lastOverlay !== undefined) {
    await writeFile(options.snapshotPath, encodePng(lastOverlay));
  }
  const stats = detection.stats();
  return {
    source: options.source.description,
    frames,
    elapsedMs,
    fps: elapsedMs > 0 ? (stats.processed * 1000) / elapsedMs : 0,
    nodes: [{ name: detection.node.name, stats }],
    detections: stats.detections,
    ...(evaluations.length > 0 ? { evaluation: combineEvaluations(evaluations) } : {}),
    ...(recorder ? { recordPath: recorder.path, recordedMessages: recorder.messageCount } : {}),
    ...(options.snapshotPath !== undefined && lastOverlay !== undefined ? { snapshotPath: options.snapshotPath } : {}),
    scheduler: metrics,
  };
}

async function runEach(steps: ReadonlyArray<() => unknown>): Promise<Error[]> {
  const failures: Error[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return failures;
}

function stampKey(stamp: { sec: number; nanosec: number }): string {
  return `${stamp.sec}.${stamp.nanosec}`;
}

/** Sources that replay files may repeat stamps; nudge by a nanosecond per frame to keep them distinct. */
function uniqueStamp(stamp: { sec: number; nanosec: number }, frame: number): { sec: number; nanosec: number } {
  if (stamp.sec !== 0 || stamp.nanosec !== 0) return stamp;
  return timeFromMs(msFromTime(stamp) + frame);
}

export function formatSummary(summary: StandaloneSummary): string {
  const lines: string[] = [];
  lines.push(`frames: ${summary.frames} in ${(summary.elapsedMs / 1000).toFixed(2)} s (${summary.fps.toFixed(1)} FPS processed)`);
  lines.push(
    "node        received  processed  superseded  expired  throttled  stale  rejected  failed  detections  latency mean / p99 (ms)",
  );
  for (const { name, stats } of summary.nodes) {
    lines.push(
      `${name.padEnd(10)}  ${String(stats.received).padStart(8)}  ${String(stats.processed).padStart(9)}  ` +
        `${String(stats.superseded).padStart(10)}  ${String(stats.expired).padStart(7)}  ${String(stats.throttled).padStart(9)}  ` +
        `${String(stats.stale).padStart(5)}  ` +
        `${String(stats.rejected).padStart(8)}  ${String(stats.failed).padStart(6)}  ` +
        `${String(stats.detections).padStart(10)}  ${stats.latency.meanMs.toFixed(2)} / ${stats.latency.p99Ms.toFixed(2)}`,
    );
  }
  lines.push("accelerator scheduler:");
  lines.push(formatMetricsTable(summary.scheduler));
  if (summary.evaluation) {
    const e = summary.evaluation;
    lines.push(
      `ground truth: ${e.matched}/${e.objects} objects found (min IoU ${e.minIou.toFixed(3)}), ${e.falsePositives} false positives`,
    );
  }
  if (summary.recordPath) lines.push(`recorded ${summary.recordedMessages} messages to ${summary.recordPath}`);
  if (summary.snapshotPath) lines.push(`overlay snapshot: ${summary.snapshotPath}`);
  return lines.join("\n");
}
