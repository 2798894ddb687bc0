/**
 * The ROS port over rclnodejs 2.2 (real ROS 2). rclnodejs loads its native addon on import, so
 * it is imported here only, dynamically, when a runtime is actually created; standalone mode and
 * tests never load it. Build it once on the robot with scripts/build-rclnodejs.sh.
 */
import type * as Rcl from "rclnodejs";
import type { NodeOptions, RosNode, RosRuntime } from "../../ports/ros.ts";
import { checkNodeName, normalizeNamespace } from "../local/names.ts";
import { errorText } from "../local/topic-bus.ts";
import { RclnodejsNode } from "./rclnodejs-node.ts";

type RclModule = typeof Rcl;

export interface RclnodejsRuntimeOptions {
  /**
   * Command-line arguments rcl parses (`--ros-args -r from:=to -p name:=value --params-file f`).
   * Default: process.argv, which is how `ros2 run` and `ros2 launch` pass them.
   */
  readonly argv?: readonly string[];
  /**
   * Runs on SIGINT/SIGTERM before ROS shuts down, e.g. to stop the motors while the node can
   * still log. rclnodejs's own SIGINT handler (immediate shutdown) is removed. Default: nothing.
   */
  readonly beforeShutdown?: () => void | Promise<void>;
  /** Install the SIGINT/SIGTERM handling above. Default: true. */
  readonly handleSignals?: boolean;
  /** Loads the rclnodejs module; replaceable for diagnostics. Default: `import("rclnodejs")`. */
  readonly load?: () => Promise<unknown>;
}

export async function createRclnodejsRuntime(options: RclnodejsRuntimeOptions = {}): Promise<RosRuntime> {
  const rcl = await loadRclnodejs(options.load ?? (() => import("rclnodejs")));
  await rcl.init(undefined, options.argv !== undefined ? [...options.argv] : process.argv);
  return new RclnodejsRuntime(rcl, options);
}

async function loadRclnodejs(load: () => Promise<unknown>): Promise<RclModule> {
  let loaded: unknown;
  try {
    loaded = await load();
  } catch (error) {
    throw new Error(
      `cannot load rclnodejs (${errorText(error)}). It needs ROS 2 and a native build: on the robot, ` +
        `source ROS 2 (e.g. "source /opt/ros/jazzy/setup.bash") and run scripts/build-rclnodejs.sh once. ` +
        `Without ROS 2, use the local runtime (standalone mode).`,
      { cause: error },
    );
  }
  // dist/index.js (ESM) exports the API as its default export; the typings declare named exports.
  const module = loaded as RclModule & { default?: RclModule };
  return module.default ?? module;
}

class RclnodejsRuntime implements RosRuntime {
  readonly kind = "rclnodejs";
  readonly #rcl: RclModule;
  readonly #nodes = new Set<RosNode>();
  readonly #options: RclnodejsRuntimeOptions;
  readonly #onSignal: (signal: NodeJS.Signals) => void;
  #shutdown: Promise<void> | undefined;

  constructor(rcl: RclModule, options: RclnodejsRuntimeOptions) {
    this.#rcl = rcl;
    this.#options = options;
    this.#onSignal = (signal) => {
      if (this.#shutdown !== undefined) {
        // A second signal while shutting down: stop waiting.
        process.exit(signal === "SIGINT" ? 130 : 143);
      }
      void this.#shutdownAfterHook(signal);
    };
    if (options.handleSignals ?? true) {
      rcl.removeSignalHandlers();
      process.on("SIGINT", this.#onSignal);
      process.on("SIGTERM", this.#onSignal);
    }
  }

  createNode(name: string, options: NodeOptions = {}): RosNode {
    if (this.#shutdown !== undefined) throw new Error(`cannot create node "${name}": ROS 2 is shutting down`);
    const nodeName = checkNodeName(name);
    if (!nodeName.ok) throw new Error(nodeName.error);
    const namespace = normalizeNamespace(options.namespace);
    if (!namespace.ok) throw new Error(`node "${name}": ${namespace.error}`);
    const node = new this.#rcl.Node(nodeName.value, namespace.value);
    const rosNode = new RclnodejsNode(this.#rcl, node, { parameterOverrides: options.parameterOverrides ?? {} });
    node.spin();
    this.#nodes.add(rosNode);
    return rosNode;
  }

  shutdown(): Promise<void> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  async #shutdownAfterHook(signal: NodeJS.Signals): Promise<void> {
    const logger = [...this.#nodes][0]?.logger;
    try {
      await this.#options.beforeShutdown?.();
    } catch (error) {
      const text = `shutdown hook failed on ${signal}: ${errorText(error)}`;
      if (logger !== undefined) logger.error(text);
      else process.stderr.write(`[ERROR] [hailo_ros]: ${text}\n`);
    }
    await this.shutdown();
  }

  async #doShutdown(): Promise<void> {
    process.off("SIGINT", this.#onSignal);
    process.off("SIGTERM", this.#onSignal);
    for (const node of this.#nodes) node.destroy();
    this.#nodes.clear();
    if (!this.#rcl.isShutdown()) this.#rcl.shutdown();
  }
}
