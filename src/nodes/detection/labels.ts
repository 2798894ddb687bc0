/** The detection node's class names: from `labels_file`, or the built-in model's, and the `classes` allow-list. */
import { COCO_LABELS } from "../../core/labels/coco.ts";
import { parseLabels } from "../../core/labels/parse-labels.ts";

export type LabelsResult = { readonly ok: true; readonly labels: readonly string[] } | { readonly ok: false; readonly error: string };
export type ClassFilter =
  { readonly ok: true; readonly allowed: ReadonlySet<number> | undefined } | { readonly ok: false; readonly error: string };

export interface LabelSource {
  /** Reads a small text file; throws a Node fs error when it can't. */
  readTextFile(path: string): string;
  /** The built-in model's class names (used when both `model_path` and `labels_file` are empty). */
  readonly defaultModelLabels: readonly string[];
}

/** Labels for `labelsFile` and the model loaded for `modelParam` ("" = the built-in model). */
export function loadLabels(source: LabelSource, labelsFile: string, modelParam: string): LabelsResult {
  if (labelsFile === "") return { ok: true, labels: modelParam === "" ? source.defaultModelLabels : COCO_LABELS };
  let text: string;
  try {
    text = source.readTextFile(labelsFile);
  } catch (e) {
    return {
      ok: false,
      error: `parameter 'labels_file': cannot read '${labelsFile}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    };
  }
  const parsed = parseLabels(text);
  if (!parsed.ok) return { ok: false, error: `parameter 'labels_file': '${labelsFile}' is malformed: ${parsed.error}` };
  return parsed;
}

function preview(labels: readonly string[]): string {
  return labels.length <= 8 ? labels.join(", ") : `${labels.slice(0, 8).join(", ")}, … (${labels.length})`;
}

/** The class indices `names` allow among `labels`; undefined = all. */
export function classFilter(names: readonly string[], labels: readonly string[]): ClassFilter {
  if (names.length === 0) return { ok: true, allowed: undefined };
  const allowed = new Set<number>();
  for (const name of names) {
    const index = labels.indexOf(name);
    if (index < 0) return { ok: false, error: `parameter 'classes': '${name}' is not a label of this model (labels: ${preview(labels)})` };
    allowed.add(index);
  }
  return { ok: true, allowed };
}
