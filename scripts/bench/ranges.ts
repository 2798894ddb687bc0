/**
 * Five-run ranges for docs/benchmarks.md from recorded bench runs (JSON lines, the last line of
 * `npm run bench -- --json`): per key the last value, min – max, the goal and in how many runs it held.
 *
 *   node dist/scripts/bench/ranges.js docs/bench-runs.jsonl
 */
import { readFileSync } from "node:fs";
import { GOALS, goalText, meets, type Goal } from "./cases.ts";

function format(v: number): string {
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(1) : abs >= 10 ? v.toFixed(2) : abs >= 1 ? v.toFixed(3) : v.toFixed(4);
}

export function rangeTable(runs: ReadonlyArray<Record<string, number>>): string {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  const goals: Readonly<Record<string, Goal>> = GOALS;
  const lines = ["| key | last | range (min – max) | goal | held |", "|---|---|---|---|---|"];
  for (const key of keys) {
    const values = runs.map((r) => r[key]).filter((v): v is number => typeof v === "number");
    if (values.length === 0) continue;
    const goal = goals[key];
    const held = goal === undefined ? "" : `${values.filter((v) => meets(goal, v)).length}/${values.length}`;
    const min = Math.min(...values);
    const max = Math.max(...values);
    lines.push(
      `| \`${key}\` | ${format(values.at(-1)!)} | ${format(min)} – ${format(max)} | ${goal ? goalText(goal) : "report"} | ${held} |`,
    );
  }
  return lines.join("\n");
}

function main(argv: readonly string[]): void {
  const [input] = argv;
  if (input === undefined) throw new Error("usage: ranges.js <runs.jsonl>");
  const runs = readFileSync(input, "utf8")
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, number>);
  process.stdout.write(`${rangeTable(runs)}\n`);
}

main(process.argv.slice(2));
