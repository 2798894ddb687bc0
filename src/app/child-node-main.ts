/**
 * The program a node runs as when a runner gives it a process of its own (forked by
 * child-process-node-starter.ts with an IPC channel): one node of the registry on a local runtime,
 * bridged to the parent's. Argument: JSON `{ "name": …, "parameterOverrides": {…} }`.
 *
 * When the parent goes away (it crashed or was killed) the node is destroyed and the process exits;
 * a node with pins (the motor node) has written them off before that, on any way out.
 */
import { z } from "zod";
import { LocalRuntime } from "../adapters/local/local-runtime.ts";
import { ChildBridge } from "../adapters/local/process-bridge/child-bridge.ts";
import type { BridgeChannel } from "../adapters/local/process-bridge/bridge-protocol.ts";
import { errorText } from "../adapters/ros-common/error-text.ts";
import { isNodeName, startNode, unknownNodeMessage } from "../nodes/registry.ts";
import { createNodeIo } from "./node-io.ts";

const parameterValue = z.union([z.boolean(), z.number(), z.string(), z.array(z.boolean()), z.array(z.number()), z.array(z.string())]);
const argumentSchema = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  parameterOverrides: z.record(z.string(), parameterValue).default({}),
});

/** How long destroying the node may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 1000;

const processChannel: BridgeChannel = {
  send: (message) => {
    if (process.connected) process.send?.(message);
  },
  onMessage: (listener) => process.on("message", listener),
  onClose: (listener) => process.on("disconnect", listener),
};

async function main(): Promise<void> {
  if (process.send === undefined) {
    process.stderr.write("[FATAL] [hailo_ros]: child-node-main runs only as a child process with an IPC channel\n");
    process.exit(2);
  }
  const runtime = new LocalRuntime();
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    setTimeout(() => process.exit(code), SHUTDOWN_DEADLINE_MS).unref();
    void runtime
      .shutdown()
      .catch(() => undefined)
      .finally(() => {
        if (process.connected) process.disconnect();
        process.exit(code);
      });
  };
  let exitCode = 0;
  const bridge = new ChildBridge({ runtime, channel: processChannel, onShutdown: () => exit(exitCode) });
  const parsed = argumentSchema.safeParse(safeJson(process.argv[2] ?? ""));
  if (!parsed.success || !isNodeName(parsed.data.name)) {
    bridge.failed(parsed.success ? unknownNodeMessage(parsed.data.name) : `bad argument: ${parsed.error.message}`);
    exit(2);
    return;
  }
  const { name, namespace, parameterOverrides } = parsed.data;
  try {
    const running = await startNode(name, {
      runtime,
      io: await createNodeIo(name),
      parameterOverrides,
      ...(namespace !== undefined ? { namespace } : {}),
    });
    await running.ready();
    const reason = running.unavailableReason?.();
    if (reason !== undefined) throw new Error(`the ${name} node ${reason}`);
    bridge.serve({
      name: running.node.name,
      idle: () => running.idle(),
      publishDiagnostics: () => void running.publishDiagnostics?.(),
      stats: () => running.stats?.() ?? {},
      destroy: () => running.destroy(),
    });
  } catch (error) {
    bridge.failed(errorText(error));
    exit(1);
  }
  // A signal (Ctrl-C reaches the whole process group) ends the node as the parent's shutdown would.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      exitCode = signal === "SIGINT" ? 130 : 143;
      void bridge.shutdown();
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

await main();
