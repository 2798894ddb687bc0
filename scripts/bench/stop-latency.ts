/**
 * Stop text in → zero twist out: the command node on the local transport in this process, a
 * move running, then "stop" published on voice/transcript and the time until a subscriber gets the
 * zero TwistStamped on cmd_vel — while the scheduler's mixed load runs here too (detection and
 * depth on the simulated device, and a simulated LLM streaming on the llm lane).
 */
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { quantile } from "../../src/core/stats/latency-recorder.ts";
import { CommandNode } from "../../src/nodes/command/command-node.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import { runMixedWorkload } from "./scheduler.ts";

export interface StopLatencyResult {
  readonly stops: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly windowMs: number;
  readonly llmTokensPerSecond: number;
  readonly detectionFps: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureStopToCmdVel(options: { windowMs?: number } = {}): Promise<StopLatencyResult> {
  const windowMs = options.windowMs ?? 5000;
  const runtime = new LocalRuntime({ logSink: () => undefined });
  const command = await CommandNode.create(runtime, {}, { diagnosticsPeriodMs: 0 });
  const peer = runtime.createNode("bench_voice");
  const transcript = peer.createPublisher("std_msgs/msg/String", "voice/transcript");
  let waiting: ((atMs: number) => void) | undefined;
  let moving: boolean | undefined;
  peer.createSubscription("geometry_msgs/msg/TwistStamped", "cmd_vel", QosPresets.default, (m) => {
    const zero = m.twist.linear.x === 0 && m.twist.angular.z === 0;
    if (!zero) moving = true;
    else if (waiting !== undefined) {
      const resolve = waiting;
      waiting = undefined;
      resolve(performance.now());
    }
  });
  const latencies: number[] = [];
  let running = true;
  const load = runMixedWorkload({ cameraFps: 30, depthHz: 10, withLlm: true, durationMs: windowMs }).finally(() => {
    running = false;
  });
  try {
    await sleep(200);
    while (running) {
      moving = false;
      transcript.publish({ data: "go forward two meters" });
      await sleep(40);
      if (!moving) continue;
      const arrived = new Promise<number>((resolve) => (waiting = resolve));
      const saidAt = performance.now();
      transcript.publish({ data: "okay stop now" });
      latencies.push((await arrived) - saidAt);
      await sleep(20);
    }
    const mixed = await load;
    const sorted = [...latencies].sort((a, b) => a - b);
    if (sorted.length === 0) throw new Error("stop_to_cmdvel: no move started during the window");
    return {
      stops: sorted.length,
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      maxMs: sorted[sorted.length - 1]!,
      windowMs,
      llmTokensPerSecond: mixed.llmTokensPerSecond,
      detectionFps: mixed.detectionFps,
    };
  } finally {
    await command.destroy();
    await runtime.shutdown();
  }
}
