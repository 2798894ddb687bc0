/**
 * `hailo-ros motor [--dry-run] [-p name:=value …]`: the motor node on its own, without ROS 2 (the
 * in-process transport), in a process of its own. It runs until SIGINT or SIGTERM; the pins are
 * written off synchronously before anything else happens on the way out, and the process exits
 * within a second of the signal.
 */
import { errorText } from "../adapters/ros-common/error-text.ts";
import type { ParameterValue } from "../ports/ros.ts";
import type { RunningNode } from "../nodes/registry.ts";

export const MOTOR_USAGE = `Usage: hailo-ros motor [options]

Runs the motor node standalone (no ROS 2) until SIGINT/SIGTERM, driving the H-bridge over GPIO.

Options:
  --dry-run           drive no GPIO; print what would be written
  -p <name>:=<value>  set a parameter (see the motor node's table in the README), repeatable
  -h, --help          show this help
`;

/** How long the clean shutdown may take after the (synchronous) stop before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 500;

function parseValue(text: string): ParameterValue {
  if (text === "true" || text === "false") return text === "true";
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

export function parseMotorArgs(argv: readonly string[]): { overrides: Record<string, ParameterValue>; help: boolean } | { error: string } {
  const overrides: Record<string, ParameterValue> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--dry-run") overrides.dry_run = true;
    else if (arg === "-h" || arg === "--help") help = true;
    else if (arg === "-p") {
      const assignment = argv[++i] ?? "";
      const at = assignment.indexOf(":=");
      if (at <= 0) return { error: `-p needs name:=value (got '${assignment}')` };
      overrides[assignment.slice(0, at)] = parseValue(assignment.slice(at + 2));
    } else return { error: `unknown option '${arg}'` };
  }
  return { overrides, help };
}

export async function motorCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseMotorArgs(argv);
  if ("error" in parsed) {
    process.stderr.write(`hailo-ros motor: ${parsed.error}\n\n${MOTOR_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(MOTOR_USAGE);
    return 0;
  }
  const [{ LocalRuntime }, { createNodeIo }, { startNode }] = await Promise.all([
    import("../adapters/local/local-runtime.ts"),
    import("../app/node-io.ts"),
    import("../nodes/registry.ts"),
  ]);
  const runtime = new LocalRuntime();
  let running: RunningNode | undefined;
  try {
    running = await startNode("motor", { runtime, io: await createNodeIo("motor"), parameterOverrides: parsed.overrides });
  } catch (error) {
    process.stderr.write(`[FATAL] [hailo_ros]: the motor node cannot start: ${errorText(error)}\n`);
    await runtime.shutdown().catch(() => undefined);
    return 1;
  }
  running.node.logger.info("running; SIGINT or SIGTERM stops the motors and exits");
  const node = running;
  return new Promise<number>((resolve) => {
    let stopping = false;
    // The GPIO's exit guard already wrote every pin off (it runs before this handler).
    const onSignal = (signal: NodeJS.Signals) => {
      const code = signal === "SIGINT" ? 130 : 143;
      if (stopping) {
        process.exit(code);
      }
      stopping = true;
      const deadline = setTimeout(() => process.exit(code), SHUTDOWN_DEADLINE_MS);
      deadline.unref();
      void node
        .destroy()
        .then(() => runtime.shutdown())
        .catch((error: unknown) => process.stderr.write(`[ERROR] [hailo_ros]: shutdown: ${errorText(error)}\n`))
        .finally(() => {
          clearTimeout(deadline);
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
          resolve(0);
        });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
