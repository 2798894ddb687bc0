/**
 * Validates ROS parameter changes against a zod schema of the node's whole configuration, so a
 * batch is accepted only if the configuration it produces is valid (cross-field rules included).
 */
import type { z } from "zod";
import type { ParameterChange, ParameterValue } from "../../ports/ros.ts";

export type ValidatedParameters<T> = { ok: true; value: T } | { ok: false; reason: string };

export function validateParameters<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  current: Readonly<Record<string, ParameterValue>>,
  changes: readonly ParameterChange[] = [],
): ValidatedParameters<z.infer<S>> {
  const next: Record<string, ParameterValue> = { ...current };
  for (const change of changes) next[change.name] = change.value;
  const result = schema.safeParse(next);
  if (result.success) return { ok: true, value: result.data };
  const reasons = result.error.issues.map((issue) => {
    const name = issue.path.length > 0 ? issue.path.join(".") : "parameters";
    const given = issue.path.length > 0 ? next[String(issue.path[0])] : undefined;
    return `parameter '${name}'${given !== undefined ? ` = ${JSON.stringify(given)}` : ""}: ${issue.message}`;
  });
  return { ok: false, reason: reasons.join("; ") };
}
