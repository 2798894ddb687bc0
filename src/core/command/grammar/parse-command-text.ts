/**
 * The grammar parser: spoken text to a RobotCommand with no LLM, in well under a millisecond. A
 * stop word anywhere stops; otherwise the utterance is split into clauses ("then", "and then",
 * "after that", sentence ends; "and" and commas when a command verb follows) and each clause is
 * read by clause.ts. Anything not understood is refused with the reason, never turned into motion.
 */
import { checkRobotCommand, type CommandStep, type RobotCommand } from "../robot-command.ts";
import { parseClause, startsClause, type ClauseResult } from "./clause.ts";
import { resolveGrammarOptions, type GrammarOptions, type ResolvedGrammarOptions } from "./grammar-options.ts";
import { labelMatcherFor, type LabelMatcher } from "./labels.ts";
import { HARD_BREAK, SOFT_BREAK, stripClausePrefixes, tokenize } from "./normalize.ts";
import { findStopWord } from "./stop-words.ts";

export type GrammarResult = { readonly ok: true; readonly value: RobotCommand } | { readonly ok: false; readonly error: string };

/** Utterances longer than this many words are refused (after the stop check, which reads them all). */
export const MAX_UTTERANCE_WORDS = 60;
const MAX_STEPS = 16;

const STRONG_BREAKS: readonly (readonly string[])[] = [
  ["and", "after", "that"],
  ["and", "then"],
  ["after", "that"],
  ["after", "which"],
  ["followed", "by"],
  ["and", "finally"],
  ["then"],
  ["afterwards"],
  ["afterward"],
  ["finally"],
  ["and", "also"],
  [HARD_BREAK],
];
const WEAK_BREAKS: readonly (readonly string[])[] = [["and"], [SOFT_BREAK], ["next"], ["also"]];

function breakAt(tokens: readonly string[], i: number, breaks: readonly (readonly string[])[]): number {
  for (const phrase of breaks) {
    let k = 0;
    while (k < phrase.length && tokens[i + k] === phrase[k]) k++;
    if (k === phrase.length) return k;
  }
  return 0;
}

/** The clauses of an utterance, prefixes stripped, empty ones dropped. */
export function splitClauses(tokens: readonly string[]): string[][] {
  const clauses: string[][] = [];
  let current: string[] = [];
  const flush = (): void => {
    const clause = stripClausePrefixes(current.filter((t) => t !== SOFT_BREAK));
    if (clause.length > 0) clauses.push([...clause]);
    current = [];
  };
  for (let i = 0; i < tokens.length;) {
    const strong = breakAt(tokens, i, STRONG_BREAKS);
    if (strong > 0) {
      flush();
      i += strong;
      continue;
    }
    const weak = breakAt(tokens, i, WEAK_BREAKS);
    if (weak > 0 && current.length > 0 && startsClause(stripClausePrefixes(tokens.slice(i + weak, i + weak + 12)), 0)) {
      flush();
      i += weak;
      continue;
    }
    current.push(tokens[i]!);
    i++;
  }
  flush();
  return clauses;
}

/**
 * A clause, or when it does not parse, two commands said without a link ("turn left go forward"):
 * split before the first place a command could start where both halves parse.
 */
function parseRunOn(clause: readonly string[], options: ResolvedGrammarOptions, labels: LabelMatcher, depth = 0): ClauseResult {
  const whole = parseClause(clause, options, labels);
  if (whole.ok || depth >= 3) return whole;
  for (let at = 1; at < clause.length; at++) {
    if (!startsClause(clause, at)) continue;
    const head = parseClause(clause.slice(0, at), options, labels);
    if (!head.ok) continue;
    const tail = parseRunOn(clause.slice(at), options, labels, depth + 1);
    if (tail.ok) return { ok: true, steps: [...head.steps, ...tail.steps] };
  }
  return whole;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

/** Parses one utterance. Never throws. */
export function parseCommandText(text: string, options: GrammarOptions = {}): GrammarResult {
  if (typeof text !== "string") return { ok: false, error: "the utterance is not text" };
  const tokens = tokenize(text);
  if (findStopWord(tokens) !== undefined || (tokens.length > 0 && tokens.every((t) => t === "no")))
    return { ok: true, value: { action: "stop" } };
  const words = tokens.filter((t) => t !== HARD_BREAK && t !== SOFT_BREAK);
  if (words.length === 0) return { ok: false, error: "empty utterance: nothing to do" };
  if (words.length > MAX_UTTERANCE_WORDS)
    return { ok: false, error: `utterance too long (${words.length} words; at most ${MAX_UTTERANCE_WORDS})` };
  const resolved = resolveGrammarOptions(options);
  const labels = labelMatcherFor(resolved.vocabulary);
  const clauses = splitClauses(tokens);
  if (clauses.length === 0) return { ok: false, error: `not a robot command: '${quote(text)}'` };
  const steps: CommandStep[] = [];
  for (const clause of clauses) {
    const result = parseRunOn(clause, resolved, labels);
    if (!result.ok) {
      const where = clauses.length > 1 ? `'${quote(clause.join(" "))}'` : `'${quote(text)}'`;
      return { ok: false, error: result.error === "not a robot command" ? `not a robot command: ${where}` : `${where}: ${result.error}` };
    }
    // "look around and tell me what you see" is one description, not two.
    for (const step of result.steps) if (!(step.action === "describe" && steps.at(-1)?.action === "describe")) steps.push(step);
  }
  if (steps.length > MAX_STEPS) return { ok: false, error: `too many steps (${steps.length}; a sequence has at most ${MAX_STEPS})` };
  const command = steps.length === 1 ? steps[0]! : { action: "sequence", steps };
  const checked = checkRobotCommand(command);
  return checked.ok ? checked : { ok: false, error: `'${quote(text)}': ${checked.error}` };
}
