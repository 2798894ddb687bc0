/**
 * What `hailo-ros doctor` looks at, read from the machine: /dev/hailo*, the processes in /proc
 * (hailo-ollama, open /dev/hailo* descriptors), sysfs GPIO and PWM, HailoRT's library, rclnodejs
 * in node_modules, the model cache, the native binding for the device's identity and temperature,
 * and an optional LLM URL. Every root is injectable, so tests run it on temp trees.
 */
import { constants, existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import type { DoctorFacts, DeviceNode, ProcessHoldingDevice } from "../../core/doctor/doctor-checks.ts";
import { resolveModel } from "../../core/models/model-manifest.ts";
import { findPwmChip } from "../../core/motion/pwm-chips.ts";
import { findHailoRtLibrary, LIBRARY_DIRS } from "../hailo/hailort-library.ts";
import { listGpioChips, listPwmChips } from "../gpio/sysfs-chips.ts";
import { loadManifest, verifyModel } from "../models/model-store.ts";

export interface DoctorProbeOptions {
  readonly dev?: string;
  readonly sys?: string;
  readonly proc?: string;
  readonly libDirs?: readonly string[];
  /** The node_modules rclnodejs is looked for in. */
  readonly nodeModules: string;
  readonly cacheDir: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly nodeVersion?: string;
  readonly nodeRequired: string;
  /** Overrides the installed HailoRT version for the model checks. */
  readonly hailortVersion?: string;
  readonly llmUrl?: string;
  readonly llmTimeoutMs?: number;
  /** Asks the device for its identity and temperature; default: the hailort-node binding. */
  readonly queryDevice?: () => Promise<NonNullable<DoctorFacts["device"]>>;
  /** The doctor's own pid, left out of the process scan. */
  readonly selfPid?: number;
}

async function permitted(file: string, mode: number): Promise<boolean> {
  try {
    await access(file, mode);
    return true;
  } catch {
    return false;
  }
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

async function hailoDevices(dev: string): Promise<DeviceNode[]> {
  let names: string[];
  try {
    names = readdirSync(dev).filter((n) => /^hailo\d+$/.test(n));
  } catch {
    return [];
  }
  return Promise.all(
    names.sort().map(async (n) => {
      const file = path.join(dev, n);
      return { path: file, readable: await permitted(file, constants.R_OK), writable: await permitted(file, constants.W_OK) };
    }),
  );
}

/** Processes named hailo-ollama or with a /dev/hailo* open (their fds are readable as root or as their owner). */
export function scanHailoProcesses(proc: string, dev: string, selfPid: number): ProcessHoldingDevice[] {
  let pids: string[];
  try {
    pids = readdirSync(proc).filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const devicePrefixes = [path.join(dev, "hailo"), "/dev/hailo"];
  const found: ProcessHoldingDevice[] = [];
  for (const pid of pids) {
    if (Number(pid) === selfPid) continue;
    const dir = path.join(proc, pid);
    const cmdline = (read(path.join(dir, "cmdline")) ?? "").split("\0").filter(Boolean).join(" ");
    const command = cmdline || (read(path.join(dir, "comm")) ?? "").trim();
    let holdsDevice = false;
    try {
      for (const fd of readdirSync(path.join(dir, "fd"))) {
        let target = "";
        try {
          target = readlinkSync(path.join(dir, "fd", fd));
        } catch {
          continue;
        }
        if (devicePrefixes.some((p) => target.startsWith(p))) {
          holdsDevice = true;
          break;
        }
      }
    } catch {
      // Another user's process: its fds are not ours to read; its name still counts.
    }
    if (holdsDevice || /hailo-ollama/.test(command)) found.push({ pid: Number(pid), command, holdsDevice });
  }
  return found;
}

function rclnodejsState(nodeModules: string): DoctorFacts["ros"]["rclnodejs"] {
  const pkg = path.join(nodeModules, "rclnodejs");
  if (!existsSync(path.join(pkg, "package.json"))) return "missing";
  const built =
    existsSync(path.join(pkg, "build/Release/rclnodejs.node")) ||
    (existsSync(path.join(pkg, "prebuilds")) &&
      readdirSync(path.join(pkg, "prebuilds"), { recursive: true }).some((f) => String(f).endsWith(".node")));
  if (!built) return "not-built";
  return existsSync(path.join(pkg, "generated/sensor_msgs")) ? "ok" : "no-generated-code";
}

function cachedHefVersions(cacheDir: string): string[] {
  try {
    return readdirSync(cacheDir)
      .filter((n) => /^hailort-\d+\.\d+\.\d+$/.test(n))
      .filter((n) => readdirSync(path.join(cacheDir, n)).some((f) => f.endsWith(".hef")))
      .map((n) => n.slice("hailort-".length))
      .sort();
  } catch {
    return [];
  }
}

async function probeLlm(url: string, timeoutMs: number): Promise<NonNullable<DoctorFacts["llm"]>> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { url, reachable: response.status < 500, detail: `HTTP ${response.status} ${response.statusText}`.trim() };
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { url, reachable: false, detail: `unreachable (${cause})` };
  }
}

async function queryHailoDevice(): Promise<NonNullable<DoctorFacts["device"]>> {
  const hailort = await import("hailort-node");
  const availability = hailort.isHailoAvailable();
  if (!availability.available) return { ok: false, error: availability.reason ?? "the binding was built without HailoRT" };
  let device: Awaited<ReturnType<typeof hailort.openDevice>> | undefined;
  try {
    device = await hailort.openDevice({ device: "hailort" });
    const info = await device.info();
    const reading = await device.temperature();
    const ts0 = typeof reading.ts0 === "number" ? reading.ts0 : undefined;
    return {
      ok: true,
      identity: `${info.productName || info.boardName} (${info.architecture}), serial ${info.serial}, firmware ${info.firmwareVersion}`,
      temperatureC: reading.available ? ts0 : undefined,
      ...(reading.available ? {} : { temperatureNote: reading.reason ?? "not available" }),
    };
  } catch (error) {
    const e = error as Error & { code?: string };
    return { ok: false, error: `${e.code !== undefined ? `${e.code}: ` : ""}${e.message}` };
  } finally {
    await device?.close().catch(() => undefined);
  }
}

export async function gatherDoctorFacts(options: DoctorProbeOptions): Promise<DoctorFacts> {
  const dev = options.dev ?? "/dev";
  const sys = options.sys ?? "/sys";
  const proc = options.proc ?? "/proc";
  const env = options.env ?? process.env;
  const hailort = findHailoRtLibrary(options.libDirs ?? LIBRARY_DIRS);
  const devices = await hailoDevices(dev);

  const gpioRoot = path.join(sys, "class/gpio");
  const pwmRoot = path.join(sys, "class/pwm");
  const pwmChips = listPwmChips(pwmRoot);
  const pwm = findPwmChip(pwmChips);

  const manifest = loadManifest();
  const version = options.hailortVersion ?? hailort?.version;
  const models: DoctorFacts["models"][number][] = [];
  for (const entry of manifest.models) {
    const resolved = resolveModel(entry, manifest, version);
    if (!resolved.ok) continue;
    const verified = await verifyModel(resolved.value, options.cacheDir);
    if (verified.status !== "missing") models.push({ name: entry.name, status: verified.status, detail: verified.detail });
  }

  const deviceUsable = devices.length > 0 && devices.every((d) => d.readable && d.writable) && hailort !== undefined;
  const device = deviceUsable ? await (options.queryDevice ?? queryHailoDevice)() : undefined;

  return {
    nodeVersion: options.nodeVersion ?? process.version,
    nodeRequired: options.nodeRequired,
    hailort,
    cachedHefVersions: cachedHefVersions(options.cacheDir),
    devices,
    device,
    hailoOllama: scanHailoProcesses(proc, dev, options.selfPid ?? process.pid),
    ros: { distro: env.ROS_DISTRO || undefined, rclnodejs: rclnodejsState(options.nodeModules) },
    gpio: {
      chips: listGpioChips(gpioRoot),
      exportWritable: await permitted(path.join(gpioRoot, "export"), constants.W_OK),
      pwmChips,
      pwmWritable: pwm.ok && (await permitted(path.join(pwmRoot, pwm.chip, "export"), constants.W_OK)),
    },
    models,
    llm: options.llmUrl !== undefined ? await probeLlm(options.llmUrl, options.llmTimeoutMs ?? 3000) : undefined,
  };
}
