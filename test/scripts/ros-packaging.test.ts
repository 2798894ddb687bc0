/**
 * The ROS 2 packaging agrees with the project: the colcon package's name, version and licence are
 * package.json's; its executables come from the node registry (dist/scripts/list-nodes.js); the
 * msgs package is linked in; and scripts/check_launch.py accepts the launch files as they are and
 * rejects planted mistakes (an unknown parameter, a wrong executable, a file that is not there, a
 * launch file that does not compile). No ROS 2 needed: test/ros/colcon-package.test.ts builds it for real.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listNodes, MULTI_NODE_EXECUTABLE } from "../../scripts/list-nodes.ts";
import { NODE_NAMES, NODES } from "../../src/nodes/registry.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const pkgDir = path.join(root, "ros2_ws/src/hailo_ros");
const packageJson = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string; license: string };
const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();
}

async function checkLaunch(mutate?: (listed: Awaited<ReturnType<typeof listNodes>>) => void, launchDir?: string) {
  const listed = await listNodes();
  mutate?.(listed);
  const dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-launch-"));
  try {
    const nodesFile = path.join(dir, "nodes.json");
    writeFileSync(nodesFile, JSON.stringify(listed));
    const args = [
      path.join(root, "scripts/check_launch.py"),
      "--nodes",
      nodesFile,
      ...(launchDir !== undefined ? ["--launch-dir", launchDir] : []),
    ];
    const result = spawnSync(python, args, { encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("ROS 2 packaging (ros2_ws/)", () => {
  it("package.xml: format 3, ament_cmake, and package.json's name, version and licence", () => {
    const xml = readFileSync(path.join(pkgDir, "package.xml"), "utf8");
    assert.match(xml, /<package format="3">/);
    assert.equal(tag(xml, "name"), packageJson.name);
    assert.equal(tag(xml, "version"), packageJson.version);
    assert.equal(tag(xml, "license"), packageJson.license);
    assert.equal(tag(xml, "build_type"), "ament_cmake");
    assert.equal(tag(xml, "buildtool_depend"), "ament_cmake");
  });

  it("package.xml depends on every interface package the nodes' declarations use (hailo_ros_msgs too)", async () => {
    const xml = readFileSync(path.join(pkgDir, "package.xml"), "utf8");
    const depends = new Set([...xml.matchAll(/<(?:exec_|build_)?depend>([^<]+)<\/(?:exec_|build_)?depend>/g)].map((m) => m[1]!.trim()));
    const used = new Set<string>();
    for (const name of NODE_NAMES) {
      const i = await NODES[name].interfaces();
      for (const entry of [
        ...Object.values(i.publishes),
        ...Object.values(i.subscribes),
        ...Object.values(i.services ?? {}),
        ...Object.values(i.actions ?? {}),
      ])
        used.add(entry.type.split("/")[0]!);
    }
    assert.ok(used.has("hailo_ros_msgs"), "the command node uses hailo_ros_msgs");
    assert.deepEqual([...used].filter((pkg) => !depends.has(pkg)).sort(), [], "add these to package.xml");
    // A build-time depend as well, so colcon builds the messages first.
    assert.match(xml, /<depend>hailo_ros_msgs<\/depend>/);
  });

  it("CMakeLists.txt: the project is package.json's name and the executables come from the registry", () => {
    const cmake = readFileSync(path.join(pkgDir, "CMakeLists.txt"), "utf8");
    assert.match(cmake, new RegExp(`project\\(${packageJson.name}\\b`));
    assert.match(cmake, /dist\/scripts\/list-nodes\.js/);
    assert.match(cmake, /foreach\(node_name IN LISTS HAILO_ROS_NODES\)/);
    assert.match(cmake, new RegExp(`set\\(HAILO_ROS_EXECUTABLE_NAME "${MULTI_NODE_EXECUTABLE}"\\)`));
    for (const match of cmake.matchAll(/configure_file\(([^ ]+) /g))
      assert.ok(existsSync(path.join(pkgDir, match[1]!)), `${match[1]} exists`);
    for (const match of cmake.matchAll(/"\$\{HAILO_ROS_ROOT\}\/([^"$]+)"/g)) {
      const file = match[1]!.replace(/\/$/, "");
      if (file.startsWith("dist/") || file === "node_modules" || file.startsWith("node_modules/")) continue; // build output
      assert.ok(existsSync(path.join(root, file)), `CMakeLists.txt installs ${file}, which exists`);
    }
  });

  it("list-nodes: one <name>_node executable per registry node, in registry order", async () => {
    const listed = await listNodes();
    assert.deepEqual(
      listed.nodes.map((n) => n.name),
      NODE_NAMES,
    );
    assert.deepEqual(
      listed.nodes.map((n) => n.executable),
      NODE_NAMES.map((n) => `${n}_node`),
    );
    assert.ok(listed.nodes.every((n) => n.parameters.length > 0));
    const names = spawnSync(process.execPath, [path.join(root, "dist/scripts/list-nodes.js"), "--names"], { encoding: "utf8" });
    assert.equal(names.stdout, NODE_NAMES.join(";"));
  });

  it("ros2_ws/src/hailo_ros_msgs is a link to msgs/", () => {
    const link = path.join(root, "ros2_ws/src/hailo_ros_msgs");
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(realpathSync(link), realpathSync(path.join(root, "msgs")));
  });
});

describe("launch files (scripts/check_launch.py)", function () {
  this.timeout(20_000);

  it("compile and reference only executables, parameters and files that exist; absent nodes are skipped with a note", async () => {
    const { code, output } = await checkLaunch();
    assert.equal(code, 0, output);
    assert.match(output, /0 problems/);
    const table = readFileSync(path.join(root, "launch/hailo_ros_nodes.py"), "utf8");
    for (const [, name] of table.matchAll(/LaunchNode\('(\w+)'/g)) {
      if (!(NODE_NAMES as string[]).includes(name!)) assert.match(output, new RegExp(`note: skipping the ${name} node`));
      else assert.doesNotMatch(output, new RegExp(`skipping the ${name} node`));
    }
  });

  const planted: Array<[string, (listed: Awaited<ReturnType<typeof listNodes>>) => void, RegExp]> = [
    [
      "a parameter the spec does not declare",
      (l) => {
        const i = l.nodes.findIndex((n) => n.name === "motor");
        l.nodes[i] = { ...l.nodes[i]!, parameters: l.nodes[i]!.parameters.filter((p) => p !== "dry_run") };
      },
      /node 'motor' sets parameter 'dry_run', which its spec does not declare/,
    ],
    [
      "an executable the package does not install",
      (l) => {
        const i = l.nodes.findIndex((n) => n.name === "motor");
        l.nodes[i] = { ...l.nodes[i]!, executable: "motor_driver" };
      },
      /node 'motor' runs 'motor_node', the package installs 'motor_driver'/,
    ],
  ];
  for (const [what, mutate, problem] of planted) {
    it(`fails on ${what}`, async () => {
      const { code, output } = await checkLaunch(mutate);
      assert.equal(code, 1, output);
      assert.match(output, problem);
    });
  }

  it("fails on a launch file that does not compile, names an unknown executable or a missing file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-launch-dir-"));
    try {
      cpSync(path.join(root, "launch"), dir, { recursive: true });
      writeFileSync(path.join(dir, "broken.launch.py"), "def generate_launch_description(:\n");
      writeFileSync(
        path.join(dir, "extra.launch.py"),
        "from launch_ros.actions import Node\n" +
          "def generate_launch_description():\n" +
          "    return [Node(package='hailo_ros', executable='teleport_node', parameters=['missing.yaml'])]\n",
      );
      const { code, output } = await checkLaunch(undefined, dir);
      assert.equal(code, 1, output);
      assert.match(output, /broken\.launch\.py: does not compile/);
      assert.match(output, /extra\.launch\.py: starts hailo_ros executable 'teleport_node'/);
      assert.match(output, /extra\.launch\.py: names 'missing\.yaml', which is not under launch\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("robot deployment files", () => {
  it("the Dockerfile copies only files that exist, from a ROS 2 Jazzy image, and starts a launch file that exists", () => {
    const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
    assert.match(dockerfile, /^FROM ros:jazzy-ros-base$/m);
    const copies = [...dockerfile.matchAll(/^(?:COPY|ADD)\s+(?!--from)(.+)$/gm)].map((m) => m[1]!.trim().split(/\s+/));
    assert.ok(copies.length > 3);
    const ignored = readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n").filter(Boolean);
    for (const words of copies) {
      for (const source of words.slice(0, -1)) {
        assert.ok(existsSync(path.join(root, source)), `Dockerfile copies ${source}, which exists`);
        assert.ok(!ignored.includes(source.replace(/\/$/, "")), `${source} is not excluded by .dockerignore`);
      }
    }
    for (const [, file] of dockerfile.matchAll(/(scripts\/[\w.-]+)/g)) assert.ok(existsSync(path.join(root, file!)), `${file} exists`);
    const launched = /CMD \["ros2", "launch", "hailo_ros", "([\w.]+)"\]/.exec(dockerfile)?.[1];
    assert.ok(launched !== undefined && existsSync(path.join(root, "launch", launched)), `CMD launches ${launched}`);
  });

  it("the systemd unit launches a launch file that exists and stops with SIGINT", () => {
    const unit = readFileSync(path.join(root, "scripts/hailo-ros.service"), "utf8");
    const launched = /ros2 launch hailo_ros ([\w.]+)/.exec(unit)?.[1];
    assert.ok(launched !== undefined && existsSync(path.join(root, "launch", launched)));
    assert.match(unit, /^KillSignal=SIGINT$/m);
    assert.match(unit, /^WantedBy=multi-user\.target$/m);
  });

  it("scripts/setup-robot.sh parses, and without ROS 2 sourced stops saying what to source", () => {
    assert.equal(spawnSync("bash", ["-n", path.join(root, "scripts/setup-robot.sh")]).status, 0);
    const env = { ...process.env };
    delete env.ROS_DISTRO;
    delete env.AMENT_PREFIX_PATH;
    const result = spawnSync("bash", [path.join(root, "scripts/setup-robot.sh")], { env, encoding: "utf8" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /ROS 2 is not sourced; run 'source \/opt\/ros\/jazzy\/setup\.bash'/);
    const bad = spawnSync("bash", [path.join(root, "scripts/setup-robot.sh"), "--fast"], { env, encoding: "utf8" });
    assert.match(bad.stderr, /unknown option '--fast'/);
  });
});
