import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readMcapMessages } from "../../src/adapters/mcap/read-mcap-messages.ts";
import { DEFAULT_RUN_NODES, parseParameterAssignment, parseRunOptions } from "../../src/cli/run-options.ts";
import type { PointCloud2 } from "../../src/messages/sensor_msgs.ts";
import type { Detection3DArray } from "../../src/messages/vision_msgs.ts";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

function run(args: string[], env: NodeJS.ProcessEnv, timeout = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, timeout }, (error, stdout, stderr) => {
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

  it("runs detection, depth, tracking and fusion by default and records 3D detections, markers and point clouds", async function () {
    this.timeout(240_000);
    const out = join(dir, "demo.mcap");
    const result = await run(["run", "--frames", "40", "--record", out], env, 230_000);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /frames: 40/);
    // One row per node in the summary's node table.
    assert.equal(result.stdout.match(/^(detection|depth|tracking|fusion) +(\d+|-) /gm)?.length, 4, result.stdout);
    assert.match(result.stdout, /ground truth: (\d+)\/\1 objects found/);
    assert.match(result.stdout, new RegExp(`recorded \\d+ messages to ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));

    const counts = new Map<string, number>();
    const ids = new Set<string>();
    let fused = 0;
    let points = 0;
    for await (const m of readMcapMessages(out)) {
      counts.set(`${m.topic} ${m.schemaName}`, (counts.get(`${m.topic} ${m.schemaName}`) ?? 0) + 1);
      if (m.schemaName === "vision_msgs/msg/Detection3DArray") {
        for (const d of (m.message as Detection3DArray).detections) {
          fused++;
          ids.add(d.id);
          assert.ok(d.bbox.center.position.z > 0 && Number.isFinite(d.bbox.center.position.x));
        }
      }
      if (m.schemaName === "sensor_msgs/msg/PointCloud2") {
        const cloud = m.message as PointCloud2;
        points += cloud.width * cloud.height;
        assert.equal(cloud.data.length, cloud.row_step * cloud.height);
      }
    }
    const seen = JSON.stringify([...counts]);
    // Every frame's outputs, including the ones published only while subscribed: the recording subscribes.
    for (const key of [
      "/detections_3d vision_msgs/msg/Detection3DArray",
      "/markers visualization_msgs/msg/MarkerArray",
      "/depth/points sensor_msgs/msg/PointCloud2",
      "/depth/colored sensor_msgs/msg/Image",
      "/detections/image sensor_msgs/msg/Image",
    ]) {
      assert.equal(counts.get(key), 40, `${key} in ${seen}`);
    }
    assert.ok(points > 0);
    assert.ok(fused >= 40 * 3, `${fused} 3D detections`);
    assert.ok(![...ids].includes(""), "every 3D detection carries a track id");
  });

  it("replays that recording with its camera_info, so a replay gives 3D detections too", async function () {
    this.timeout(240_000);
    const recorded = join(dir, "demo.mcap");
    const out = join(dir, "replay.mcap");
    const result = await run(["run", "--source", recorded, "--frames", "10", "--record", out], env, 230_000);
    assert.equal(result.code, 0, result.stderr);
    let infos = 0;
    let fused = 0;
    for await (const m of readMcapMessages(out, { topics: ["/camera_info", "/detections_3d"] })) {
      if (m.topic === "/camera_info") infos++;
      else fused += (m.message as Detection3DArray).detections.length;
    }
    assert.equal(infos, 10, "one recorded calibration per replayed frame");
    assert.ok(fused >= 10 * 3, `${fused} 3D detections from the replay`);
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

  it("runs detection, depth, tracking and fusion unless --nodes says otherwise", () => {
    const parsed = parseRunOptions([]);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.options.nodes, ["detection", "depth", "tracking", "fusion"]);
    assert.deepEqual([...DEFAULT_RUN_NODES], parsed.options.nodes);
  });

  it("rejects a --param without '='", () => assert.equal(parseParameterAssignment("novalue").ok, false));
  it("rejects an unknown option", () => {
    const parsed = parseRunOptions(["--fast"]);
    assert.equal(parsed.ok, false);
  });
});
