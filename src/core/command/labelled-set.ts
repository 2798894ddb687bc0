/**
 * The labelled utterance format (JSON lines): `{"text": …, "expected": RobotCommand | null}` with
 * an optional `"split"` ("holdout" marks lines written after the grammar was tuned). `null` means
 * "not a robot command". Parsed and validated here; reading the file is the caller's business.
 */
import { z } from "zod";
import { checkRobotCommand, type RobotCommand } from "./robot-command.ts";

export interface LabelledUtterance {
  readonly text: string;
  readonly expected: RobotCommand | null;
  readonly split: "tuning" | "holdout";
  /** 1-based line in the source. */
  readonly line: number;
}

const Line = z.strictObject({
  text: z.string(),
  expected: z.unknown(),
  split: z.enum(["tuning", "holdout"]).optional(),
});

export type LabelledSetResult =
  { readonly ok: true; readonly value: readonly LabelledUtterance[] } | { readonly ok: false; readonly error: string };

/** Parses a labelled set; the error names the source and line and what is wrong there. */
export function parseLabelledSet(jsonl: string, source = "labelled set"): LabelledSetResult {
  const out: LabelledUtterance[] = [];
  const lines = jsonl.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    if (raw.trim().length === 0) continue;
    const where = `${source}:${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      return { ok: false, error: `${where}: not JSON (${(error as Error).message})` };
    }
    const line = Line.safeParse(json);
    if (!line.success)
      return {
        ok: false,
        error: `${where}: expected {"text": string, "expected": command or null}: ${line.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ")}`,
      };
    let expected: RobotCommand | null = null;
    if (line.data.expected !== null) {
      const checked = checkRobotCommand(line.data.expected);
      if (!checked.ok) return { ok: false, error: `${where}: expected is not a valid RobotCommand: ${checked.error}` };
      expected = checked.value;
    }
    out.push({ text: line.data.text, expected, split: line.data.split ?? "tuning", line: index + 1 });
  }
  return { ok: true, value: out };
}
