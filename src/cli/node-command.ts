/**
 * `hailo-ros node <name> [--ros-args …]`: one node of the registry under real ROS 2 through
 * rclnodejs, as `ros2 run` and `ros2 launch` start it. rcl reads the node name, namespace,
 * parameters and remappings from the `--ros-args` part of argv. A node that cannot start says why
 * and exits non-zero (so `ros2 launch` can report it or respawn it); SIGINT/SIGTERM shut it down cleanly.
 */
import { errorText } from "../adapters/ros-common/error-text.ts";
import { NODE_NAMES, NODES, isNodeName, startNode, type RunningNode } from "../nodes/registry.ts";

export async function nodeCommand(argv: readonly string[]): Promise<number> {
  const [name] = argv;
  if (name === undefined || !isNodeName(name)) {
    process.stderr.write(`hailo-ros node: name one of: ${NODE_NAMES.join(", ")} (got ${name === undefined ? "nothing" : `'${name}'`})\n`);
    return 2;
  }
  const definition = NODES[name];
  const [{ createRclnodejsRuntime }, { createNodeIo }, { createProductionScheduler }] = await Promise.all([
    import("../adapters/rclnodejs/rclnodejs-runtime.ts"),
    import("../app/node-io.ts"),
    import("../app/production-scheduler.ts"),
  ]);
  const production = definition.accelerator ? createProductionScheduler() : undefined;
  let running: RunningNode | undefined;
  let runtime: Awaited<ReturnType<typeof createRclnodejsRuntime>> | undefined;
  const notes: string[] = [];
  try {
    runtime = await createRclnodejsRuntime({
      argv: process.argv,
      beforeShutdown: async () => {
        await running?.destroy();
        production?.close();
      },
    });
    const io = await createNodeIo(name, { note: (line) => notes.push(line) });
    running = await startNode(name, { runtime, io, ...(production !== undefined ? { scheduler: production.scheduler } : {}) });
    for (const note of notes) running.node.logger.info(note);
    await running.ready();
  } catch (error) {
    process.stderr.write(`[FATAL] [hailo_ros]: node '${name}' cannot start: ${errorText(error)}\n`);
    await running?.destroy().catch(() => undefined);
    production?.close();
    await runtime?.shutdown().catch(() => undefined);
    return 1;
  }
  // rclnodejs spins on its own; the node lives until SIGINT/SIGTERM shuts ROS 2 down.
  await runtime.whenShutdown();
  return 0;
}
