/**
 * Parses a labels file. Two forms are accepted:
 * - plain text, one label per line (blank lines and lines starting with '#' are skipped), as Hailo's coco.txt;
 * - a JSON array of strings, or a JSON object mapping class index → name (as Ultralytics' `names`).
 */
import { z } from "zod";

export type ParseLabelsResult = { ok: true; labels: string[] } | { ok: false; error: string };

const jsonArraySchema = z.array(z.string().trim().min(1, "empty label"));
const jsonMapSchema = z.record(z.string().regex(/^\d+$/, "keys must be class indices"), z.string().trim().min(1, "empty label"));

export function parseLabels(text: string): ParseLabelsResult {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    return { ok: false, error: "the file is empty; write one label per line or a JSON array of names" };
  }
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    return parseJsonLabels(trimmed);
  }
  const labels: string[] = [];
  for (const raw of trimmed.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith("#")) continue;
    labels.push(line);
  }
  return checkDuplicates(labels);
}

function parseJsonLabels(text: string): ParseLabelsResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON (${(e as Error).message}); use one label per line or a JSON array of strings` };
  }
  const asArray = jsonArraySchema.safeParse(value);
  if (asArray.success) return checkDuplicates(asArray.data);
  const asMap = jsonMapSchema.safeParse(value);
  if (asMap.success) {
    const entries = Object.entries(asMap.data).map(([k, v]) => [Number(k), v] as const);
    entries.sort((a, b) => a[0] - b[0]);
    const labels: string[] = [];
    for (const [index, name] of entries) {
      if (index !== labels.length) {
        return { ok: false, error: `class indices must run 0, 1, 2, … without gaps; index ${labels.length} is missing` };
      }
      labels.push(name);
    }
    return checkDuplicates(labels);
  }
  // An object is reported against the names-map form, an array against the array form.
  const issue = (Array.isArray(value) ? asArray.error : asMap.error).issues[0];
  // A bad key's own message ("keys must be class indices") sits one level down.
  const message = issue?.code === "invalid_key" ? issue.issues[0]?.message : issue?.message;
  const where = ` (${issue?.path.join(".")}: ${message})`;
  return { ok: false, error: `expected a JSON array of label strings or an object {"0": "person", …}${where}` };
}

function checkDuplicates(labels: string[]): ParseLabelsResult {
  if (labels.length === 0) return { ok: false, error: "no labels found; write one label per line" };
  const seen = new Map<string, number>();
  for (const [i, label] of labels.entries()) {
    const first = seen.get(label);
    if (first !== undefined) {
      return { ok: false, error: `label "${label}" appears twice (classes ${first} and ${i}); class names must be unique` };
    }
    seen.set(label, i);
  }
  return { ok: true, labels };
}
