/** `hailo-ros run` command-line options: parsed with node:util, validated with zod. */
import { INFERENCE_BACKENDS } from "../ports/inference-backend.ts";
import { parseArgs } from "node:util";
import { z } from "zod";
import { isNodeName, NODE_NAMES, unknownNodeMessage, type NodeName } from "../nodes/registry.ts";
import type { ParameterValue } from "../ports/ros.ts";

/** What `hailo-ros run` (and so `npm start`) runs unless --nodes says otherwise: 2D, depth, ids and 3D. */
export const DEFAULT_RUN_NODES: readonly NodeName[] = ["detection", "depth", "tracking", "fusion"];

export const RUN_USAGE = `Usage: hailo-ros run [options]

Runs nodes without ROS (in-process transport) on a source of images played as a camera on /image.

Options:
  --nodes <a,b>      the nodes to run (default: ${DEFAULT_RUN_NODES.join(",")}); names: ${NODE_NAMES.join(", ")}
  --source <s>       synthetic (default), a folder of PNG/JPEG images, or an MCAP file (.mcap)
  --topic <t>        image topic to play from an MCAP file (default: the first image topic)
  --frames <n>       stop after n frames
  --fps <n>          camera rate; 0 (default) plays frames in lock step so every frame is processed
  --record <file>    write every topic to this MCAP file (ROS 2 profile, cdr)
  --snapshot <file>  write the last overlay frame as PNG
  --backend <b>      onnx (default), sim (simulated Hailo device) or hailo
  --model <file>     model file (.onnx or .hef); default: the built-in synthetic detector
  --labels <file>    labels file (one name per line or a JSON array)
  --param <k=v>      a detection node parameter, e.g. --param score_threshold=0.4, or any node's
                     as <node>.<name>=<value>, e.g. --param motor.max_wheel_speed_mps=0.5
                     (repeatable); --backend, --model and --labels set detection node parameters
  --dry-run          the motor node drives no GPIO and prints what it would write (motor.dry_run=true)
  --seed <n>         synthetic scene seed (default 1)
  --check-messages   check every published message against its ROS 2 definition
`;

/** "detection,motor" → ["detection", "motor"]: every name in the registry, none twice. */
export const nodeListSchema = z.string().transform((text, context): NodeName[] => {
  const names = text.split(",").map((name) => name.trim());
  const problem = names.find((name) => !isNodeName(name)) ?? names.find((name, i) => names.indexOf(name) !== i && isNodeName(name));
  if (problem === undefined) return names as NodeName[];
  context.addIssue({
    code: "custom",
    message: isNodeName(problem) ? `--nodes names '${problem}' twice` : `--nodes: ${unknownNodeMessage(problem)}`,
  });
  return z.NEVER;
});

export const runOptionsSchema = z.object({
  nodes: nodeListSchema.default([...DEFAULT_RUN_NODES]),
  source: z.string().min(1).default("synthetic"),
  topic: z.string().optional(),
  frames: z.coerce
    .number({ error: "--frames must be a whole number" })
    .int("--frames must be a whole number")
    .positive("--frames must be positive")
    .optional(),
  fps: z.coerce.number({ error: "--fps must be a number" }).min(0, "--fps must be 0 or more").default(0),
  record: z.string().min(1).optional(),
  snapshot: z.string().min(1).optional(),
  backend: z.enum(INFERENCE_BACKENDS, { message: `--backend must be one of ${INFERENCE_BACKENDS.join(", ")}` }).default("onnx"),
  model: z.string().min(1).optional(),
  labels: z.string().min(1).optional(),
  param: z.array(z.string()).default([]),
  seed: z.coerce.number({ error: "--seed must be a whole number" }).int("--seed must be a whole number").default(1),
  checkMessages: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});

export type RunOptions = z.infer<typeof runOptionsSchema>;

/** Parameter overrides by node name. */
export type NodeParameterOverrides = Partial<Record<NodeName, Record<string, ParameterValue>>>;

export type ParseRunOptionsResult = { ok: true; options: RunOptions; parameters: NodeParameterOverrides } | { ok: false; error: string };

export function parseRunOptions(argv: readonly string[]): ParseRunOptionsResult {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        nodes: { type: "string" },
        source: { type: "string" },
        topic: { type: "string" },
        frames: { type: "string" },
        fps: { type: "string" },
        record: { type: "string" },
        snapshot: { type: "string" },
        backend: { type: "string" },
        model: { type: "string" },
        labels: { type: "string" },
        param: { type: "string", multiple: true },
        seed: { type: "string" },
        "check-messages": { type: "boolean" },
        "dry-run": { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const { "check-messages": checkMessages, "dry-run": dryRun, ...rest } = values;
  const parsed = runOptionsSchema.safeParse({ ...rest, checkMessages: checkMessages ?? false, dryRun: dryRun ?? false });
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => i.message).join("; ") };
  }
  const detection: Record<string, ParameterValue> = { backend: parsed.data.backend };
  if (parsed.data.model !== undefined) detection.model_path = parsed.data.model;
  if (parsed.data.labels !== undefined) detection.labels_file = parsed.data.labels;
  const parameters: NodeParameterOverrides = { detection };
  if (parsed.data.dryRun) parameters.motor = { dry_run: true };
  for (const assignment of parsed.data.param) {
    const parsedParam = parseParameterAssignment(assignment);
    if (!parsedParam.ok) return parsedParam;
    const target = nodeOfParameter(parsedParam.name);
    if (!target.ok) return { ok: false, error: `--param '${assignment}': ${target.error}` };
    parameters[target.node] = { ...parameters[target.node], [target.name]: parsedParam.value };
  }
  return { ok: true, options: parsed.data, parameters };
}

/** "score_threshold" → the detection node's; "motor.dry_run" → the motor node's. */
function nodeOfParameter(name: string): { ok: true; node: NodeName; name: string } | { ok: false; error: string } {
  const dot = name.indexOf(".");
  if (dot < 0) return { ok: true, node: "detection", name };
  const node = name.slice(0, dot);
  // Parameter names may contain dots themselves (ROS namespaces them so); only a node name prefixes.
  if (!isNodeName(node)) return { ok: true, node: "detection", name };
  const rest = name.slice(dot + 1);
  if (rest === "") return { ok: false, error: `name a parameter of the ${node} node after '${node}.'` };
  return { ok: true, node, name: rest };
}

/**
 * Parses `name=value` as `ros2 param set` reads values: YAML-like scalars (true/false, numbers,
 * strings) and `[a, b]` lists.
 */
export function parseParameterAssignment(text: string): { ok: true; name: string; value: ParameterValue } | { ok: false; error: string } {
  const eq = text.indexOf("=");
  if (eq <= 0) return { ok: false, error: `--param '${text}' must look like name=value` };
  const name = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (raw.startsWith("[") && raw.endsWith("]")) {
    const inner = raw.slice(1, -1).trim();
    const items = inner === "" ? [] : inner.split(",").map((s) => scalar(s.trim()));
    if (items.every((v) => typeof v === "number")) return { ok: true, name, value: items as number[] };
    if (items.every((v) => typeof v === "boolean")) return { ok: true, name, value: items as boolean[] };
    return { ok: true, name, value: items.map(String) };
  }
  return { ok: true, name, value: scalar(raw) };
}

function scalar(text: string): boolean | number | string {
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text.replace(/^(["'])(.*)\1$/, "$2");
}
