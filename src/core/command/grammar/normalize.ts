/**
 * Utterance to tokens, for ASR-style text (lower case, no punctuation) and typed text alike: Unicode
 * folded, lower-cased, contractions expanded, numbers split from their units ("1.5m" → "1.5 m"),
 * gerunds reduced to the verb ("turning" → "turn"), fillers and politeness dropped. Sentence
 * punctuation becomes the clause break "|", a comma the soft break ",".
 */

/** A clause break a sequence always splits at (from ; . ! ?). */
export const HARD_BREAK = "|";
/** A comma: a sequence splits there only when a command verb follows. */
export const SOFT_BREAK = ",";

const CONTRACTIONS: Readonly<Record<string, string>> = {
  "don't": "do not",
  dont: "do not",
  "doesn't": "do not",
  "won't": "will not",
  "can't": "can not",
  cant: "can not",
  cannot: "can not",
  "what's": "what is",
  whats: "what is",
  "where's": "where is",
  wheres: "where is",
  "where're": "where are",
  "that's": "that is",
  thats: "that is",
  "it's": "it is",
  "let's": "let us",
  lets: "let us",
  "i'd": "i would",
  "i'm": "i am",
  im: "i am",
  "you're": "you are",
  "there's": "there is",
  "who's": "who is",
  "how's": "how is",
  "i'll": "i will",
  "you'll": "you will",
};

const GERUNDS: Readonly<Record<string, string>> = {
  turning: "turn",
  moving: "move",
  going: "go",
  following: "follow",
  finding: "find",
  driving: "drive",
  rotating: "rotate",
  spinning: "spin",
  heading: "head",
  coming: "come",
  looking: "look",
  searching: "search",
  backing: "back",
  walking: "walk",
  rolling: "roll",
  reversing: "reverse",
  describing: "describe",
  tracking: "track",
  stopping: "stopping",
};

/** Dropped wherever they occur (phrases as token lists). */
const FILLERS: readonly (readonly string[])[] = [
  ["thank", "you"],
  ["you", "know"],
  ["i", "mean"],
  ["for", "me"],
  ["if", "you", "can"],
  ["if", "you", "could"],
  ["if", "you", "would"],
  ["if", "possible"],
  ["right", "now"],
  ["right", "away"],
  ["all", "right"],
  ["as", "well"],
  ...[
    "um",
    "umm",
    "uh",
    "uhh",
    "uhm",
    "er",
    "erm",
    "ah",
    "ahh",
    "hmm",
    "hm",
    "mm",
    "mhm",
    "please",
    "pls",
    "plz",
    "kindly",
    "thanks",
    "okay",
    "ok",
    "alright",
    "hey",
    "hi",
    "oh",
    "robot",
    "robbie",
    "buddy",
    "bot",
  ].map((w) => [w]),
];

/** Dropped at the start of a clause only (repeatedly): "could you please just turn left". */
export const CLAUSE_PREFIXES: readonly (readonly string[])[] = [
  ["i", "would", "like", "you", "to"],
  ["would", "you", "mind"],
  ["i", "want", "you", "to"],
  ["i", "need", "you", "to"],
  ["why", "do", "not", "you"],
  ["can", "you", "go", "ahead", "and"],
  ["go", "ahead", "and"],
  ["make", "sure", "to"],
  ["be", "sure", "to"],
  ["you", "need", "to"],
  ["you", "should"],
  ["you", "can"],
  ["can", "you"],
  ["can", "u"],
  ["could", "you"],
  ["would", "you"],
  ["will", "you"],
  ["try", "to"],
  ["let", "us"],
  ["now"],
  ["just"],
  ["and"],
  ["also"],
  ["first"],
  ["firstly"],
  ["finally"],
  ["so"],
  ["well"],
  ["like"],
  ["actually"],
  ["maybe"],
];

function matchesAt(tokens: readonly string[], at: number, phrase: readonly string[]): boolean {
  for (let k = 0; k < phrase.length; k++) if (tokens[at + k] !== phrase[k]) return false;
  return true;
}

/** Drops the clause prefixes from the front of a clause's tokens. */
export function stripClausePrefixes(tokens: readonly string[]): readonly string[] {
  let at = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of CLAUSE_PREFIXES) {
      if (at + prefix.length <= tokens.length && matchesAt(tokens, at, prefix)) {
        at += prefix.length;
        changed = true;
        break;
      }
    }
  }
  return tokens.slice(at);
}

function dropFillers(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const filler = FILLERS.find((phrase) => matchesAt(tokens, i, phrase));
    if (filler === undefined) out.push(tokens[i++]!);
    else i += filler.length;
  }
  return out;
}

/** The tokens of an utterance. */
export function tokenize(text: string): string[] {
  const folded = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032`´]/g, "'")
    .replace(/°/g, " degrees ")
    .replace(/(\d)(?=[a-z])/g, "$1 ") // 1.5m → 1.5 m, 90deg → 90 deg
    .replace(/([a-z])(?=\d)/g, "$1 ")
    .replace(/\b(m|cm|mm|ft|deg|rad)\s*\/\s*s(?:ec)?\b/g, "$1 per s")
    .replace(/\bmps\b/g, "m per s")
    .replace(/(^|[^\d])\.(?=\d)/g, (_, before: string) => `${before}0.`) // .5 → 0.5
    .replace(/[;!?]+|\.(?!\d)/g, ` ${HARD_BREAK} `)
    .replace(/,(?!\d)/g, ` ${SOFT_BREAK} `)
    .replace(/(^|\s)[-\u2212](?=\d)/g, "$1minus ")
    .replace(/[^a-z0-9.'|,]+/g, " ");
  const tokens: string[] = [];
  for (const raw of folded.split(" ")) {
    const word = raw.replace(/^'+|'+$/g, "");
    if (word.length === 0) continue;
    const expanded = CONTRACTIONS[word] ?? GERUNDS[word] ?? word.replace(/'s$/, "").replace(/'/g, "");
    if (expanded.length === 0) continue;
    for (const part of expanded.split(" ")) tokens.push(part);
  }
  return dropFillers(tokens);
}
