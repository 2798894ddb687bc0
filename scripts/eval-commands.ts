/**
 * Scores a command parser against a labelled set: the grammar alone, the LLM alone, or both (auto),
 * over any LLM backend. Prints accuracy per expected action, stop recall, the number of non-commands
 * that produced motion, the latency, and which parser answered; `--json` adds one JSON object as
 * the last line.
 *
 *   npm run eval:commands                                      # grammar only
 *   npm run eval:commands -- --llm ollama --llm-url http://127.0.0.1:8000 --llm-model qwen2.5-instruct:1.5b
 *   npm run eval:commands -- --parser llm --llm openai --llm-url http://127.0.0.1:8080
 *
 * Options: --set PATH (default test/fixtures/commands/labelled.jsonl), --split tuning|holdout|all
 * (default all), --show-mismatches N (default 10), --json, and every option of `hailo-ros parse`
 * but TEXT and --jsonl. Exit 0 when every stop was recognized and no non-command produced motion,
 * 1 when either failed (or the LLM could not be opened), 2 for a bad option or labelled set.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseParseArgs } from "../src/cli/parse-command.ts";
import { openCommandInterpreter } from "../src/app/command-interpreter.ts";
import { errorText } from "../src/adapters/ros-common/error-text.ts";
import { parseLabelledSet, type LabelledUtterance } from "../src/core/command/labelled-set.ts";
import type { RobotCommand } from "../src/core/command/robot-command.ts";
import { scoreCommands } from "../src/core/command/score-commands.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_SET = path.join(root, "test/fixtures/commands/labelled.jsonl");

interface EvalArgs {
  readonly set: string;
  readonly split: "tuning" | "holdout" | "all";
  readonly showMismatches: number;
  readonly json: boolean;
  readonly rest: string[];
}

function parseEvalArgs(argv: readonly string[]): EvalArgs | { error: string } {
  let set = DEFAULT_SET;
  let split: EvalArgs["split"] = "all";
  let showMismatches = 10;
  let json = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--set") set = path.resolve(argv[++i] ?? "");
    else if (arg === "--split") {
      const v = argv[++i];
      if (v !== "tuning" && v !== "holdout" && v !== "all") return { error: `--split must be tuning, holdout or all (got '${v ?? ""}')` };
      split = v;
    } else if (arg === "--show-mismatches") {
      const v = argv[++i] ?? "";
      if (!/^\d+$/.test(v)) return { error: `--show-mismatches must be a whole number (got '${v}')` };
      showMismatches = Number(v);
    } else if (arg === "--json") json = true;
    else if (arg === "--jsonl") return { error: "--jsonl is for hailo-ros parse; the eval reads its labelled set (--set)" };
    else rest.push(arg);
  }
  return { set, split, showMismatches, json, rest };
}

const pct = (n: number, d: number): string => (d === 0 ? "   -  " : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

async function main(argv: readonly string[]): Promise<number> {
  const args = parseEvalArgs(argv);
  const flags = "error" in args ? args : parseParseArgs([...args.rest, "--jsonl"]);
  if ("error" in args || "error" in flags) {
    process.stderr.write(`eval:commands: ${"error" in args ? args.error : (flags as { error: string }).error}\n`);
    return 2;
  }
  if ("error" in flags) return 2;
  let text: string;
  try {
    text = readFileSync(args.set, "utf8");
  } catch (error) {
    process.stderr.write(`eval:commands: cannot read the labelled set ${args.set}: ${errorText(error)} (give one with --set PATH)\n`);
    return 2;
  }
  const parsed = parseLabelledSet(text, args.set);
  if (!parsed.ok) {
    process.stderr.write(`eval:commands: ${parsed.error}\n`);
    return 2;
  }
  const items: LabelledUtterance[] = parsed.value.filter((u) => args.split === "all" || u.split === args.split);
  let opened;
  try {
    opened = await openCommandInterpreter({
      parser: flags.parser,
      ...(flags.llm === undefined ? {} : { llm: flags.llm }),
      ...(flags.llmTimeoutMs === undefined ? {} : { llmTimeoutMs: flags.llmTimeoutMs }),
    });
  } catch (error) {
    process.stderr.write(`eval:commands: cannot start the ${flags.llm?.backend ?? ""} LLM: ${errorText(error)}\n`);
    return 1;
  }
  const answers: (RobotCommand | null)[] = [];
  const latencies: number[] = [];
  const byParser: Record<string, number> = { grammar: 0, llm: 0, none: 0 };
  const errors: string[] = [];
  try {
    for (const [i, item] of items.entries()) {
      const started = performance.now();
      const result = await opened.interpreter.interpret(item.text);
      latencies.push(performance.now() - started);
      answers.push(result.ok ? result.command : null);
      byParser[result.ok ? result.parser : "none"]!++;
      // A refusal ("not a robot command") is an answer; anything else from the LLM is a failure.
      if (!result.ok && result.parser === "llm" && !result.error.startsWith("not a robot command")) errors.push(result.error);
      if (opened.llmName !== undefined && (i + 1) % 25 === 0) process.stderr.write(`eval:commands: ${i + 1}/${items.length}\n`);
    }
  } finally {
    await opened.close();
  }
  const score = scoreCommands(
    items.map((u) => u.expected),
    answers,
  );
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? 0;
  const out: string[] = [];
  out.push(`labelled set: ${args.set} (${items.length} utterances, split ${args.split})`);
  out.push(`parser: ${flags.parser}${opened.llmName === undefined ? "" : `, LLM ${opened.llmName}`}`);
  out.push(`accuracy: ${score.correct}/${score.total} (${pct(score.correct, score.total).trim()})`);
  out.push("per expected action:");
  for (const [action, bucket] of Object.entries(score.byAction).sort()) {
    out.push(
      `  ${action.padEnd(9)} ${String(bucket.correct).padStart(4)}/${String(bucket.total).padEnd(4)} ${pct(bucket.correct, bucket.total)}`,
    );
  }
  out.push(`stop recall: ${score.stopsRecognized}/${score.stopsExpected}`);
  out.push(`non-commands producing motion: ${score.motionFromNonCommands}/${score.nonCommands}`);
  out.push(`commands refused: ${score.refused}`);
  out.push(
    `answered by: grammar ${byParser.grammar}, llm ${byParser.llm}, none ${byParser.none}${errors.length > 0 ? ` (LLM failures ${errors.length})` : ""}`,
  );
  out.push(`latency: mean ${mean.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms`);
  if (score.mismatches.length > 0 && args.showMismatches > 0) {
    out.push(`mismatches (first ${Math.min(args.showMismatches, score.mismatches.length)} of ${score.mismatches.length}):`);
    for (const i of score.mismatches.slice(0, args.showMismatches)) {
      const item = items[i]!;
      out.push(
        `  line ${item.line}: ${JSON.stringify(item.text)} expected ${JSON.stringify(item.expected)} got ${JSON.stringify(answers[i])}`,
      );
    }
  }
  for (const error of [...new Set(errors)].slice(0, 3)) out.push(`LLM failure: ${error}`);
  process.stdout.write(`${out.join("\n")}\n`);
  if (args.json) {
    const summary = {
      set: args.set,
      split: args.split,
      parser: flags.parser,
      llm: opened.llmName ?? null,
      total: score.total,
      correct: score.correct,
      accuracy: score.accuracy,
      byAction: score.byAction,
      stopsExpected: score.stopsExpected,
      stopsRecognized: score.stopsRecognized,
      nonCommands: score.nonCommands,
      motionFromNonCommands: score.motionFromNonCommands,
      refused: score.refused,
      answeredBy: byParser,
      llmFailures: errors.length,
      meanLatencyMs: mean,
      p95LatencyMs: p95,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
  return score.stopsRecognized === score.stopsExpected && score.motionFromNonCommands === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`eval:commands: ${errorText(error)}\n`);
    process.exitCode = 1;
  },
);
