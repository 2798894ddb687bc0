/**
 * `hailo-ros node <name> [--ros-args …]`: one node under real ROS 2 through rclnodejs, as
 * `ros2 run` and `ros2 launch` start it. rcl reads the node name, namespace, parameters and
 * remappings from the `--ros-args` part of argv.
 */
import { createDetectionNodeIo } from "../adapters/detection-io.ts";
import { loadNativeImageKernels } from "../adapters/native-image-kernels.ts";
import { createProductionScheduler } from "../adapters/production-scheduler.ts";
import { DetectionNode } from "../nodes/detection/detection-node.ts";

const NODES = ["detection"] as const;

export async function nodeCommand(argv: readonly string[]): Promise<number> {
  const [name] = argv;
  if (name === undefined || !(NODES as readonly string[]).includes(name)) {
    process.stderr.write(`hailo-ros node: name one of: ${NODES.join(", ")} (got ${name === undefined ? "nothing" : `'${name}'`})\n`);
    return 2;
  }
  const { createRclnodejsRuntime } = await import("../adapters/rclnodejs/rclnodejs-runtime.ts");
  let node: DetectionNode | undefined;
  const production = createProductionScheduler();
  const runtime = await createRclnodejsRuntime({
    argv: process.argv,
    beforeShutdown: async () => {
      await node?.destroy();
      production.close();
    },
  });
  const kernels = await loadNativeImageKernels();
  node = new DetectionNode(runtime, createDetectionNodeIo(kernels.ok ? { imageKernels: kernels.kernels } : {}), {
    scheduler: production.scheduler,
  });
  if (!kernels.ok) node.node.logger.info(`image preprocessing in JavaScript: ${kernels.reason}`);
  await node.ready();
  // rclnodejs spins on its own thread; the process lives until SIGINT/SIGTERM shuts ROS down.
  await new Promise<void>(() => undefined);
  return 0;
}
