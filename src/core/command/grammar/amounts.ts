/**
 * Amounts: a number with its unit, in SI — lengths (m, cm, mm, ft, in, yd), angles (degrees,
 * radians, quarter/half/full turns), durations (s, min) and speeds (any of those per second).
 * "a meter", "half a meter", "a meter and a half", "a quarter turn", "a full circle" are amounts;
 * a number with no unit is a `count` the clause reads by context (metres to move, degrees to turn).
 */
import { degreesToRadians } from "../reply/compact-form.ts";
import { readFraction, readNumber } from "./numbers.ts";

export type AmountKind = "length" | "angle" | "time" | "linear_speed" | "angular_speed" | "count";

export interface Amount {
  readonly kind: AmountKind;
  /** Metres, radians, seconds, m/s, rad/s; a count as said. */
  readonly value: number;
  readonly next: number;
}

interface Unit {
  readonly kind: "length" | "angle" | "time";
  /** Applies the unit to an amount (angles in degrees convert through degreesToRadians). */
  readonly toSi: (n: number) => number;
}

const length = (metres: number): Unit => ({ kind: "length", toSi: (n) => n * metres });
const TURN: Unit = { kind: "angle", toSi: (n) => degreesToRadians(n * 360) };
const DEGREE: Unit = { kind: "angle", toSi: degreesToRadians };
const RADIAN: Unit = { kind: "angle", toSi: (n) => n };
const SECOND: Unit = { kind: "time", toSi: (n) => n };
const UNIT_WORDS: Readonly<Record<string, Unit>> = {
  m: length(1),
  meter: length(1),
  meters: length(1),
  metre: length(1),
  metres: length(1),
  cm: length(0.01),
  centimeter: length(0.01),
  centimeters: length(0.01),
  centimetre: length(0.01),
  centimetres: length(0.01),
  mm: length(0.001),
  millimeter: length(0.001),
  millimeters: length(0.001),
  millimetre: length(0.001),
  millimetres: length(0.001),
  ft: length(0.3048),
  foot: length(0.3048),
  feet: length(0.3048),
  in: length(0.0254),
  inch: length(0.0254),
  inches: length(0.0254),
  yd: length(0.9144),
  yard: length(0.9144),
  yards: length(0.9144),
  deg: DEGREE,
  degs: DEGREE,
  degree: DEGREE,
  degrees: DEGREE,
  rad: RADIAN,
  rads: RADIAN,
  radian: RADIAN,
  radians: RADIAN,
  turn: TURN,
  turns: TURN,
  revolution: TURN,
  revolutions: TURN,
  rotation: TURN,
  rotations: TURN,
  circle: TURN,
  circles: TURN,
  spin: TURN,
  spins: TURN,
  s: SECOND,
  sec: SECOND,
  secs: SECOND,
  second: SECOND,
  seconds: SECOND,
  ms: { kind: "time", toSi: (n) => n / 1000 },
  min: { kind: "time", toSi: (n) => n * 60 },
  mins: { kind: "time", toSi: (n) => n * 60 },
  minute: { kind: "time", toSi: (n) => n * 60 },
  minutes: { kind: "time", toSi: (n) => n * 60 },
};

/** "full", "complete", "whole" count as one before a turn unit ("a full turn", "one complete circle"). */
const WHOLE = new Set(["full", "complete", "whole", "entire"]);

function unitAt(tokens: readonly string[], i: number): Unit | undefined {
  return Object.hasOwn(UNIT_WORDS, tokens[i] ?? "") ? UNIT_WORDS[tokens[i]!] : undefined;
}

/** Index after "per second" / "a second" / "per s" / "each second" at `i`, or -1. */
function perSecondEnd(tokens: readonly string[], i: number): number {
  const per = tokens[i];
  if (per !== "per" && per !== "a" && per !== "each" && per !== "every") return -1;
  const unit = tokens[i + 1];
  return unit === "second" || unit === "s" || unit === "sec" ? i + 2 : -1;
}

/** The amount at token `i`, or undefined when no number starts there. */
export function readAmount(tokens: readonly string[], i: number): Amount | undefined {
  let at = i;
  let count: number | undefined;
  const number = readNumber(tokens, at);
  if (number !== undefined) {
    count = number.value;
    at = number.next;
  } else if ((tokens[at] === "a" || tokens[at] === "an" || tokens[at] === "one") && unitAt(tokens, at + 1) !== undefined) {
    count = 1;
    at++;
  } else if ((tokens[at] === "a" || tokens[at] === "an") && WHOLE.has(tokens[at + 1] ?? "") && unitAt(tokens, at + 2)?.kind === "angle") {
    count = 1;
    at++;
  } else if (WHOLE.has(tokens[at] ?? "") && unitAt(tokens, at + 1) === TURN) {
    count = 1;
  } else return undefined;

  // "half a meter", "half of a turn", "a full turn", "two complete turns"
  let unitAtIndex = at;
  if (tokens[unitAtIndex] === "of" && (tokens[unitAtIndex + 1] === "a" || tokens[unitAtIndex + 1] === "an")) unitAtIndex += 2;
  else if ((tokens[unitAtIndex] === "a" || tokens[unitAtIndex] === "an") && unitAt(tokens, unitAtIndex + 1) !== undefined) unitAtIndex += 1;
  if (WHOLE.has(tokens[unitAtIndex] ?? "") && unitAt(tokens, unitAtIndex + 1) !== undefined) unitAtIndex += 1;
  const unit = unitAt(tokens, unitAtIndex);
  // A bare "in" after a number is the inch only when nothing else could follow ("2 in front" is not).
  if (
    unit === undefined ||
    (tokens[unitAtIndex] === "in" && tokens[unitAtIndex + 1] !== undefined && /^[a-z]/.test(tokens[unitAtIndex + 1]!))
  )
    return { kind: "count", value: count, next: at };
  at = unitAtIndex + 1;
  // "a meter and a half", "two turns and a quarter"
  if (tokens[at] === "and") {
    const fraction = readFraction(tokens, at + 1);
    if (fraction !== undefined) {
      count += fraction.value;
      at = fraction.next;
    }
  }
  const value = unit.toSi(count);
  if (unit.kind !== "time") {
    const end = perSecondEnd(tokens, at);
    if (end >= 0) return { kind: unit.kind === "length" ? "linear_speed" : "angular_speed", value, next: end };
  }
  return { kind: unit.kind, value, next: at };
}
