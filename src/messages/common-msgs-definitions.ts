/**
 * Definitions of the common ROS 2 Jazzy interfaces (std_msgs, sensor_msgs, geometry_msgs, ...)
 * from @foxglove/rosmsg-msgs-common: the parsed definitions, and the original `.msg` texts that
 * package ships next to them (needed to write MCAP schemas exactly as rosbag2 does).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { MessageDefinition } from "@foxglove/message-definition";
import { ros2jazzy } from "@foxglove/rosmsg-msgs-common";

const jazzy: Readonly<Record<string, MessageDefinition>> = ros2jazzy;

/** The parsed Jazzy definition of "pkg/Name", if the common set has it. */
export function commonDefinition(name: string): MessageDefinition | undefined {
  return Object.hasOwn(jazzy, name) ? jazzy[name] : undefined;
}

let msgdefsRoot: string | undefined;
const textCache = new Map<string, string>();

const SECTION_SEPARATOR = `\n${"=".repeat(80)}\n`;

/**
 * The original `.msg` text of "pkg/Name" from the common set; throws naming the file if absent.
 * The shipped files hold the complete definition (dependencies appended after separator lines),
 * so only the first section is the type's own text.
 */
export function commonMsgText(name: string): string {
  const cached = textCache.get(name);
  if (cached !== undefined) return cached;
  const [pkg, type] = name.split("/");
  if (pkg === undefined || type === undefined) {
    throw new Error(`message type "${name}" is not of the form pkg/Name`);
  }
  msgdefsRoot ??= path.join(
    path.dirname(createRequire(import.meta.url).resolve("@foxglove/rosmsg-msgs-common")),
    "..",
    "msgdefs",
    "ros2jazzy",
  );
  const file = path.join(msgdefsRoot, pkg, "msg", `${type}.msg`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new Error(`no .msg text for ${name}: cannot read ${file} (reinstall @foxglove/rosmsg-msgs-common)`, { cause });
  }
  const end = text.indexOf(SECTION_SEPARATOR);
  text = `${(end === -1 ? text : text.slice(0, end)).trimEnd()}\n`;
  textCache.set(name, text);
  return text;
}
