import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readMcapMessages } from "../../src/adapters/mcap/read-mcap-messages.ts";
import { parseRunOptions, RUN_USAGE } from "../../src/cli/run-options.ts";
import { NODE_NAMES } from "../../src/nodes/registry.ts";

/** The node names as unknown-node messages list them. */
const LIST = NODE_NAMES.join(", ");

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

describe("hailo-ros run --nodes", () => {
  const accepted: Array<[string, string[], string[]]> = [
    ["default", [], ["detection", "depth", "tracking", "fusion"]],
    ["one name", ["--nodes", "detection"], ["detection"]],
    ["spaces around names", ["--nodes", " detection "], ["detection"]],
  ];
  for (const [what, argv, nodes] of accepted) {
    it(`accepts ${what}`, () => {
      const parsed = parseRunOptions(argv);
      assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
      assert.deepEqual(parsed.options.nodes, nodes);
    });
  }

  const rejected: Array<[string, string, RegExp]> = [
    ["an unknown name, listing the names it knows", "detection,fly", new RegExp(`^--nodes: unknown node 'fly' \\(nodes: ${LIST}\\)$`)],
    ["an empty name", "detection,", new RegExp(`^--nodes: unknown node '' \\(nodes: ${LIST}\\)$`)],
    ["a name given twice", "detection,detection", /^--nodes names 'detection' twice$/],
  ];
  for (const [what, value, error] of rejected) {
    it(`rejects ${what}`, () => {
      const parsed = parseRunOptions(["--nodes", value]);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.error, error);
    });
  }

  it("is in the usage text with the names", () =>
    assert.match(RUN_USAGE, /--nodes <a,b> .*default: detection,depth,tracking,fusion\).*names: detection/));

  it("answers an unknown node with the names and usage, exit code 2", async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [MAIN, "run", "--nodes", "fly"], { timeout: 30_000 }, (error, _stdout, stderr) => {
        resolve({ code: error ? Number((error as unknown as { code: unknown }).code ?? 1) : 0, stderr });
      });
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`^hailo-ros run: --nodes: unknown node 'fly' \\(nodes: ${LIST}\\)$`, "m"));
    assert.match(result.stderr, /Usage: hailo-ros run/);
  });

  it("runs the motor node in a process of its own, bridged: its topics are recorded and its stop is written at the end", async function () {
    this.timeout(60_000);
    const dir = await mkdtemp(join(tmpdir(), "hailo-ros-run-motor-"));
    try {
      const record = join(dir, "run.mcap");
      const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [MAIN, "run", "--nodes", "detection,motor", "--dry-run", "--frames", "3", "--record", record],
          { timeout: 50_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number((error as unknown as { code: unknown }).code ?? 1) : 0, stdout, stderr }),
        );
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^motor +/m);
      // The motor process's lines come through the run's log (stderr), the last one its stop.
      assert.match(result.stderr, /\[dry-run\] all outputs off/);
      const topics = new Set<string>();
      for await (const message of readMcapMessages(record)) topics.add(message.topic);
      assert.ok(topics.has("/motors/state") && topics.has("/detections"), [...topics].join(", "));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
