/**
 * The ROS port over rclnodejs 2.2 (real ROS 2). rclnodejs is an optional dependency that loads its
 * native addon on import, so it is imported here only, dynamically, when a runtime is actually
 * created; standalone mode and tests never load it. Build it once on the robot with
 * `npm run ros:setup` (scripts/build-rclnodejs.sh).
 */
import type { LifecycleCallbacks, LifecycleNode, LifecycleNodeOptions, NodeOptions, RosNode, RosRuntime } from "../../ports/ros.ts";
import { ManagedNode } from "../ros-common/managed-node.ts";
import { checkNodeName, normalizeNamespace } from "../ros-common/names.ts";
import { errorText } from "../ros-common/error-text.ts";
import { repeatedSignalAction } from "../ros-common/repeated-signal.ts";
import { hasParameterArguments, withoutParameterArguments } from "./parameter-overrides.ts";
import type { RawParameterOverrides, RclBinding, RclModule } from "./rcl-api.ts";
import { RclnodejsNode } from "./rclnodejs-node.ts";

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
  /** Ends the process on a second signal during shutdown. Default: process.exit. */
  readonly exit?: (code: number) => void;
  /**
   * A SIGINT this soon after the first is the same Ctrl-C (the terminal's and ros2 launch's) and is
   * ignored; a later one ends the process at once (ros-common/repeated-signal.ts). Default 1000 ms.
   */
  readonly duplicateSignalWindowMs?: number;
  /** Loads rclnodejs; replaceable for tests and diagnostics. Default: the installed rclnodejs. */
  readonly load?: () => Promise<RclBinding>;
}

export type RclnodejsRuntime = RosRuntime & {
  /** Settles once ROS 2 has shut down, by shutdown() or by a signal. */
  whenShutdown(): Promise<void>;
};

const SETUP_HINT = 'source ROS 2 (e.g. "source /opt/ros/jazzy/setup.bash") and run "npm run ros:setup" once in the hailo_ros folder';

export async function createRclnodejsRuntime(options: RclnodejsRuntimeOptions = {}): Promise<RclnodejsRuntime> {
  const binding = await loadBinding(options.load ?? loadInstalledRclnodejs);
  const argv = [...(options.argv ?? process.argv)];
  const overrides = await readParameterOverrides(binding, argv);
  await binding.rcl.init(undefined, withoutParameterArguments(argv));
  return new Runtime(binding.rcl, overrides, options);
}

async function loadInstalledRclnodejs(): Promise<RclBinding> {
  // A variable specifier: rclnodejs is optional, so the build must not depend on it being installed.
  const specifier = "rclnodejs";
  const module = (await import(specifier)) as { default?: RclModule } & RclModule;
  // rcl's raw parameter overrides are only on the native addon (see parameter-overrides.ts).
  const native = (await import(`${specifier}/lib/native_loader.js`)) as {
    default: { getParameterOverrides(handle: unknown): RawParameterOverrides[] | null };
  };
  return {
    // dist/index.js (ESM) exports the API as its default export.
    rcl: module.default ?? module,
    parameterOverrides: (handle) => native.default.getParameterOverrides(handle),
  };
}

async function loadBinding(load: () => Promise<RclBinding>): Promise<RclBinding> {
  try {
    return await load();
  } catch (error) {
    const reason = errorText(error);
    const notInstalled = /Cannot find (package|module) 'rclnodejs/.test(reason);
    throw new Error(
      `cannot load rclnodejs (${reason}). ` +
        (notInstalled
          ? `It is not installed (npm skips it where ROS 2 is not sourced): ${SETUP_HINT}. `
          : `Its native addon or generated messages are missing or were built for another ROS 2: ${SETUP_HINT}. `) +
        `Without ROS 2, run the nodes standalone: "npx hailo-ros run".`,
      { cause: error },
    );
  }
}

/** rcl's parameter entries for argv, parsed in a context of their own that is shut down again. */
async function readParameterOverrides(binding: RclBinding, argv: string[]): Promise<readonly RawParameterOverrides[]> {
  if (!hasParameterArguments(argv)) return [];
  const { rcl } = binding;
  const context = new rcl.Context();
  try {
    await rcl.init(context, argv);
  } catch (error) {
    throw new Error(
      `cannot read the parameter arguments (${errorText(error)}). Check each --params-file path and its YAML ` +
        `(node name, then "ros__parameters:") and each "-p name:=value".`,
      { cause: error },
    );
  }
  try {
    return binding.parameterOverrides(context.handle) ?? [];
  } finally {
    rcl.shutdown(context);
  }
}

class Runtime implements RclnodejsRuntime {
  readonly kind = "rclnodejs";
  readonly #rcl: RclModule;
  readonly #overrides: readonly RawParameterOverrides[];
  readonly #nodes = new Set<RosNode>();
  readonly #options: RclnodejsRuntimeOptions;
  readonly #onSignal: (signal: NodeJS.Signals) => void;
  #stopping: { readonly signal: NodeJS.Signals; readonly atMs: number } | undefined;
  #shutdown: Promise<void> | undefined;
  readonly #done: Promise<void>;
  #markDone: () => void = () => undefined;

  constructor(rcl: RclModule, overrides: readonly RawParameterOverrides[], options: RclnodejsRuntimeOptions) {
    this.#rcl = rcl;
    this.#overrides = overrides;
    this.#options = options;
    this.#done = new Promise((resolve) => (this.#markDone = resolve));
    this.#onSignal = (signal) => {
      // Set before the hook runs: a second signal (or launch's SIGTERM after its timeout) while the
      // hook is still working must end the process, not start the hook again.
      if (this.#stopping !== undefined) {
        const action = repeatedSignalAction(signal, this.#stopping, performance.now(), options.duplicateSignalWindowMs);
        if (action.kind === "exit") (options.exit ?? process.exit)(action.code);
        return;
      }
      this.#stopping = { signal, atMs: performance.now() };
      void this.#shutdownAfterHook(signal);
    };
    if (options.handleSignals ?? true) {
      rcl.removeSignalHandlers();
      process.on("SIGINT", this.#onSignal);
      process.on("SIGTERM", this.#onSignal);
    }
  }

  createNode(name: string, options: NodeOptions = {}): RosNode {
    return this.#createNode(name, options);
  }

  /**
   * A managed node: ros-common's state machine with async callbacks over a plain rclnodejs Node,
   * not rclnodejs's LifecycleNode (its callbacks must be synchronous; see managed-node.ts).
   */
  createLifecycleNode(name: string, callbacks: LifecycleCallbacks, options: LifecycleNodeOptions = {}): LifecycleNode {
    return new ManagedNode(this.#createNode(name, options), callbacks, options);
  }

  #createNode(name: string, options: NodeOptions): RclnodejsNode {
    if (this.#shutdown !== undefined) throw new Error(`cannot create node "${name}": ROS 2 is shutting down`);
    const nodeName = checkNodeName(name);
    if (!nodeName.ok) throw new Error(nodeName.error);
    const namespace = normalizeNamespace(options.namespace);
    if (!namespace.ok) throw new Error(`node "${name}": ${namespace.error}`);
    const node = new this.#rcl.Node(nodeName.value, namespace.value);
    let rosNode: RclnodejsNode;
    try {
      rosNode = new RclnodejsNode(this.#rcl, node, {
        parameterOverrides: options.parameterOverrides ?? {},
        launchOverrides: this.#overrides,
      });
    } catch (error) {
      node.destroy();
      throw error;
    }
    node.spin();
    this.#nodes.add(rosNode);
    return rosNode;
  }

  shutdown(): Promise<void> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  whenShutdown(): Promise<void> {
    return this.#done;
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
    // Shut down by a call, not a signal: any signal from now on ends the process at once.
    this.#stopping ??= { signal: "SIGTERM", atMs: -Infinity };
    process.off("SIGINT", this.#onSignal);
    process.off("SIGTERM", this.#onSignal);
    try {
      for (const node of this.#nodes) node.destroy();
      this.#nodes.clear();
      if (!this.#rcl.isShutdown()) this.#rcl.shutdown();
    } finally {
      this.#markDone();
    }
  }
}
