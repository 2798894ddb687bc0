/**
 * Starts a node of the registry in a child process of its own (child-node-main.ts) and stands in
 * for it on the parent's runtime through the process bridge: its subscriptions are fed from here,
 * its publications appear here, and ready/idle/diagnostics/stats/destroy cross the IPC channel.
 * The child writes its output straight to this process's stderr (not through this process's event
 * loop: a busy parent must never make the motor process's writes block on a full pipe).
 */
import { fork, type ChildProcess } from "node:child_process";
import { setPriority } from "node:os";
import { fileURLToPath } from "node:url";
import { ParentBridge } from "../adapters/local/process-bridge/parent-bridge.ts";
import type { BridgeChannel } from "../adapters/local/process-bridge/bridge-protocol.ts";
import type { RunningNode } from "../nodes/registry.ts";
import type { NodeStarter } from "./registry-node-starter.ts";

/** How long the child may take to stop its node after being asked, before it is killed. */
const DESTROY_DEADLINE_MS = 3000;

export interface ChildProcessNodeOptions {
  /** Where the starter's own warnings go, and the child's lines with `output: "log"` (default: stderr). */
  readonly log?: (line: string) => void;
  /**
   * The child's stdout and stderr: "inherit" (default) writes them to this process's stderr
   * directly; "log" hands each line to `log` (tests); "ignore" drops them.
   */
  readonly output?: "inherit" | "log" | "ignore";
  /** The child's entry (default: the built child-node-main.js next to this file). */
  readonly entry?: string;
  /**
   * The child's nice value (-20 … 19; lower runs first). Default: the parent's. Below the parent's
   * needs root or CAP_SYS_NICE (systemd: `Nice=` or `LimitNICE=`); without it the child keeps the
   * parent's and a warning says so.
   */
  readonly niceness?: number;
}

/** A node running in a child process: a RunningNode plus what only a process has. */
export interface ChildProcessNode extends RunningNode {
  readonly pid: number;
  /** The child's event-loop delay p99 (ms) since the last call, after it delivered everything sent so far. */
  sampleEventLoopLagMs(): Promise<number>;
}

/** The nice value a node with a process of its own gets by default: ahead of perception for the CPU. */
export const OWN_PROCESS_NICENESS = -10;

export function childProcessNodeStarter(options: ChildProcessNodeOptions = {}): NodeStarter {
  return (name, context) =>
    startChildProcessNode(name, {
      ...options,
      runtime: context.runtime,
      ...(context.parameterOverrides !== undefined ? { parameterOverrides: context.parameterOverrides } : {}),
    });
}

export async function startChildProcessNode(
  name: string,
  options: ChildProcessNodeOptions & Pick<Parameters<NodeStarter>[1], "runtime" | "parameterOverrides">,
): Promise<ChildProcessNode> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const entry = options.entry ?? fileURLToPath(new URL("./child-node-main.js", import.meta.url));
  const child = fork(entry, [JSON.stringify({ name, parameterOverrides: options.parameterOverrides ?? {} })], {
    serialization: "advanced",
    stdio: stdioOf(options.output ?? "inherit"),
  });
  if (options.output === "log") forwardLines(child, log);
  if (options.niceness !== undefined && child.pid !== undefined) {
    try {
      setPriority(child.pid, options.niceness);
    } catch (error) {
      log(
        `[WARN] [hailo_ros]: the ${name} node's process keeps this process's priority: nice ${options.niceness} needs root or ` +
          `CAP_SYS_NICE (${(error as Error).message}); perception load can then delay it`,
      );
    }
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const description = `the ${name} node's process (pid ${child.pid ?? "?"})`;
  const standIn = options.runtime.createNode(name);
  const bridge = new ParentBridge({ node: standIn, channel: channelOf(child), description });
  let destroyed = false;
  void exited.then(({ code, signal }) => {
    if (!destroyed) standIn.logger.error(`${description} exited (${signal ?? `code ${String(code)}`}) while the run was going on`);
  });
  try {
    await bridge.ready();
  } catch (error) {
    standIn.destroy();
    await exited;
    throw error;
  }
  return {
    node: standIn,
    pid: child.pid ?? -1,
    ready: () => bridge.ready(),
    // A child that died cannot be waited for; its exit was logged.
    idle: async () => {
      if (!bridge.closed) await bridge.request().catch(() => undefined);
    },
    publishDiagnostics: async () => {
      if (!bridge.closed) await bridge.request({ diagnostics: true }).catch(() => undefined);
    },
    stats: () => bridge.stats(),
    sampleEventLoopLagMs: async () => (await bridge.request({ sampleLag: true })).eventLoopLagMs ?? Number.NaN,
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      bridge.shutdown();
      const timer = setTimeout(() => child.kill("SIGKILL"), DESTROY_DEADLINE_MS);
      await exited;
      clearTimeout(timer);
      standIn.destroy();
    },
  };
}

function stdioOf(output: "inherit" | "log" | "ignore"): ["ignore", "pipe" | "ignore" | number, "pipe" | "ignore" | number, "ipc"] {
  switch (output) {
    case "inherit":
      return ["ignore", 2, 2, "ipc"];
    case "log":
      return ["ignore", "pipe", "pipe", "ipc"];
    case "ignore":
      return ["ignore", "ignore", "ignore", "ipc"];
  }
}

function channelOf(child: ChildProcess): BridgeChannel {
  return {
    send: (message) => {
      if (child.connected) child.send(message as never);
    },
    onMessage: (listener) => child.on("message", listener),
    onClose: (listener) => child.once("disconnect", listener),
  };
}

function forwardLines(child: ChildProcess, log: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) log(line);
    });
    stream?.on("end", () => {
      if (partial !== "") log(partial);
    });
  }
}
