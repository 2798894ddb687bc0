/**
 * One clause ("go forward two meters", "turn left a bit", "follow me") to its command step(s).
 * The opening words pick the intent; the rest is read as directions, amounts, pace and a target.
 * Every word must be understood: a clause with a word the grammar does not know is refused, so
 * a sentence that is not a command never becomes motion by accident.
 */
import type { CommandStep } from "../robot-command.ts";
import { readAmount } from "./amounts.ts";
import type { ResolvedGrammarOptions } from "./grammar-options.ts";
import type { LabelMatcher } from "./labels.ts";

export type ClauseResult = { readonly ok: true; readonly steps: readonly CommandStep[] } | { readonly ok: false; readonly error: string };

type Intent = "describe" | "follow" | "find" | "goto" | "turn" | "move";

const w = (phrase: string): readonly string[] => phrase.split(" ");

const DESCRIBE_OPENINGS = [
  "describe",
  "what do you see",
  "what can you see",
  "what are you seeing",
  "what are you looking at",
  "what are you look at",
  "what is in front",
  "what is around",
  "what is ahead",
  "what is there",
  "what is near",
  "what is nearby",
  "what is visible",
  "what is in view",
  "what is in your view",
  "what is on camera",
  "what is in the room",
  "what is here",
  "what objects",
  "what things",
  "tell me what you see",
  "tell me what is",
  "tell me what you can see",
  "tell me about what you see",
  "look around and tell",
  "look around and describe",
  "look around",
  "report what you see",
  "who is there",
  "who is around",
  "who is here",
  "who do you see",
  "who can you see",
  "anything in front",
  "see anything",
  "do you see anything",
  "do you see anyone",
  "what do you notice",
  "give me a description",
].map(w);

const FOLLOW_OPENINGS = [
  "follow",
  "keep follow",
  "track",
  "chase",
  "tail",
  "keep up with",
  "come with",
  "stick with",
  "go after",
  "walk with",
].map(w);

const FIND_OPENINGS = [
  "find",
  "go find",
  "go and find",
  "look for",
  "go look for",
  "look around for",
  "search for",
  "search",
  "seek",
  "locate",
  "hunt for",
  "scan for",
  "where is",
  "where are",
  "where did i leave",
  "where did i put",
  "where is that",
  "do you see",
  "see",
  "is there",
  "are there",
  "spot",
  "show me",
  "look at",
  "face",
  "point at",
  "turn to face",
  "turn toward",
  "turn towards",
].map(w);

const GOTO_VERBS = ["go", "move", "drive", "head", "walk", "roll", "run", "travel", "navigate", "proceed", "get", "come", "back"];
const GOTO_LINKS = ["", "over ", "up ", "right ", "on ", "straight ", "back "];
const GOTO_PREPOSITIONS = [
  "to",
  "towards",
  "toward",
  "near",
  "next to",
  "close to",
  "closer to",
  "up to",
  "in front of",
  "beside",
  "by",
  "over to",
];
const GOTO_OPENINGS = [
  ...GOTO_VERBS.flatMap((verb) => GOTO_LINKS.flatMap((link) => GOTO_PREPOSITIONS.map((prep) => `${verb} ${link}${prep}`))),
  "approach",
  "reach",
  "visit",
  "take me to",
  "bring me to",
  "lead me to",
  "guide me to",
  "drive up to",
].map(w);

/** Phrases that mean "come to the speaker": goto person. */
const COME_HERE = [
  "come here",
  "come over here",
  "come to me",
  "come back",
  "come back here",
  "come closer",
  "come",
  "over here",
  "here",
].map(w);

const TURN_OPENINGS = [
  "turn",
  "rotate",
  "spin",
  "pivot",
  "swivel",
  "twist",
  "look",
  "veer",
  "do a",
  "make a",
  "about face",
  "u turn",
  "yaw",
  "steer",
  "face",
  "hang a",
  "bank",
].map(w);

const MOVE_WORDS = new Set([
  "move",
  "go",
  "drive",
  "walk",
  "roll",
  "head",
  "step",
  "proceed",
  "travel",
  "scoot",
  "inch",
  "creep",
  "run",
  "keep",
  "continue",
  "get",
  "come",
  "take",
  "yourself",
]);
const TURN_WORDS = new Set([
  "hang",
  "bank",
  "turn",
  "turns",
  "rotate",
  "pivot",
  "swivel",
  "twist",
  "look",
  "veer",
  "yaw",
  "steer",
  "face",
  "do",
  "make",
]);

const FORWARD = new Set(["forward", "forwards", "ahead", "straight", "onward", "onwards", "advance", "frontward", "frontwards"]);
const BACKWARD = new Set(["back", "backward", "backwards", "reverse", "retreat", "behind", "backup", "rearward", "rearwards"]);
const LEFT = new Set(["left", "counterclockwise", "anticlockwise", "leftward", "leftwards", "widdershins"]);
const RIGHT = new Set(["right", "clockwise", "rightward", "rightwards"]);

const SMALL = [
  "a little bit",
  "a tiny bit",
  "a little",
  "a bit",
  "a tad",
  "a touch",
  "a smidge",
  "slightly",
  "a small amount",
  "a little more",
  "a bit more",
  "just a bit",
  "little",
  "bit",
  "tiny bit",
  "a few centimeters",
].map(w);
const SLOW = ["slowly", "slow", "gently", "carefully", "half speed", "low speed", "slow speed", "slower", "gradually"].map(w);
const FAST = [
  "quickly",
  "fast",
  "quick",
  "rapidly",
  "faster",
  "speedily",
  "full speed",
  "top speed",
  "max speed",
  "high speed",
  "hurry",
  "in a hurry",
].map(w);

/** Words that carry nothing here: articles, links, intensifiers, politeness left mid-sentence. */
const IGNORABLE = new Set([
  "the",
  "a",
  "an",
  "to",
  "your",
  "you",
  "of",
  "by",
  "for",
  "about",
  "approximately",
  "roughly",
  "some",
  "more",
  "further",
  "farther",
  "again",
  "distance",
  "way",
  "direction",
  "side",
  "hand",
  "over",
  "up",
  "on",
  "spot",
  "place",
  "in",
  "at",
  "speed",
  "very",
  "really",
  "real",
  "just",
  "now",
  "then",
  "and",
  "with",
  "it",
  "yourself",
  "there",
  "towards",
  "toward",
  "please",
  "exactly",
  "only",
  "another",
  "bit",
  "wheels",
  "body",
  "degrees",
  "meters",
  "pace",
  "around",
  "like",
  "maybe",
  "say",
]);

const DETERMINERS = new Set([
  "the",
  "a",
  "an",
  "my",
  "your",
  "our",
  "that",
  "this",
  "those",
  "these",
  "some",
  "any",
  "their",
  "his",
  "one",
]);
/** Words after a target that start a qualifier ("the man in the red shirt"): the rest is not read. */
const QUALIFIERS = new Set([
  "with",
  "in",
  "on",
  "near",
  "by",
  "next",
  "behind",
  "at",
  "from",
  "over",
  "that",
  "who",
  "which",
  "wearing",
  "holding",
  "under",
  "beside",
  "there",
  "here",
  "again",
  "please",
  "now",
  "and",
]);

function startsWith(tokens: readonly string[], phrase: readonly string[], at = 0): boolean {
  if (tokens.length - at < phrase.length) return false;
  for (let k = 0; k < phrase.length; k++) if (tokens[at + k] !== phrase[k]) return false;
  return true;
}

function longestOpening(tokens: readonly string[], openings: readonly (readonly string[])[]): number {
  let best = 0;
  for (const opening of openings) if (opening.length > best && startsWith(tokens, opening)) best = opening.length;
  return best;
}

function phraseLength(tokens: readonly string[], at: number, phrases: readonly (readonly string[])[]): number {
  let best = 0;
  for (const phrase of phrases) if (phrase.length > best && startsWith(tokens, phrase, at)) best = phrase.length;
  return best;
}

type Target = { readonly ok: true; readonly label: string } | { readonly ok: false; readonly error: string } | undefined;

/** The target label in `tokens` from `at`: determiners and up to two adjectives skipped, qualifiers ignored. */
function readTarget(tokens: readonly string[], at: number, labels: LabelMatcher): Target {
  let i = at;
  while (i < tokens.length && (DETERMINERS.has(tokens[i]!) || tokens[i] === "to")) i++;
  if (i >= tokens.length) return undefined;
  for (let skipped = 0; skipped <= 2 && i + skipped < tokens.length; skipped++) {
    if (skipped > 0 && QUALIFIERS.has(tokens[i + skipped - 1]!)) break;
    const match = labels.matchAt(tokens, i + skipped);
    if (match === undefined) continue;
    const after = tokens[match.next];
    if (
      after === undefined ||
      QUALIFIERS.has(after) ||
      IGNORABLE.has(after) ||
      SLOW.some((p) => p[0] === after) ||
      FAST.some((p) => p[0] === after)
    )
      return { ok: true, label: match.label };
  }
  const words = tokens.slice(i, i + 3).join(" ");
  return { ok: false, error: `'${words}' is not a target the detector knows (it knows e.g. ${labels.vocabulary.slice(0, 4).join(", ")})` };
}

interface Features {
  linear?: 1 | -1;
  angular?: 1 | -1;
  around: boolean;
  small: boolean;
  pace?: "slow" | "fast";
  length?: number;
  angle?: number;
  count?: number;
  duration?: number;
  linearSpeed?: number;
  angularSpeed?: number;
  times: number;
  target?: string;
}

type Scan = { readonly ok: true; readonly features: Features } | { readonly ok: false; readonly error: string };

function scanFeatures(tokens: readonly string[], intent: "turn" | "move", labels: LabelMatcher): Scan {
  const f: Features = { around: false, small: false, times: 1 };
  const verbs = intent === "turn" ? TURN_WORDS : MOVE_WORDS;
  for (let i = 0; i < tokens.length;) {
    const token = tokens[i]!;
    let n = phraseLength(tokens, i, SMALL);
    if (n > 0) {
      f.small = true;
      i += n;
      continue;
    }
    n = phraseLength(tokens, i, SLOW);
    if (n > 0) {
      f.pace = "slow";
      i += n;
      continue;
    }
    n = phraseLength(tokens, i, FAST);
    if (n > 0) {
      f.pace = "fast";
      i += n;
      continue;
    }
    if (startsWith(tokens, w("counter clockwise"), i) || startsWith(tokens, w("anti clockwise"), i)) {
      f.angular = 1;
      i += 2;
      continue;
    }
    if (startsWith(tokens, w("u turn"), i) || startsWith(tokens, w("about face"), i) || startsWith(tokens, w("one eighty"), i)) {
      f.around = true;
      i += 2;
      continue;
    }
    if ((token === "to" || token === "towards" || token === "toward") && intent === "move") {
      const target = readTarget(tokens, i + 1, labels);
      if (target?.ok === true) {
        f.target = target.label;
        break;
      }
    }
    if ((token === "around" || token === "about" || token === "approximately") && readAmount(tokens, i + 1) !== undefined) {
      i++;
      continue;
    }
    const amount = readAmount(tokens, i);
    if (amount !== undefined) {
      const duplicate = (what: string): Scan => ({
        ok: false,
        error: `two ${what}s in one command ('${tokens.slice(i, amount.next).join(" ")}')`,
      });
      switch (amount.kind) {
        case "count":
          if (tokens[amount.next] === "times") {
            f.times = amount.value;
            i = amount.next + 1;
            continue;
          }
          if (f.count !== undefined || f.length !== undefined || f.angle !== undefined) return duplicate("amount");
          f.count = amount.value;
          break;
        case "length":
          if (f.length !== undefined || f.count !== undefined) return duplicate("distance");
          f.length = amount.value;
          break;
        case "angle":
          if (f.angle !== undefined) return duplicate("angle");
          f.angle = amount.value;
          break;
        case "time":
          if (f.duration !== undefined) return duplicate("duration");
          f.duration = amount.value;
          break;
        case "linear_speed":
          f.linearSpeed = Math.abs(amount.value);
          break;
        case "angular_speed":
          f.angularSpeed = Math.abs(amount.value);
          break;
      }
      i = amount.next;
      continue;
    }
    if (FORWARD.has(token)) f.linear = 1;
    else if (BACKWARD.has(token)) f.linear = -1;
    else if (LEFT.has(token)) f.angular = 1;
    else if (RIGHT.has(token)) f.angular = -1;
    else if (token === "around" || token === "round") f.around = true;
    else if (token === "once") f.times = 1;
    else if (token === "twice") f.times = 2;
    else if (token === "thrice") f.times = 3;
    else if (token === "spin" || token === "spins") f.around = f.around || false;
    else if (!verbs.has(token) && !IGNORABLE.has(token) && !(intent === "turn" && token === "turn")) {
      return { ok: false, error: `did not understand '${token}'` };
    }
    i++;
  }
  return { ok: true, features: f };
}

function turnStep(f: Features, spin: boolean, o: ResolvedGrammarOptions): CommandStep | string {
  const sign = f.angular ?? 1;
  let angle: number | undefined;
  if (f.angle !== undefined) angle = f.angle;
  else if (f.count !== undefined)
    angle = (f.count * Math.PI) / 180; // "turn 45": degrees
  else if (f.around) angle = spin ? 2 * Math.PI : Math.PI;
  else if (spin) angle = 2 * Math.PI;
  else if (f.small) angle = o.smallAngleRad;
  else if (f.angular !== undefined) angle = Math.PI / 2;
  else if (f.linear === -1) angle = Math.PI; // "turn back"
  if (angle === undefined) return "which way? say e.g. 'turn left', 'turn right 30 degrees' or 'turn around'";
  const speed = f.angularSpeed ?? (f.pace === "slow" ? o.slowAngularRps : f.pace === "fast" ? o.fastAngularRps : undefined);
  const step: CommandStep = { action: "turn", angle_rad: sign * angle * f.times };
  return speed === undefined ? step : { ...step, angular_speed_rps: speed };
}

function driveStep(f: Features, intent: "turn" | "move", o: ResolvedGrammarOptions): CommandStep {
  const linearSpeed = f.linearSpeed ?? (f.pace === "slow" ? o.slowLinearMps : f.pace === "fast" ? o.fastLinearMps : o.driveLinearMps);
  const angularSpeed = f.angularSpeed ?? (f.pace === "slow" ? o.slowAngularRps : f.pace === "fast" ? o.fastAngularRps : o.driveAngularRps);
  const turning = f.angular !== undefined || f.angle !== undefined || f.around || intent === "turn";
  const linear = f.linear ?? (intent === "move" && !(f.angular !== undefined && f.linear === undefined) ? 1 : 0);
  return {
    action: "drive",
    linear_mps: linear === 0 ? 0 : linear * linearSpeed,
    angular_rps: turning ? (f.angular ?? 1) * angularSpeed : 0,
    duration_s: f.duration!,
  };
}

function moveSteps(f: Features, o: ResolvedGrammarOptions): readonly CommandStep[] | string {
  if (f.target !== undefined) return [{ action: "goto", target: f.target }];
  if (f.duration !== undefined) return [driveStep(f, "move", o)];
  const turning = f.angle !== undefined || (f.angular !== undefined && f.linear === undefined) || f.around;
  const distance = f.length ?? (turning ? undefined : f.count);
  const steps: CommandStep[] = [];
  if (turning) {
    const turn = turnStep(
      { ...f, count: f.length === undefined ? f.count : undefined, small: f.small && distance === undefined },
      false,
      o,
    );
    if (typeof turn === "string") return turn;
    steps.push(turn);
    if (distance === undefined) return steps;
  }
  const amount = distance ?? (f.small ? o.smallDistanceM : o.defaultDistanceM);
  const speed = f.linearSpeed ?? (f.pace === "slow" ? o.slowLinearMps : f.pace === "fast" ? o.fastLinearMps : undefined);
  const move: CommandStep = { action: "move", distance_m: (f.linear ?? 1) * amount * (turning ? 1 : f.times) };
  steps.push(speed === undefined ? move : { ...move, speed_mps: speed });
  return steps;
}

const COME_TARGET: CommandStep = { action: "goto", target: "person" };

function intentOf(tokens: readonly string[]): { intent: Intent; skip: number } | undefined {
  const candidates: Array<[Intent, readonly (readonly string[])[]]> = [
    ["describe", DESCRIBE_OPENINGS],
    ["follow", FOLLOW_OPENINGS],
    ["find", FIND_OPENINGS],
    ["goto", GOTO_OPENINGS],
    ["turn", TURN_OPENINGS],
  ];
  let best: { intent: Intent; skip: number } | undefined;
  for (const [intent, openings] of candidates) {
    const n = longestOpening(tokens, openings);
    if (n > 0 && (best === undefined || n > best.skip)) best = { intent, skip: n };
  }
  return best;
}

const PACE_WORDS = [...SLOW, ...FAST].filter((p) => p.length === 1).map((p) => p[0]!);
const MOVE_START = new Set([...MOVE_WORDS, ...FORWARD, ...BACKWARD, ...LEFT, ...RIGHT, ...PACE_WORDS, "minus", "keep"]);

/** Whether a clause could start here: a sequence splits at a soft break only before one. */
export function startsClause(tokens: readonly string[], at: number): boolean {
  const rest = tokens.slice(at, at + 6);
  return intentOf(rest) !== undefined || MOVE_START.has(rest[0] ?? "") || longestOpening(rest, COME_HERE) > 0;
}

function parseMoveOrTurn(
  tokens: readonly string[],
  intent: "turn" | "move",
  o: ResolvedGrammarOptions,
  labels: LabelMatcher,
): ClauseResult {
  const scan = scanFeatures(tokens, intent, labels);
  if (!scan.ok) return scan;
  const f = scan.features;
  if (intent === "move") {
    const steps = moveSteps(f, o);
    return typeof steps === "string" ? { ok: false, error: steps } : { ok: true, steps };
  }
  if (f.length !== undefined) return { ok: false, error: "a turn is an angle, not a distance" };
  if (f.duration !== undefined) return { ok: true, steps: [driveStep(f, "turn", o)] };
  const spin = tokens[0] === "spin";
  const step = turnStep(f, spin, o);
  return typeof step === "string" ? { ok: false, error: step } : { ok: true, steps: [step] };
}

/** The step(s) one clause asks for. `tokens` are normalized and free of clause prefixes. */
export function parseClause(tokens: readonly string[], o: ResolvedGrammarOptions, labels: LabelMatcher): ClauseResult {
  if (tokens.length === 0) return { ok: false, error: "nothing to do" };
  const come = longestOpening(tokens, COME_HERE);
  if (come === tokens.length) return { ok: true, steps: [COME_TARGET] };
  const found = intentOf(tokens);
  if (found !== undefined) {
    const { intent, skip } = found;
    switch (intent) {
      case "describe":
        return { ok: true, steps: [{ action: "describe" }] };
      case "follow": {
        const target = readTarget(tokens, skip, labels) ?? { ok: true, label: "person" };
        return target.ok ? { ok: true, steps: [{ action: "follow", target: target.label }] } : target;
      }
      case "find": {
        const target = readTarget(tokens, skip, labels);
        if (target === undefined) {
          // "face left", "look right": a turn after all.
          if (intent === "find" && TURN_WORDS.has(tokens[0]!)) return parseMoveOrTurn(tokens, "turn", o, labels);
          return { ok: false, error: "find what? name something the camera can see, e.g. 'find the cup'" };
        }
        if (!target.ok && (tokens[0] === "face" || tokens[0] === "look")) {
          const turn = parseMoveOrTurn(tokens, "turn", o, labels);
          if (turn.ok) return turn;
        }
        return target.ok ? { ok: true, steps: [{ action: "find", target: target.label }] } : target;
      }
      case "goto": {
        const target = readTarget(tokens, skip, labels);
        if (target?.ok === true) return { ok: true, steps: [{ action: "goto", target: target.label }] };
        if (longestOpening(tokens.slice(skip), COME_HERE) === tokens.length - skip && tokens.length > skip)
          return { ok: true, steps: [COME_TARGET] };
        // "go to the left", "move back to where you were": read it as motion, else say what was unknown.
        const motion = parseMoveOrTurn(tokens, "move", o, labels);
        if (motion.ok) return motion;
        return target ?? { ok: false, error: "go where? name a target, e.g. 'go to the chair'" };
      }
      case "turn":
        return parseMoveOrTurn(tokens, "turn", o, labels);
      case "move":
        return parseMoveOrTurn(tokens, "move", o, labels);
    }
  }
  if (MOVE_START.has(tokens[0]!) || readAmount(tokens, 0) !== undefined) return parseMoveOrTurn(tokens, "move", o, labels);
  return { ok: false, error: "not a robot command" };
}
