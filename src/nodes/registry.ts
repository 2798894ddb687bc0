/**
 * Every node hailo_ros has, by name: what it is, whether it uses the accelerator, its parameter
 * spec and how to start it. Each entry loads its node's code only when asked, so a process that
 * runs the motor node never loads accelerator code. `hailo-ros node NAME`, `hailo-ros run --nodes`,
 * the params YAML and docs generator, and the launch files are driven from here.
 */
import type { ParameterSpec } from "../core/parameters/parameter-spec.ts";
import type { AcceleratorScheduler } from "../core/scheduling/accelerator-scheduler.ts";
import type { LatencySummary } from "../core/stats/latency-recorder.ts";
import type { ParameterValue, RosNode, RosRuntime } from "../ports/ros.ts";
import type { DepthNodeIo } from "./depth/depth-node-io.ts";
import type { DetectionNodeIo } from "./detection/detection-node-io.ts";
import type { MotorNodeIo } from "./motor/motor-node-io.ts";
import type { CommandNodeIo } from "./command/command-node-io.ts";
import type { CameraNodeIo } from "./camera/camera-node-io.ts";
import type { NodeInterfaces } from "./kit/node-interfaces.ts";

/** The tracking and fusion nodes need no I/O beyond their topics. */
export type NoNodeIo = Readonly<Record<string, never>>;

/**
 * What a node counted so far, by name: plain counters and latency summaries. Each node has its
 * own; the run summary shows the ones each node has.
 */
export type NodeStats = Readonly<Record<string, number | LatencySummary>>;

/** What every started node offers its runner. */
export interface RunningNode {
  readonly node: RosNode;
  /** Resolves once the node is serving (e.g. its model has loaded, or failed with a logged error). */
  ready(): Promise<void>;
  /** After ready(): why the node cannot do its work (e.g. it has no model), or undefined when it can. */
  unavailableReason?(): string | undefined;
  /** Resolves when no work is waiting or running. */
  idle(): Promise<void>;
  /** Publishes the node's diagnostics now; a node in another process resolves once they arrived here. */
  publishDiagnostics?(): void | Promise<void>;
  stats?(): NodeStats;
  destroy(): Promise<void>;
}

export interface NodeStart<Io> {
  readonly runtime: RosRuntime;
  readonly io: Io;
  /** The process's accelerator scheduler (nodes that use the accelerator share it). */
  readonly scheduler?: AcceleratorScheduler;
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
}

export interface NodeDefinition<Io> {
  readonly name: string;
  readonly summary: string;
  /** Runs jobs on the accelerator: the runner gives it the process's scheduler. */
  readonly accelerator: boolean;
  /**
   * Runs in a process of its own even when a runner starts several nodes (`hailo-ros run`), so
   * that load in the others never delays it (the motor node).
   */
  readonly ownProcess?: boolean;
  readonly parameters: () => Promise<ParameterSpec>;
  /** Its topics, services and actions, as the node creates them (the reference docs list them). */
  readonly interfaces: () => Promise<NodeInterfaces>;
  readonly start: (options: NodeStart<Io>) => Promise<RunningNode>;
}

/** The I/O each node is given, by node name (built by the composition root in src/app/). */
export interface NodeIoMap {
  readonly detection: DetectionNodeIo;
  readonly depth: DepthNodeIo;
  readonly tracking: NoNodeIo;
  readonly fusion: NoNodeIo;
  readonly command: CommandNodeIo;
  readonly motor: MotorNodeIo;
  readonly camera: CameraNodeIo;
}

export type NodeName = keyof NodeIoMap;

export const NODES: { readonly [N in NodeName]: NodeDefinition<NodeIoMap[N]> } = {
  detection: {
    name: "detection",
    summary: "object detection: sensor_msgs/Image in, vision_msgs/Detection2DArray, LabelInfo and an overlay out",
    accelerator: true,
    parameters: async () => (await import("./detection/parameters.ts")).detectionParameterSpec,
    interfaces: async () => (await import("./detection/interfaces.ts")).detectionInterfaces,
    start: async ({ runtime, io, ...options }) => {
      const { DetectionNode } = await import("./detection/detection-node.ts");
      const detection = new DetectionNode(runtime, io, options);
      return {
        node: detection.node,
        ready: () => detection.ready(),
        unavailableReason: () => (detection.hasModel ? undefined : "has no model (see the error above); fix 'model_path' or 'backend'"),
        idle: () => detection.idle(),
        publishDiagnostics: () => detection.publishDiagnostics(),
        // A copy: NodeStats is an open record, DetectionNodeStats a closed interface.
        stats: () => ({ ...detection.stats() }),
        destroy: () => detection.destroy(),
      };
    },
  },
  depth: {
    name: "depth",
    summary:
      "monocular depth: sensor_msgs/Image + CameraInfo in, depth/image (32FC1 m), depth/camera_info, depth/points and depth/colored out",
    accelerator: true,
    parameters: async () => (await import("./depth/parameters.ts")).depthParameterSpec,
    interfaces: async () => (await import("./depth/interfaces.ts")).depthInterfaces,
    start: async ({ runtime, io, ...options }) => {
      const { DepthNode } = await import("./depth/depth-node.ts");
      const depth = new DepthNode(runtime, io, options);
      return {
        node: depth.node,
        ready: () => depth.ready(),
        unavailableReason: () => (depth.hasModel ? undefined : "has no model (see the error above); fix 'model_path' or 'backend'"),
        idle: () => depth.idle(),
        publishDiagnostics: () => depth.publishDiagnostics(),
        stats: () => ({ ...depth.stats() }),
        destroy: () => depth.destroy(),
      };
    },
  },
  tracking: {
    name: "tracking",
    summary:
      "multi-object tracking (ByteTrack-style, IoU + constant velocity): Detection2DArray in, the same with stable ids in Detection2D.id out",
    accelerator: false,
    parameters: async () => (await import("./tracking/parameters.ts")).trackingParameterSpec,
    interfaces: async () => (await import("./tracking/interfaces.ts")).trackingInterfaces,
    start: async ({ runtime, io: _io, scheduler: _scheduler, ...options }) => {
      const { TrackingNode } = await import("./tracking/tracking-node.ts");
      const tracking = new TrackingNode(runtime, options);
      return {
        node: tracking.node,
        ready: () => Promise.resolve(),
        idle: () => Promise.resolve(),
        publishDiagnostics: () => tracking.publishDiagnostics(),
        stats: () => ({ ...tracking.stats() }),
        destroy: () => tracking.destroy(),
      };
    },
  },
  fusion: {
    name: "fusion",
    summary: "3D detections: Detection2DArray + depth image + CameraInfos in, metric vision_msgs/Detection3DArray and rviz MarkerArray out",
    accelerator: false,
    parameters: async () => (await import("./fusion/parameters.ts")).fusionParameterSpec,
    interfaces: async () => (await import("./fusion/interfaces.ts")).fusionInterfaces,
    start: async ({ runtime, io: _io, scheduler: _scheduler, ...options }) => {
      const { FusionNode } = await import("./fusion/fusion-node.ts");
      const fusion = new FusionNode(runtime, options);
      return {
        node: fusion.node,
        ready: () => Promise.resolve(),
        idle: () => Promise.resolve(),
        publishDiagnostics: () => fusion.publishDiagnostics(),
        stats: () => {
          const { twoDOnly, ...counts } = fusion.stats();
          return { ...counts, twoDOnly: Object.values(twoDOnly).reduce((a, b) => a + b, 0) };
        },
        destroy: () => fusion.destroy(),
      };
    },
  },
  command: {
    name: "command",
    summary:
      "voice/LLM commands: voice/transcript text → a validated RobotCommand → cmd_vel (open or closed loop, visual servoing on detections); ~/parse_command, ~/execute_command, ~/generate",
    // The grammar and the executor use no accelerator; with llm_backend hailo the LLM runs on the
    // process's device and scheduler (its LLM lane, lowest priority), beside detection and depth.
    accelerator: true,
    parameters: async () => (await import("./command/parameters.ts")).commandParameterSpec,
    interfaces: async () => (await import("./command/interfaces.ts")).commandInterfaces,
    start: async ({ runtime, io, ...options }) => {
      const { CommandNode } = await import("./command/command-node.ts");
      const command = await CommandNode.create(runtime, io, options);
      return {
        node: command.node,
        ready: () => Promise.resolve(),
        idle: () => Promise.resolve(),
        publishDiagnostics: () => command.publishDiagnostics(),
        stats: () => ({ ...command.stats() }),
        destroy: () => command.destroy(),
      };
    },
  },
  motor: {
    name: "motor",
    summary: "differential drive on an H-bridge (L298N, TB6612FNG, DRV8833) over GPIO: cmd_vel in, motors/state out, e-stop, watchdog",
    accelerator: false,
    ownProcess: true,
    parameters: async () => (await import("./motor/parameters.ts")).motorParameterSpec,
    interfaces: async () => (await import("./motor/interfaces.ts")).motorInterfaces,
    start: async ({ runtime, io, scheduler: _scheduler, ...options }) => {
      const { MotorNode } = await import("./motor/motor-node.ts");
      const motor = await MotorNode.create(runtime, io, options);
      return {
        node: motor.node,
        ready: () => Promise.resolve(),
        idle: () => Promise.resolve(),
        publishDiagnostics: () => motor.publishDiagnostics(),
        stats: () => ({ ...motor.state.counts }),
        destroy: () => motor.destroy(),
      };
    },
  },
  camera: {
    name: "camera",
    summary:
      "a camera without hardware: the synthetic scenes (with CameraInfo and ground_truth), an .mcap replay or a folder of images as sensor_msgs/Image on image at rate_hz",
    accelerator: false,
    parameters: async () => (await import("./camera/parameters.ts")).cameraParameterSpec,
    interfaces: async () => (await import("./camera/interfaces.ts")).cameraInterfaces,
    start: async ({ runtime, io, scheduler: _scheduler, ...options }) => {
      const { CameraNode } = await import("./camera/camera-node.ts");
      const camera = await CameraNode.create(runtime, io, options);
      return {
        node: camera.node,
        ready: () => Promise.resolve(),
        idle: () => camera.idle(),
        publishDiagnostics: () => camera.publishDiagnostics(),
        stats: () => ({ ...camera.stats() }),
        destroy: () => camera.destroy(),
      };
    },
  },
};

/** Starts node `name` with its own I/O type (a generic keeps the name and its I/O together). */
export function startNode<N extends NodeName>(name: N, options: NodeStart<NodeIoMap[N]>): Promise<RunningNode> {
  return NODES[name].start(options);
}

export const NODE_NAMES = Object.keys(NODES) as NodeName[];

export function isNodeName(name: string): name is NodeName {
  return Object.hasOwn(NODES, name);
}

/** "unknown node 'x' (nodes: detection, …)", for every place a node is named. */
export function unknownNodeMessage(name: string): string {
  return `unknown node '${name}' (nodes: ${NODE_NAMES.join(", ")})`;
}
