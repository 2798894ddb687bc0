// Reading and validating simulated model files (used only with the simulated device).
// Formats (see README.md):
//   {"format":"hailort-node-sim-model", "input":{"height","width","channels"}, "latency_ms", "queue_size",
//    "rule":{"kind":"color-rectangles-nms-by-class"|"depth-gradient"|"identity", ...}, "faults":{...}}
//   {"format":"hailort-node-sim-llm", "tokens":[...], "end_token", "recovery_sequence", "token_interval_ms", "prefill_ms",
//    "context_capacity", "faults":{...}}
import { readFile } from "node:fs/promises";

export const SIM_MODEL_FORMAT = "hailort-node-sim-model";
export const SIM_LLM_FORMAT = "hailort-node-sim-llm";

function fail(path, what) {
  const e = new Error(`${path}: ${what}`);
  e.code = "HAILORT_NODE_INVALID_SIM_MODEL";
  return e;
}

function int(path, obj, key, { min = 0, max = 2 ** 31, fallback } = {}) {
  const v = obj?.[key];
  if (v === undefined) {
    if (fallback === undefined) throw fail(path, `"${key}" is required (an integer ${min}..${max})`);
    return fallback;
  }
  if (!Number.isInteger(v) || v < min || v > max) throw fail(path, `"${key}" must be an integer ${min}..${max}, got ${JSON.stringify(v)}`);
  return v;
}

function num(path, obj, key, { min = -Infinity, fallback } = {}) {
  const v = obj?.[key];
  if (v === undefined) {
    if (fallback === undefined) throw fail(path, `"${key}" is required (a number)`);
    return fallback;
  }
  if (typeof v !== "number" || !Number.isFinite(v) || v < min)
    throw fail(path, `"${key}" must be a number >= ${min}, got ${JSON.stringify(v)}`);
  return v;
}

const STATUS_NAME = /^HAILO_[A-Z0-9_]+$/;

function statusName(path, obj, key) {
  const v = obj?.[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !STATUS_NAME.test(v))
    throw fail(path, `"${key}" must be a HailoRT status name such as "HAILO_INTERNAL_FAILURE"`);
  return v;
}

async function readJson(path, expectedFormat) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const e = new Error(`${path}: cannot read the model file (${cause.code ?? cause.message}); check the path`, { cause });
    e.code = "HAILO_OPEN_FILE_FAILURE";
    throw e;
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw fail(
      path,
      `the simulated device loads simulated model files (JSON with "format":"${expectedFormat}"), and this file is not JSON. HEF files need the real device (device: "hailort")`,
    );
  }
  if (json === null || typeof json !== "object" || json.format !== expectedFormat) {
    throw fail(path, `"format" must be "${expectedFormat}", got ${JSON.stringify(json?.format)}`);
  }
  return json;
}

/** Parses a simulated vision model file into the spec the native simulated device takes. */
export function parseSimModel(path, json) {
  const input = json.input;
  if (input === null || typeof input !== "object") throw fail(path, `"input" must be {"height","width","channels"}`);
  const spec = {
    height: int(path, input, "height", { min: 1, max: 8192 }),
    width: int(path, input, "width", { min: 1, max: 8192 }),
    channels: int(path, input, "channels", { min: 1, max: 4, fallback: 3 }),
    latencyMs: num(path, json, "latency_ms", { min: 0, fallback: 0 }),
    queueSize: int(path, json, "queue_size", { min: 1, max: 64, fallback: 2 }),
    inputName: typeof input.name === "string" ? input.name : "sim/input",
    outputName: typeof json.output_name === "string" ? json.output_name : "",
  };
  const rule = json.rule;
  if (rule === null || typeof rule !== "object") throw fail(path, `"rule" must be an object with "kind"`);
  switch (rule.kind) {
    case "color-rectangles-nms-by-class": {
      if (!Array.isArray(rule.classes) || rule.classes.length === 0)
        throw fail(path, `"rule.classes" must be a non-empty array of {"rgb":[r,g,b]}`);
      const tolerance = num(path, rule, "tolerance", { min: 0, fallback: 1 });
      const classes = rule.classes.map((c, i) => {
        const rgb = c?.rgb;
        if (!Array.isArray(rgb) || rgb.length !== 3 || !rgb.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
          throw fail(path, `"rule.classes[${i}].rgb" must be [r,g,b] with integers 0..255`);
        }
        return { rgb, tolerance: num(path, c, "tolerance", { min: 0, fallback: tolerance }) };
      });
      const order = rule.hef_output_order ?? "NMS_BY_CLASS";
      if (order !== "NMS_BY_CLASS" && order !== "NMS_WITH_BYTE_MASK") {
        throw fail(path, `"rule.hef_output_order" must be "NMS_BY_CLASS" or "NMS_WITH_BYTE_MASK", got ${JSON.stringify(order)}`);
      }
      const defaults = rule.nms_defaults ?? {};
      if (defaults === null || typeof defaults !== "object") throw fail(path, `"rule.nms_defaults" must be an object`);
      spec.rule = {
        kind: rule.kind,
        classes,
        maxBoxesPerClass: int(path, rule, "max_boxes_per_class", { min: 1, max: 10000, fallback: 100 }),
        minPixels: int(path, rule, "min_pixels", { min: 1, fallback: 4 }),
        hefOutputOrder: order,
        nmsDefaults: {
          scoreThreshold: num(path, defaults, "score_threshold", { min: 0, fallback: 0 }),
          iouThreshold: num(path, defaults, "iou_threshold", { min: 0, fallback: 0.45 }),
          maxProposalsPerClass:
            defaults.max_proposals_per_class === undefined ? undefined : int(path, defaults, "max_proposals_per_class", { min: 1 }),
        },
      };
      break;
    }
    case "depth-gradient":
      spec.rule = {
        kind: rule.kind,
        nearM: num(path, rule, "near_m", { min: 0, fallback: 0.5 }),
        farM: num(path, rule, "far_m", { min: 0, fallback: 5 }),
      };
      break;
    case "identity":
      spec.rule = { kind: rule.kind, scale: num(path, rule, "scale", { fallback: 1 }), offset: num(path, rule, "offset", { fallback: 0 }) };
      break;
    default:
      throw fail(
        path,
        `"rule.kind" must be "color-rectangles-nms-by-class", "depth-gradient" or "identity", got ${JSON.stringify(rule.kind)}`,
      );
  }
  const faults = json.faults ?? {};
  spec.faults = {
    failOnInference: faults.fail_on_inference === undefined ? undefined : int(path, faults, "fail_on_inference", { min: 1 }),
    failStatus: statusName(path, faults, "fail_status") ?? "HAILO_INTERNAL_FAILURE",
    hangOnInference: faults.hang_on_inference === undefined ? undefined : int(path, faults, "hang_on_inference", { min: 1 }),
    failSubmitOnInference:
      faults.fail_submit_on_inference === undefined ? undefined : int(path, faults, "fail_submit_on_inference", { min: 1 }),
    failSubmitStatus: statusName(path, faults, "fail_submit_status") ?? "HAILO_INTERNAL_FAILURE",
  };
  return spec;
}

/** Parses a simulated LLM file into the spec the native simulated device takes. */
export function parseSimLlm(path, json) {
  if (!Array.isArray(json.tokens) || !json.tokens.every((t) => typeof t === "string"))
    throw fail(path, `"tokens" must be an array of strings (the scripted reply)`);
  const faults = json.faults ?? {};
  const text = (key, fallback) => {
    const v = json[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string") throw fail(path, `"${key}" must be a string`);
    return v;
  };
  return {
    tokens: json.tokens,
    endToken: text("end_token", "<|im_end|>"),
    recoverySequence: text("recovery_sequence", "<|im_end|>"),
    tokenIntervalMs: num(path, json, "token_interval_ms", { min: 0, fallback: 0 }),
    prefillMs: num(path, json, "prefill_ms", { min: 0, fallback: 0 }),
    contextCapacity: int(path, json, "context_capacity", { min: 1, fallback: 2048 }),
    faults: {
      failAfterTokens: faults.fail_after_tokens === undefined ? undefined : int(path, faults, "fail_after_tokens"),
      failStatus: statusName(path, faults, "fail_status") ?? "HAILO_INTERNAL_FAILURE",
      hangAfterTokens: faults.hang_after_tokens === undefined ? undefined : int(path, faults, "hang_after_tokens"),
    },
  };
}

export async function readSimModel(path) {
  return parseSimModel(path, await readJson(path, SIM_MODEL_FORMAT));
}

export async function readSimLlm(path) {
  return parseSimLlm(path, await readJson(path, SIM_LLM_FORMAT));
}
