/**
 * Pure conversions between the ROS port's plain values and what rclnodejs 2.2 expects:
 * QoS policy numbers, parameter type codes, bigint integers, nanosecond periods, type classes.
 * No rclnodejs import at runtime (its module loads a native addon on import).
 */
import type { Time } from "../../ports/clock.ts";
import type { ParameterType, ParameterValue, QosProfile } from "../../ports/ros.ts";
import type { RclParameterTypeCode } from "./rcl-api.ts";

/** rcl_interfaces/msg/ParameterType codes. */
const PARAMETER_TYPE_CODES: Record<ParameterType, RclParameterTypeCode> = {
  bool: 1,
  integer: 2,
  double: 3,
  string: 4,
  bool_array: 6,
  integer_array: 7,
  double_array: 8,
  string_array: 9,
};

export function parameterTypeCode(type: ParameterType): RclParameterTypeCode {
  return PARAMETER_TYPE_CODES[type];
}

/** rmw policy numbers, as in rmw/types.h and rclnodejs's QoS enums. */
export interface QosArguments {
  /** RMW_QOS_POLICY_HISTORY_KEEP_LAST */
  readonly history: 1;
  readonly depth: number;
  /** 1 = reliable, 2 = best effort */
  readonly reliability: 1 | 2;
  /** 1 = transient local, 2 = volatile */
  readonly durability: 1 | 2;
}

export function qosArguments(qos: QosProfile): QosArguments {
  return {
    history: 1,
    depth: qos.depth,
    reliability: qos.reliability === "reliable" ? 1 : 2,
    durability: qos.durability === "transient_local" ? 1 : 2,
  };
}

/** The `{package, type, name}` type-class form rclnodejs accepts for "pkg/msg/Name", "pkg/srv/Name" or "pkg/action/Name". */
export interface TypeClassDescriptor {
  readonly package: string;
  readonly type: string;
  readonly name: string;
}

export function typeClassOf(fullName: string): TypeClassDescriptor {
  const parts = fullName.split("/");
  const [pkg, kind, name] = parts;
  if (
    parts.length !== 3 ||
    pkg === undefined ||
    kind === undefined ||
    name === undefined ||
    (kind !== "msg" && kind !== "srv" && kind !== "action")
  ) {
    throw new Error(`interface type "${fullName}" is not of the form "package/msg/Name", "package/srv/Name" or "package/action/Name"`);
  }
  return { package: pkg, type: kind, name };
}

/** rclnodejs wants bigint for integer parameters and integer-array elements. */
export function toRclParameterValue(type: ParameterType, value: ParameterValue): unknown {
  if (type === "integer") return BigInt(value as number);
  if (type === "integer_array") return (value as number[]).map((n) => BigInt(n));
  if (type === "double_array" || type === "bool_array" || type === "string_array") return [...(value as unknown[])];
  return value;
}

/** Converts a value from rclnodejs (bigint, typed arrays) back to a port value; undefined if it is none. */
export function fromRclParameterValue(value: unknown): ParameterValue | undefined {
  const scalar = (v: unknown): boolean | number | string | undefined =>
    typeof v === "bigint" ? Number(v) : typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : undefined;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>, scalar);
    if (items.some((v) => v === undefined)) return undefined;
    return items as ParameterValue;
  }
  return scalar(value);
}

export function periodNanoseconds(periodMs: number): bigint {
  return BigInt(Math.round(periodMs * 1e6));
}

export function timeFromSecondsAndNanoseconds(t: { seconds: bigint; nanoseconds: bigint }): Time {
  return { sec: Number(t.seconds), nanosec: Number(t.nanoseconds) };
}

function isPartialView(value: unknown): value is ArrayBufferView & { slice(): ArrayBufferView } {
  return (
    ArrayBuffer.isView(value) && !(value instanceof DataView) && (value.byteOffset !== 0 || value.byteLength !== value.buffer.byteLength)
  );
}

/**
 * The message with every typed array that is a window into a larger buffer (a non-zero
 * byteOffset, or shorter than its buffer) replaced by a compact copy: rclnodejs 2.2 copies
 * typed arrays from the start of their buffer. Objects along a changed path are shallow-copied,
 * the caller's message is never modified, and a message without such views is returned as is.
 */
export function withContiguousTypedArrays<T>(message: T): T {
  if (isPartialView(message)) return message.slice() as T;
  if (message === null || typeof message !== "object" || ArrayBuffer.isView(message)) return message;
  if (Array.isArray(message)) {
    let copy: unknown[] | undefined;
    message.forEach((item: unknown, i) => {
      const fixed = withContiguousTypedArrays(item);
      if (fixed !== item) (copy ??= [...message])[i] = fixed;
    });
    return (copy ?? message) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(message)) {
    const fixed = withContiguousTypedArrays(value);
    if (fixed !== value) (copy ??= { ...(message as Record<string, unknown>) })[key] = fixed;
  }
  return (copy ?? message) as T;
}

/**
 * What to do when rclnodejs has no generated code for an interface (its error is "The message
 * required does not exist"): generation ran before the package was installed, and rclnodejs's
 * run-time generation skips the ROS 2 prefix. Undefined for any other error.
 */
export function interfaceNotFoundHint(type: string, error: unknown): string | undefined {
  const text = error instanceof Error ? `${(error as { code?: unknown }).code ?? ""} ${error.message}` : String(error);
  if (!/MESSAGE_NOT_FOUND|message required does not exist/i.test(text)) return undefined;
  const pkg = type.split("/")[0] ?? type;
  return (
    `rclnodejs has no generated code for ${type}. If "ros2 interface show ${type}" prints it, the package was ` +
    `installed after rclnodejs generated its messages: run "npm run ros:setup" again. Otherwise install it ` +
    `(e.g. "sudo apt install ros-$ROS_DISTRO-${pkg.replaceAll("_", "-")}") and then run "npm run ros:setup".`
  );
}
