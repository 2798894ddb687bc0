/** The sentence that answers "what do you see?" from the current detections ("I see two people and a chair"). Pure. */
import type { SeenObject } from "./observations.ts";

const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  person: "people",
  mouse: "mice",
  knife: "knives",
  sheep: "sheep",
  skis: "skis",
  scissors: "scissors",
};

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

export function pluralOf(label: string): string {
  const irregular = IRREGULAR_PLURALS[label];
  if (irregular !== undefined) return irregular;
  const last = label.split(" ").pop() ?? label;
  const head = label.slice(0, label.length - last.length);
  const lastIrregular = IRREGULAR_PLURALS[last];
  if (lastIrregular !== undefined) return head + lastIrregular;
  if (/(s|sh|ch|x|z)$/.test(last)) return `${label}es`;
  if (/[^aeiou]y$/.test(last)) return `${label.slice(0, -1)}ies`;
  return `${label}s`;
}

function article(label: string): string {
  return /^[aeiou]/.test(label) ? "an" : "a";
}

function countedLabel(label: string, count: number): string {
  if (count === 1) return `${article(label)} ${label}`;
  return `${NUMBER_WORDS[count] ?? String(count)} ${pluralOf(label)}`;
}

function joinPhrases(phrases: readonly string[]): string {
  if (phrases.length <= 1) return phrases[0] ?? "";
  return `${phrases.slice(0, -1).join(", ")} and ${phrases[phrases.length - 1]!}`;
}

/** Objects at or above `minScore`, counted per label, most numerous first (then by name). */
export function describeScene(objects: readonly SeenObject[], minScore: number): string {
  const counts = new Map<string, number>();
  for (const o of objects) if (o.score >= minScore) counts.set(o.label, (counts.get(o.label) ?? 0) + 1);
  if (counts.size === 0) return "I don't see anything I recognize";
  const ordered = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `I see ${joinPhrases(ordered.map(([label, count]) => countedLabel(label, count)))}`;
}
