#!/usr/bin/env node
/** The `hailo-ros` command. */
import { readFileSync } from "node:fs";
import { runCommand } from "./run-command.ts";
import { nodeCommand } from "./node-command.ts";
import { motorCommand } from "./motor-command.ts";
import { parseCommand } from "./parse-command.ts";
import { NODE_NAMES } from "../nodes/registry.ts";

const USAGE = `Usage: hailo-ros <command> [options]

Commands:
  run                 run nodes without ROS (--nodes, default detection,depth,tracking,fusion) on synthetic scenes, an image folder or an MCAP file
  node <name>         run one node under ROS 2 (rclnodejs; --no-cpu-guard before --ros-args keeps every frame); names: ${NODE_NAMES.join(", ")}
  motor               run the motor node standalone (no ROS 2) until signalled; --dry-run drives no GPIO
  doctor              check what the robot needs (HailoRT, /dev/hailo0, ROS 2, GPIO, models) and say how to fix it
  models              list, fetch and verify the models (HEFs for the Hailo-10H, ONNX for the CPU)
  parse [TEXT]        turn a spoken sentence into a robot command (grammar, or an LLM); prints JSON
  help [command]      show help

Run 'hailo-ros help run' (or 'help motor', 'help parse') for the options of a command.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "run":
      return runCommand(rest);
    case "node":
      return nodeCommand(rest);
    case "motor":
      return motorCommand(rest);
    case "doctor": {
      const { doctorCommand } = await import("./doctor-command.ts");
      return doctorCommand(rest);
    }
    case "models": {
      const { modelsCommand } = await import("./models-command.ts");
      return modelsCommand(rest);
    }
    case "parse":
      return parseCommand(rest);
    case "--version":
    case "version": {
      const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      if (rest[0] === "motor") {
        const { MOTOR_USAGE } = await import("./motor-command.ts");
        process.stdout.write(MOTOR_USAGE);
      } else if (rest[0] === "parse") {
        const { PARSE_USAGE } = await import("./parse-command.ts");
        process.stdout.write(PARSE_USAGE);
      } else if (rest[0] === "run") {
        const { RUN_USAGE } = await import("./run-options.ts");
        process.stdout.write(RUN_USAGE);
      } else {
        process.stdout.write(USAGE);
      }
      return 0;
    default:
      process.stderr.write(`hailo-ros: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

// Under ROS 2 the process ends when the node does: rclnodejs's native handles would otherwise
// keep a node that failed to start (or has shut down) alive, and `ros2 launch` waiting on it.
const endsProcess = process.argv[2] === "node" || process.argv[2] === "motor";
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    if (endsProcess) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`hailo-ros: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 1;
    if (endsProcess) process.exit(1);
  },
);
