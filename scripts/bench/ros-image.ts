/**
 * ROS 2 camera-topic receive, under real ROS 2: an rclpy publisher process sends 1280×720 rgb8
 * sensor_msgs/Image at 30 Hz for 20 s on loopback; in one run our rclnodejs subscriber process
 * (the detection node's image subscription, `ros-image-subscriber.ts`) receives, in a separate
 * run an rclpy subscriber does. Each counts what it received and the CPU it spent receiving.
 * Skipped, with the reason, when ROS 2 is not sourced or rclnodejs / rclpy cannot be loaded.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { peerScript, pythonExecutable } from "./python-peer.ts";

export interface RosRxOptions {
  readonly hz?: number;
  readonly seconds?: number;
  readonly width?: number;
  readonly height?: number;
  /** Publisher and subscriber reliability. Default best effort (the detection node's sensor-data QoS). */
  readonly reliability?: "best_effort" | "reliable";
  /**
   * "large" (default): CycloneDDS asks for a socket receive buffer as large as the kernel allows
   * (net.core.rmem_max, at most 8 MB), on top of the sourced configuration (loopback only stays);
   * "os": the OS default buffer (about 208 KB on Linux), smaller than one 1280×720 frame.
   */
  readonly socketBuffer?: "large" | "os";
}

/** The children's environment: the sourced one, with CycloneDDS's receive buffer raised for "large". */
export function ddsEnvironment(socketBuffer: "large" | "os"): { env: NodeJS.ProcessEnv; note: string } {
  const env = { ...process.env };
  if (socketBuffer === "os") return { env, note: "OS default socket receive buffer" };
  if ((env.RMW_IMPLEMENTATION ?? "rmw_cyclonedds_cpp") !== "rmw_cyclonedds_cpp") {
    return { env, note: `${env.RMW_IMPLEMENTATION}: socket buffer left as configured` };
  }
  let rmemMax = 0;
  try {
    rmemMax = Number(readFileSync("/proc/sys/net/core/rmem_max", "utf8").trim());
  } catch {
    // not Linux: leave the buffer as configured
  }
  const bytes = Math.min(rmemMax, 8 << 20);
  if (!(bytes > 0)) return { env, note: "socket receive buffer left as configured (net.core.rmem_max unreadable)" };
  const snippet = `<CycloneDDS><Domain><Internal><SocketReceiveBufferSize min="${bytes}B"/></Internal></Domain></CycloneDDS>`;
  env.CYCLONEDDS_URI = env.CYCLONEDDS_URI ? `${env.CYCLONEDDS_URI},${snippet}` : snippet;
  return { env, note: `CycloneDDS socket receive buffer ${(bytes / (1 << 20)).toFixed(1)} MB (net.core.rmem_max)` };
}

export interface RosRxRun {
  readonly path: string;
  readonly sent: number;
  readonly received: number;
  /** Frames per second between the first and the last received frame. */
  readonly fps: number;
  /** Subscriber process CPU per received frame, ms. */
  readonly cpuMsPerFrame: number;
}

export type RosRxResult =
  | {
      readonly ok: true;
      readonly ours: RosRxRun;
      readonly rclpy: RosRxRun;
      /** Ours again, shorter, with the OS default socket receive buffer. */
      readonly oursOsBuffer: RosRxRun;
      /** How the DDS socket buffer was set for `ours` and `rclpy`. */
      readonly dds: string;
      readonly table: string;
    }
  | { readonly ok: false; readonly reason: string };

/** Why the ROS 2 image figures cannot be measured here, or undefined. */
export function rosUnavailable(): string | undefined {
  if (process.env.ROS_DISTRO === undefined || process.env.AMENT_PREFIX_PATH === undefined) {
    return "ROS 2 is not sourced (ROS_DISTRO/AMENT_PREFIX_PATH unset); source /opt/ros/jazzy/setup.bash (or env.sh) and run npm run ros:setup";
  }
  try {
    createRequire(import.meta.url).resolve("rclnodejs");
  } catch {
    return "rclnodejs is not installed; run npm run ros:setup with ROS 2 sourced";
  }
  return undefined;
}

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
}

function start(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], env });
  const lines: string[] = [];
  let pending = "";
  let err = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    pending += chunk;
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    lines.push(...parts);
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (err = (err + chunk).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { process: child, lines, exited, stderr: () => err };
}

async function waitForLine(child: Child, test: (line: string) => boolean, timeoutMs: number, what: string): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const line = child.lines.find(test);
    if (line !== undefined) return line;
    if (child.process.exitCode !== null)
      throw new Error(`${what} exited (${child.process.exitCode}) before it was ready: ${child.stderr()}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what} was not ready within ${timeoutMs} ms: ${child.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function lastJson(child: Child): Record<string, number> {
  const line = [...child.lines].reverse().find((l) => l.startsWith("{"));
  if (line === undefined) throw new Error(`no result line: ${child.stderr()}`);
  return JSON.parse(line) as Record<string, number>;
}

async function oneRun(
  subscriber: { command: string; args: string[]; path: string },
  options: Required<RosRxOptions>,
  topic: string,
): Promise<RosRxRun> {
  const env = ddsEnvironment(options.socketBuffer);
  const sub = start(subscriber.command, subscriber.args, env.env);
  try {
    await waitForLine(sub, (l) => l === "ready", 20_000, `${subscriber.path} subscriber`);
    const pub = start(
      pythonExecutable(),
      [
        peerScript("ros_image_peer.py"),
        "publish",
        "--topic",
        topic,
        "--hz",
        String(options.hz),
        "--seconds",
        String(options.seconds),
        "--width",
        String(options.width),
        "--height",
        String(options.height),
        "--reliability",
        options.reliability,
      ],
      env.env,
    );
    const code = await pub.exited;
    if (code !== 0) throw new Error(`the rclpy publisher failed (${code}): ${pub.stderr()}`);
    const { sent } = lastJson(pub);
    await new Promise((r) => setTimeout(r, 300));
    sub.process.stdin.end();
    await sub.exited;
    const r = lastJson(sub);
    const received = r.received ?? 0;
    const span = (r.last_s ?? 0) - (r.first_s ?? 0);
    return {
      path: subscriber.path,
      sent: sent ?? 0,
      received,
      fps: received > 1 && span > 0 ? (received - 1) / span : 0,
      cpuMsPerFrame: received > 1 ? ((r.cpu_s ?? 0) * 1000) / (received - 1) : Number.NaN,
    };
  } finally {
    if (sub.process.exitCode === null) sub.process.kill("SIGKILL");
  }
}

export type RosRxSubscriber = "adapter" | "typed" | "array" | "raw-cdr" | "rclpy";

const SUBSCRIBER_PATHS: Readonly<Record<RosRxSubscriber, string>> = {
  adapter: "rclnodejs, our adapter",
  typed: "rclnodejs typed arrays",
  array: "rclnodejs plain arrays",
  "raw-cdr": "rclnodejs raw + our CDR",
  rclpy: "rclpy",
};

/** One publisher run received by one subscriber process. */
export async function measureRosReceive(subscriber: RosRxSubscriber, options: RosRxOptions = {}): Promise<RosRxRun> {
  const o: Required<RosRxOptions> = {
    hz: options.hz ?? 30,
    seconds: options.seconds ?? 20,
    width: options.width ?? 1280,
    height: options.height ?? 720,
    reliability: options.reliability ?? "best_effort",
    socketBuffer: options.socketBuffer ?? "large",
  };
  const reliable = o.reliability === "reliable";
  const here = path.dirname(fileURLToPath(import.meta.url));
  const topic = `/bench/image_${process.pid}`;
  const command =
    subscriber === "rclpy"
      ? {
          command: pythonExecutable(),
          args: [peerScript("ros_image_peer.py"), "subscribe", "--topic", topic, "--reliability", o.reliability],
        }
      : {
          command: process.execPath,
          args: [path.join(here, "ros-image-subscriber.js"), "--topic", topic, "--path", subscriber, ...(reliable ? ["--reliable"] : [])],
        };
  return oneRun({ ...command, path: SUBSCRIBER_PATHS[subscriber] }, o, topic);
}

export async function measureRosImageReceive(options: RosRxOptions = {}): Promise<RosRxResult> {
  const reason = rosUnavailable();
  if (reason !== undefined) return { ok: false, reason };
  try {
    const ours = await measureRosReceive("adapter", options);
    const rclpy = await measureRosReceive("rclpy", options);
    const oursOsBuffer = await measureRosReceive("adapter", {
      ...options,
      socketBuffer: "os",
      seconds: Math.min(10, options.seconds ?? 20),
    });
    const dds = ddsEnvironment(options.socketBuffer ?? "large").note;
    const row = (r: RosRxRun, note: string): string =>
      `${r.path.padEnd(24)} sent ${String(r.sent).padStart(4)}  received ${String(r.received).padStart(4)}  ${r.fps.toFixed(2).padStart(6)} fps  ${r.cpuMsPerFrame.toFixed(3)} ms CPU/frame  (${note})`;
    const table = [row(ours, dds), row(rclpy, dds), row(oursOsBuffer, "OS default socket receive buffer")].join("\n");
    return { ok: true, ours, rclpy, oursOsBuffer, dds, table };
  } catch (error) {
    return { ok: false, reason: `the ROS 2 image run failed: ${(error as Error).message}` };
  }
}

/**
 * `node dist/scripts/bench/ros-image.js [seconds]`: every receive path rclnodejs offers for
 * sensor_msgs/Image, and rclpy, one run each (the bench itself measures only ours and rclpy).
 */
async function comparePaths(seconds: number): Promise<void> {
  const reason = rosUnavailable();
  if (reason !== undefined) throw new Error(reason);
  process.stdout.write(`1280x720 rgb8 at 30 Hz for ${seconds} s, best effort; ${ddsEnvironment("large").note}\n`);
  for (const subscriber of ["array", "typed", "raw-cdr", "adapter", "rclpy"] as const) {
    const r = await measureRosReceive(subscriber, { seconds });
    process.stdout.write(
      `${SUBSCRIBER_PATHS[subscriber].padEnd(24)} received ${String(r.received).padStart(4)} / ${r.sent}  ${r.fps.toFixed(2).padStart(6)} fps  ${r.cpuMsPerFrame.toFixed(3)} ms CPU/frame\n`,
    );
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await comparePaths(Number(process.argv[2] ?? 10));
}
