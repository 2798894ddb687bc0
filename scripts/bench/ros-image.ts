/**
 * ROS 2 camera-topic receive, under real ROS 2: an rclpy publisher process sends 1280×720 rgb8
 * sensor_msgs/Image at 30 Hz for 20 s on loopback; in one run our rclnodejs subscriber process
 * (the detection node's image subscription, `ros-image-subscriber.ts`) receives, in a separate
 * run an rclpy subscriber does. Each counts what it received and the CPU it spent receiving.
 * Skipped, with the reason, when ROS 2 is not sourced or rclnodejs / rclpy cannot be loaded.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { peerScript, pythonExecutable } from "./python-peer.ts";

export interface RosRxOptions {
  readonly hz?: number;
  readonly seconds?: number;
  readonly width?: number;
  readonly height?: number;
  /** Publisher and subscriber reliability. Default best effort (the detection node's sensor-data QoS). */
  readonly reliability?: "best_effort" | "reliable";
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
  | { readonly ok: true; readonly ours: RosRxRun; readonly rclpy: RosRxRun; readonly table: string }
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

function start(command: string, args: readonly string[]): Child {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], env: process.env });
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
  const sub = start(subscriber.command, subscriber.args);
  try {
    await waitForLine(sub, (l) => l === "ready", 20_000, `${subscriber.path} subscriber`);
    const pub = start(pythonExecutable(), [
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
    ]);
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
    const row = (r: RosRxRun): string =>
      `${r.path.padEnd(24)} sent ${String(r.sent).padStart(4)}  received ${String(r.received).padStart(4)}  ${r.fps.toFixed(2).padStart(6)} fps  ${r.cpuMsPerFrame.toFixed(3)} ms CPU/frame`;
    return { ok: true, ours, rclpy, table: [row(ours), row(rclpy)].join("\n") };
  } catch (error) {
    return { ok: false, reason: `the ROS 2 image run failed: ${(error as Error).message}` };
  }
}
