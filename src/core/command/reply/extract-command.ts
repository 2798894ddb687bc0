/**
 * Lenient extraction of a RobotCommand from whatever an LLM replied: a JSON object (or an array of
 * steps) anywhere in the text, with or without ``` fences, prose or trailing commas; or a compact
 * line (`move 1.5`, see compact-form.ts); or `none` when the text was not a robot command. Whatever
 * is found is validated by the one schema, so nothing invalid is ever returned ok; the error says
 * what was wrong in words a repair prompt can quote back to the model.
 */
import { checkRobotCommand, type RobotCommand } from "../robot-command.ts";
import { decodeCompact } from "./compact-form.ts";

export type ReplyForm = "json" | "compact";

export type Extraction =
  | { readonly ok: true; readonly value: RobotCommand; readonly form: ReplyForm }
  /** `declined` is set when the model answered `none` (not a robot command): no repair is due. */
  | { readonly ok: false; readonly error: string; readonly declined?: true };

/** Replies longer than this are cut before scanning (a command is a few dozen characters). */
export const MAX_REPLY_CHARS = 20_000;

const COMPACT_VERBS = /^(?:seq|stop|move|turn|drive|goto|follow|find|describe)\b/i;
const DECLINED = /^(?:none|null|no command|not a command)\.?$/i;

/** The end (exclusive) of the balanced JSON value opening at `start`, or -1; strings are skipped. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

/** Removes commas right before a closing brace or bracket, outside strings. */
function withoutTrailingCommas(json: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (inString) {
      out += c;
      if (c === "\\" && i + 1 < json.length) out += json[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ",") {
      let j = i + 1;
      while (j < json.length && /\s/.test(json[j]!)) j++;
      if (json[j] === "}" || json[j] === "]") continue;
    }
    out += c;
  }
  return out;
}

function parseJson(candidate: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(candidate) as unknown };
  } catch (error) {
    if (!/,\s*[}\]]/.test(candidate)) return { ok: false, error: `invalid JSON (${(error as Error).message})` };
    try {
      return { ok: true, value: JSON.parse(withoutTrailingCommas(candidate)) as unknown };
    } catch (error) {
      return { ok: false, error: `invalid JSON (${(error as Error).message})` };
    }
  }
}

/** An array of steps is read as a sequence; `{"command": {...}}`-style wrappers are not unwrapped. */
function asCommand(value: unknown): unknown {
  return Array.isArray(value) ? { action: "sequence", steps: value } : value;
}

/** A command's JSON is never longer (16 steps); longer balanced spans are not parsed. */
const MAX_JSON_CHARS = 8000;

/** At most this many openings are tried, so a reply full of braces stays linear in its length. */
const MAX_JSON_CANDIDATES = 32;

function fromJson(text: string): Extraction | undefined {
  let firstError: string | undefined;
  let tried = 0;
  for (let start = 0; start < text.length && tried < MAX_JSON_CANDIDATES; start++) {
    const c = text[start];
    if (c !== "{" && c !== "[") continue;
    tried++;
    const end = balancedEnd(text, start);
    if (end < 0) {
      if (c === "{") firstError ??= "a JSON object is not closed (missing '}')";
      continue;
    }
    if (end - start > MAX_JSON_CHARS) {
      firstError ??= `a JSON value of ${end - start} characters is too long for a command`;
      continue;
    }
    const parsed = parseJson(text.slice(start, end));
    if (!parsed.ok) {
      firstError ??= parsed.error;
      continue;
    }
    if (parsed.value === null || typeof parsed.value !== "object") continue;
    const checked = checkRobotCommand(asCommand(parsed.value));
    if (checked.ok) return { ok: true, value: checked.value, form: "json" };
    firstError ??= checked.error;
    start = end - 1; // an invalid object: look after it, not inside it
  }
  return firstError === undefined ? undefined : { ok: false, error: firstError };
}

/** Candidate compact lines: each line, without fences, quotes, list marks or an "answer:" label. */
function compactLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) =>
      line
        .trim()
        .replace(/^```\w*|```$/g, "")
        .replace(/^(?:[-*>]\s+|\d+[.)]\s+)/, "")
        .replace(/^(?:answer|reply|command|output)\s*:\s*/i, "")
        .replace(/^[`"']+|[`"'.]+$/g, "")
        .trim(),
    )
    .filter((line) => line.length > 0);
}

/** The command in an LLM reply, validated; or what was wrong with the reply. */
export function extractCommand(reply: string): Extraction {
  if (typeof reply !== "string") return { ok: false, error: "the reply is not text" };
  // Reasoning models may think aloud first; only what follows the thinking counts.
  const text = reply.slice(0, MAX_REPLY_CHARS).replace(/<think>[\s\S]*?(?:<\/think>|$)/gi, "");
  if (text.trim().length === 0) return { ok: false, error: "the reply is empty: expected one command line such as 'move 1.5'" };
  const json = fromJson(text);
  if (json?.ok === true) return json;
  let compactError: string | undefined;
  for (const line of compactLines(text)) {
    if (DECLINED.test(line)) return { ok: false, error: "the model answered that the text is not a robot command", declined: true };
    if (!COMPACT_VERBS.test(line)) continue;
    const decoded = decodeCompact(line);
    if (decoded.ok) return { ok: true, value: decoded.value, form: "compact" };
    compactError ??= `'${line.length > 80 ? `${line.slice(0, 80)}…` : line}': ${decoded.error}`;
  }
  if (json !== undefined) return json;
  if (compactError !== undefined) return { ok: false, error: compactError };
  return {
    ok: false,
    error:
      "no command found: expected one line such as 'move 1.5', 'turn -90d', 'goto chair' or 'none', or a JSON object with an \"action\"",
  };
}
