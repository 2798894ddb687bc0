/**
 * Stop words: any of these anywhere in an utterance means an immediate stop, whatever else was
 * said ("go forward no stop", "turn left wait"). A false stop is safe; a missed one is not, so the
 * list is generous. The one exception is the detector's label "stop sign" after an article
 * ("go to the stop sign"); "stop sign" alone still stops.
 */

/** Single words that stop. */
const STOP_WORDS = new Set([
  "stop",
  "stopping",
  "stopped",
  "stahp",
  "halt",
  "freeze",
  "abort",
  "cancel",
  "emergency",
  "estop",
  "whoa",
  "woah",
  "brake",
  "pause",
  "quit",
  "enough",
  "nevermind",
]);

/** Phrases (token lists) that stop. `do not` is followed by a motion word. */
const STOP_PHRASES: readonly (readonly string[])[] = [
  ["e", "stop"],
  ["never", "mind"],
  ["hold", "on"],
  ["hold", "it"],
  ["hold", "up"],
  ["hold", "still"],
  ["stay", "still"],
  ["stay", "put"],
  ["stay", "there"],
  ["stay", "here"],
  ["stand", "still"],
  ["keep", "still"],
  ["wait"],
  ["stay"],
  ["shut", "down"],
  ["power", "off"],
  ["no", "no"],
];

const DO_NOT_MOTION = new Set([
  "move",
  "go",
  "turn",
  "drive",
  "do",
  "come",
  "spin",
  "rotate",
  "roll",
  "run",
  "crash",
  "hit",
  "fall",
  "follow",
  "back",
]);

const ARTICLES = new Set(["the", "a", "an", "that", "this"]);

function phraseAt(tokens: readonly string[], at: number, phrase: readonly string[]): boolean {
  for (let k = 0; k < phrase.length; k++) if (tokens[at + k] !== phrase[k]) return false;
  return true;
}

/** The stop word or phrase found in the tokens, or undefined. */
export function findStopWord(tokens: readonly string[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (STOP_WORDS.has(token)) {
      if (token === "stop" && tokens[i + 1] === "sign" && ARTICLES.has(tokens[i - 1] ?? "")) continue;
      return token;
    }
    if (token === "do" && tokens[i + 1] === "not" && DO_NOT_MOTION.has(tokens[i + 2] ?? "")) return `do not ${tokens[i + 2]}`;
    if (token === "not" && tokens[i - 1] !== "do" && (tokens[i + 1] === "move" || tokens[i + 1] === "go")) return `not ${tokens[i + 1]}`;
    for (const phrase of STOP_PHRASES) if (phraseAt(tokens, i, phrase)) return phrase.join(" ");
  }
  return undefined;
}
