/**
 * Every interface text we ship or write ourselves goes through the real ROS 2 parser
 * (`rosidl translate --to idl`, Debian packages python3-rosidl and rosidl-tools; .ci/run installs them).
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { actionTexts } from "../../src/messages/action-definitions.ts";
import { visionMsgsTexts } from "../../src/messages/vision-msgs-definitions.ts";

const MSGS_DIR = fileURLToPath(new URL("../../../msgs", import.meta.url));

function rosidlAvailable(): boolean {
  try {
    execFileSync("rosidl", ["--help"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function translate(packageDir: string, packageName: string, files: string[], out: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "rosidl",
      ["translate", "--to", "idl", "-o", out, packageName, ...files.map((f) => `${packageDir}:${f}`)],
      (error, _stdout, stderr) => resolve({ code: error ? 1 : 0, stderr }),
    );
  });
}

/** Our own interface package's files, relative to msgs/ (msg/, srv/, action/). */
function ownInterfaceFiles(): string[] {
  const files: string[] = [];
  for (const kind of ["msg", "srv", "action"]) {
    const dir = join(MSGS_DIR, kind);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (name.endsWith(`.${kind}`)) files.push(`${kind}/${name}`);
  }
  return files;
}

describe("interface definitions through the rosidl parser", function () {
  this.timeout(30_000);
  let dir: string;
  before(async function () {
    if (!rosidlAvailable()) {
      console.log("    (rosidl not found: apt-get install python3-rosidl rosidl-tools python3-catkin-pkg python3-empy; .ci/run does)");
      this.skip();
    }
    dir = await mkdtemp(join(tmpdir(), "hailo-ros-rosidl-"));
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("parses our vision_msgs 4.x texts", async () => {
    const pkg = join(dir, "vision_msgs");
    await mkdir(join(pkg, "msg"), { recursive: true });
    const files: string[] = [];
    for (const [name, text] of Object.entries(visionMsgsTexts)) {
      const file = `msg/${name.split("/")[1]}.msg`;
      await writeFile(join(pkg, file), text);
      files.push(file);
    }
    const out = join(dir, "out-vision");
    const result = await translate(pkg, "vision_msgs", files, out);
    assert.equal(result.code, 0, result.stderr);
    for (const file of files) assert.ok(existsSync(join(out, file.replace(/\.msg$/, ".idl"))), `${file} translated`);
  });

  it("parses our .action texts (example_interfaces and others)", async () => {
    for (const [type, text] of Object.entries(actionTexts)) {
      const [pkgName, , name] = type.split("/") as [string, string, string];
      const pkg = join(dir, `action-${pkgName}`);
      await mkdir(join(pkg, "action"), { recursive: true });
      await writeFile(join(pkg, `action/${name}.action`), text);
      const out = join(dir, `out-action-${pkgName}`);
      const result = await translate(pkg, pkgName, [`action/${name}.action`], out);
      assert.equal(result.code, 0, `${type}: ${result.stderr}`);
      assert.ok(existsSync(join(out, `action/${name}.idl`)), `${type} translated`);
    }
  });

  it("parses every interface in msgs/", async function () {
    const files = ownInterfaceFiles();
    if (files.length === 0) this.skip();
    const result = await translate(MSGS_DIR, "hailo_ros_msgs", files, join(dir, "out-own"));
    assert.equal(result.code, 0, result.stderr);
  });

  it("rejects a malformed definition (the check can fail)", async () => {
    const pkg = join(dir, "broken_msgs");
    await mkdir(join(pkg, "msg"), { recursive: true });
    await writeFile(join(pkg, "msg/Broken.msg"), "float64 x\nnot-a-type y\n");
    const result = await translate(pkg, "broken_msgs", ["msg/Broken.msg"], join(dir, "out-broken"));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /invalid/i);
  });
});
