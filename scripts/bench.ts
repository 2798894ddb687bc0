/**
 * `npm run bench`: speed figures on this machine, each goal a ratio against a floor or a peer
 * measured in the same run. Prints a table (key, value, goal, ok|MISSED, what); with `--json`, the
 * last line is one JSON object of numbers; `--only KEY,...` runs the cases those keys need.
 *
 * `--backend sim` (default) measures the accelerator scheduler and the detection pipeline against
 * the SIMULATED Hailo-10H. `--backend hailo --hef <yolov8n.hef>` measures `pipeline_efficiency`
 * on the real device; without a device it says so and reports the simulated figures.
 */
import { loadNativeImageKernels } from "../src/adapters/native-image-kernels.ts";
import type { LetterboxKernels } from "../src/core/vision/letterbox.ts";
import type { InferenceBackend } from "../src/ports/inference-backend.ts";
import { BENCH_CASES, goalText, meets, type BenchArgs, type BenchContext, type BenchRow } from "./bench/cases.ts";

function parseArgs(argv: readonly string[]): BenchArgs {
  let backend: "sim" | "hailo" = "sim";
  let hef: string | undefined;
  let only: string[] | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--backend") {
      const value = argv[++i];
      if (value !== "sim" && value !== "hailo")
        throw new Error(`--backend must be sim or hailo (got ${value === undefined ? "nothing" : `'${value}'`})`);
      backend = value;
    } else if (arg === "--hef") {
      hef = argv[++i];
      if (hef === undefined) throw new Error("--hef needs the path of a yolov8n HEF compiled for hailo10h");
    } else if (arg === "--only") {
      const value = argv[++i];
      if (value === undefined || value.trim() === "") throw new Error("--only needs a comma-separated list of keys");
      only = value
        .split(",")
        .map((k) => k.trim())
        .filter((k) => k !== "");
    } else if (arg === "--json") {
      json = true;
    } else {
      throw new Error(`unknown option '${arg}'; use --json, --only KEY,..., --backend sim|hailo, --hef <path>`);
    }
  }
  return { json, backend, hef, only };
}

/** The cases to run for `--only`: those producing the keys, and those producing what they need. */
function selectCases(only: readonly string[] | undefined): typeof BENCH_CASES {
  if (only === undefined) return BENCH_CASES;
  const byKey = new Map<string, (typeof BENCH_CASES)[number]>();
  for (const c of BENCH_CASES) for (const k of c.keys) byKey.set(k, c);
  const unknown = only.filter((k) => !byKey.has(k));
  if (unknown.length > 0) throw new Error(`unknown key(s) ${unknown.join(", ")}; keys: ${[...byKey.keys()].join(", ")}`);
  const chosen = new Set<(typeof BENCH_CASES)[number]>();
  const add = (key: string): void => {
    const c = byKey.get(key)!;
    if (chosen.has(c)) return;
    chosen.add(c);
    for (const need of c.needs ?? []) add(need);
  };
  for (const k of only) add(k);
  return BENCH_CASES.filter((c) => chosen.has(c));
}

function formatValue(row: BenchRow): string {
  if (row.value === undefined) return "skipped";
  const v = row.value;
  const abs = Math.abs(v);
  return v.toFixed(abs >= 100 ? 1 : abs >= 1 ? 3 : 4);
}

function formatTable(rows: readonly BenchRow[]): string {
  const lines = [`${"key".padEnd(28)} ${"value".padStart(10)}  ${"goal".padEnd(10)} ${"".padEnd(6)}  what`];
  for (const r of rows) {
    const goal = r.goal === undefined ? "" : goalText(r.goal);
    const verdict = r.goal === undefined ? "" : r.value === undefined ? "-" : meets(r.goal, r.value) ? "ok" : "MISSED";
    const what = r.value === undefined ? `${r.what} [skipped: ${r.skipped ?? "not measured"}]` : r.what;
    lines.push(`${r.key.padEnd(28)} ${formatValue(r).padStart(10)}  ${goal.padEnd(10)} ${verdict.padEnd(6)}  ${what}`);
  }
  return lines.join("\n");
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const cases = selectCases(args.only);
  const started = performance.now();
  let kernels: LetterboxKernels | undefined;
  // The node letterboxes with hailort-node's native kernel, as `hailo-ros` runs it.
  const loaded = await loadNativeImageKernels();
  if (loaded.ok) kernels = loaded.kernels;
  else process.stderr.write(`bench: the native image kernels are missing (${loaded.reason}); the letterbox runs in TypeScript\n`);
  const values = new Map<string, number>();
  const rows: BenchRow[] = [];
  const sections: string[] = [];
  let realBackend: { backend: InferenceBackend; hef: string } | undefined;
  const context: BenchContext = {
    args,
    kernels,
    value: (key) => {
      const v = values.get(key);
      if (v === undefined) throw new Error(`bench: ${key} was not measured before it was needed`);
      return v;
    },
    has: (key) => values.has(key),
    section: (title, text) => sections.push(`${title}:\n${text}`),
    realBackend: () => realBackend,
    setRealBackend: (b) => (realBackend = b),
  };
  for (const c of cases) {
    for (const row of await c.run(context)) {
      rows.push(row);
      if (row.value !== undefined) values.set(row.key, row.value);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const missed = rows.filter((r) => r.goal !== undefined && r.value !== undefined && !meets(r.goal, r.value)).map((r) => r.key);
  const skipped = rows.filter((r) => r.value === undefined).map((r) => r.key);
  process.stdout.write(`${formatTable(rows)}\n\n`);
  if (sections.length > 0) process.stdout.write(`${sections.join("\n\n")}\n\n`);
  process.stdout.write(
    `bench: ${rows.length} keys in ${seconds.toFixed(1)} s; goals missed: ${missed.length === 0 ? "none" : missed.join(", ")}` +
      `${skipped.length > 0 ? `; skipped: ${skipped.join(", ")}` : ""}\n`,
  );
  if (args.json) {
    const object: Record<string, number> = {};
    for (const r of rows) if (r.value !== undefined) object[r.key] = Number(r.value.toPrecision(6));
    process.stdout.write(`${JSON.stringify(object)}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
