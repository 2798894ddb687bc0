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
}

export function registryNodeStarter(options: RegistryNodeStarterOptions = {}): NodeStarter {
  return async (name, context) => {
    if (!isNodeName(name)) throw new Error(unknownNodeMessage(name));
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
