/**
 * Parameter overrides from `--params-file` and `-p`, resolved for one node as rclcpp does. Pure.
 *
 * rclnodejs 2.2 applies only the `/**` and bare-node-name entries (so a file keyed `/detection:`
 * or `/ns/detection:`, as `ros2 param dump` writes, is ignored), and it builds a Parameter for every
 * entry of every node, failing on any integer array (`[1, 2]` arrives as numbers, not bigints). So
 * the adapter reads rcl's raw entries itself and keeps rcl's parameter arguments away from the
 * context its nodes live in.
 */
import type { ParameterValue } from "../../ports/ros.ts";
import type { RawParameterOverrides } from "./rcl-api.ts";

/** rcl arguments that carry parameters, each followed by one value. */
const PARAMETER_FLAGS = new Set(["-p", "--param", "--params-file"]);

/** argv without its `--ros-args` parameter rules; remaps, names and log options stay. */
export function withoutParameterArguments(argv: readonly string[]): string[] {
  const kept: string[] = [];
  let inRosArgs = false;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === "--ros-args") inRosArgs = true;
    else if (argument === "--") inRosArgs = false;
    else if (inRosArgs && PARAMETER_FLAGS.has(argument)) {
      i += 1;
      continue;
    }
    kept.push(argument);
  }
  return kept;
}

/** True when argv has parameter rules for rcl to parse. */
export function hasParameterArguments(argv: readonly string[]): boolean {
  return withoutParameterArguments(argv).length !== argv.length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The node-name key of a params-file entry as a pattern over fully qualified names: a relative key
 * is taken from the root, `/**` matches any number of namespace segments (none included), `/*` one.
 */
export function nodeNamePattern(key: string): RegExp {
  const absolute = key.startsWith("/") ? key : `/${key}`;
  const segments = absolute.split("/").slice(1);
  const body = segments
    .map((segment) => (segment === "**" ? "(?:/[^/]+)*" : segment === "*" ? "/[^/]+" : `/${escapeRegExp(segment)}`))
    .join("");
  return new RegExp(`^${body}$`);
}

/** A raw override value as a port value (integers arrive as numbers or bigints); undefined if unusable. */
function portValue(value: unknown): ParameterValue | undefined {
  const scalar = (v: unknown): boolean | number | string | undefined =>
    typeof v === "bigint" ? Number(v) : typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : undefined;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>, scalar);
    return items.some((v) => v === undefined) ? undefined : (items as ParameterValue);
  }
  return scalar(value);
}

export interface ResolvedOverride {
  readonly value: ParameterValue;
  /** rcl_interfaces ParameterType code as rcl parsed it (2 = integer, 3 = double, …). */
  readonly typeCode: number;
  /** The entry it came from, for messages (`/**`, `/ns/detection`). */
  readonly from: string;
}

/**
 * The overrides that apply to the node `fullyQualifiedName`: every matching entry in rcl's order,
 * a later one replacing an earlier one's value (rcl already merged files and `-p` in argv order).
 */
export function resolveParameterOverrides(
  fullyQualifiedName: string,
  entries: readonly RawParameterOverrides[],
): Map<string, ResolvedOverride> {
  const resolved = new Map<string, ResolvedOverride>();
  for (const entry of entries) {
    if (!nodeNamePattern(entry.name).test(fullyQualifiedName)) continue;
    for (const parameter of entry.parameters) {
      const value = portValue(parameter.value);
      if (value === undefined) continue;
      resolved.set(parameter.name, { value, typeCode: parameter.type, from: entry.name });
    }
  }
  return resolved;
}
