/**
 * docs/reference.md: per node its summary, every parameter (type, default, range or choices,
 * read-only or live, description) and every topic, service and action with its type and QoS, from
 * the registry's parameter specs and interface declarations (the ones the nodes create their
 * endpoints from). Written by `npm run generate`; the staleness test covers it.
 */
import type { ParameterEntry, ParameterSpec } from "../src/core/parameters/parameter-spec.ts";
import type { NodeInterfaces, TopicInterface, TopicQos } from "../src/nodes/kit/node-interfaces.ts";
import { QosPresets } from "../src/ports/ros.ts";

export interface ReferenceNode {
  readonly name: string;
  readonly summary: string;
  readonly accelerator: boolean;
  readonly ownProcess: boolean;
  readonly parameters: ParameterSpec;
  readonly interfaces: NodeInterfaces;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** Full interface names, as `ros2 interface show` takes them. */
function typeText(type: string): string {
  return `\`${type}\``;
}

function qosText(qos: TopicQos): string {
  const profile = QosPresets[qos.preset];
  const depth = qos.depth ?? profile.depth;
  const text = `${qos.preset} (${profile.reliability.replace("_", " ")}, ${profile.durability.replace("_", " ")}, depth ${depth})`;
  return qos.presetParameter !== undefined ? `${text}; \`${qos.presetParameter}\` chooses the preset` : text;
}

function topicRows(direction: string, topics: Readonly<Record<string, TopicInterface>>): string[] {
  return Object.values(topics).map((t) => {
    const name = t.topicParameter !== undefined ? `\`${t.topic}\` (\`${t.topicParameter}\`)` : `\`${t.topic}\``;
    const notes = t.when !== undefined ? `${t.description} (only when ${t.when})` : t.description;
    return `| ${direction} | ${name} | ${typeText(t.type)} | ${cell(qosText(t.qos))} | ${cell(notes)} |`;
  });
}

function constraintText(entry: ParameterEntry): string {
  if ("range" in entry && entry.range !== undefined) {
    const step = entry.range.step !== undefined && entry.range.step !== 0 && entry.range.step !== 1 ? `, step ${entry.range.step}` : "";
    return `[${entry.range.from}, ${entry.range.to}]${step}`;
  }
  if (entry.type === "string" && entry.choices !== undefined) return entry.choices.map((c) => `\`${c}\``).join(", ");
  if (entry.type === "string_array" && entry.nonEmptyItems === true) return "non-empty items";
  return "";
}

function parameterRows(spec: ParameterSpec): string[] {
  const rows = ["| parameter | type | default | range / choices | changes | description |", "|---|---|---|---|---|---|"];
  for (const [name, entry] of Object.entries(spec)) {
    rows.push(
      `| \`${name}\` | ${entry.type} | \`${cell(JSON.stringify(entry.default))}\` | ${cell(constraintText(entry))} | ${entry.readOnly === true ? "read-only (at start)" : "live (`ros2 param set`)"} | ${cell(entry.description)} |`,
    );
  }
  return rows;
}

const LIFECYCLE_SERVICES = [
  "~/change_state",
  "~/get_state",
  "~/get_available_states",
  "~/get_available_transitions",
  "~/get_transition_graph",
] as const;

function nodeSection(node: ReferenceNode): string {
  const { interfaces } = node;
  const lines = [`## ${node.name}`, ""];
  lines.push(`${node.summary.charAt(0).toUpperCase()}${node.summary.slice(1)}.`, "");
  const facts = [
    `Executable \`${node.name}_node\` (\`ros2 run hailo_ros ${node.name}_node\`, or \`hailo-ros node ${node.name}\`)`,
    `parameters at their defaults in [\`launch/config/${node.name}.yaml\`](../launch/config/${node.name}.yaml)`,
    node.accelerator ? "runs jobs on the accelerator scheduler" : "uses no accelerator",
  ];
  if (node.ownProcess) facts.push("runs in a process of its own under `hailo-ros run`");
  if (interfaces.lifecycle === true)
    facts.push("a managed (lifecycle) node: configured and activated at start unless its `autostart` parameter is false");
  lines.push(`${facts.join("; ")}.`, "");

  lines.push("| | name | type | QoS | notes |", "|---|---|---|---|---|");
  lines.push(...topicRows("subscribes", interfaces.subscribes), ...topicRows("publishes", interfaces.publishes));
  for (const s of Object.values(interfaces.services ?? {}))
    lines.push(`| service | \`${s.name}\` | ${typeText(s.type)} | | ${cell(s.description)} |`);
  for (const a of Object.values(interfaces.actions ?? {}))
    lines.push(`| action | \`${a.name}\` | ${typeText(a.type)} | | ${cell(a.description)} |`);
  if (interfaces.lifecycle === true) {
    lines.push(
      `| services | ${LIFECYCLE_SERVICES.map((s) => `\`${s}\``).join(", ")} | \`lifecycle_msgs/srv/…\` | | the lifecycle state machine (rcl_lifecycle's names) |`,
      "| publishes | `~/transition_event` | `lifecycle_msgs/msg/TransitionEvent` | | every transition |",
    );
  }
  lines.push("", "Every node also serves rcl's parameter services (`~/get_parameters`, `~/set_parameters`, …).", "");
  lines.push(...parameterRows(node.parameters), "");
  return lines.join("\n");
}

/** The whole reference page. */
export function referenceMarkdownOf(nodes: readonly ReferenceNode[]): string {
  const head = [
    "# Node reference",
    "",
    "<!-- generated by npm run generate from each node's parameter spec (src/nodes/<node>/parameters.ts) and",
    "     interface declaration (src/nodes/<node>/interfaces.ts); edit those, not this file -->",
    "",
    "Every node of hailo_ros: what it subscribes, publishes and serves, with message type and QoS, and every",
    "parameter. Relative names resolve in the node's namespace and can be remapped (`-r image:=/camera/image_raw`);",
    "`~/` names are under the node's name. QoS presets: `sensor_data` = best effort, volatile; `default` =",
    "reliable, volatile; `latched` = reliable, transient local (late subscribers get the last message).",
    "A parameter marked read-only is set at start only (`-p`, a params file or a launch argument);",
    "`ros2 param set` refuses it and names the parameter.",
    "",
    ...nodes.map((n) => `- [${n.name}](#${n.name}): ${n.summary}`),
    "",
  ];
  return `${[...head, ...nodes.map(nodeSection)].join("\n").trimEnd()}\n`;
}
