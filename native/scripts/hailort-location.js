// Finds HailoRT >= 5.1.1 headers and libhailort (used by binding.gyp at build time and by index.js to explain
// why the real device is unavailable).
//
// HailoRT installs no pkg-config file. What it installs (libhailort's CMake install rules):
//   <prefix>/include/hailo/*.hpp, <libdir>/libhailort.so.X.Y.Z (+ libhailort.so link),
//   <libdir>/cmake/HailoRT/HailoRTConfig.cmake and HailoRTConfigVersion.cmake (PACKAGE_VERSION "X.Y.Z"),
// where <libdir> is <prefix>/lib or, in Debian packages, <prefix>/lib/<multiarch triplet>.
//
// Search:
//   - HAILORT_DIR alone when set: an install prefix (include/ and lib/) or the CMake package directory
//     (the one holding HailoRTConfig.cmake, as CMake's HailoRT_DIR).
//   - Otherwise, in each prefix (HAILORT_NODE_PREFIXES, colon-separated, else /usr/local then /usr):
//     first <libdir>/cmake/HailoRT/HailoRTConfig.cmake for every libdir, then headers + libhailort in each libdir.
// HAILORT_NODE_FORCE_SIM=1 skips detection (builds the simulated device only).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const MIN_VERSION = [5, 1, 1];
const DEFAULT_PREFIXES = ["/usr/local", "/usr"];
const MULTIARCH = ["aarch64-linux-gnu", "x86_64-linux-gnu", "arm-linux-gnueabihf"];
const CONFIG = join("cmake", "HailoRT", "HailoRTConfig.cmake");

function libdirsOf(prefix) {
  return [join(prefix, "lib"), ...MULTIARCH.map((t) => join(prefix, "lib", t)), join(prefix, "lib64")];
}

/**
 * A candidate from a CMake package directory <libdir>/cmake/HailoRT: the headers are in <prefix>/include, where
 * <libdir> is <prefix>/lib or <prefix>/lib/<triplet>.
 */
function fromCmakePackage(source, packageDir) {
  const libdir = resolve(packageDir, "..", "..");
  const prefixes = [dirname(libdir), dirname(dirname(libdir))];
  const prefix = prefixes.find((p) => existsSync(join(p, "include", "hailo"))) ?? prefixes[0];
  return { source, include: join(prefix, "include"), libdir, cmake: join(packageDir, "HailoRTConfig.cmake") };
}

function candidates(env) {
  const dir = env.HAILORT_DIR;
  // An explicit HAILORT_DIR is authoritative: if it is wrong, say so rather than pick another install.
  if (dir) {
    if (existsSync(join(dir, "HailoRTConfig.cmake"))) return [fromCmakePackage(`HAILORT_DIR (${dir})`, dir)];
    const list = [];
    for (const libdir of libdirsOf(dir)) {
      if (existsSync(join(libdir, CONFIG)))
        list.push(fromCmakePackage(`HAILORT_DIR (${join(libdir, CONFIG)})`, join(libdir, "cmake", "HailoRT")));
    }
    const libdirs = libdirsOf(dir).filter((l) => existsSync(l) && !existsSync(join(l, CONFIG)));
    for (const libdir of libdirs.length > 0 ? libdirs : [join(dir, "lib")])
      list.push({ source: `HAILORT_DIR (${dir})`, include: join(dir, "include"), libdir });
    return list;
  }
  const prefixes = env.HAILORT_NODE_PREFIXES ? env.HAILORT_NODE_PREFIXES.split(":").filter((p) => p.length > 0) : DEFAULT_PREFIXES;
  const list = [];
  for (const prefix of prefixes) {
    for (const libdir of libdirsOf(prefix)) {
      if (existsSync(join(libdir, CONFIG))) list.push(fromCmakePackage(join(libdir, CONFIG), join(libdir, "cmake", "HailoRT")));
    }
  }
  // A libdir with a CMake package was covered above (with its version check).
  for (const prefix of prefixes) {
    for (const libdir of libdirsOf(prefix)) {
      if (existsSync(libdir) && !existsSync(join(libdir, CONFIG)))
        list.push({ source: `${prefix} (headers and ${libdir})`, include: join(prefix, "include"), libdir });
    }
  }
  if (list.length === 0)
    list.push({
      source: prefixes.join(", "),
      include: join(prefixes[0] ?? "/usr", "include"),
      libdir: join(prefixes[0] ?? "/usr", "lib"),
      none: true,
    });
  return list;
}

function parseVersion(text) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m === null ? undefined : m.slice(1).map(Number);
}

function older(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** PACKAGE_VERSION from HailoRTConfigVersion.cmake next to the config file, if readable. */
function cmakeVersion(configFile) {
  try {
    const text = readFileSync(join(dirname(configFile), "HailoRTConfigVersion.cmake"), "utf8");
    const m = /set\s*\(\s*PACKAGE_VERSION\s+"?([0-9.]+)"?\s*\)/.exec(text);
    return m === null ? undefined : parseVersion(m[1]);
  } catch {
    return undefined;
  }
}

/** Library version from libhailort.so.X.Y.Z names; undefined when only the unversioned link exists. */
function libraryFile(libdir) {
  let names;
  try {
    names = readdirSync(libdir);
  } catch {
    return { present: false };
  }
  const libs = names.filter((n) => n.startsWith("libhailort.so"));
  if (libs.length === 0) return { present: false };
  const versioned = libs
    .map((n) => ({ name: n, version: /^libhailort\.so\.(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(n) }))
    .filter((l) => l.version !== null)
    .map((l) => ({ name: l.name, parts: l.version.slice(1).map((v) => Number(v ?? 0)) }))
    .sort((a, b) => b.parts[0] - a.parts[0] || b.parts[1] - a.parts[1] || b.parts[2] - a.parts[2]);
  // Link the development symlink when there is one, else the newest versioned file by full path.
  const file = libs.includes("libhailort.so") ? "libhailort.so" : (versioned[0]?.name ?? libs[0]);
  return { present: true, version: versioned[0]?.parts, library: join(libdir, file) };
}

function check(c) {
  if (c.none)
    return { ok: false, why: `no HailoRT install under ${c.source} (no lib*/cmake/HailoRT/HailoRTConfig.cmake, no libhailort.so)` };
  const min = MIN_VERSION.join(".");
  if (c.cmake !== undefined) {
    const v = cmakeVersion(c.cmake);
    if (v !== undefined && older(v, MIN_VERSION)) return { ok: false, why: `${c.source}: HailoRT ${v.join(".")} < ${min}` };
  }
  const llmHeader = join(c.include, "hailo", "genai", "llm", "llm.hpp");
  if (!existsSync(join(c.include, "hailo", "infer_model.hpp")))
    return { ok: false, why: `${c.source}: no hailo/infer_model.hpp under ${c.include}` };
  if (!existsSync(llmHeader)) return { ok: false, why: `${c.source}: no hailo/genai/llm/llm.hpp (HailoRT < 5.0)` };
  // save_context/max_context_capacity appeared in 5.1.1; the binding uses them.
  if (!readFileSync(llmHeader, "utf8").includes("max_context_capacity"))
    return { ok: false, why: `${c.source}: llm.hpp lacks max_context_capacity (HailoRT < ${min})` };
  const lib = libraryFile(c.libdir);
  if (!lib.present) return { ok: false, why: `${c.source}: no libhailort.so in ${c.libdir}` };
  if (lib.version !== undefined && lib.version[0] < MIN_VERSION[0])
    return { ok: false, why: `${c.source}: libhailort major ${lib.version[0]} < ${MIN_VERSION[0]}` };
  return { ok: true, library: lib.library };
}

/** `env` defaults to process.env (HAILORT_DIR, HAILORT_NODE_PREFIXES, HAILORT_NODE_FORCE_SIM). */
export function detectHailort(env = process.env) {
  if (env.HAILORT_NODE_FORCE_SIM === "1") return { found: false, reasons: ["HAILORT_NODE_FORCE_SIM=1"] };
  const reasons = [];
  for (const c of candidates(env)) {
    const r = check(c);
    if (r.ok) return { found: true, include: c.include, libdir: c.libdir, library: r.library, source: c.source };
    if (!reasons.includes(r.why)) reasons.push(r.why);
  }
  return { found: false, reasons };
}
