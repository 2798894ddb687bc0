/**
 * The interface package in msgs/ (hailo_ros_msgs): each file through Debian's real rosidl parser,
 * a broken copy rejected naming the file, the package files that colcon needs, and the texts the
 * local runtime and MCAP use kept equal to the files.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { actionTexts } from "../../src/messages/action-definitions.ts";
import { ros2msgSchema } from "../../src/messages/definitions.ts";
import { hailoRosMsgsTexts } from "../../src/messages/hailo-ros-msgs-definitions.ts";

const MSGS_DIR = fileURLToPath(new URL("../../../msgs", import.meta.url));
const INTERFACES = [
  "msg/RobotCommandStep.msg",
  "msg/RobotCommand.msg",
  "srv/ParseCommand.srv",
  "action/ExecuteCommand.action",
  "action/Generate.action",
];

function translate(packageDir: string, files: readonly string[], out: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // Debian's tools run on /usr/bin/python3 (the rosidl script's shebang), whatever python3 comes first on PATH.
    execFile(
      "/usr/bin/python3",
      ["/usr/bin/rosidl", "translate", "--to", "idl", "-o", out, "hailo_ros_msgs", ...files.map((f) => `${packageDir}:${f}`)],
      (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: `${stdout}${stderr}` }),
    );
  });
}

function rosidlAvailable(): boolean {
  try {
    execFileSync("/usr/bin/python3", ["/usr/bin/rosidl", "--help"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("hailo_ros_msgs (msgs/)", function () {
  this.timeout(60_000);

  it("lists every interface file in CMakeLists.txt, and only those", async () => {
    const cmake = await readFile(join(MSGS_DIR, "CMakeLists.txt"), "utf8");
    const listed = [...cmake.matchAll(/"((?:msg|srv|action)\/\w+\.(?:msg|srv|action))"/g)].map((m) => m[1]);
    const present = ["msg", "srv", "action"].flatMap((kind) => readdirSync(join(MSGS_DIR, kind)).map((f) => `${kind}/${f}`));
    assert.deepEqual([...listed].sort(), [...present].sort());
    assert.deepEqual([...present].sort(), [...INTERFACES].sort());
    assert.match(cmake, /rosidl_generate_interfaces\(\$\{PROJECT_NAME\}/);
    const xml = await readFile(join(MSGS_DIR, "package.xml"), "utf8");
    assert.match(xml, /<package format="3">/);
    assert.match(xml, /<name>hailo_ros_msgs<\/name>/);
    assert.match(xml, /<member_of_group>rosidl_interface_packages<\/member_of_group>/);
  });

  it("the registry's texts are the files' texts", async () => {
    for (const name of ["RobotCommandStep", "RobotCommand"]) {
      assert.equal(hailoRosMsgsTexts[`hailo_ros_msgs/${name}`], await readFile(join(MSGS_DIR, "msg", `${name}.msg`), "utf8"), name);
    }
    for (const name of ["ExecuteCommand", "Generate"]) {
      assert.equal(
        actionTexts[`hailo_ros_msgs/action/${name}` as keyof typeof actionTexts],
        await readFile(join(MSGS_DIR, "action", `${name}.action`), "utf8"),
        name,
      );
    }
    // MCAP: the schema carries RobotCommandStep and Header after the root text.
    const schema = ros2msgSchema("hailo_ros_msgs/msg/RobotCommand").data;
    assert.match(schema, /MSG: hailo_ros_msgs\/RobotCommandStep\n/);
    assert.match(schema, /MSG: std_msgs\/Header\n/);
  });

  describe("through the rosidl parser", function () {
    let dir: string;
    before(async function () {
      if (!rosidlAvailable()) {
        console.log("    (rosidl not found: apt-get install python3-rosidl rosidl-tools python3-catkin-pkg python3-empy)");
        this.skip();
      }
      dir = await mkdtemp(join(tmpdir(), "hailo-ros-msgs-"));
    });
    after(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    for (const file of INTERFACES) {
      it(`translates ${file} to IDL`, async () => {
        const result = await translate(MSGS_DIR, [file], join(dir, "out"));
        assert.equal(result.code, 0, result.output);
        assert.match(await readFile(join(dir, "out", file.replace(/\.\w+$/, ".idl")), "utf8"), /module hailo_ros_msgs/);
      });
    }

    const breakages: Array<[string, string, (text: string) => string]> = [
      ["a field of an unknown kind", "msg/RobotCommandStep.msg", (t) => `${t}flaot64 wheel_base\n`],
      ["an integer constant that is no number", "msg/RobotCommandStep.msg", (t) => `${t}int32 MAX_STEPS=many\n`],
      ["a field name in upper case", "msg/RobotCommand.msg", (t) => `${t}float64 Speed\n`],
      ["a service with two separators", "srv/ParseCommand.srv", (t) => `${t}---\nbool extra\n`],
      ["an action without its feedback", "action/Generate.action", (t) => t.slice(0, t.lastIndexOf("---"))],
    ];
    for (const [what, file, breakIt] of breakages) {
      it(`rejects a copy with ${what} in ${file}`, async () => {
        const copy = join(dir, `broken-${file.replace(/\W/g, "_")}`);
        await cp(MSGS_DIR, copy, { recursive: true });
        await writeFile(join(copy, file), breakIt(await readFile(join(copy, file), "utf8")));
        const result = await translate(copy, [file], join(dir, "out-broken"));
        assert.equal(result.code, 1, `accepted:\n${result.output}`);
        assert.ok(result.output.includes(file.split("/")[1]!) || /error|invalid/i.test(result.output), result.output);
      });
    }
  });
});
