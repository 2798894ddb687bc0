/**
 * Target words to the detector's vocabulary: each label, its plural, and common synonyms (sofa →
 * couch, television → tv, people/man/woman/me → person), matched longest phrase first. A synonym
 * whose label is not in the vocabulary is left out, so a custom model's labels are matched as given.
 */
import { COCO_LABELS } from "../../labels/coco.ts";

/** Spoken words for a label, by label. Multi-word entries are phrases. */
export const LABEL_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  person: [
    "people",
    "man",
    "men",
    "woman",
    "women",
    "me",
    "us",
    "human",
    "guy",
    "guys",
    "lady",
    "kid",
    "kids",
    "child",
    "children",
    "boy",
    "girl",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "him",
    "her",
    "them",
    "pedestrian",
    "user",
  ],
  couch: ["sofa", "settee", "loveseat"],
  tv: ["television", "telly", "tv set", "television set", "t v"],
  "cell phone": ["phone", "mobile", "mobile phone", "smartphone", "cellphone", "smart phone", "iphone"],
  "dining table": ["table", "kitchen table", "dinner table"],
  "potted plant": ["plant", "houseplant", "house plant", "pot plant", "flower pot", "flowerpot"],
  bicycle: ["bike", "cycle"],
  motorcycle: ["motorbike", "motor bike", "scooter"],
  airplane: ["plane", "aeroplane", "aircraft"],
  car: ["automobile"],
  cup: ["mug", "coffee cup", "coffee mug", "teacup", "tea cup"],
  "wine glass": ["glass"],
  laptop: ["computer", "notebook computer"],
  refrigerator: ["fridge"],
  "sports ball": ["ball", "football", "soccer ball", "basketball", "tennis ball"],
  handbag: ["purse", "bag"],
  backpack: ["rucksack", "back pack", "school bag"],
  dog: ["puppy", "doggy", "doggie", "pup"],
  cat: ["kitty", "kitten"],
  "teddy bear": ["teddy", "stuffed animal", "stuffed toy"],
  "hair drier": ["hair dryer", "hairdryer", "blow dryer"],
  remote: ["remote control", "tv remote", "clicker"],
  donut: ["doughnut"],
  toilet: ["loo"],
  bed: [],
  keyboard: [],
  book: ["books"],
  "traffic light": ["traffic lights", "stoplight", "stop light"],
};

const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  person: "persons",
  knife: "knives",
  mouse: "mice",
  sheep: "sheep",
  child: "children",
  man: "men",
  woman: "women",
  bus: "buses",
  couch: "couches",
  sandwich: "sandwiches",
  bench: "benches",
  glass: "glasses",
  "wine glass": "wine glasses",
  toothbrush: "toothbrushes",
  skis: "skis",
  scissors: "scissors",
};

/** The plural of a (possibly multi-word) label: its last word pluralized. */
export function pluralOf(phrase: string): string {
  const irregular = IRREGULAR_PLURALS[phrase];
  if (irregular !== undefined) return irregular;
  const words = phrase.split(" ");
  const last = words.pop()!;
  const plural =
    IRREGULAR_PLURALS[last] ??
    (/(?:s|x|z|ch|sh)$/.test(last) ? `${last}es` : /[^aeiou]y$/.test(last) ? `${last.slice(0, -1)}ies` : `${last}s`);
  return [...words, plural].join(" ");
}

/** Synonyms whose plural means something else ("glasses" are worn, not a wine glass). */
const SINGULAR_ONLY = new Set(["glass"]);

export interface LabelMatch {
  readonly label: string;
  readonly next: number;
}

/** Finds vocabulary labels in tokens. Build once per vocabulary (see labelMatcherFor). */
export class LabelMatcher {
  readonly vocabulary: readonly string[];
  readonly #phrases = new Map<string, string>();
  #longest = 1;

  constructor(vocabulary: readonly string[]) {
    this.vocabulary = vocabulary;
    const known = new Set(vocabulary.map((l) => l.trim().toLowerCase()));
    const add = (phrase: string, label: string): void => {
      const key = phrase.trim().toLowerCase().split(/\s+/).join(" ");
      if (key.length === 0 || this.#phrases.has(key)) return;
      this.#phrases.set(key, label);
      this.#longest = Math.max(this.#longest, key.split(" ").length);
    };
    for (const label of known) {
      add(label, label);
      add(pluralOf(label), label);
      if (label.endsWith("s") && !label.endsWith("ss")) add(label.slice(0, -1), label); // "skis" → "ski"
    }
    for (const [label, synonyms] of Object.entries(LABEL_SYNONYMS)) {
      if (!known.has(label)) continue;
      for (const synonym of synonyms) {
        add(synonym, label);
        if (!SINGULAR_ONLY.has(synonym)) add(pluralOf(synonym), label);
      }
    }
  }

  /** The longest label phrase starting at token `i`. */
  matchAt(tokens: readonly string[], i: number): LabelMatch | undefined {
    for (let n = Math.min(this.#longest, tokens.length - i); n >= 1; n--) {
      const label = this.#phrases.get(tokens.slice(i, i + n).join(" "));
      if (label !== undefined) return { label, next: i + n };
    }
    return undefined;
  }

  /** The label a single word or phrase names, if any ("Sofas" → couch). */
  normalize(phrase: string): string | undefined {
    const tokens = phrase.trim().toLowerCase().split(/\s+/);
    const match = this.matchAt(tokens, 0);
    return match !== undefined && match.next === tokens.length ? match.label : undefined;
  }
}

const matchers = new WeakMap<readonly string[], LabelMatcher>();

/** The matcher for a vocabulary, built once per vocabulary array. */
export function labelMatcherFor(vocabulary: readonly string[] = COCO_LABELS): LabelMatcher {
  let matcher = matchers.get(vocabulary);
  if (matcher === undefined) {
    matcher = new LabelMatcher(vocabulary);
    matchers.set(vocabulary, matcher);
  }
  return matcher;
}

/** A label for a word or phrase in a vocabulary (COCO by default), or undefined. */
export function normalizeLabel(phrase: string, vocabulary: readonly string[] = COCO_LABELS): string | undefined {
  return labelMatcherFor(vocabulary).normalize(phrase);
}
