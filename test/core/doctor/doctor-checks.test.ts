/** The doctor's conclusions from facts: what fails, what only warns when a part is switched off, and the fixes. */
import assert from "node:assert/strict";
import {
  doctorExitCode,
  doctorLines,
  evaluateDoctor,
  type DoctorFacts,
  type DoctorOptions,
} from "../../../src/core/doctor/doctor-checks.ts";

const HEALTHY: DoctorFacts = {
  nodeVersion: "v22.11.0",
  nodeRequired: ">=20.20",
  hailort: { path: "/usr/lib/libhailort.so.5.1.1", version: "5.1.1" },
  cachedHefVersions: ["5.1.1"],
  devices: [{ path: "/dev/hailo0", readable: true, writable: true }],
  device: { ok: true, identity: "Hailo-10H (HAILO10H), serial X, firmware 5.1.1", temperatureC: 48.5 },
  hailoOllama: [],
  ros: { distro: "jazzy", rclnodejs: "ok" },
  gpio: {
    chips: [{ name: "gpiochip571", label: "pinctrl-rp1", base: 571, ngpio: 54 }],
    exportWritable: true,
    pwmChips: [{ name: "pwmchip0", device: "/sys/devices/platform/axi/1000120000.pcie/1f00098000.pwm", npwm: 4 }],
    pwmWritable: true,
  },
  models: [{ name: "yolov8n-h10h", status: "ok", detail: "matches the sha256 recorded when fetched (unpinned)" }],
  llm: undefined,
};
const ALL: DoctorOptions = { hailo: true, gpio: true, ros: true };

function statusOf(facts: Partial<DoctorFacts>, options: DoctorOptions = ALL) {
  const results = evaluateDoctor({ ...HEALTHY, ...facts }, options);
  return { results, by: (id: string) => results.find((r) => r.id === id) };
}

describe("doctor checks", () => {
  it("a healthy robot: every check ok, exit 0", () => {
    const { results } = statusOf({});
    assert.deepEqual(
      results.filter((r) => r.status !== "ok"),
      [],
    );
    assert.equal(doctorExitCode(results), 0);
    assert.match(results.find((r) => r.id === "device-info")!.detail, /48\.5 °C/);
  });

  const cases: Array<[string, Partial<DoctorFacts>, DoctorOptions, string, "warn" | "fail", RegExp]> = [
    ["old Node", { nodeVersion: "v18.19.0" }, ALL, "node", "fail", /Node 20\.20\+/],
    ["Node 20.19", { nodeVersion: "v20.19.5" }, ALL, "node", "fail", /install Node/],
    ["no HailoRT", { hailort: undefined }, ALL, "hailort", "fail", /hailo-h10-all/],
    ["no HailoRT, CPU only", { hailort: undefined }, { ...ALL, hailo: false }, "hailort", "warn", /hailo-h10-all/],
    [
      "the Hailo-8 runtime",
      { hailort: { path: "/usr/lib/libhailort.so.4.20.0", version: "4.20.0" } },
      ALL,
      "hailort",
      "fail",
      /HailoRT 5\.x/,
    ],
    ["HEFs for another HailoRT", { cachedHefVersions: ["5.0.0"] }, ALL, "hefs", "warn", /models fetch/],
    ["no device node", { devices: [], device: undefined }, ALL, "device", "fail", /dtparam=pciex1/],
    ["no permission on the device", { devices: [{ path: "/dev/hailo0", readable: true, writable: false }] }, ALL, "device", "fail", /udev/],
    [
      "hailo-ollama holding the chip",
      { hailoOllama: [{ pid: 812, command: "hailo-ollama serve", holdsDevice: true }] },
      ALL,
      "hailo-ollama",
      "fail",
      /systemctl stop hailo-ollama/,
    ],
    [
      "the device cannot be opened",
      { device: { ok: false, error: "HAILO_OUT_OF_PHYSICAL_DEVICES: in use" } },
      ALL,
      "device-info",
      "fail",
      /hailortcli/,
    ],
    ["a hot chip", { device: { ok: true, identity: "Hailo-10H", temperatureC: 91 } }, ALL, "device-info", "warn", /airflow/],
    ["ROS 2 not sourced", { ros: { distro: undefined, rclnodejs: "ok" } }, ALL, "ros", "fail", /setup\.bash/],
    [
      "ROS 2 not sourced, standalone",
      { ros: { distro: undefined, rclnodejs: "ok" } },
      { ...ALL, ros: false },
      "ros",
      "warn",
      /setup\.bash/,
    ],
    ["rclnodejs not built", { ros: { distro: "jazzy", rclnodejs: "not-built" } }, ALL, "rclnodejs", "fail", /npm run ros:setup/],
    ["no sysfs GPIO", { gpio: { ...HEALTHY.gpio, chips: undefined } }, ALL, "gpio", "fail", /dry_run:=true/],
    ["GPIO not writable", { gpio: { ...HEALTHY.gpio, exportWritable: false } }, ALL, "gpio", "fail", /usermod -aG gpio/],
    ["no PWM overlay, motors off", { gpio: { ...HEALTHY.gpio, pwmChips: [] } }, { ...ALL, gpio: false }, "pwm", "warn", /pwm-2chan/],
    [
      "a model whose file changed",
      { models: [{ name: "yolov8n-h10h", status: "mismatch", detail: "sha256 …" }] },
      ALL,
      "model yolov8n-h10h",
      "fail",
      /fetch --force yolov8n-h10h/,
    ],
    ["no models cached", { models: [] }, ALL, "models", "warn", /models fetch/],
    [
      "the LLM server down",
      { llm: { url: "http://127.0.0.1:8000/api/tags", reachable: false, detail: "unreachable (ECONNREFUSED)" } },
      ALL,
      "llm",
      "fail",
      /start the LLM server/,
    ],
  ];
  for (const [what, facts, options, id, status, fix] of cases) {
    it(`${what}: ${id} ${status}s with the fix`, () => {
      const { results, by } = statusOf(facts, options);
      const result = by(id);
      assert.ok(result !== undefined, `a '${id}' check`);
      assert.equal(result.status, status, result.detail);
      assert.match(result.fix ?? "", fix);
      assert.equal(doctorExitCode(results), status === "fail" ? 1 : 0);
    });
  }

  it("prints one line per check and the fix under a failed one", () => {
    const lines = doctorLines(evaluateDoctor({ ...HEALTHY, devices: [], device: undefined }, ALL));
    const at = lines.findIndex((l) => /^fail {2}device /.test(l));
    assert.ok(at >= 0, lines.join("\n"));
    assert.match(lines[at + 1]!, /^\s+fix: fit the AI HAT\+ 2/);
    assert.ok(lines.some((l) => /^ok {4}node /.test(l)));
  });

  it("a healthy robot: the exact detail of every check, and no fix on an ok check but the node one", () => {
    const results = evaluateDoctor(
      {
        ...HEALTHY,
        cachedHefVersions: ["5.0.0", "5.1.1", "4.20.0"],
        devices: [
          { path: "/dev/hailo0", readable: true, writable: true },
          { path: "/dev/hailo1", readable: true, writable: true },
        ],
        device: { ok: true, identity: "Hailo-10H", temperatureC: 84.96 },
        hailoOllama: [{ pid: 77, command: "python3 serve.py", holdsDevice: false }],
        llm: { url: "http://127.0.0.1:8000/api/tags", reachable: true, detail: "3 models" },
      },
      ALL,
    );
    assert.deepStrictEqual(results, [
      {
        id: "node",
        status: "ok",
        detail: "Node v22.11.0 (needs >=20.20)",
        fix: "install Node 20.20+, 22 or 24 (e.g. from NodeSource or nvm)",
      },
      { id: "hailort", status: "ok", detail: "HailoRT 5.1.1 (/usr/lib/libhailort.so.5.1.1)" },
      { id: "hefs", status: "ok", detail: "cached HEFs for HailoRT 5.1.1 (also for 5.0.0, 4.20.0)" },
      { id: "device", status: "ok", detail: "/dev/hailo0, /dev/hailo1" },
      { id: "hailo-ollama", status: "ok", detail: "no other process holds the Hailo device" },
      { id: "device-info", status: "ok", detail: "Hailo-10H, 85.0 °C" },
      { id: "ros", status: "ok", detail: "ROS 2 jazzy" },
      { id: "rclnodejs", status: "ok", detail: "rclnodejs built, message code generated" },
      { id: "gpio", status: "ok", detail: "gpiochip571 (pinctrl-rp1), BCM 0 = sysfs 571" },
      { id: "pwm", status: "ok", detail: "pwmchip0 (RP1 PWM0)" },
      { id: "model yolov8n-h10h", status: "ok", detail: "matches the sha256 recorded when fetched (unpinned)" },
      { id: "llm", status: "ok", detail: "http://127.0.0.1:8000/api/tags: 3 models" },
    ]);
  });

  it("HEFs only for the installed HailoRT: no 'also for'", () => {
    const hefs = evaluateDoctor(HEALTHY, ALL).find((r) => r.id === "hefs");
    assert.deepStrictEqual(hefs, { id: "hefs", status: "ok", detail: "cached HEFs for HailoRT 5.1.1" });
  });

  it("no cached HEFs: no hefs check", () => {
    assert.equal(
      evaluateDoctor({ ...HEALTHY, cachedHefVersions: [] }, ALL).some((r) => r.id === "hefs"),
      false,
    );
  });

  const HEF_FIX = "HEFs run only on the HailoRT they were compiled for: hailo-ros models fetch NAME (it picks the installed version)";
  const RCL_FIX = "source ROS 2, then 'npm run ros:setup' in the hailo_ros folder";
  const exact: Array<[string, Partial<DoctorFacts>, DoctorOptions, { id: string; status: string; detail: string; fix?: string }]> = [
    [
      "no HailoRT",
      { hailort: undefined, cachedHefVersions: [] },
      ALL,
      {
        id: "hailort",
        status: "fail",
        detail: "libhailort not found",
        fix: "install HailoRT 5.x: 'sudo apt install hailo-h10-all' on Raspberry Pi OS (or Hailo's .deb), then reboot",
      },
    ],
    [
      "the Hailo-8 runtime",
      { hailort: { path: "/usr/lib/libhailort.so.4.20.0", version: "4.20.0" } },
      { ...ALL, hailo: false },
      {
        id: "hailort",
        status: "warn",
        detail: "HailoRT 4.20.0 (/usr/lib/libhailort.so.4.20.0): the Hailo-10H needs HailoRT 5.x",
        fix: "install HailoRT 5.x (hailo-h10-all) instead of the Hailo-8 runtime",
      },
    ],
    [
      "HEFs for other HailoRTs",
      { cachedHefVersions: ["5.0.0", "4.20.0"] },
      ALL,
      { id: "hefs", status: "warn", detail: "cached HEFs are for HailoRT 5.0.0, 4.20.0, not the installed 5.1.1", fix: HEF_FIX },
    ],
    [
      "HEFs but no HailoRT",
      { hailort: undefined, cachedHefVersions: ["5.1.1"] },
      ALL,
      { id: "hefs", status: "warn", detail: "cached HEFs are for HailoRT 5.1.1, not the installed (none)", fix: HEF_FIX },
    ],
    [
      "no device node",
      { devices: [], device: undefined },
      ALL,
      {
        id: "device",
        status: "fail",
        detail: "no /dev/hailo* device",
        fix: "fit the AI HAT+ 2, enable PCIe (dtparam=pciex1 in /boot/firmware/config.txt), install hailo-h10-all and reboot; 'lspci' should list Hailo",
      },
    ],
    [
      "two of three devices denied",
      {
        devices: [
          { path: "/dev/hailo0", readable: true, writable: true },
          { path: "/dev/hailo1", readable: false, writable: true },
          { path: "/dev/hailo2", readable: true, writable: false },
        ],
      },
      ALL,
      {
        id: "device",
        status: "fail",
        detail: "/dev/hailo1, /dev/hailo2: no read/write permission for this user",
        fix: "HailoRT's udev rule grants access (reinstall hailo-h10-all, then 'sudo udevadm trigger'), or run as a user it allows",
      },
    ],
    [
      "hailo-ollama by name, and another process holding the device",
      {
        hailoOllama: [
          { pid: 812, command: "/usr/bin/hailo-ollama serve", holdsDevice: false },
          { pid: 77, command: "python3 serve.py", holdsDevice: false },
          { pid: 900, command: "python3 llm.py", holdsDevice: true },
        ],
      },
      ALL,
      {
        id: "hailo-ollama",
        status: "fail",
        detail: "pid 812 (/usr/bin/hailo-ollama serve), pid 900 (python3 llm.py) holds the device",
        fix: "stop it ('sudo systemctl stop hailo-ollama' or kill the pid): it opens the chip exclusively, so these nodes cannot use it; run the command node's LLM in-process instead (llm_backend:=auto or llm)",
      },
    ],
    [
      "a chip at exactly 85 °C",
      { device: { ok: true, identity: "Hailo-10H", temperatureC: 85 } },
      ALL,
      {
        id: "device-info",
        status: "warn",
        detail: "Hailo-10H, 85.0 °C",
        fix: "the chip is hot: add airflow (the HAT+ 2 heatsink) before long runs",
      },
    ],
    [
      "no temperature, with the reason",
      { device: { ok: true, identity: "Hailo-10H", temperatureC: undefined, temperatureNote: "not reported by this firmware" } },
      ALL,
      { id: "device-info", status: "ok", detail: "Hailo-10H, temperature: not reported by this firmware" },
    ],
    [
      "no temperature, no reason",
      { device: { ok: true, identity: "Hailo-10H", temperatureC: undefined } },
      ALL,
      { id: "device-info", status: "ok", detail: "Hailo-10H" },
    ],
    [
      "the device cannot be opened",
      { device: { ok: false, error: "HAILO_OUT_OF_PHYSICAL_DEVICES" } },
      ALL,
      {
        id: "device-info",
        status: "fail",
        detail: "cannot open the device: HAILO_OUT_OF_PHYSICAL_DEVICES",
        fix: "see the hailo-ollama and device lines above; 'hailortcli fw-control identify' must work",
      },
    ],
    [
      "ROS 2 not sourced",
      { ros: { distro: undefined, rclnodejs: "ok" } },
      ALL,
      {
        id: "ros",
        status: "fail",
        detail: "ROS 2 is not sourced (ROS_DISTRO unset)",
        fix: "source /opt/ros/jazzy/setup.bash (and ros2_ws/install/setup.bash)",
      },
    ],
    [
      "rclnodejs missing",
      { ros: { distro: "jazzy", rclnodejs: "missing" } },
      ALL,
      { id: "rclnodejs", status: "fail", detail: "rclnodejs is not installed", fix: RCL_FIX },
    ],
    [
      "rclnodejs not built",
      { ros: { distro: "jazzy", rclnodejs: "not-built" } },
      { ...ALL, ros: false },
      { id: "rclnodejs", status: "warn", detail: "rclnodejs's native addon is not built", fix: RCL_FIX },
    ],
    [
      "rclnodejs without message code",
      { ros: { distro: "jazzy", rclnodejs: "no-generated-code" } },
      ALL,
      { id: "rclnodejs", status: "fail", detail: "rclnodejs has no generated message code", fix: RCL_FIX },
    ],
    [
      "GPIO export not writable",
      { gpio: { ...HEALTHY.gpio, exportWritable: false } },
      ALL,
      {
        id: "gpio",
        status: "fail",
        detail: "gpiochip571 (pinctrl-rp1), base 571: /sys/class/gpio/export is not writable",
        fix: "add the user to the gpio group ('sudo usermod -aG gpio $USER', log in again)",
      },
    ],
    [
      "PWM export not writable",
      { gpio: { ...HEALTHY.gpio, pwmWritable: false } },
      ALL,
      {
        id: "pwm",
        status: "fail",
        detail: "pwmchip0: export is not writable",
        fix: "add the user to the gpio group (udev gives it the PWM files), log in again",
      },
    ],
    [
      "no models cached",
      { models: [] },
      ALL,
      {
        id: "models",
        status: "warn",
        detail: "no models cached",
        fix: "hailo-ros models list, then hailo-ros models fetch yolov8n-h10h (the detection node runs the built-in synthetic detector on ONNX without one)",
      },
    ],
    [
      "the LLM server down",
      { llm: { url: "http://127.0.0.1:8000/api/tags", reachable: false, detail: "unreachable (ECONNREFUSED)" } },
      ALL,
      {
        id: "llm",
        status: "fail",
        detail: "http://127.0.0.1:8000/api/tags: unreachable (ECONNREFUSED)",
        fix: "start the LLM server (e.g. hailo-ollama, which then holds the chip) or fix the URL",
      },
    ],
  ];
  for (const [what, facts, options, want] of exact) {
    it(`${what}: the exact ${want.id} check`, () => {
      const results = evaluateDoctor({ ...HEALTHY, ...facts }, options);
      assert.deepStrictEqual(
        results.filter((r) => r.id === want.id),
        [want],
      );
    });
  }

  it("a model is fail when missing or changed, warn when unrecorded, with the fetch fix", () => {
    const results = evaluateDoctor(
      {
        ...HEALTHY,
        models: [
          { name: "a", status: "missing", detail: "file gone" },
          { name: "b", status: "mismatch", detail: "sha256 differs" },
          { name: "c", status: "unrecorded", detail: "no sha256 recorded" },
          { name: "d", status: "ok", detail: "matches" },
        ],
      },
      ALL,
    );
    assert.deepStrictEqual(
      results.filter((r) => r.id.startsWith("model ")),
      [
        { id: "model a", status: "fail", detail: "file gone", fix: "hailo-ros models fetch --force a" },
        { id: "model b", status: "fail", detail: "sha256 differs", fix: "hailo-ros models fetch --force b" },
        { id: "model c", status: "warn", detail: "no sha256 recorded", fix: "hailo-ros models fetch --force c" },
        { id: "model d", status: "ok", detail: "matches" },
      ],
    );
  });

  const versions: Array<[string, string, "ok" | "fail"]> = [
    ["v20.20.0", ">=20.20", "ok"],
    ["v20.19.9", ">=20.20", "fail"],
    ["v20.21.0", ">=20.20", "ok"],
    ["v21.0.0", ">=20.20", "ok"],
    ["v19.99.99", ">=20.20", "fail"],
    ["v20.20.0", ">=20.19", "ok"],
    ["v18.1.0", ">=20", "fail"],
    ["v20.0.0", ">=20", "ok"],
    ["v20.20.2", ">=20.20.3", "fail"],
    ["v20.20.3", ">=20.20.3", "ok"],
    ["v20.20.10", ">=20.20.3", "ok"],
    ["v20.20.2", ">=20.20.13", "fail"],
    ["v20.9.0", ">=20.10", "fail"],
    ["v1.20.20", ">=10.1", "fail"],
    ["unknown", ">=20.20", "ok"],
    ["v18.0.0", "any", "ok"],
  ];
  for (const [version, required, status] of versions) {
    it(`Node ${version} against '${required}': ${status}`, () => {
      const node = evaluateDoctor({ ...HEALTHY, nodeVersion: version, nodeRequired: required }, ALL)[0]!;
      assert.equal(node.id, "node");
      assert.equal(node.status, status);
    });
  }

  it("lines: ids padded to the longest, the fix under a warn or fail that has one", () => {
    const lines = doctorLines([
      { id: "node", status: "ok", detail: "Node v22", fix: "never shown" },
      { id: "hailo-ollama", status: "fail", detail: "pid 1", fix: "stop it" },
      { id: "pwm", status: "warn", detail: "no chip" },
      { id: "ros", status: "warn", detail: "not sourced", fix: "source it" },
    ]);
    assert.deepStrictEqual(lines, [
      "ok    node          Node v22",
      "fail  hailo-ollama  pid 1",
      `${" ".repeat(20)}fix: stop it`,
      "warn  pwm           no chip",
      "warn  ros           not sourced",
      `${" ".repeat(20)}fix: source it`,
    ]);
  });
});
