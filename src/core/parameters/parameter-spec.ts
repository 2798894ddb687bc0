/**
 * One declaration per parameter, from which everything else about it is derived: the zod schema
 * that validates a whole configuration, the ROS descriptors (`ros2 param describe`), the params
 * YAML under `launch/config/` and the parameter table in the docs (after ros2_controllers'
 * generate_parameter_library YAML). Pure.
 */
import { z } from "zod";
import type { ParameterDescriptor, ParameterRange } from "../../ports/ros.ts";

interface EntryBase {
  readonly description: string;
  /** Only settable at start (`-p`); `ros2 param set` is refused. Default: false (changeable live). */
  readonly readOnly?: boolean;
}

export type ParameterEntry =
  | (EntryBase & { readonly type: "bool"; readonly default: boolean })
  | (EntryBase & { readonly type: "integer"; readonly default: number; readonly range?: ParameterRange })
  | (EntryBase & { readonly type: "double"; readonly default: number; readonly range?: ParameterRange })
  | (EntryBase & { readonly type: "string"; readonly default: string; readonly choices?: readonly string[] })
  | (EntryBase & { readonly type: "bool_array"; readonly default: readonly boolean[] })
  | (EntryBase & { readonly type: "integer_array"; readonly default: readonly number[]; readonly range?: ParameterRange })
  | (EntryBase & { readonly type: "double_array"; readonly default: readonly number[]; readonly range?: ParameterRange })
  | (EntryBase & {
      readonly type: "string_array";
      readonly default: readonly string[];
      /** Each element must be non-empty. */
      readonly nonEmptyItems?: boolean;
    });

/** A node's parameters: name → entry, in declaration order. */
export type ParameterSpec = Readonly<Record<string, ParameterEntry>>;

type ValueOf<E extends ParameterEntry> = E extends { readonly type: "string"; readonly choices: readonly (infer C)[] }
  ? C
  : E extends { readonly type: "bool" }
    ? boolean
    : E extends { readonly type: "integer" | "double" }
      ? number
      : E extends { readonly type: "string" }
        ? string
        : E extends { readonly type: "bool_array" }
          ? boolean[]
          : E extends { readonly type: "integer_array" | "double_array" }
            ? number[]
            : string[];

/** The typed configuration a spec describes. */
export type ParametersOf<S extends ParameterSpec> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** Declares a spec with its literal types kept (choices become unions). */
export function defineParameters<const S extends ParameterSpec>(spec: S): S {
  return spec;
}

function rangeText(range: ParameterRange): string {
  return `[${range.from}, ${range.to}]`;
}

function numberSchema(entry: { readonly type: string; readonly range?: ParameterRange }): z.ZodNumber {
  // zod 4 numbers reject NaN and ±Infinity themselves (its .finite() is a no-op), with this message.
  let schema = z.number({ message: "must be a finite number" });
  if (entry.type === "integer" || entry.type === "integer_array") schema = schema.int("must be an integer");
  const range = entry.range;
  if (range !== undefined) {
    schema = schema.min(range.from, `must be in ${rangeText(range)}`).max(range.to, `must be in ${rangeText(range)}`);
  }
  return schema;
}

function entrySchema(entry: ParameterEntry): z.ZodType {
  switch (entry.type) {
    case "bool":
      return z.boolean({ message: "must be true or false" });
    case "integer":
    case "double":
      return numberSchema(entry);
    case "string":
      return entry.choices !== undefined && entry.choices.length > 0
        ? z.enum(entry.choices as [string, ...string[]], { message: `must be one of ${entry.choices.join(", ")}` })
        : z.string({ message: "must be a string" });
    case "bool_array":
      return z.array(z.boolean());
    case "integer_array":
    case "double_array":
      return z.array(numberSchema(entry));
    case "string_array":
      return z.array(entry.nonEmptyItems === true ? z.string().min(1, "items must not be empty") : z.string());
  }
}

/** The zod schema of a whole configuration. */
export function schemaOf<S extends ParameterSpec>(spec: S): z.ZodType<ParametersOf<S>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, entry] of Object.entries(spec)) shape[name] = entrySchema(entry);
  return z.object(shape) as unknown as z.ZodType<ParametersOf<S>>;
}

/** The ROS descriptors, in declaration order. */
export function descriptorsOf(spec: ParameterSpec): ParameterDescriptor[] {
  return Object.entries(spec).map(([name, entry]) => {
    const choices = entry.type === "string" ? entry.choices : undefined;
    const range = "range" in entry ? entry.range : undefined;
    return {
      name,
      type: entry.type,
      description: entry.description,
      default: Array.isArray(entry.default) ? [...(entry.default as unknown[])] : entry.default,
      ...(entry.readOnly === true ? { readOnly: true } : {}),
      ...(range !== undefined ? { range } : {}),
      ...(choices !== undefined ? { additionalConstraints: `one of ${choices.join(", ")}` } : {}),
    } as ParameterDescriptor;
  });
}

/** The defaults as a configuration. */
export function defaultsOf<S extends ParameterSpec>(spec: S): ParametersOf<S> {
  const values: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(spec)) {
    values[name] = Array.isArray(entry.default) ? [...(entry.default as unknown[])] : entry.default;
  }
  return values as ParametersOf<S>;
}

function yamlValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(yamlValue).join(", ")}]`;
  return String(value);
}

function constraintText(entry: ParameterEntry): string {
  const parts: string[] = [];
  if ("range" in entry && entry.range !== undefined) parts.push(rangeText(entry.range));
  if (entry.type === "string" && entry.choices !== undefined) parts.push(entry.choices.join(" | "));
  // Stryker disable next-line StringLiteral: equivalent, an entry has a range (numbers) or choices (strings), never both
  return parts.join("; ");
}

/**
 * A params file with every parameter at its default, keyed for the node by name (`ros2 launch`
 * and `--params-file` both read it). A double default is written with a decimal point so that
 * rcl parses it as a double.
 */
export function paramsYamlOf(nodeName: string, spec: ParameterSpec, header: string): string {
  const lines = header.split("\n").map((line) => `# ${line}`.trimEnd());
  lines.push(`${nodeName}:`, "  ros__parameters:");
  for (const [name, entry] of Object.entries(spec)) {
    const constraints = constraintText(entry);
    lines.push(`    # ${entry.description}${constraints !== "" ? ` (${constraints})` : ""}${entry.readOnly === true ? "; read-only" : ""}`);
    const value =
      entry.type === "double"
        ? Number.isInteger(entry.default)
          ? entry.default.toFixed(1)
          : String(entry.default)
        : entry.type === "double_array"
          ? `[${entry.default.map((v) => (Number.isInteger(v) ? v.toFixed(1) : String(v))).join(", ")}]`
          : yamlValue(entry.default);
    lines.push(`    ${name}: ${value}`);
  }
  return `${lines.join("\n")}\n`;
}

function markdownCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** The parameter table of the docs: name, type, default, live, meaning. */
export function markdownTableOf(spec: ParameterSpec): string {
  const rows = ["| parameter | type | default | live | meaning |", "|---|---|---|---|---|"];
  for (const [name, entry] of Object.entries(spec)) {
    const constraints = constraintText(entry);
    const meaning = `${entry.description}${constraints !== "" ? ` (${constraints})` : ""}`;
    rows.push(
      `| \`${name}\` | ${entry.type} | \`${markdownCell(JSON.stringify(entry.default))}\` | ${entry.readOnly === true ? "no" : "yes"} | ${markdownCell(meaning)} |`,
    );
  }
  return `${rows.join("\n")}\n`;
}
