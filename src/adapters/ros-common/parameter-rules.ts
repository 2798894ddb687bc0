/**
 * The checks ROS 2 applies to a parameter value against its descriptor (type, integer-ness,
 * range with step, read-only). Pure, shared by both ROS adapters so that both give the same reasons.
 */
import type {
  ParameterChange,
  ParameterDescriptor,
  ParameterRange,
  ParameterType,
  ParameterValue,
  SetParametersResult,
} from "../../ports/ros.ts";

export type ValueCheck = { readonly ok: true; readonly value: ParameterValue } | { readonly ok: false; readonly error: string };

/** rclcpp's tolerance for floating-point range and step checks. */
const RANGE_TOLERANCE = 1e-6;

const ELEMENT_TYPE: Record<ParameterType, "bool" | "integer" | "double" | "string"> = {
  bool: "bool",
  integer: "integer",
  double: "double",
  string: "string",
  bool_array: "bool",
  integer_array: "integer",
  double_array: "double",
  string_array: "string",
};

export function isArrayType(type: ParameterType): boolean {
  return type.endsWith("_array");
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? JSON.stringify(value) : String(value);
}

function checkElement(kind: "bool" | "integer" | "double" | "string", element: unknown): string | undefined {
  switch (kind) {
    case "bool":
      return typeof element === "boolean" ? undefined : `expected true or false, got ${describe(element)}`;
    case "string":
      return typeof element === "string" ? undefined : `expected a string, got ${describe(element)}`;
    case "integer":
      return typeof element === "number" && Number.isInteger(element) ? undefined : `expected an integer, got ${describe(element)}`;
    case "double":
      return typeof element === "number" && Number.isFinite(element) ? undefined : `expected a finite number, got ${describe(element)}`;
  }
}

function checkRange(range: ParameterRange, integer: boolean, n: number): string | undefined {
  const tolerance = integer ? 0 : RANGE_TOLERANCE;
  if (n < range.from - tolerance || n > range.to + tolerance) {
    return `${n} is outside the range [${range.from}, ${range.to}]`;
  }
  const step = range.step ?? 0;
  if (step > 0 && Math.abs(n - range.to) > tolerance) {
    const steps = (n - range.from) / step;
    if (Math.abs(steps - Math.round(steps)) * step > tolerance) {
      return `${n} is not on a step of ${step} from ${range.from} (range [${range.from}, ${range.to}])`;
    }
  }
  return undefined;
}

/** Checks one value against a descriptor's type and range; the error names the parameter. */
export function checkParameterValue(descriptor: ParameterDescriptor, value: unknown): ValueCheck {
  const kind = ELEMENT_TYPE[descriptor.type];
  const fail = (problem: string): ValueCheck => ({
    ok: false,
    error: `parameter "${descriptor.name}" (${descriptor.type}): ${problem}`,
  });
  const elements: unknown[] = isArrayType(descriptor.type) ? (Array.isArray(value) ? value : []) : [value];
  if (isArrayType(descriptor.type) && !Array.isArray(value)) {
    return fail(`expected an array, got ${describe(value)}`);
  }
  for (const [i, element] of elements.entries()) {
    const problem = checkElement(kind, element);
    if (problem !== undefined) return fail(isArrayType(descriptor.type) ? `element ${i}: ${problem}` : problem);
    if (descriptor.range !== undefined && typeof element === "number") {
      const outside = checkRange(descriptor.range, kind === "integer", element);
      if (outside !== undefined) return fail(isArrayType(descriptor.type) ? `element ${i}: ${outside}` : outside);
    }
  }
  return { ok: true, value: value as ParameterValue };
}

/** Checks a descriptor itself: a range only on numeric types, and a default that passes its own checks. */
export function checkDescriptor(descriptor: ParameterDescriptor): ValueCheck {
  const kind = ELEMENT_TYPE[descriptor.type] as string | undefined;
  if (kind === undefined) {
    return { ok: false, error: `parameter "${descriptor.name}": unknown type "${String(descriptor.type)}"` };
  }
  if (descriptor.range !== undefined) {
    if (kind !== "integer" && kind !== "double") {
      return { ok: false, error: `parameter "${descriptor.name}": a range needs an integer or double type, not ${descriptor.type}` };
    }
    const { from, to, step = 0 } = descriptor.range;
    if (!(from <= to) || step < 0) {
      return {
        ok: false,
        error: `parameter "${descriptor.name}": range needs from <= to and step >= 0 (got [${from}, ${to}] step ${step})`,
      };
    }
  }
  const defaultCheck = checkParameterValue(descriptor, descriptor.default);
  return defaultCheck.ok ? defaultCheck : { ok: false, error: `default value does not pass its own descriptor: ${defaultCheck.error}` };
}

/**
 * Checks a batch as `ros2 param set` would before any validator runs: every parameter declared,
 * none read-only, every value of the right type and in range. The first problem rejects the batch.
 */
export function checkParameterChanges(
  descriptors: ReadonlyMap<string, ParameterDescriptor>,
  changes: readonly ParameterChange[],
): SetParametersResult {
  const seen = new Set<string>();
  for (const change of changes) {
    // One value per parameter per batch, or listeners could act on a value that is then replaced.
    if (seen.has(change.name)) {
      return { successful: false, reason: `parameter "${change.name}" is set twice in one request; give it once` };
    }
    seen.add(change.name);
    const descriptor = descriptors.get(change.name);
    if (descriptor === undefined) {
      return { successful: false, reason: `parameter "${change.name}" is not declared on this node` };
    }
    if (descriptor.readOnly === true) {
      return {
        successful: false,
        reason: `parameter "${change.name}" is read-only: set it at launch (-p ${change.name}:=...) instead`,
      };
    }
    const check = checkParameterValue(descriptor, change.value);
    if (!check.ok) return { successful: false, reason: check.error };
  }
  return { successful: true };
}
