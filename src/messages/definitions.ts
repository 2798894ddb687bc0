/**
 * The registry of ROS 2 message definitions for every type in `MessageTypes` and their
 * dependencies: common Jazzy interfaces plus vision_msgs 4.x. It encodes and decodes CDR,
 * produces MCAP `ros2msg` schemas the way rosbag2 writes them, and checks a message's structure
 * against its definition.
 *
 * Two naming schemes meet here: ROS 2 full names ("sensor_msgs/msg/Image", used by our topics and
 * as MCAP schema names) and definition names ("sensor_msgs/Image", used inside parsed
 * definitions and after `MSG:` in schema texts).
 */
import { parse } from "@foxglove/rosmsg";
import { actionPartText } from "./action-definitions.ts";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import { CdrMessageWriter } from "./cdr-message-writer.ts";
import { commonDefinition, commonMsgText } from "./common-msgs-definitions.ts";
import type { MessageTypeName } from "./types.ts";
import { visionMsgsTexts } from "./vision-msgs-definitions.ts";
import { hailoRosMsgsTexts } from "./hailo-ros-msgs-definitions.ts";

export type MessageDefinition = ReturnType<typeof parse>[number];
export type MessageDefinitionField = MessageDefinition["definitions"][number];

export type CheckResult = { ok: true } | { ok: false; error: string };

export interface Ros2MsgSchema {
  /** "pkg/msg/Name" */
  name: string;
  encoding: "ros2msg";
  /** Root `.msg` text, then each dependency after an 80-`=` line and a `MSG: pkg/Name` line. */
  data: string;
}

/** "pkg/msg/Name" or "pkg/Name" → "pkg/Name" (the form used inside definitions). */
export function definitionNameOf(typeName: string): string {
  const parts = typeName.split("/");
  return parts.length === 3 && parts[1] === "msg" ? `${parts[0]}/${parts[2]}` : typeName;
}

/** "pkg/Name" or "pkg/msg/Name" (e.g. an MCAP schema name) → "pkg/msg/Name". */
export function rosTypeOfSchemaName(schemaName: string): string {
  const parts = schemaName.split("/");
  return parts.length === 2 ? `${parts[0]}/msg/${parts[1]}` : schemaName;
}

// The parsed common set writes builtin_interfaces/Time and Duration as the primitives
// "time"/"duration"; their `.msg` dependencies are still the builtin_interfaces types.
const builtinOfTimeType: Readonly<Record<string, string>> = {
  time: "builtin_interfaces/Time",
  duration: "builtin_interfaces/Duration",
};

const ownDefinitions = new Map<string, MessageDefinition>();

function parseOwnDefinition(name: string, text: string): MessageDefinition {
  const parsed = parse(text, { ros2: true, skipTypeFixup: true });
  const root = parsed[0];
  if (root === undefined || parsed.length !== 1) {
    throw new Error(`the text for ${name} must hold exactly one definition`);
  }
  const pkg = name.split("/")[0] ?? "";
  // Unqualified complex types refer to the message's own package, as in any .msg file.
  const definitions = root.definitions.map((field) =>
    field.isComplex === true && !field.type.includes("/") ? { ...field, type: `${pkg}/${field.type}` } : field,
  );
  return { name, definitions };
}

/**
 * The `.msg` text of a type whose text we hold ourselves rather than the common set: vision_msgs,
 * hailo_ros_msgs, and action goals, results and feedback ("pkg/Name_Goal", from the .action texts).
 */
function ownMsgText(name: string): string | undefined {
  return (
    (Object.hasOwn(visionMsgsTexts, name) ? visionMsgsTexts[name] : undefined) ??
    (Object.hasOwn(hailoRosMsgsTexts, name) ? hailoRosMsgsTexts[name] : undefined) ??
    actionPartText(name)
  );
}

/** The definition of "pkg/Name", or undefined if the registry does not know it. */
export function lookupDefinition(name: string): MessageDefinition | undefined {
  const common = commonDefinition(name);
  if (common !== undefined) return common;
  const cached = ownDefinitions.get(name);
  if (cached !== undefined) return cached;
  const text = ownMsgText(name);
  if (text === undefined) return undefined;
  const parsed = parseOwnDefinition(name, text);
  ownDefinitions.set(name, parsed);
  return parsed;
}

function requireDefinition(name: string, neededBy?: string): MessageDefinition {
  const found = lookupDefinition(name);
  if (found === undefined) {
    const by = neededBy === undefined ? "" : ` (needed by ${neededBy})`;
    throw new Error(`unknown message type ${name}${by}: add its definition to src/messages/definitions.ts`);
  }
  return found;
}

/** Direct dependencies of a definition, by definition name, sorted like rosbag2's std::set. */
function directDependencies(definition: MessageDefinition): string[] {
  const names = new Set<string>();
  for (const field of definition.definitions) {
    if (field.isConstant === true) continue;
    if (field.isComplex === true) names.add(field.type);
    const builtin = builtinOfTimeType[field.type];
    if (builtin !== undefined) names.add(builtin);
  }
  return [...names].sort(compareBytes);
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const definitionsCache = new Map<string, MessageDefinition[]>();

/**
 * The root definition (named by its definition name) followed by every dependency once,
 * depth first. Accepts any type the registry knows, not only `MessageTypes`.
 */
export function messageDefinitions(type: MessageTypeName): MessageDefinition[];
export function messageDefinitions(type: string): MessageDefinition[];
export function messageDefinitions(type: string): MessageDefinition[] {
  const rootName = definitionNameOf(type);
  const cached = definitionsCache.get(rootName);
  if (cached !== undefined) return cached;
  const result: MessageDefinition[] = [];
  const seen = new Set<string>();
  const visit = (name: string, neededBy?: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const definition = requireDefinition(name, neededBy);
    result.push({ ...definition, name });
    for (const dependency of directDependencies(definition)) visit(dependency, name);
  };
  visit(rootName);
  definitionsCache.set(rootName, result);
  return result;
}

function msgTextOf(name: string): string {
  return ownMsgText(name) ?? commonMsgText(name);
}

const MSG_SEPARATOR = "=".repeat(80);

const schemaCache = new Map<string, Ros2MsgSchema>();

/**
 * The complete definition of a type as rosbag2 stores it in MCAP (schema encoding "ros2msg"):
 * the root text, then each not-yet-written dependency (visited depth first, in sorted order)
 * preceded by a newline, 80 `=` and `MSG: pkg/Name`.
 */
export function ros2msgSchema(type: MessageTypeName): Ros2MsgSchema;
export function ros2msgSchema(type: string): Ros2MsgSchema;
export function ros2msgSchema(type: string): Ros2MsgSchema {
  const rootName = definitionNameOf(type);
  const cached = schemaCache.get(rootName);
  if (cached !== undefined) return cached;
  const seen = new Set<string>();
  const append = (name: string, neededBy?: string): string => {
    let text = msgTextOf(name);
    for (const dependency of directDependencies(requireDefinition(name, neededBy))) {
      if (seen.has(dependency)) continue;
      seen.add(dependency);
      text += `\n${MSG_SEPARATOR}\nMSG: ${dependency}\n${append(dependency, name)}`;
    }
    return text;
  };
  const schema: Ros2MsgSchema = { name: rosTypeOfSchemaName(rootName), encoding: "ros2msg", data: append(rootName) };
  schemaCache.set(rootName, schema);
  return schema;
}

const writers = new Map<string, CdrMessageWriter>();
const readers = new Map<string, MessageReader>();

/**
 * CDR bytes (with the 4-byte encapsulation header) of a message. A message that does not fit
 * its definition throws with the `checkMessage` error naming the field.
 */
export function encodeCdr(type: MessageTypeName, message: unknown): Uint8Array;
export function encodeCdr(type: string, message: unknown): Uint8Array;
export function encodeCdr(type: string, message: unknown): Uint8Array {
  const name = definitionNameOf(type);
  let writer = writers.get(name);
  if (writer === undefined) {
    writer = new CdrMessageWriter(messageDefinitions(name));
    writers.set(name, writer);
  }
  try {
    return writer.write(message);
  } catch (cause) {
    const check = checkMessage(type, message);
    const reason = check.ok ? (cause instanceof Error ? cause.message : String(cause)) : check.error;
    throw new Error(`cannot encode ${type}: ${reason}`, { cause });
  }
}

/** Decodes CDR bytes; times come back as `{ sec, nanosec }`, numeric arrays as typed arrays. */
export function decodeCdr(type: MessageTypeName, bytes: ArrayBufferView): unknown;
export function decodeCdr(type: string, bytes: ArrayBufferView): unknown;
export function decodeCdr(type: string, bytes: ArrayBufferView): unknown {
  const name = definitionNameOf(type);
  let reader = readers.get(name);
  if (reader === undefined) {
    reader = new MessageReader(messageDefinitions(name), { timeType: "sec,nanosec" });
    readers.set(name, reader);
  }
  return reader.readMessage(bytes);
}

// ---- structural check -------------------------------------------------------------------------

const integerRanges: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

const bigintRanges: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

type TypedArrayConstructor = abstract new (...args: never[]) => ArrayBufferView;

// The typed array the CDR writer accepts for each primitive array; anything else it would zero-fill.
const typedArrayOf: Readonly<Record<string, TypedArrayConstructor>> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array,
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "array";
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  switch (typeof value) {
    case "number":
    case "bigint":
      return `${typeof value} ${String(value)}`;
    case "string":
      return "string";
    case "object":
      return "object";
    default:
      return typeof value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function joinPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function fail(path: string, message: string): CheckResult {
  return { ok: false, error: `${path === "" ? "(message)" : path}: ${message}` };
}

const OK: CheckResult = { ok: true };

function checkPrimitive(type: string, value: unknown, path: string, upperBound?: number): CheckResult {
  const expected = (detail: string = type) => fail(path, `expected ${detail}, got ${describe(value)}`);
  switch (type) {
    case "bool":
      return typeof value === "boolean" ? OK : expected();
    case "string":
    case "wstring":
      if (typeof value !== "string") return expected();
      return upperBound !== undefined && value.length > upperBound
        ? fail(path, `${type} longer than its bound of ${upperBound} characters`)
        : OK;
    case "float32":
    case "float64":
      return typeof value === "number" ? OK : expected();
    case "time":
    case "duration":
      return checkTime(value, path);
  }
  const intRange = integerRanges[type];
  if (intRange !== undefined) {
    const [min, max] = intRange;
    return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
      ? OK
      : expected(`${type} (an integer in ${min}..${max})`);
  }
  const bigRange = bigintRanges[type];
  if (bigRange !== undefined) {
    const [min, max] = bigRange;
    const inRange =
      (typeof value === "bigint" && value >= min && value <= max) ||
      (typeof value === "number" && Number.isSafeInteger(value) && BigInt(value) >= min && BigInt(value) <= max);
    return inRange ? OK : expected(`${type} (a bigint or safe integer in ${min}..${max})`);
  }
  return fail(path, `field type ${type} is not supported by the message check`);
}

function checkTime(value: unknown, path: string): CheckResult {
  if (!isPlainObject(value)) return fail(path, `expected builtin_interfaces/Time {sec, nanosec}, got ${describe(value)}`);
  return checkFields(requireDefinition("builtin_interfaces/Time"), value, path);
}

function checkArray(field: MessageDefinitionField, value: unknown, path: string): CheckResult {
  const typed = typedArrayOf[field.type];
  let length: number;
  if (Array.isArray(value)) {
    length = value.length;
  } else if (typed !== undefined && value instanceof typed) {
    length = (value as unknown as ArrayLike<unknown>).length;
  } else {
    const accepted = typed === undefined ? "an array" : `an array or ${typed.name}`;
    return fail(path, `expected ${field.type}[] (${accepted}), got ${describe(value)}`);
  }
  if (field.arrayLength !== undefined && length !== field.arrayLength) {
    return fail(path, `expected exactly ${field.arrayLength} elements of ${field.type}, got ${length}`);
  }
  if (field.arrayUpperBound !== undefined && length > field.arrayUpperBound) {
    return fail(path, `expected at most ${field.arrayUpperBound} elements of ${field.type}, got ${length}`);
  }
  // Typed arrays of the right kind hold valid elements by construction.
  if (!Array.isArray(value)) return OK;
  for (let i = 0; i < value.length; i++) {
    const result = checkValue(field, value[i], `${path}[${i}]`);
    if (!result.ok) return result;
  }
  return OK;
}

function checkValue(field: MessageDefinitionField, value: unknown, path: string): CheckResult {
  if (field.isComplex === true) {
    if (!isPlainObject(value)) return fail(path, `expected ${field.type}, got ${describe(value)}`);
    return checkFields(requireDefinition(field.type), value, path);
  }
  return checkPrimitive(field.type, value, path, field.upperBound);
}

function checkFields(definition: MessageDefinition, message: Record<string, unknown>, path: string): CheckResult {
  const fields = definition.definitions.filter((field) => field.isConstant !== true);
  const known = new Set(fields.map((field) => field.name));
  for (const key of Object.keys(message)) {
    if (!known.has(key)) {
      return fail(joinPath(path, key), `unknown field of ${definition.name ?? "message"} (fields: ${[...known].join(", ")})`);
    }
  }
  for (const field of fields) {
    const fieldPath = joinPath(path, field.name);
    const value = message[field.name];
    if (value === undefined) {
      const type = field.type + (field.isArray === true ? "[]" : "");
      return fail(fieldPath, `missing field of type ${type}`);
    }
    const result = field.isArray === true ? checkArray(field, value, fieldPath) : checkValue(field, value, fieldPath);
    if (!result.ok) return result;
  }
  return OK;
}

/**
 * Strict structural check of a message against its definition: no unknown or missing fields,
 * JS types and integer ranges matching the field types, fixed array lengths. The error names
 * the field path, e.g. `detections[0].bbox.center.position.x: expected float64, got string`.
 */
export function checkMessage(type: MessageTypeName, message: unknown): CheckResult;
export function checkMessage(type: string, message: unknown): CheckResult;
export function checkMessage(type: string, message: unknown): CheckResult {
  const name = definitionNameOf(type);
  const definition = lookupDefinition(name);
  if (definition === undefined) return { ok: false, error: `unknown message type ${type}` };
  if (!isPlainObject(message)) return fail("", `expected a ${type} object, got ${describe(message)}`);
  return checkFields({ ...definition, name }, message, "");
}
