/**
 * The compact command form: one short line per command, so an LLM reply costs few output tokens
 * (a token is ~0.14 s on the Hailo-10H). `encodeCompact` and `decodeCompact` are exact inverses for
 * every RobotCommand: decode(encode(c)) deep-equals c.
 *
 *   stop                      {"action":"stop"}
 *   move 1.5 [0.3]            distance_m (+ forward, − back) [speed_mps]
 *   turn 90d [0.5]            angle in degrees (`d`) or radians (`r`), + left [angular_speed_rps]
 *   drive 0.2 0 3             linear_mps angular_rps duration_s
 *   goto chair                also follow / find; the rest of the line is the label
 *   describe
 *   seq move 1; turn -90d     a sequence, steps separated by `;`
 *
 * Decoding is strict (a bare `turn 90` is refused: the unit is required) so that a wrong reply gets
 * a precise error for the repair prompt rather than a guess.
 */
import { checkRobotCommand, type CommandCheck, type CommandStep, type RobotCommand } from "../robot-command.ts";

/** Degrees to radians, the one conversion the grammar and this form share (90° gives exactly π/2). */
export function degreesToRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

function formatNumber(value: number): string {
  return Object.is(value, -0) ? "0" : String(value);
}

/** The angle as whole or short decimal degrees when that decodes back to the same float, else radians. */
function formatAngle(radians: number): string {
  const degrees = (radians * 180) / Math.PI;
  for (let places = 0; places <= 3; places++) {
    const rounded = Number(degrees.toFixed(places));
    if (degreesToRadians(rounded) === radians) return `${formatNumber(rounded)}d`;
  }
  return `${formatNumber(radians)}r`;
}

function encodeStep(step: CommandStep): string {
  switch (step.action) {
    case "stop":
    case "describe":
      return step.action;
    case "move":
      return `move ${formatNumber(step.distance_m)}${step.speed_mps === undefined ? "" : ` ${formatNumber(step.speed_mps)}`}`;
    case "turn":
      return `turn ${formatAngle(step.angle_rad)}${step.angular_speed_rps === undefined ? "" : ` ${formatNumber(step.angular_speed_rps)}`}`;
    case "drive":
      return `drive ${formatNumber(step.linear_mps)} ${formatNumber(step.angular_rps)} ${formatNumber(step.duration_s)}`;
    case "goto":
    case "follow":
    case "find":
      return `${step.action} ${step.target}`;
  }
}

/** The compact line for a command. */
export function encodeCompact(command: RobotCommand): string {
  if (command.action === "sequence") return `seq ${command.steps.map(encodeStep).join("; ")}`;
  return encodeStep(command);
}

type Decoded = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

function parseNumber(word: string | undefined, what: string): { ok: true; value: number } | { ok: false; error: string } {
  if (word === undefined) return { ok: false, error: `${what} is missing` };
  if (!NUMBER.test(word)) return { ok: false, error: `${what} must be a number, got '${word}'` };
  const value = Number(word);
  if (!Number.isFinite(value)) return { ok: false, error: `${what} is out of range: '${word}'` };
  return { ok: true, value };
}

function parseAngle(word: string | undefined): { ok: true; value: number } | { ok: false; error: string } {
  if (word === undefined) return { ok: false, error: "turn needs an angle, e.g. 'turn 90d' (degrees) or 'turn 1.57r' (radians)" };
  const match = /^(.*?)(d|deg|°|r|rad)$/i.exec(word);
  if (match === null)
    return { ok: false, error: `turn angle '${word}' needs a unit: 'd' for degrees (turn 90d) or 'r' for radians (turn 1.57r)` };
  const amount = parseNumber(match[1], "turn angle");
  if (!amount.ok) return amount;
  const unit = match[2]!.toLowerCase();
  return { ok: true, value: unit.startsWith("r") ? amount.value : degreesToRadians(amount.value) };
}

function arity(verb: string, words: readonly string[], min: number, max: number, usage: string): string | undefined {
  const n = words.length - 1;
  if (n < min || n > max)
    return `'${verb}' takes ${min === max ? min : `${min} or ${max}`} value${max === 1 ? "" : "s"} (${usage}), got ${n}`;
  return undefined;
}

function decodeStep(text: string): Decoded {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const verb = words[0]?.toLowerCase();
  if (verb === undefined) return { ok: false, error: "empty command" };
  switch (verb) {
    case "stop":
    case "describe": {
      const bad = arity(verb, words, 0, 0, verb);
      return bad === undefined ? { ok: true, value: { action: verb } } : { ok: false, error: bad };
    }
    case "move": {
      const bad = arity(verb, words, 1, 2, "move METRES [SPEED_MPS]");
      if (bad !== undefined) return { ok: false, error: bad };
      const distance = parseNumber(words[1]?.replace(/m$/i, ""), "move distance");
      if (!distance.ok) return distance;
      if (words[2] === undefined) return { ok: true, value: { action: "move", distance_m: distance.value } };
      const speed = parseNumber(words[2], "move speed");
      if (!speed.ok) return speed;
      return { ok: true, value: { action: "move", distance_m: distance.value, speed_mps: speed.value } };
    }
    case "turn": {
      const bad = arity(verb, words, 1, 2, "turn DEGREESd [RAD_PER_S] or turn RADIANSr");
      if (bad !== undefined) return { ok: false, error: bad };
      const angle = parseAngle(words[1]);
      if (!angle.ok) return angle;
      if (words[2] === undefined) return { ok: true, value: { action: "turn", angle_rad: angle.value } };
      const speed = parseNumber(words[2], "turn speed");
      if (!speed.ok) return speed;
      return { ok: true, value: { action: "turn", angle_rad: angle.value, angular_speed_rps: speed.value } };
    }
    case "drive": {
      const bad = arity(verb, words, 3, 3, "drive LINEAR_MPS ANGULAR_RPS SECONDS");
      if (bad !== undefined) return { ok: false, error: bad };
      const linear = parseNumber(words[1], "drive linear speed");
      if (!linear.ok) return linear;
      const angular = parseNumber(words[2], "drive angular speed");
      if (!angular.ok) return angular;
      const duration = parseNumber(words[3]?.replace(/s$/i, ""), "drive duration");
      if (!duration.ok) return duration;
      return { ok: true, value: { action: "drive", linear_mps: linear.value, angular_rps: angular.value, duration_s: duration.value } };
    }
    case "goto":
    case "follow":
    case "find": {
      if (words.length < 2) return { ok: false, error: `'${verb}' needs a target label, e.g. '${verb} person'` };
      return { ok: true, value: { action: verb, target: words.slice(1).join(" ").toLowerCase() } };
    }
    default:
      return { ok: false, error: `unknown command '${words[0]}' (expected stop, move, turn, drive, goto, follow, find, describe or seq)` };
  }
}

/** Decodes one compact line (a leading `seq`, or `;` between steps, makes a sequence), validated by the schema. */
export function decodeCompact(text: string): CommandCheck {
  let body = text.trim();
  const sequence = /^seq\b/i.test(body);
  if (sequence) body = body.slice(3);
  const parts = body.split(";").map((p) => p.trim());
  if (!sequence && parts.length === 1) {
    const step = decodeStep(parts[0]!);
    return step.ok ? checkRobotCommand(step.value) : step;
  }
  const steps: unknown[] = [];
  for (const [i, part] of parts.entries()) {
    if (part.length === 0 && i === parts.length - 1 && i > 0) continue; // a trailing ';'
    const step = decodeStep(part);
    if (!step.ok) return { ok: false, error: `step ${i + 1}: ${step.error}` };
    steps.push(step.value);
  }
  return checkRobotCommand({ action: "sequence", steps });
}
