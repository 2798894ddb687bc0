/** `npm run bench` options: --only runs the cases the keys need, --json ends with one object of numbers. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../scripts");

function run(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(dist, script), ...args], { timeout: 60_000, env }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("bench command line", function () {
  this.timeout(60_000);

  it("--only a ratio runs its floor too; --json's last line is one object of numbers", async () => {
    const { code, stdout, stderr } = await run("bench.js", ["--only", "yolo_decode_ratio", "--json"]);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split("\n");
    const json = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).sort(), ["frame_copy_ms", "score_scan_ms", "yolo_decode_ratio", "yolo_raw_decode_ms"]);
    for (const v of Object.values(json)) assert.equal(typeof v, "number");
    const row = lines.find((l) => l.startsWith("yolo_decode_ratio"));
    assert.match(row ?? "", /<= 1\.5\s+(ok|MISSED)\s+yolo_raw_decode_ms [0-9.]+ \/ score_scan_ms [0-9.]+/);
  });

  it("names the known keys when given an unknown one", async () => {
    const { code, stderr } = await run("bench.js", ["--only", "frame_copy_ms,no_such_key"]);
    assert.notEqual(code, 0);
    assert.match(stderr, /unknown key\(s\) no_such_key; keys: frame_copy_ms, score_scan_ms/);
  });

  it("without ROS 2 the ROS 2 image keys are skipped, saying why, and left out of the JSON", async () => {
    const env = { ...process.env };
    delete env.ROS_DISTRO;
    delete env.AMENT_PREFIX_PATH;
    const { code, stdout, stderr } = await run("bench.js", ["--only", "ros_image_rx_ratio", "--json"], env);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split("\n");
    assert.match(lines.find((l) => l.startsWith("ros_image_rx_ratio")) ?? "", /skipped .*\[skipped: ROS 2 is not sourced/);
    assert.match(stdout, /skipped: ros_image_rx_ratio, ros_image_vs_rclpy, ros_rx_cpu_vs_rclpy/);
    assert.deepEqual(JSON.parse(lines.at(-1)!), {});
  });

  it("ranges and plot read recorded runs", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bench-runs-"));
    try {
      const runs = path.join(dir, "runs.jsonl");
      const sizes = { host_640x480_ms: 0.08, host_1280x720_ms: 0.25, host_1920x1080_ms: 0.6 };
      const peer = { python_host_640x480_ms: 0.2, python_host_1280x720_ms: 0.4, python_host_1920x1080_ms: 0.7 };
      writeFileSync(
        runs,
        [
          JSON.stringify({ detect_host_ratio: 2.5, ...sizes, ...peer }),
          "bench: a text line",
          JSON.stringify({ detect_host_ratio: 3.5, ...sizes, ...peer }),
        ].join("\n"),
      );
      const table = await run("bench/ranges.js", [runs]);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /\| `detect_host_ratio` \| 3\.500 \| 2\.500 – 3\.500 \| <= 3 \| 1\/2 \|/);
      const png = path.join(dir, "plot.png");
      const plot = await run("bench/plot.js", [runs, png]);
      assert.equal(plot.code, 0, plot.stderr);
      assert.ok(existsSync(png));
      assert.deepEqual([...readFileSync(png).subarray(1, 4)], [0x50, 0x4e, 0x47]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
