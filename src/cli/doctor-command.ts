/**
 * `hailo-ros doctor`: checks what the robot needs and says how to fix what is missing, one line
 * per check; exits 1 when a required check fails. `--no-hailo` (CPU only), `--no-gpio` (no motors
 * or dry run) and `--no-ros` (standalone) make those checks advisory.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { doctorExitCode, doctorLines, evaluateDoctor } from "../core/doctor/doctor-checks.ts";
import { modelCacheDir } from "../core/models/model-manifest.ts";
import { gatherDoctorFacts } from "../adapters/doctor/doctor-probes.ts";
import { errorText } from "../adapters/ros-common/error-text.ts";

export const DOCTOR_USAGE = `Usage: hailo-ros doctor [options]

Checks Node, HailoRT and the HEFs, /dev/hailo*, the device (identity, temperature), hailo-ollama
holding the chip, ROS 2 and rclnodejs, GPIO and PWM, the cached models and an LLM endpoint.

Options:
  --json                the checks as JSON
  --no-hailo            no accelerator (ONNX on the CPU): its checks only warn
  --no-gpio             no motors (or dry_run:=true): GPIO/PWM checks only warn
  --no-ros              standalone (hailo-ros run): ROS 2 checks only warn
  --llm-url URL         also check that an LLM server answers (e.g. http://127.0.0.1:8000/api/tags)
  --hailort-version V   check the cached models for this HailoRT instead of the installed one
  --dir DIR             the model cache (default: $HAILO_ROS_CACHE, else $XDG_CACHE_HOME/hailo_ros/models)
`;

export async function doctorCommand(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = { hailo: true, gpio: true, ros: true };
  let json = false;
  let llmUrl: string | undefined;
  let hailortVersion: string | undefined;
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--no-hailo") options.hailo = false;
    else if (arg === "--no-gpio") options.gpio = false;
    else if (arg === "--no-ros") options.ros = false;
    else if (arg === "-h" || arg === "--help") {
      process.stdout.write(DOCTOR_USAGE);
      return 0;
    } else if (arg === "--llm-url" || arg === "--hailort-version" || arg === "--dir") {
      const value = argv[++i];
      if (value === undefined) {
        process.stderr.write(`hailo-ros doctor: ${arg} needs a value\n\n${DOCTOR_USAGE}`);
        return 2;
      }
      if (arg === "--llm-url") llmUrl = value;
      else if (arg === "--dir") dir = value;
      else hailortVersion = value;
    } else {
      process.stderr.write(`hailo-ros doctor: unknown option '${arg}'\n\n${DOCTOR_USAGE}`);
      return 2;
    }
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { engines?: { node?: string } };
    const facts = await gatherDoctorFacts({
      nodeModules: path.join(root, "node_modules"),
      cacheDir: path.resolve(dir ?? modelCacheDir(env, homedir())),
      env,
      nodeRequired: pkg.engines?.node ?? ">=20.20",
      ...(hailortVersion !== undefined ? { hailortVersion } : {}),
      ...(llmUrl !== undefined ? { llmUrl } : {}),
      // Test trees: HAILO_ROS_DOCTOR_ROOT holds dev/, sys/, proc/ and lib/ in place of the machine's.
      ...(env.HAILO_ROS_DOCTOR_ROOT !== undefined
        ? {
            dev: path.join(env.HAILO_ROS_DOCTOR_ROOT, "dev"),
            sys: path.join(env.HAILO_ROS_DOCTOR_ROOT, "sys"),
            proc: path.join(env.HAILO_ROS_DOCTOR_ROOT, "proc"),
            libDirs: [path.join(env.HAILO_ROS_DOCTOR_ROOT, "lib")],
          }
        : {}),
    });
    const results = evaluateDoctor(facts, options);
    const code = doctorExitCode(results);
    if (json) process.stdout.write(`${JSON.stringify({ ok: code === 0, checks: results }, null, 2)}\n`);
    else {
      for (const line of doctorLines(results)) process.stdout.write(`${line}\n`);
      const failed = results.filter((r) => r.status === "fail").length;
      const warned = results.filter((r) => r.status === "warn").length;
      process.stdout.write(
        `${failed === 0 ? "ready" : "not ready"}: ${failed} failed, ${warned} warnings, ${results.length - failed - warned} ok\n`,
      );
    }
    return code;
  } catch (error) {
    process.stderr.write(`hailo-ros doctor: ${errorText(error)}\n`);
    return 1;
  }
}
