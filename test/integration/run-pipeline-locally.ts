/**
 * Runs the 3D pipeline's four nodes (detection, depth, tracking, fusion) on the local runtime in
 * this process, played the known scenes of crossing-scenes.ts in lock step, and returns what they
 * published and logged.
 */
import { join } from "node:path";
import { registryNodeStarter } from "../../src/app/registry-node-starter.ts";
import { AcceleratorScheduler } from "../../src/core/scheduling/accelerator-scheduler.ts";
import type { Detection2DArray, Detection3DArray } from "../../src/messages/vision_msgs.ts";
import type { RunningNode } from "../../src/nodes/registry.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import { recordingRuntime, type LogLine } from "../adapters/local/fixtures.ts";
import { FRAMES, frameMessages, type PipelineOutputs } from "./crossing-scenes.ts";

/** The nodes in pipeline order, with the parameters the known-answer runs give them. */
export function pipelineNodes(depthBackend: "sim" | "onnx"): Array<[string, Record<string, string>]> {
  // Detection on the simulated Hailo device: its connected-rectangle rule keeps the crossing pair
  // apart though they pass 4 px from each other.
  return [
    ["detection", { backend: "sim" }],
    ["depth", { backend: depthBackend }],
    ["tracking", {}],
    ["fusion", {}],
  ];
}

export async function runPipelineLocally(options: {
  readonly cacheDir: string;
  readonly depthBackend: "sim" | "onnx";
}): Promise<PipelineOutputs & { readonly logs: readonly LogLine[]; readonly unavailable: readonly string[] }> {
  const { runtime, logs } = recordingRuntime({ checkMessages: true });
  const scheduler = new AcceleratorScheduler();
  const startNode = registryNodeStarter({ io: { cacheDir: join(options.cacheDir, "models") }, processes: "single" });
  const nodes: RunningNode[] = [];
  try {
    for (const [name, parameterOverrides] of pipelineNodes(options.depthBackend)) {
      nodes.push(await startNode(name, { runtime, scheduler, parameterOverrides }));
    }
    await Promise.all(nodes.map((n) => n.ready()));
    const unavailable = nodes.flatMap((n) => {
      const reason = n.unavailableReason?.();
      return reason === undefined ? [] : [`${n.node.name}: ${reason}`];
    });
    const viewer = runtime.createNode("viewer");
    const tracked: Detection2DArray[] = [];
    const fused: Detection3DArray[] = [];
    viewer.createSubscription("vision_msgs/msg/Detection2DArray", "/detections/tracked", QosPresets.default, (m) => void tracked.push(m));
    viewer.createSubscription("vision_msgs/msg/Detection3DArray", "/detections_3d", QosPresets.default, (m) => void fused.push(m));
    const camera = runtime.createNode("camera");
    const image = camera.createPublisher("sensor_msgs/msg/Image", "/image", QosPresets.sensor_data);
    const info = camera.createPublisher("sensor_msgs/msg/CameraInfo", "/camera_info", QosPresets.sensor_data);
    for (let frame = 0; frame < FRAMES && unavailable.length === 0; frame++) {
      const messages = frameMessages(frame);
      info.publish(messages.cameraInfo);
      image.publish(messages.image);
      // Lock step, as `hailo-ros run` plays: each node done before the next frame.
      await runtime.idle();
      for (const n of nodes) {
        await n.idle();
        await runtime.idle();
      }
    }
    return { tracked, fused, logs, unavailable };
  } finally {
    for (const n of nodes) await n.destroy();
    scheduler.close();
    await runtime.shutdown();
  }
}
