/**
 * What `hailo-ros doctor` concludes from what the probes found: one check per line, ok / warn /
 * fail, with the fix. A check of something the robot needs fails (and makes the exit non-zero);
 * switching a part off (`--no-hailo`, `--no-gpio`, `--no-ros`) turns its checks into warnings.
 * Pure: the probes (src/adapters/doctor/) gather the facts.
 */
import { resolveGpioBase, type GpioChipInfo } from "../motion/gpio-numbering.ts";
import { findPwmChip, type PwmChipInfo } from "../motion/pwm-chips.ts";

export type CheckStatus = "ok" | "warn" | "fail";

export interface CheckResult {
  readonly id: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly detail: string;
  /** What to do about a warn or fail. */
  readonly fix?: string;
}

export interface DeviceNode {
  readonly path: string;
  readonly readable: boolean;
  readonly writable: boolean;
}

export interface ProcessHoldingDevice {
  readonly pid: number;
  readonly command: string;
  /** Has /dev/hailo* open. */
  readonly holdsDevice: boolean;
}

export interface DoctorFacts {
  readonly nodeVersion: string;
  /** package.json "engines.node", e.g. ">=20.20". */
  readonly nodeRequired: string;
  readonly hailort: { readonly path: string; readonly version: string } | undefined;
  /** HailoRT versions the cached HEFs were fetched for (hailort-<version>/ folders). */
  readonly cachedHefVersions: readonly string[];
  readonly devices: readonly DeviceNode[];
  /** From the native binding; undefined when it was not asked (no device node). */
  readonly device:
    | { readonly ok: true; readonly identity: string; readonly temperatureC: number | undefined; readonly temperatureNote?: string }
    | { readonly ok: false; readonly error: string }
    | undefined;
  readonly hailoOllama: readonly ProcessHoldingDevice[];
  readonly ros: {
    readonly distro: string | undefined;
    readonly rclnodejs: "missing" | "not-built" | "no-generated-code" | "ok";
  };
  readonly gpio: {
    /** undefined: no /sys/class/gpio. */
    readonly chips: readonly GpioChipInfo[] | undefined;
    readonly exportWritable: boolean;
    readonly pwmChips: readonly PwmChipInfo[];
    readonly pwmWritable: boolean;
  };
  readonly models: readonly {
    readonly name: string;
    readonly status: "ok" | "missing" | "mismatch" | "unrecorded";
    readonly detail: string;
  }[];
  readonly llm: { readonly url: string; readonly reachable: boolean; readonly detail: string } | undefined;
}

export interface DoctorOptions {
  readonly hailo: boolean;
  readonly gpio: boolean;
  readonly ros: boolean;
}

function atLeast(version: string, required: string): boolean {
  const want = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(required);
  const have = /(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (want === null || have === null) return true;
  for (let i = 1; i <= 3; i++) {
    const a = Number(have[i]);
    const b = Number(want[i] ?? 0);
    // Stryker disable next-line EqualityOperator: a === b never reaches the comparison, so > and >= agree
    if (a !== b) return a > b;
  }
  return true;
}

/** fail when required, warn otherwise. */
const missing = (required: boolean): CheckStatus => (required ? "fail" : "warn");

export function evaluateDoctor(facts: DoctorFacts, options: DoctorOptions): CheckResult[] {
  const results: CheckResult[] = [];
  const add = (id: string, status: CheckStatus, detail: string, fix?: string) =>
    results.push({ id, status, detail, ...(fix !== undefined ? { fix } : {}) });

  add(
    "node",
    atLeast(facts.nodeVersion, facts.nodeRequired) ? "ok" : "fail",
    `Node ${facts.nodeVersion} (needs ${facts.nodeRequired})`,
    "install Node 20.20+, 22 or 24 (e.g. from NodeSource or nvm)",
  );

  // HailoRT and the HEFs.
  const hailo = options.hailo;
  if (facts.hailort === undefined) {
    add(
      "hailort",
      missing(hailo),
      "libhailort not found",
      "install HailoRT 5.x: 'sudo apt install hailo-h10-all' on Raspberry Pi OS (or Hailo's .deb), then reboot",
    );
  } else if (!facts.hailort.version.startsWith("5.")) {
    add(
      "hailort",
      missing(hailo),
      `HailoRT ${facts.hailort.version} (${facts.hailort.path}): the Hailo-10H needs HailoRT 5.x`,
      "install HailoRT 5.x (hailo-h10-all) instead of the Hailo-8 runtime",
    );
  } else {
    add("hailort", "ok", `HailoRT ${facts.hailort.version} (${facts.hailort.path})`);
  }
  if (facts.cachedHefVersions.length > 0) {
    const installed = facts.hailort?.version;
    const other = facts.cachedHefVersions.filter((v) => v !== installed);
    if (installed !== undefined && facts.cachedHefVersions.includes(installed))
      add("hefs", "ok", `cached HEFs for HailoRT ${installed}${other.length > 0 ? ` (also for ${other.join(", ")})` : ""}`);
    else
      add(
        "hefs",
        "warn",
        `cached HEFs are for HailoRT ${facts.cachedHefVersions.join(", ")}, not the installed ${installed ?? "(none)"}`,
        "HEFs run only on the HailoRT they were compiled for: hailo-ros models fetch NAME (it picks the installed version)",
      );
  }

  // The device.
  if (facts.devices.length === 0) {
    add(
      "device",
      missing(hailo),
      "no /dev/hailo* device",
      "fit the AI HAT+ 2, enable PCIe (dtparam=pciex1 in /boot/firmware/config.txt), install hailo-h10-all and reboot; 'lspci' should list Hailo",
    );
  } else {
    const denied = facts.devices.filter((d) => !d.readable || !d.writable);
    if (denied.length > 0)
      add(
        "device",
        missing(hailo),
        `${denied.map((d) => d.path).join(", ")}: no read/write permission for this user`,
        "HailoRT's udev rule grants access (reinstall hailo-h10-all, then 'sudo udevadm trigger'), or run as a user it allows",
      );
    else add("device", "ok", facts.devices.map((d) => d.path).join(", "));
  }
  const holders = facts.hailoOllama.filter((p) => p.holdsDevice || /hailo-ollama/.test(p.command));
  if (holders.length > 0) {
    add(
      "hailo-ollama",
      missing(hailo),
      holders.map((p) => `pid ${p.pid} (${p.command})${p.holdsDevice ? " holds the device" : ""}`).join(", "),
      "stop it ('sudo systemctl stop hailo-ollama' or kill the pid): it opens the chip exclusively, so these nodes cannot use it; run the command node's LLM in-process instead (llm_backend:=auto or llm)",
    );
  } else {
    add("hailo-ollama", "ok", "no other process holds the Hailo device");
  }
  if (facts.device !== undefined) {
    if (facts.device.ok) {
      const t = facts.device.temperatureC;
      add(
        "device-info",
        t !== undefined && t >= 85 ? "warn" : "ok",
        `${facts.device.identity}${t !== undefined ? `, ${t.toFixed(1)} °C` : facts.device.temperatureNote !== undefined ? `, temperature: ${facts.device.temperatureNote}` : ""}`,
        t !== undefined && t >= 85 ? "the chip is hot: add airflow (the HAT+ 2 heatsink) before long runs" : undefined,
      );
    } else {
      add(
        "device-info",
        missing(hailo),
        `cannot open the device: ${facts.device.error}`,
        "see the hailo-ollama and device lines above; 'hailortcli fw-control identify' must work",
      );
    }
  }

  // ROS 2.
  const ros = options.ros;
  if (facts.ros.distro === undefined)
    add(
      "ros",
      missing(ros),
      "ROS 2 is not sourced (ROS_DISTRO unset)",
      "source /opt/ros/jazzy/setup.bash (and ros2_ws/install/setup.bash)",
    );
  else add("ros", "ok", `ROS 2 ${facts.ros.distro}`);
  const rcl = facts.ros.rclnodejs;
  const rclFix = "source ROS 2, then 'npm run ros:setup' in the hailo_ros folder";
  if (rcl === "ok") add("rclnodejs", "ok", "rclnodejs built, message code generated");
  else
    add(
      "rclnodejs",
      missing(ros),
      rcl === "missing"
        ? "rclnodejs is not installed"
        : rcl === "not-built"
          ? "rclnodejs's native addon is not built"
          : "rclnodejs has no generated message code",
      rclFix,
    );

  // GPIO and PWM.
  const gpio = options.gpio;
  const base = resolveGpioBase(facts.gpio.chips);
  if (!base.ok)
    add(
      "gpio",
      missing(gpio),
      base.error,
      "on a Pi: Raspberry Pi OS bookworm / Ubuntu 24.04 kernels have sysfs GPIO; elsewhere run the motor node with dry_run:=true",
    );
  else if (!facts.gpio.exportWritable)
    add(
      "gpio",
      missing(gpio),
      `${base.chip}, base ${base.base}: /sys/class/gpio/export is not writable`,
      "add the user to the gpio group ('sudo usermod -aG gpio $USER', log in again)",
    );
  else add("gpio", "ok", `${base.chip}, BCM 0 = sysfs ${base.base}`);
  const pwm = findPwmChip(facts.gpio.pwmChips);
  if (!pwm.ok)
    add("pwm", missing(gpio), pwm.error, "dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4 in /boot/firmware/config.txt, reboot");
  else if (!facts.gpio.pwmWritable)
    add(
      "pwm",
      missing(gpio),
      `${pwm.chip}: export is not writable`,
      "add the user to the gpio group (udev gives it the PWM files), log in again",
    );
  else add("pwm", "ok", `${pwm.chip} (RP1 PWM0)`);

  // Models.
  if (facts.models.length === 0) {
    add(
      "models",
      "warn",
      "no models cached",
      "hailo-ros models list, then hailo-ros models fetch yolov8n-h10h (the detection node runs the built-in synthetic detector on ONNX without one)",
    );
  } else {
    for (const m of facts.models) {
      const status: CheckStatus = m.status === "ok" ? "ok" : m.status === "mismatch" || m.status === "missing" ? "fail" : "warn";
      add(`model ${m.name}`, status, m.detail, status === "ok" ? undefined : `hailo-ros models fetch --force ${m.name}`);
    }
  }

  if (facts.llm !== undefined) {
    add(
      "llm",
      facts.llm.reachable ? "ok" : "fail",
      `${facts.llm.url}: ${facts.llm.detail}`,
      facts.llm.reachable ? undefined : "start the LLM server (e.g. hailo-ollama, which then holds the chip) or fix the URL",
    );
  }
  return results;
}

export function doctorExitCode(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === "fail") ? 1 : 0;
}

/** "ok    node          Node v20.20.2 (needs >=20.20)" and, for warn/fail, "      fix: …". */
export function doctorLines(results: readonly CheckResult[]): string[] {
  const width = Math.max(...results.map((r) => r.id.length));
  return results.flatMap((r) => {
    const line = `${r.status.padEnd(5)} ${r.id.padEnd(width)}  ${r.detail}`;
    return r.status !== "ok" && r.fix !== undefined ? [line, `${" ".repeat(6 + width)}  fix: ${r.fix}`] : [line];
  });
}
