/**
 * `hailo-ros node <name> [--ros-args …]`: one node of the registry under real ROS 2 through
 * rclnodejs, as `ros2 run` and `ros2 launch` start it. rcl reads the node name, namespace,
 * parameters and remappings from the `--ros-args` part of argv. A node that cannot start says why
 * and exits non-zero (so `ros2 launch` can report it or respawn it); SIGINT/SIGTERM shut it down cleanly.
 * `hailo-ros node detection,motor` runs several nodes in one process on one rclnodejs context
 * (and one accelerator scheduler); a `-r __node:=` remap would then rename all of them, so name
 * each with rcl's node-prefixed form (`-r detection:__node:=front_detection`). `--no-cpu-guard`
 * (before `--ros-args`) turns off the accelerator scheduler's CPU guard.
 */
import { errorText } from "../adapters/ros-common/error-text.ts";
import { NODE_NAMES, NODES, isNodeName, startNode, type NodeName, type RunningNode } from "../nodes/registry.ts";

/** Before `--ros-args`: replaying recorded frames as fast as the nodes go, where every frame must be processed. */
export const NO_CPU_GUARD_FLAG = "--no-cpu-guard";

export async function nodeCommand(argv: readonly string[]): Promise<number> {
  const [list, ...rest] = argv;
  const rosArgs = rest.indexOf("--ros-args");
  const ownArgs = rosArgs < 0 ? rest : rest.slice(0, rosArgs);
  const names = list === undefined || list.startsWith("-") ? [] : list.split(",");
  const unknown = names.filter((n) => !isNodeName(n));
  if (names.length === 0 || unknown.length > 0 || new Set(names).size !== names.length) {
    process.stderr.write(
      `hailo-ros node: name one of: ${NODE_NAMES.join(", ")}, or several joined by commas (got ${list === undefined ? "nothing" : `'${list}'`})\n`,
    );
    return 2;
  }
  const nodeNames = names as NodeName[];
  const label = nodeNames.join("', '");
  const [{ createRclnodejsRuntime }, { createNodeIo }, { createProductionScheduler }] = await Promise.all([
    import("../adapters/rclnodejs/rclnodejs-runtime.ts"),
    import("../app/node-io.ts"),
    import("../app/production-scheduler.ts"),
  ]);
  // The CPU guard sheds accelerator work while the event loop lags, so motor and sensor topics keep
  // their deadlines; a lock-step replay has no deadline and needs every frame.
  const cpuGuard = !ownArgs.includes(NO_CPU_GUARD_FLAG);
  const production = nodeNames.some((n) => NODES[n].accelerator) ? createProductionScheduler({ cpuGuard }) : undefined;
  const running: RunningNode[] = [];
  let runtime: Awaited<ReturnType<typeof createRclnodejsRuntime>> | undefined;
  const destroyAll = async () => {
    for (const node of running.splice(0).reverse()) await node.destroy().catch(() => undefined);
  };
  try {
    runtime = await createRclnodejsRuntime({
      argv: process.argv,
      beforeShutdown: async () => {
        await destroyAll();
        production?.close();
      },
    });
    for (const name of nodeNames) {
      const notes: string[] = [];
      const io = await createNodeIo(name, { note: (line) => notes.push(line) });
      const started = await startNode(name, {
        runtime,
        io,
        ...(production !== undefined && NODES[name].accelerator ? { scheduler: production.scheduler } : {}),
      });
      running.push(started);
      for (const note of notes) started.node.logger.info(note);
    }
    await Promise.all(running.map((node) => node.ready()));
  } catch (error) {
    process.stderr.write(`[FATAL] [hailo_ros]: node '${label}' cannot start: ${errorText(error)}\n`);
    await destroyAll();
    production?.close();
    await runtime?.shutdown().catch(() => undefined);
    return 1;
  }
  // rclnodejs spins on its own; the nodes live until SIGINT/SIGTERM shuts ROS 2 down.
  await runtime.whenShutdown();
  return 0;
}
