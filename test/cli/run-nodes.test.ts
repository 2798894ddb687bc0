import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseRunOptions, RUN_USAGE } from "../../src/cli/run-options.ts";
import { NODE_NAMES } from "../../src/nodes/registry.ts";

const KNOWN = NODE_NAMES.join(", ");

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

describe("hailo-ros run --nodes", () => {
  const accepted: Array<[string, string[], string[]]> = [
    ["default", [], ["detection"]],
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
    ["an unknown name, listing the names it knows", "detection,fly", new RegExp(`^--nodes: unknown node 'fly' \\(nodes: ${KNOWN}\\)$`)],
    ["an empty name", "detection,", new RegExp(`^--nodes: unknown node '' \\(nodes: ${KNOWN}\\)$`)],
    ["a name given twice", "detection,detection", /^--nodes names 'detection' twice$/],
  ];
  for (const [what, value, error] of rejected) {
    it(`rejects ${what}`, () => {
      const parsed = parseRunOptions(["--nodes", value]);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.error, error);
    });
  }

  it("is in the usage text with the names", () => assert.match(RUN_USAGE, /--nodes <a,b> .*default: detection.*names: detection/));

  it("answers an unknown node with the names and usage, exit code 2", async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [MAIN, "run", "--nodes", "fly"], { timeout: 30_000 }, (error, _stdout, stderr) => {
        resolve({ code: error ? Number((error as unknown as { code: unknown }).code ?? 1) : 0, stderr });
      });
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`^hailo-ros run: --nodes: unknown node 'fly' \\(nodes: ${KNOWN}\\)$`, "m"));
    assert.match(result.stderr, /Usage: hailo-ros run/);
  });
});
