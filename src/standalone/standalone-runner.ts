/**
 * Runs nodes in one process without ROS: the local transport carries the topics, a camera player
 * plays the image source, a recording (optional) writes every topic from the transport's tap, and
 * the detections are scored against the source's ground truth. One accelerator scheduler serves
 * every node of the run, as on the robot.
 */
import { LocalRuntime } from "../adapters/local/local-runtime.ts";
import { registryNodeStarter, type NodeStarter } from "../app/registry-node-starter.ts";
import type { RunEvaluation } from "../core/detection/evaluate.ts";
import { AcceleratorScheduler } from "../core/scheduling/accelerator-scheduler.ts";
import type { SchedulerMetrics } from "../core/scheduling/metrics.ts";
import type { RunningNode } from "../nodes/registry.ts";
import type { ImageSource } from "../ports/image-source.ts";
import type { ParameterValue } from "../ports/ros.ts";
import { CameraPlayer, type PlaybackTime } from "./camera-player.ts";
import { CleanupSteps, describeCleanupFailures, type CleanupFailure } from "./cleanup-steps.ts";
import { DetectionEvaluation } from "./detection-evaluation.ts";
import { OverlayWatcher } from "./overlay-watcher.ts";
import { processedFps, type NodeSummary, type StandaloneSummary } from "./run-summary.ts";
import { RecordingSubscriber } from "./recording-subscriber.ts";
import { TapRecording } from "./tap-recording.ts";

export interface StandaloneOptions {
  readonly source: ImageSource;
  /** The nodes to run, by name, started in this order (default: detection). */
  readonly nodes?: readonly string[];
  /** Starts each node (default: from the registry, with the I/O the composition root builds). */
  readonly startNode?: NodeStarter;
  /** Parameter overrides by node name. */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, ParameterValue>>>>;
  /** Stop after this many frames (all the source has when undefined). */
  readonly frames?: number;
  /**
   * Camera rate. 0 (default) plays frames in lock step: each frame is published once the nodes
   * finished the previous one, so every frame is processed.
   */
  readonly fps?: number;
  /** The camera rate's time (default: real time). */
  readonly time?: PlaybackTime;
  readonly recordPath?: string;
  /** Writes the last overlay frame as PNG here. */
  readonly snapshotPath?: string;
  /** Check every published message against its ROS 2 definition (tests). */
  readonly checkMessages?: boolean;
  readonly log?: (line: string) => void;
  /** The accelerator scheduler the nodes share. Default: one created for the run and closed after it. */
  readonly scheduler?: AcceleratorScheduler;
}

export const DEFAULT_NODES: readonly string[] = ["detection"];

export async function runStandalone(options: StandaloneOptions): Promise<StandaloneSummary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const startNode = options.startNode ?? registryNodeStarter({ io: { note: (line) => log(`[INFO] ${line}`) } });
  const cleanup = new CleanupSteps();
  const runtime = new LocalRuntime({
    checkMessages: options.checkMessages ?? false,
    logSink: (level, node, message) => log(`[${level.toUpperCase()}] [${node}]: ${message}`),
  });
  cleanup.add("shutting down the runtime", () => runtime.shutdown());
  const scheduler = options.scheduler ?? new AcceleratorScheduler();
  if (options.scheduler === undefined) cleanup.add("closing the accelerator scheduler", () => scheduler.close());
  cleanup.add("closing the source", () => options.source.close());
  let run: FinishedRun;
  let recording: TapRecording | undefined;
  let failures: CleanupFailure[];
  try {
    // First, so that a bad parameter fails before a recording file is opened.
    const nodes: RunningNode[] = [];
    for (const name of options.nodes ?? DEFAULT_NODES) {
      const parameterOverrides = options.parameters?.[name];
      const node = await startNode(name, { runtime, scheduler, ...(parameterOverrides !== undefined ? { parameterOverrides } : {}) });
      nodes.push(node);
      cleanup.add(`destroying node '${name}'`, () => node.destroy());
    }
    if (options.recordPath !== undefined) {
      const opened = await TapRecording.start(options.recordPath, runtime.messages$);
      cleanup.add("closing the recording", () => opened.close());
      recording = opened;
      // Subscribed like a rosbag2 recorder, so outputs published only while subscribed are recorded too.
      const subscriber = new RecordingSubscriber(runtime.createNode("recorder"), runtime.advertisedTopics$);
      cleanup.add("unsubscribing the recorder", () => subscriber.close());
    }
    run = await play({ runtime, scheduler, nodes, options, log });
  } finally {
    failures = await cleanup.runAll();
    if (failures.length > 0) log(`[ERROR] cleanup after the run: ${describeCleanupFailures(failures)}`);
  }
  if (failures.length > 0) throw new Error(`the run finished but cleaning up failed: ${describeCleanupFailures(failures)}`);
  return {
    source: options.source.description,
    frames: run.frames,
    elapsedMs: run.elapsedMs,
    fps: processedFps(run.nodes, run.elapsedMs),
    nodes: run.nodes,
    ...(run.evaluation !== undefined ? { evaluation: run.evaluation } : {}),
    ...(recording !== undefined ? { recordPath: recording.path, recordedMessages: recording.messageCount } : {}),
    ...(run.snapshotWritten ? { snapshotPath: options.snapshotPath } : {}),
    scheduler: run.scheduler,
  };
}

interface RunParts {
  readonly runtime: LocalRuntime;
  readonly scheduler: AcceleratorScheduler;
  readonly nodes: readonly RunningNode[];
  readonly options: StandaloneOptions;
  readonly log: (line: string) => void;
}

interface FinishedRun {
  readonly frames: number;
  readonly elapsedMs: number;
  readonly nodes: readonly NodeSummary[];
  readonly evaluation: RunEvaluation | undefined;
  readonly snapshotWritten: boolean;
  /** Taken before the nodes release their streams. */
  readonly scheduler: SchedulerMetrics;
}

/** Plays the source to the started nodes and collects what they did. */
async function play({ runtime, scheduler, nodes, options, log }: RunParts): Promise<FinishedRun> {
  // Settled when every delivery and every node's work is done; in node order, so a node that
  // feeds a later one has delivered before that one is asked.
  const settle = async () => {
    await runtime.idle();
    for (const node of nodes) {
      await node.idle();
      await runtime.idle();
    }
  };
  const camera = new CameraPlayer(runtime.createNode("camera"), {
    settle,
    log,
    ...(options.fps !== undefined ? { fps: options.fps } : {}),
    ...(options.frames !== undefined ? { frames: options.frames } : {}),
    ...(options.time !== undefined ? { time: options.time } : {}),
  });
  const viewer = runtime.createNode("viewer");
  // Only in lock step: at a camera rate frames are superseded by design, so misses are no misses.
  const evaluation = camera.lockStep && hasPublisher(runtime, "/detections") ? new DetectionEvaluation(viewer) : undefined;
  const overlay = options.snapshotPath !== undefined ? new OverlayWatcher(viewer) : undefined;

  await Promise.all(nodes.map((node) => node.ready()));
  for (const node of nodes) {
    const reason = node.unavailableReason?.();
    if (reason !== undefined) throw new Error(`the ${node.node.name} node ${reason}`);
  }
  log(`source: ${options.source.description}`);
  const started = performance.now();
  const playback = await camera.play(options.source);
  await settle();
  const elapsedMs = performance.now() - started;
  // The 1 Hz timers may not have fired in a short run; the recording gets the final figures either way.
  for (const node of nodes) await node.publishDiagnostics?.();
  await runtime.idle();
  return {
    frames: playback.frames,
    elapsedMs,
    nodes: nodes.map((node) => ({ name: node.node.name, stats: node.stats?.() ?? {} })),
    evaluation: evaluation?.result(),
    snapshotWritten: options.snapshotPath !== undefined && (await overlay?.writePng(options.snapshotPath)) === true,
    scheduler: scheduler.snapshot(),
  };
}

function hasPublisher(runtime: LocalRuntime, topic: string): boolean {
  return runtime.topicStats().some((t) => t.topic === topic && t.publishers > 0);
}
