import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { tempDir, type TempDir } from "./sim-fixtures.ts";

const run = promisify(execFile);
const script = fileURLToPath(new URL("../../../../native/scripts/detect-hailort.js", import.meta.url));

interface Layout {
  readonly headers?: "5.2" | "5.0" | "none";
  readonly libs?: readonly string[];
}

/** A fake HAILORT_DIR tree: only file names and the one marker the detector reads matter. */
function layout(dir: TempDir, l: Layout): string {
  const root = join(dir.path, "hailort");
  const hailo = join(root, "include", "hailo");
  mkdirSync(join(hailo, "genai", "llm"), { recursive: true });
  mkdirSync(join(root, "lib"), { recursive: true });
  if (l.headers !== "none") {
    writeFileSync(join(hailo, "infer_model.hpp"), "");
    writeFileSync(join(hailo, "genai", "llm", "llm.hpp"), l.headers === "5.0" ? "class LLM {};" : "Expected<size_t> max_context_capacity();");
  }
  for (const lib of l.libs ?? []) writeFileSync(join(root, "lib", lib), "");
  return root;
}

async function detect(hailortDir: string, what: string): Promise<string> {
  const { stdout } = await run(process.execPath, [script, what], { env: { ...process.env, HAILORT_DIR: hailortDir, HAILORT_NODE_FORCE_SIM: "" } });
  return stdout;
}

describe("native/scripts/detect-hailort.js", () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  const cases: Array<[string, Layout, string | RegExp]> = [
    ["HailoRT 5.2 with the development link", { libs: ["libhailort.so", "libhailort.so.5.2.0"] }, "libhailort.so"],
    ["HailoRT 5.2 with versioned files only (newest wins)", { libs: ["libhailort.so.5.1.1", "libhailort.so.5.2.0"] }, "libhailort.so.5.2.0"],
    ["HailoRT 4.x library", { libs: ["libhailort.so.4.20.0"] }, /libhailort major 4 < 5/],
    ["headers older than 5.1.1", { headers: "5.0", libs: ["libhailort.so.5.0.1"] }, /lacks max_context_capacity/],
    ["no headers", { headers: "none", libs: ["libhailort.so.5.2.0"] }, /no hailo\/infer_model\.hpp/],
    ["no library", { libs: [] }, /no libhailort\.so/],
  ];
  for (const [name, l, expected] of cases) {
    it(`HAILORT_DIR with ${name}`, async () => {
      const root = layout(dir, l);
      if (typeof expected === "string") {
        assert.equal(await detect(root, "found"), "1");
        assert.equal(await detect(root, "library"), join(root, "lib", expected));
        assert.equal(await detect(root, "include"), join(root, "include"));
      } else {
        assert.equal(await detect(root, "found"), "0");
        assert.match(await detect(root, "reason"), expected);
      }
    });
  }

  it("HAILORT_NODE_FORCE_SIM=1 builds the simulated device only", async () => {
    const root = layout(dir, { libs: ["libhailort.so"] });
    const { stdout } = await run(process.execPath, [script, "found"], { env: { ...process.env, HAILORT_DIR: root, HAILORT_NODE_FORCE_SIM: "1" } });
    assert.equal(stdout, "0");
  });
});
