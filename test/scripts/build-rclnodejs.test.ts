/**
 * scripts/build-rclnodejs.sh (`npm run ros:setup`) on a stand-in rclnodejs package and a stand-in
 * `ros2` command: it must stop, saying why, when ROS 2 is not sourced, an interface package is
 * missing, or rclnodejs's message generation fails (which exits 0 and only prints "Caught error").
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../scripts/build-rclnodejs.sh");
const INTERFACES = [
  "builtin_interfaces",
  "std_msgs",
  "std_srvs",
  "geometry_msgs",
  "sensor_msgs",
  "vision_msgs",
  "diagnostic_msgs",
  "rcl_interfaces",
];

interface Setup {
  /** Interface packages the stand-in `ros2 pkg prefix` knows. */
  readonly installed?: readonly string[];
  /** What the stand-in generate_messages.cjs prints (it exits 0, as rclnodejs's does). */
  readonly generationOutput?: string;
  /** Packages it writes generated code for. */
  readonly generated?: readonly string[];
  readonly sourced?: boolean;
}

function runScript(dir: string, setup: Setup) {
  const bin = path.join(dir, "bin");
  const pkg = path.join(dir, "rclnodejs");
  mkdirSync(bin, { recursive: true });
  mkdirSync(path.join(pkg, "scripts"), { recursive: true });
  const installed = setup.installed ?? INTERFACES;
  writeFileSync(
    path.join(bin, "ros2"),
    `#!/bin/sh\n[ "$1 $2" = "pkg prefix" ] || exit 1\ncase " ${installed.join(" ")} " in *" $3 "*) echo /opt/ros/jazzy; exit 0;; esac\nexit 1\n`,
  );
  chmodSync(path.join(bin, "ros2"), 0o755);
  writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "rclnodejs", version: "0.0.0-standin" }));
  writeFileSync(path.join(pkg, "scripts", "install.cjs"), "process.exit(0);\n");
  const generated = setup.generated ?? INTERFACES;
  writeFileSync(
    path.join(pkg, "scripts", "generate_messages.cjs"),
    `const fs = require("fs"), p = require("path");\n` +
      `for (const name of ${JSON.stringify(generated)}) { fs.mkdirSync(p.join(__dirname, "..", "generated", name), { recursive: true }); fs.writeFileSync(p.join(__dirname, "..", "generated", name, name + "__msg__X.js"), ""); }\n` +
      `console.log(${JSON.stringify(setup.generationOutput ?? "Generation complete.")});\n`,
  );
  const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: dir, HAILO_ROS_RCLNODEJS_DIR: pkg };
  if (setup.sourced ?? true) Object.assign(env, { ROS_DISTRO: "jazzy", AMENT_PREFIX_PATH: "/opt/ros/jazzy" });
  const result = spawnSync("bash", [script], { env, encoding: "utf8" });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("npm run ros:setup (scripts/build-rclnodejs.sh)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-setup-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const failures: Array<[string, Setup, RegExp]> = [
    ["ROS 2 not sourced", { sourced: false }, /ROS 2 is not sourced.*source \/opt\/ros\/jazzy\/setup\.bash/],
    [
      "an interface package missing",
      { installed: INTERFACES.filter((p) => p !== "vision_msgs") },
      /sudo apt install ros-jazzy-vision-msgs/,
    ],
    [
      "message generation failing (it exits 0)",
      { generationOutput: "Caught error: Error: cannot parse foo_msgs/msg/Bar.msg" },
      /message generation failed: Caught error: Error: cannot parse foo_msgs/,
    ],
    [
      "a package left without generated code",
      { generated: INTERFACES.filter((p) => p !== "diagnostic_msgs") },
      /no code was generated for: diagnostic_msgs/,
    ],
  ];
  for (const [what, setup, message] of failures) {
    it(`stops with exit 1 and says what to do: ${what}`, () => {
      const { code, output } = runScript(dir, setup);
      assert.equal(code, 1, output);
      assert.match(output, message);
    });
  }

  it("gets past generation when every interface package has code (then checks that rclnodejs loads)", () => {
    const { output } = runScript(dir, {});
    assert.match(output, /checking that rclnodejs loads/);
  });
});
