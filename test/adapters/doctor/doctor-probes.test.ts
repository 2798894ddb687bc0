/**
 * The doctor's probes on a temp tree laid out as a Pi 5 with the AI HAT+ 2 (dev/hailo0, sysfs
 * GPIO and RP1 PWM, libhailort.so.5.1.1, a built rclnodejs, a hailo-ollama process holding the
 * device) and on an empty one, plus a real LLM endpoint on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { gatherDoctorFacts, scanHailoProcesses } from "../../../src/adapters/doctor/doctor-probes.ts";
import { doctorExitCode, evaluateDoctor } from "../../../src/core/doctor/doctor-checks.ts";

function file(at: string, content = "") {
  mkdirSync(path.dirname(at), { recursive: true });
  writeFileSync(at, content);
}

function piTree(root: string) {
  file(path.join(root, "dev/hailo0"));
  file(path.join(root, "dev/null"));
  const gpio = path.join(root, "sys/class/gpio");
  file(path.join(gpio, "export"));
  file(path.join(gpio, "gpiochip571/label"), "pinctrl-rp1\n");
  file(path.join(gpio, "gpiochip571/base"), "571\n");
  file(path.join(gpio, "gpiochip571/ngpio"), "54\n");
  const device = path.join(root, "sys/devices/platform/axi/1000120000.pcie/1f00098000.pwm");
  mkdirSync(device, { recursive: true });
  file(path.join(root, "sys/class/pwm/pwmchip0/npwm"), "4\n");
  file(path.join(root, "sys/class/pwm/pwmchip0/export"));
  symlinkSync(device, path.join(root, "sys/class/pwm/pwmchip0/device"));
  file(path.join(root, "lib/libhailort.so.5.1.1"));
  file(path.join(root, "node_modules/rclnodejs/package.json"), "{}");
  file(path.join(root, "node_modules/rclnodejs/build/Release/rclnodejs.node"));
  mkdirSync(path.join(root, "node_modules/rclnodejs/generated/sensor_msgs"), { recursive: true });
  // pid 812: hailo-ollama with /dev/hailo0 open; pid 900: an unrelated process.
  file(path.join(root, "proc/812/cmdline"), "/usr/bin/hailo-ollama\0serve\0");
  mkdirSync(path.join(root, "proc/812/fd"), { recursive: true });
  symlinkSync(path.join(root, "dev/hailo0"), path.join(root, "proc/812/fd/7"));
  symlinkSync(path.join(root, "dev/null"), path.join(root, "proc/812/fd/0"));
  file(path.join(root, "proc/900/cmdline"), "bash\0");
  mkdirSync(path.join(root, "proc/900/fd"), { recursive: true });
  symlinkSync(path.join(root, "dev/null"), path.join(root, "proc/900/fd/0"));
  file(path.join(root, "cache/hailort-5.0.0/yolov8n.hef"), "old");
}

describe("doctor probes (temp trees)", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "hailo-ros-doctor-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const probe = (extra: Partial<Parameters<typeof gatherDoctorFacts>[0]> = {}) =>
    gatherDoctorFacts({
      dev: path.join(root, "dev"),
      sys: path.join(root, "sys"),
      proc: path.join(root, "proc"),
      libDirs: [path.join(root, "lib")],
      nodeModules: path.join(root, "node_modules"),
      cacheDir: path.join(root, "cache"),
      env: { ROS_DISTRO: "jazzy" },
      nodeRequired: ">=20.20",
      queryDevice: async () => ({ ok: true, identity: "Hailo-10H (HAILO10H), serial T", temperatureC: 51 }),
      ...extra,
    });

  it("a Pi with the HAT: finds the device, HailoRT 5.1.1, the RP1 GPIO base, the PWM chip, rclnodejs, and hailo-ollama holding the chip", async () => {
    piTree(root);
    const facts = await probe();
    assert.deepEqual(facts.hailort, { path: path.join(root, "lib/libhailort.so.5.1.1"), version: "5.1.1" });
    assert.deepEqual(facts.devices, [{ path: path.join(root, "dev/hailo0"), readable: true, writable: true }]);
    assert.deepEqual(facts.hailoOllama, [{ pid: 812, command: "/usr/bin/hailo-ollama serve", holdsDevice: true }]);
    assert.equal(facts.ros.rclnodejs, "ok");
    assert.deepEqual(facts.cachedHefVersions, ["5.0.0"]);
    const results = evaluateDoctor(facts, { hailo: true, gpio: true, ros: true });
    const by = (id: string) => results.find((r) => r.id === id)!;
    for (const id of ["hailort", "device", "device-info", "ros", "rclnodejs", "gpio", "pwm"])
      assert.equal(by(id).status, "ok", `${id}: ${by(id).detail}`);
    assert.match(by("gpio").detail, /gpiochip571 \(pinctrl-rp1\), BCM 0 = sysfs 571/);
    assert.match(by("pwm").detail, /pwmchip0/);
    assert.equal(by("hailo-ollama").status, "fail");
    assert.equal(by("hefs").status, "warn");
    assert.equal(doctorExitCode(results), 1);
  });

  it("an empty machine: nothing found, the device not queried", async () => {
    let queried = false;
    const facts = await probe({
      env: {},
      queryDevice: async () => {
        queried = true;
        return { ok: false, error: "x" };
      },
    });
    assert.equal(queried, false);
    assert.equal(facts.hailort, undefined);
    assert.deepEqual(facts.devices, []);
    assert.equal(facts.gpio.chips, undefined);
    assert.deepEqual(facts.gpio.pwmChips, []);
    assert.equal(facts.ros.distro, undefined);
    assert.equal(facts.ros.rclnodejs, "missing");
    assert.deepEqual(facts.models, []);
  });

  it("leaves its own process out of the scan", () => {
    piTree(root);
    assert.deepEqual(scanHailoProcesses(path.join(root, "proc"), path.join(root, "dev"), 812), []);
  });

  it("an LLM URL: reachable when it answers, unreachable with the reason when nothing listens", async () => {
    const server = createServer((_req, res) => res.writeHead(200).end("{}"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const up = await probe({ llmUrl: `http://127.0.0.1:${port}/api/tags` });
      assert.deepEqual(up.llm, { url: `http://127.0.0.1:${port}/api/tags`, reachable: true, detail: "HTTP 200 OK" });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const down = await probe({ llmUrl: `http://127.0.0.1:${port}/api/tags` });
    assert.equal(down.llm?.reachable, false);
    assert.match(down.llm?.detail ?? "", /unreachable \(ECONNREFUSED\)/);
  });
});
