/**
 * The runtimes the contract suite runs against: local always; rclnodejs only when
 * HAILO_ROS_CONTRACT=ros (`npm run test:ros` on a machine with ROS 2 sourced).
 */
import type { RosRuntime } from "../../src/ports/ros.ts";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";

export interface RuntimeFactory {
  readonly name: string;
  /** Undefined when the runtime can run here; otherwise why not and how to run it. */
  readonly skipReason: string | undefined;
  create(): Promise<RosRuntime>;
  /** How long to wait before concluding that "nothing arrives" (discovery and delivery latency). */
  readonly quietMs: number;
}

export const localFactory: RuntimeFactory = {
  name: "local",
  skipReason: undefined,
  create: async () => new LocalRuntime({ checkMessages: true, logSink: () => {} }),
  quietMs: 50,
};

export const rclnodejsFactory: RuntimeFactory = {
  name: "rclnodejs",
  skipReason: rclnodejsSkipReason(process.env),
  create: async () => {
    // Imported lazily so that the local run never loads rclnodejs.
    const { createRclnodejsRuntime } = await import("../../src/adapters/rclnodejs/rclnodejs-runtime.ts");
    return createRclnodejsRuntime({ argv: [], handleSignals: false });
  },
  quietMs: 500,
};

/** Runs only when asked for (`npm run test:ros`) and a ROS 2 environment is sourced; otherwise says how. */
function rclnodejsSkipReason(env: NodeJS.ProcessEnv): string | undefined {
  if (env.HAILO_ROS_CONTRACT !== "ros") {
    return (
      "rclnodejs contract tests skipped: run `npm run test:ros` on a machine with ROS 2 sourced " +
      "(and rclnodejs built with `npm run ros:setup`) to run them against real ROS 2"
    );
  }
  if (!env.ROS_DISTRO) {
    return (
      "rclnodejs contract tests skipped: no ROS 2 environment is sourced (ROS_DISTRO is unset); " +
      "run `source /opt/ros/jazzy/setup.bash` (or humble), `npm run ros:setup` once, then `npm run test:ros`"
    );
  }
  return undefined;
}

export const runtimeFactories: readonly RuntimeFactory[] = [localFactory, rclnodejsFactory];

/**
 * For a describe block whose tests need `factory`'s runtime: when it cannot run here, declares one
 * skipped test that prints why, and returns true (the block then declares nothing else).
 */
export function skippedWithoutRuntime(factory: RuntimeFactory): boolean {
  const reason = factory.skipReason;
  if (reason === undefined) return false;
  it("runs against real ROS 2 (skipped)", function () {
    console.log(`      ${reason}`);
    this.skip();
  });
  return true;
}
