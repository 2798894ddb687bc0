/**
 * `hailo-ros node <name> [--ros-args …]`: one node under real ROS 2 through rclnodejs, as
 * `ros2 run` and `ros2 launch` start it. rcl reads the node name, namespace, parameters and
 * remappings from the `--ros-args` part of argv. A node that cannot start says why and exits
 * non-zero (so `ros2 launch` can report it or respawn it); SIGINT/SIGTERM shut it down cleanly.
 */
import { errorText } from "../adapters/ros-common/error-text.ts";

const NODES = ["detection"] as const;

export async function nodeCommand(argv: readonly string[]): Promise<number> {
  const [name] = argv;
  if (name === undefined || !(NODES as readonly string[]).includes(name)) {
    process.stderr.write(`hailo-ros node: name one of: ${NODES.join(", ")} (got ${name === undefined ? "nothing" : `'${name}'`})\n`);
    return 2;
  }
  const [{ createRclnodejsRuntime }, { createDetectionNodeIo }, { loadNativeImageKernels }, { createProductionScheduler }, { DetectionNode }] =
    await Promise.all([
      import("../adapters/rclnodejs/rclnodejs-runtime.ts"),
      import("../adapters/detection-io.ts"),
      import("../adapters/native-image-kernels.ts"),
      import("../adapters/production-scheduler.ts"),
      import("../nodes/detection/detection-node.ts"),
    ]);
  const production = createProductionScheduler();
  let node: InstanceType<typeof DetectionNode> | undefined;
  let runtime: Awaited<ReturnType<typeof createRclnodejsRuntime>> | undefined;
  try {
    runtime = await createRclnodejsRuntime({
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
  } catch (error) {
    process.stderr.write(`[FATAL] [hailo_ros]: node '${name}' cannot start: ${errorText(error)}\n`);
    await node?.destroy().catch(() => undefined);
    production.close();
    await runtime?.shutdown().catch(() => undefined);
    return 1;
  }
  // rclnodejs spins on its own; the node lives until SIGINT/SIGTERM shuts ROS 2 down.
  await runtime.whenShutdown();
  return 0;
}
