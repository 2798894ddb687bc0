/**
 * The motor process's event-loop delay while perception works: the motor node (dry run) runs in a
 * child process of its own, exactly as `hailo-ros run` starts it, driven by cmd_vel at 20 Hz from
 * this process; its loop delay p99 is sampled with no other load, then while this process runs the
 * scheduler's mixed load (detection, depth and an LLM streaming on the simulated device), then
 * while the detection node runs flat out (camera faster than the accelerator, host work included).
 */
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { OWN_PROCESS_NICENESS, startChildProcessNode } from "../../src/app/child-process-node-starter.ts";
import { timeFromMs } from "../../src/ports/clock.ts";
import { measurePipelineEfficiency } from "./pipeline.ts";
import { runMixedWorkload } from "./scheduler.ts";

export interface MotorLagResult {
  readonly idleP99Ms: number;
  readonly mixedP99Ms: number;
  readonly saturatedP99Ms: number;
  readonly windowMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureMotorLag(options: { windowMs?: number } = {}): Promise<MotorLagResult> {
  const windowMs = options.windowMs ?? 5000;
  const runtime = new LocalRuntime({ logSink: () => undefined });
  // As `hailo-ros run` starts it: ahead of this process for the CPU where permitted.
  const motor = await startChildProcessNode("motor", {
    runtime,
    parameterOverrides: { dry_run: true },
    niceness: OWN_PROCESS_NICENESS,
    // Its dry-run lines would flood the bench's output; the starter's warnings still show.
    output: "ignore",
  });
  const teleop = runtime.createNode("bench_teleop").createPublisher("geometry_msgs/msg/TwistStamped", "cmd_vel");
  let tick = 0;
  const drive = setInterval(() => {
    // A slow weave: the wheels keep changing speed, so the motor node keeps writing.
    const turn = Math.sin(tick++ / 10);
    teleop.publish({
      header: { stamp: timeFromMs(Date.now()), frame_id: "base_link" },
      twist: { linear: { x: 0.2, y: 0, z: 0 }, angular: { x: 0, y: 0, z: turn } },
    });
  }, 50);
  try {
    await sleep(500);
    await motor.sampleEventLoopLagMs();
    await sleep(windowMs);
    const idleP99Ms = await motor.sampleEventLoopLagMs();

    await motor.sampleEventLoopLagMs();
    await runMixedWorkload({ cameraFps: 30, depthHz: 10, withLlm: true, durationMs: windowMs });
    const mixedP99Ms = await motor.sampleEventLoopLagMs();

    await motor.sampleEventLoopLagMs();
    await measurePipelineEfficiency({ durationMs: windowMs, warmupMs: 0 });
    const saturatedP99Ms = await motor.sampleEventLoopLagMs();
    return { idleP99Ms, mixedP99Ms, saturatedP99Ms, windowMs };
  } finally {
    clearInterval(drive);
    await motor.destroy();
    await runtime.shutdown();
  }
}
