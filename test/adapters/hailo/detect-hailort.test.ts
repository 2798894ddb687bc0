import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { tempDir, type TempDir } from "./sim-fixtures.ts";

const run = promisify(execFile);
const script = fileURLToPath(new URL("../../../../native/scripts/detect-hailort.js", import.meta.url));

/** Paths relative to the temp dir mapped to file contents; only names and the markers the detector reads matter. */
type Tree = Record<string, string>;

const LLM_5_1 = "Expected<size_t> max_context_capacity();";
const headers = (prefix: string, llm = LLM_5_1): Tree => ({
  [`${prefix}/include/hailo/infer_model.hpp`]: "",
  [`${prefix}/include/hailo/genai/llm/llm.hpp`]: llm,
});
const cmakePackage = (libdir: string, version: string): Tree => ({
  [`${libdir}/cmake/HailoRT/HailoRTConfig.cmake`]: "include(${CMAKE_CURRENT_LIST_DIR}/HailoRTTargets.cmake)",
  [`${libdir}/cmake/HailoRT/HailoRTConfigVersion.cmake`]: `set(PACKAGE_VERSION "${version}")\n`,
});
const libs = (libdir: string, ...names: string[]): Tree => Object.fromEntries(names.map((n) => [`${libdir}/${n}`, ""]));

function build(dir: TempDir, tree: Tree): void {
  for (const [rel, content] of Object.entries(tree)) {
    const file = join(dir.path, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

interface Env {
  /** Relative to the temp dir. */
  readonly HAILORT_DIR?: string;
  /** Colon-separated, each relative to the temp dir. */
  readonly HAILORT_NODE_PREFIXES?: string;
  readonly HAILORT_NODE_FORCE_SIM?: string;
}

async function detect(dir: TempDir, env: Env, what: string): Promise<string> {
  const abs = (p: string) => join(dir.path, p);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, HAILORT_DIR: "", HAILORT_NODE_FORCE_SIM: env.HAILORT_NODE_FORCE_SIM ?? "" };
  childEnv.HAILORT_NODE_PREFIXES = (env.HAILORT_NODE_PREFIXES ?? "none").split(":").map(abs).join(":");
  if (env.HAILORT_DIR !== undefined) childEnv.HAILORT_DIR = abs(env.HAILORT_DIR);
  const { stdout } = await run(process.execPath, [script, what], { env: childEnv });
  return stdout;
}

interface Found {
  readonly include: string;
  readonly library: string;
}

const cases: Array<{ name: string; tree: Tree; env: Env; expected: Found | RegExp }> = [
  {
    name: "HAILORT_DIR prefix with the development link",
    tree: { ...headers("hrt"), ...libs("hrt/lib", "libhailort.so", "libhailort.so.5.2.0") },
    env: { HAILORT_DIR: "hrt" },
    expected: { include: "hrt/include", library: "hrt/lib/libhailort.so" },
  },
  {
    name: "HAILORT_DIR prefix with versioned files only (newest wins)",
    tree: { ...headers("hrt"), ...libs("hrt/lib", "libhailort.so.5.1.1", "libhailort.so.5.2.0") },
    env: { HAILORT_DIR: "hrt" },
    expected: { include: "hrt/include", library: "hrt/lib/libhailort.so.5.2.0" },
  },
  {
    name: "HAILORT_DIR at the CMake package directory (as CMake's HailoRT_DIR)",
    tree: { ...headers("opt"), ...cmakePackage("opt/lib", "5.2.0"), ...libs("opt/lib", "libhailort.so.5.2.0") },
    env: { HAILORT_DIR: "opt/lib/cmake/HailoRT" },
    expected: { include: "opt/include", library: "opt/lib/libhailort.so.5.2.0" },
  },
  {
    name: "HAILORT_DIR prefix with a multiarch CMake package",
    tree: {
      ...headers("opt"),
      ...cmakePackage("opt/lib/aarch64-linux-gnu", "5.1.1"),
      ...libs("opt/lib/aarch64-linux-gnu", "libhailort.so", "libhailort.so.5.1.1"),
    },
    env: { HAILORT_DIR: "opt" },
    expected: { include: "opt/include", library: "opt/lib/aarch64-linux-gnu/libhailort.so" },
  },
  {
    name: "a Debian-style install found by HailoRTConfig.cmake in lib/<triplet>",
    tree: {
      ...headers("usr"),
      ...cmakePackage("usr/lib/aarch64-linux-gnu", "5.2.0"),
      ...libs("usr/lib/aarch64-linux-gnu", "libhailort.so.5.2.0"),
    },
    env: { HAILORT_NODE_PREFIXES: "usr" },
    expected: { include: "usr/include", library: "usr/lib/aarch64-linux-gnu/libhailort.so.5.2.0" },
  },
  {
    name: "a source install found by HailoRTConfig.cmake in lib",
    tree: { ...headers("local"), ...cmakePackage("local/lib", "5.2.0"), ...libs("local/lib", "libhailort.so", "libhailort.so.5.2.0") },
    env: { HAILORT_NODE_PREFIXES: "local:usr" },
    expected: { include: "local/include", library: "local/lib/libhailort.so" },
  },
  {
    name: "headers and libhailort in a default prefix without the CMake package",
    tree: { ...headers("usr"), ...libs("usr/lib/x86_64-linux-gnu", "libhailort.so.5.2.0") },
    env: { HAILORT_NODE_PREFIXES: "local:usr" },
    expected: { include: "usr/include", library: "usr/lib/x86_64-linux-gnu/libhailort.so.5.2.0" },
  },
  {
    name: "a CMake package in a later prefix before bare files in an earlier one",
    tree: {
      ...headers("local"),
      ...libs("local/lib", "libhailort.so.5.1.1"),
      ...headers("usr"),
      ...cmakePackage("usr/lib", "5.2.0"),
      ...libs("usr/lib", "libhailort.so.5.2.0"),
    },
    env: { HAILORT_NODE_PREFIXES: "local:usr" },
    expected: { include: "usr/include", library: "usr/lib/libhailort.so.5.2.0" },
  },
  {
    name: "a CMake package older than 5.1.1",
    tree: { ...headers("usr"), ...cmakePackage("usr/lib", "5.0.1"), ...libs("usr/lib", "libhailort.so.5.0.1") },
    env: { HAILORT_NODE_PREFIXES: "usr" },
    expected: /HailoRT 5\.0\.1 < 5\.1\.1/,
  },
  {
    name: "a HailoRT 4.x library",
    tree: { ...headers("hrt"), ...libs("hrt/lib", "libhailort.so.4.20.0") },
    env: { HAILORT_DIR: "hrt" },
    expected: /libhailort major 4 < 5/,
  },
  {
    name: "headers older than 5.1.1",
    tree: { ...headers("hrt", "class LLM {};"), ...libs("hrt/lib", "libhailort.so.5.0.1") },
    env: { HAILORT_DIR: "hrt" },
    expected: /lacks max_context_capacity/,
  },
  {
    name: "no headers",
    tree: libs("hrt/lib", "libhailort.so.5.2.0"),
    env: { HAILORT_DIR: "hrt" },
    expected: /no hailo\/infer_model\.hpp/,
  },
  {
    name: "no library",
    tree: headers("hrt"),
    env: { HAILORT_DIR: "hrt" },
    expected: /no libhailort\.so/,
  },
  {
    name: "an explicit HAILORT_DIR that is wrong, with a good install in a default prefix",
    tree: { ...headers("hrt"), ...headers("usr"), ...cmakePackage("usr/lib", "5.2.0"), ...libs("usr/lib", "libhailort.so.5.2.0") },
    env: { HAILORT_DIR: "hrt", HAILORT_NODE_PREFIXES: "usr" },
    expected: /HAILORT_DIR.*no libhailort\.so/,
  },
  {
    name: "nothing installed",
    tree: { "usr/share/doc/readme": "" },
    env: { HAILORT_NODE_PREFIXES: "usr" },
    expected: /no HailoRT install under .*HailoRTConfig\.cmake/,
  },
  {
    name: "HAILORT_NODE_FORCE_SIM=1 and a good install",
    tree: { ...headers("hrt"), ...libs("hrt/lib", "libhailort.so") },
    env: { HAILORT_DIR: "hrt", HAILORT_NODE_FORCE_SIM: "1" },
    expected: /HAILORT_NODE_FORCE_SIM=1/,
  },
];

describe("native/scripts/detect-hailort.js", () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  for (const c of cases) {
    it(`${c.name}: ${c.expected instanceof RegExp ? "not found, says why" : "found"}`, async () => {
      build(dir, c.tree);
      if (c.expected instanceof RegExp) {
        assert.equal(await detect(dir, c.env, "found"), "0");
        assert.match(await detect(dir, c.env, "reason"), c.expected);
      } else {
        assert.equal(await detect(dir, c.env, "found"), "1", await detect(dir, c.env, "reason"));
        assert.equal(await detect(dir, c.env, "include"), join(dir.path, c.expected.include));
        assert.equal(await detect(dir, c.env, "library"), join(dir.path, c.expected.library));
        assert.equal(await detect(dir, c.env, "libdir"), dirname(join(dir.path, c.expected.library)));
      }
    });
  }
});
