/**
 * Bench figures of the spoken-command path: the grammar parser's latency over the labelled set
 * (a stop must not wait), and what the compact reply form costs an LLM in output tokens, counted
 * with gpt-tokenizer's o200k_base BPE (a public ~200k vocabulary, the size of Qwen2's).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { parseCommandText } from "../../src/core/command/grammar/parse-command-text.ts";
import { parseLabelledSet, type LabelledUtterance } from "../../src/core/command/labelled-set.ts";
import { encodeCompact } from "../../src/core/command/reply/compact-form.ts";
import type { RobotCommand } from "../../src/core/command/robot-command.ts";

export const LABELLED_SET = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test/fixtures/commands/labelled.jsonl");

export function loadLabelledSet(file = LABELLED_SET): readonly LabelledUtterance[] {
  const parsed = parseLabelledSet(readFileSync(file, "utf8"), file);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

export interface GrammarParseFigures {
  readonly p99Ms: number;
  readonly medianMs: number;
  readonly samples: number;
  readonly utterances: number;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Each labelled utterance parsed `runs` times after a warm-up, each parse timed on its own. */
export function measureGrammarParse(options: { runs?: number; warmup?: number } = {}): GrammarParseFigures {
  const texts = loadLabelledSet().map((i) => i.text);
  const runs = options.runs ?? 20;
  for (let r = 0; r < (options.warmup ?? 5); r++) for (const text of texts) parseCommandText(text);
  const times: number[] = [];
  let answered = 0;
  for (let r = 0; r < runs; r++) {
    for (const text of texts) {
      const t0 = performance.now();
      const result = parseCommandText(text);
      times.push(performance.now() - t0);
      if (result.ok) answered++;
    }
  }
  if (answered === 0) throw new Error("the grammar answered none of the labelled set");
  times.sort((a, b) => a - b);
  return { p99Ms: quantile(times, 0.99), medianMs: quantile(times, 0.5), samples: times.length, utterances: texts.length };
}

export interface ReplyTokenFigures {
  readonly meanCompact: number;
  readonly maxCompact: number;
  readonly meanJson: number;
  readonly commands: number;
}

/** Mean o200k tokens of the compact reference answer of every labelled command ("none" for non-commands). */
export function measureReplyTokens(): ReplyTokenFigures {
  const expected = loadLabelledSet().map((i) => i.expected);
  const answer = (c: RobotCommand | null): string => (c === null ? "none" : encodeCompact(c));
  const compact = expected.map((c) => countTokens(answer(c)));
  const json = expected.map((c) => countTokens(c === null ? "null" : JSON.stringify(c)));
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { meanCompact: mean(compact), maxCompact: Math.max(...compact), meanJson: mean(json), commands: expected.length };
}
