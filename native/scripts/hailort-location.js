// Finds HailoRT >= 5.x headers and libhailort (used by binding.gyp at build time and by index.js to explain
// why the real device is unavailable).
// Search: HAILORT_DIR alone when set (with include/ and lib/); otherwise pkg-config "hailort", then /usr and /usr/local.
// HAILORT_NODE_FORCE_SIM=1 skips detection (builds the simulated device only).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const MIN_MAJOR = 5;

function candidates() {
  const list = [];
  const dir = process.env.HAILORT_DIR;
  // An explicit HAILORT_DIR is authoritative: if it is wrong, say so rather than pick another install.
  if (dir) return [{ source: "HAILORT_DIR", include: join(dir, "include"), libdir: join(dir, "lib") }];
  try {
    const include = execFileSync("pkg-config", ["--variable=includedir", "hailort"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const libdir = execFileSync("pkg-config", ["--variable=libdir", "hailort"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (include && libdir) list.push({ source: "pkg-config", include, libdir });
  } catch {
    // pkg-config missing or no hailort.pc: fall through to the default install paths.
  }
  for (const prefix of ["/usr", "/usr/local"]) {
    list.push({ source: prefix, include: join(prefix, "include"), libdir: join(prefix, "lib") });
    list.push({ source: prefix, include: join(prefix, "include"), libdir: join(prefix, "lib", "aarch64-linux-gnu") });
  }
  return list;
}

/** Library major version from libhailort.so.X.Y.Z names; undefined when only the unversioned link exists. */
function libraryMajor(libdir) {
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
  const file = libs.includes("libhailort.so") ? "libhailort.so" : versioned[0]?.name ?? libs[0];
  return { present: true, major: versioned[0]?.parts[0], library: join(libdir, file) };
}

function check(c) {
  const llmHeader = join(c.include, "hailo", "genai", "llm", "llm.hpp");
  if (!existsSync(join(c.include, "hailo", "infer_model.hpp"))) return { ok: false, why: `${c.source}: no hailo/infer_model.hpp under ${c.include}` };
  if (!existsSync(llmHeader)) return { ok: false, why: `${c.source}: no hailo/genai/llm/llm.hpp (HailoRT < 5.0)` };
  // save_context/max_context_capacity appeared in 5.1.1; the binding uses them.
  if (!readFileSync(llmHeader, "utf8").includes("max_context_capacity")) return { ok: false, why: `${c.source}: llm.hpp lacks max_context_capacity (HailoRT < 5.1.1)` };
  const lib = libraryMajor(c.libdir);
  if (!lib.present) return { ok: false, why: `${c.source}: no libhailort.so in ${c.libdir}` };
  if (lib.major !== undefined && lib.major < MIN_MAJOR) return { ok: false, why: `${c.source}: libhailort major ${lib.major} < ${MIN_MAJOR}` };
  return { ok: true, library: lib.library };
}

export function detectHailort() {
  if (process.env.HAILORT_NODE_FORCE_SIM === "1") return { found: false, reasons: ["HAILORT_NODE_FORCE_SIM=1"] };
  const reasons = [];
  for (const c of candidates()) {
    const r = check(c);
    if (r.ok) return { found: true, include: c.include, libdir: c.libdir, library: r.library, source: c.source };
    if (!reasons.includes(r.why)) reasons.push(r.why);
  }
  return { found: false, reasons };
}
