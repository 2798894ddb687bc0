/**
 * The node registry as data for the ROS 2 packaging: each node's name, its `ros2 run` executable
 * (`<name>_node`), what it does, whether it uses the accelerator and its parameter names. The
 * colcon package (ros2_ws/src/hailo_ros/CMakeLists.txt) generates one executable per node from
 * `--names`, and the launch checker (scripts/check_launch.py) reads the JSON.
 *
 *   node dist/scripts/list-nodes.js            # JSON on stdout
 *   node dist/scripts/list-nodes.js --names    # detection;motor (a CMake list)
 */
import { fileURLToPath } from "node:url";
import { NODE_NAMES, NODES } from "../src/nodes/registry.ts";

/** The executable that runs several registry nodes in one process (`hailo_ros_run detection,motor`). */
export const MULTI_NODE_EXECUTABLE = "hailo_ros_run";

export interface ListedNode {
  readonly name: string;
  readonly executable: string;
  readonly summary: string;
  readonly accelerator: boolean;
  readonly parameters: readonly string[];
}

export function executableOf(name: string): string {
  return `${name}_node`;
}

export async function listNodes(): Promise<{ nodes: ListedNode[]; multiNodeExecutable: string }> {
  const nodes: ListedNode[] = [];
  for (const name of NODE_NAMES) {
    const definition = NODES[name];
    const spec = await definition.parameters();
    nodes.push({
      name,
      executable: executableOf(name),
      summary: definition.summary,
      accelerator: definition.accelerator,
      parameters: Object.keys(spec),
    });
  }
  return { nodes, multiNodeExecutable: MULTI_NODE_EXECUTABLE };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const listed = await listNodes();
  process.stdout.write(
    process.argv.includes("--names") ? listed.nodes.map((n) => n.name).join(";") : `${JSON.stringify(listed, null, 2)}\n`,
  );
}
