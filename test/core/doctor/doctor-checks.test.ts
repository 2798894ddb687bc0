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
});
