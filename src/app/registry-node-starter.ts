/**
 * Starts nodes of the registry by name, as a process of ours does: each with the I/O the
 * composition root builds for it and, if it uses the accelerator, the process's one scheduler.
 */
import type { AcceleratorScheduler } from "../core/scheduling/accelerator-scheduler.ts";
import { isNodeName, NODES, unknownNodeMessage, type NodeName, type RunningNode } from "../nodes/registry.ts";
import type { ParameterValue, RosRuntime } from "../ports/ros.ts";
import { createNodeIo, type NodeIoOptions } from "./node-io.ts";

export interface NodeStartContext {
  readonly runtime: RosRuntime;
  /** The process's accelerator scheduler; given only to nodes that use the accelerator. */
  readonly scheduler: AcceleratorScheduler;
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
}

/** Starts the node called `name`; rejects if it cannot (unknown name, bad parameter). */
export type NodeStarter = (name: string, context: NodeStartContext) => Promise<RunningNode>;

export interface RegistryNodeStarterOptions {
  /** How each node's I/O is built (model cache, notes about the set-up). */
  readonly io?: NodeIoOptions;
  /**
   * "own" (default): a node marked `ownProcess` (the motor node) runs in a child process of its own,
   * bridged to this runtime. "single": every node runs in this process.
   */
  readonly processes?: "own" | "single";
  /** Where a child process's output lines go (default: straight to stderr). */
  readonly childLog?: (line: string) => void;
}

export function registryNodeStarter(options: RegistryNodeStarterOptions = {}): NodeStarter {
  return async (name, context) => {
    if (!isNodeName(name)) throw new Error(unknownNodeMessage(name));
    if (NODES[name].ownProcess === true && (options.processes ?? "own") === "own") {
      const { childProcessNodeStarter, OWN_PROCESS_NICENESS } = await import("./child-process-node-starter.ts");
      return childProcessNodeStarter({
        niceness: OWN_PROCESS_NICENESS,
        ...(options.childLog !== undefined ? { log: options.childLog, output: "log" } : {}),
      })(name, context);
    }
    return startRegistryNode(name, context, options.io ?? {});
  };
}

async function startRegistryNode<N extends NodeName>(name: N, context: NodeStartContext, ioOptions: NodeIoOptions): Promise<RunningNode> {
  const definition = NODES[name];
  const io = await createNodeIo(name, ioOptions);
  return definition.start({
    runtime: context.runtime,
    io,
    ...(definition.accelerator ? { scheduler: context.scheduler } : {}),
    ...(context.parameterOverrides !== undefined ? { parameterOverrides: context.parameterOverrides } : {}),
  });
}
