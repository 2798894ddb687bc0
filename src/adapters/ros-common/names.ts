/**
 * ROS 2 name resolution (topics and services): relative names resolve against the node
 * namespace, `~` against the node's fully qualified name, then remappings apply.
 * Pure: no I/O, shared by both ROS adapters.
 */

export type NameResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

export interface NameContext {
  /** Node name, e.g. "detector". */
  readonly nodeName: string;
  /** Absolute namespace, e.g. "/" or "/robot". */
  readonly namespace: string;
  /** From-name → to-name, both resolved in this node's context before matching. */
  readonly remappings?: Readonly<Record<string, string>>;
}

const TOKEN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks a node name: one token of letters, digits and underscores, not starting with a digit. */
export function checkNodeName(name: string): NameResult {
  if (!TOKEN.test(name)) {
    return {
      ok: false,
      error: `invalid node name "${name}": use letters, digits and underscores, not starting with a digit`,
    };
  }
  return { ok: true, value: name };
}

/** Normalises a namespace to absolute form ("" → "/", "robot" → "/robot"). */
export function normalizeNamespace(namespace: string | undefined): NameResult {
  const raw = namespace ?? "";
  if (raw === "" || raw === "/") return { ok: true, value: "/" };
  const absolute = raw.startsWith("/") ? raw : `/${raw}`;
  const trimmed = absolute.endsWith("/") ? absolute.slice(0, -1) : absolute;
  const tokens = trimmed.slice(1).split("/");
  if (!tokens.every((t) => TOKEN.test(t))) {
    return {
      ok: false,
      error: `invalid namespace "${raw}": use "/"-separated tokens of letters, digits and underscores`,
    };
  }
  return { ok: true, value: trimmed };
}

export function fullyQualifiedNodeName(nodeName: string, namespace: string): string {
  return namespace === "/" ? `/${nodeName}` : `${namespace}/${nodeName}`;
}

/** Expands a name to its absolute form without applying remappings. */
export function expandName(name: string, context: NameContext): NameResult {
  if (name === "") return { ok: false, error: 'empty name: give a topic or service name such as "image"' };
  const fqn = fullyQualifiedNodeName(context.nodeName, context.namespace);
  let expanded: string;
  if (name === "~") expanded = fqn;
  else if (name.startsWith("~/")) expanded = `${fqn}/${name.slice(2)}`;
  else if (name.startsWith("/")) expanded = name;
  else expanded = context.namespace === "/" ? `/${name}` : `${context.namespace}/${name}`;

  const tokens = expanded.slice(1).split("/");
  if (expanded.endsWith("/") || !tokens.every((t) => TOKEN.test(t))) {
    return {
      ok: false,
      error:
        `invalid name "${name}": use "/"-separated tokens of letters, digits and underscores ` +
        `(optionally starting with "/" or "~/"), with no empty or trailing segment`,
    };
  }
  return { ok: true, value: expanded };
}

/** Expands a name, then applies the first remapping whose expanded from-name matches. */
export function resolveName(name: string, context: NameContext): NameResult {
  const expanded = expandName(name, context);
  if (!expanded.ok) return expanded;
  for (const [from, to] of Object.entries(context.remappings ?? {})) {
    const fromExpanded = expandName(from, context);
    if (!fromExpanded.ok) return { ok: false, error: `remapping "${from}:=${to}": ${fromExpanded.error}` };
    if (fromExpanded.value !== expanded.value) continue;
    const toExpanded = expandName(to, context);
    if (!toExpanded.ok) return { ok: false, error: `remapping "${from}:=${to}": ${toExpanded.error}` };
    return toExpanded;
  }
  return expanded;
}
