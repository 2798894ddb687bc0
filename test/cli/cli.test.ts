import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseParameterAssignment, parseRunOptions } from "../../src/cli/run-options.ts";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as unknown as { code: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("hailo-ros CLI", function () {
  this.timeout(60_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "hailo-ros-cli-"));
    env = { HAILO_ROS_CACHE: join(dir, "cache") };
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("runs the synthetic demo, records MCAP and prints the summary", async () => {
    const out = join(dir, "demo.mcap");
    const result = await run(["run", "--frames", "40", "--record", out], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /frames: 40/);
    assert.match(result.stdout, /ground truth: (\d+)\/\1 objects found/);
    assert.match(result.stdout, new RegExp(`recorded \\d+ messages to ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    assert.ok((await stat(out)).size > 0);
  });

  it("answers a bad option with usage and exit code 2", async () => {
    const result = await run(["run", "--frames", "zero"], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--frames must be a whole number/);
    assert.match(result.stderr, /Usage: hailo-ros run/);
  });

  it("names a missing source and exits 1", async () => {
    const result = await run(["run", "--source", join(dir, "nowhere")], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--source '.*nowhere' does not exist/);
  });

  it("rejects a bad parameter before opening the recording", async () => {
    const out = join(dir, "never.mcap");
    const result = await run(["run", "--frames", "1", "--record", out, "--param", "score_threshold=2"], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /score_threshold/);
    await assert.rejects(stat(out), /ENOENT/);
  });

  it("names a missing model file and exits 1", async () => {
    const result = await run(["run", "--frames", "1", "--model", join(dir, "missing.onnx")], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /model_path.*missing\.onnx/);
  });

  it("runs on a folder of images", async () => {
    const folder = join(dir, "images");
    await mkdir(folder);
    const { encodePng } = await import("../../src/adapters/codecs/png.ts");
    await writeFile(join(folder, "a.png"), encodePng({ width: 8, height: 6, data: new Uint8Array(8 * 6 * 3).fill(16) }));
    const result = await run(["run", "--source", folder], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /frames: 1/);
  });

  it("rejects an unknown command", async () => {
    const result = await run(["fly"], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command 'fly'/);
  });
});

describe("run options", () => {
  it("maps options to detection node parameters", () => {
    const parsed = parseRunOptions([
      "--backend",
      "sim",
      "--model",
      "m.hef",
      "--param",
      "score_threshold=0.4",
      "--param",
      "classes=[person, car]",
    ]);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.parameters, {
      detection: { backend: "sim", model_path: "m.hef", score_threshold: 0.4, classes: ["person", "car"] },
    });
  });

  const perNode: Array<[string, string[], unknown]> = [
    ["a node-prefixed --param goes to that node", ["--param", "motor.max_wheel_speed_mps=0.5"], { motor: { max_wheel_speed_mps: 0.5 } }],
    ["--dry-run sets the motor node's dry_run", ["--dry-run"], { motor: { dry_run: true } }],
    [
      "--dry-run and motor parameters merge",
      ["--dry-run", "--param", "motor.cmd_vel_timeout=0.2"],
      { motor: { dry_run: true, cmd_vel_timeout: 0.2 } },
    ],
    [
      "a dotted name without a node prefix stays the detection node's",
      ["--param", "qos.depth=3"],
      { detection: { backend: "onnx", "qos.depth": 3 } },
    ],
  ];
  for (const [name, argv, expected] of perNode) {
    it(name, () => {
      const parsed = parseRunOptions(argv);
      assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
      assert.deepEqual({ detection: { backend: "onnx" }, ...(expected as object) }, { ...parsed.parameters });
    });
  }

  it("rejects a node prefix with no parameter name", () => {
    const parsed = parseRunOptions(["--param", "motor.=1"]);
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? "" : parsed.error, /--param 'motor.=1': name a parameter of the motor node after 'motor.'/);
  });

  const assignments: Array<[string, unknown]> = [
    ["a=true", true],
    ["a=3", 3],
    ["a=-1.5e2", -150],
    ["a='x y'", "x y"],
    ["a=[1, 2]", [1, 2]],
    ["a=[]", []],
  ];
  for (const [text, value] of assignments) {
    it(`parses --param ${text}`, () => assert.deepEqual(parseParameterAssignment(text), { ok: true, name: "a", value }));
  }

  it("rejects a --param without '='", () => assert.equal(parseParameterAssignment("novalue").ok, false));
  it("rejects an unknown option", () => {
    const parsed = parseRunOptions(["--fast"]);
    assert.equal(parsed.ok, false);
  });
});
