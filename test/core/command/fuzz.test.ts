/**
 * Fuzz: 100 000 random and mutated utterances through parseCommandText and 100 000 random and
 * mutated LLM replies through extractCommand. No exception escapes, every answer is a well-formed
 * tagged union, and nothing that is not a valid RobotCommand is ever returned ok. Seeded, so a
 * failure names a case that reproduces.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseCommandText } from "../../../src/core/command/grammar/parse-command-text.ts";
import { parseLabelledSet } from "../../../src/core/command/labelled-set.ts";
import { encodeCompact } from "../../../src/core/command/reply/compact-form.ts";
import { extractCommand } from "../../../src/core/command/reply/extract-command.ts";
import { checkRobotCommand, type RobotCommand } from "../../../src/core/command/robot-command.ts";
import { SeededRandom } from "../../../src/core/synthetic/seeded-random.ts";

const CASES = 100_000;
const LABELLED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../test/fixtures/commands/labelled.jsonl");

const parsed = parseLabelledSet(readFileSync(LABELLED, "utf8"), LABELLED);
if (!parsed.ok) throw new Error(parsed.error);
const TEXTS = parsed.value.map((i) => i.text);
const COMMANDS = parsed.value.map((i) => i.expected).filter((c): c is RobotCommand => c !== null);

const WORDS = [
  ..."go move turn left right forward back around spin drive follow find describe then and after that for seconds meters cm feet degrees radians a half quarter full turn to the chair sofa me stop halt please um point one two three seventy five hundred minus at per second slowly a little bit".split(
    " ",
  ),
  "",
  "'",
  ",",
  ".",
  ";",
  "?",
  "°",
  "m/s",
];
const ODD = [
  "\u0000",
  "\u200b",
  "\u202e",
  "\ud800",
  "\udfff",
  "😀",
  "é",
  "ﬁ",
  "Ⅻ",
  "١٢",
  "\u0301",
  "\t",
  "\r\n",
  "１２",
  "−",
  "ǅ",
  "İ",
  "ß",
  "\uFEFF",
  "{",
  "}",
  "[",
  '"',
  "\\",
  "`",
];
const NUMBERS = [
  "0",
  "-0",
  "1e999",
  "1e-320",
  "NaN",
  "Infinity",
  "99999999999999999999",
  "0.000001",
  "1/0",
  "0/0",
  "3.",
  ".5.5",
  "1,5",
  "-1.5",
  "007",
];

function pick<T>(random: SeededRandom, items: readonly T[]): T {
  return items[random.int(0, items.length - 1)]!;
}

function randomString(random: SeededRandom, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    const r = random.next();
    out += r < 0.6 ? String.fromCharCode(random.int(32, 126)) : r < 0.8 ? pick(random, ODD) : String.fromCharCode(random.int(0, 0xffff));
  }
  return out;
}

/** One mutation of a token list: drop, swap, duplicate, replace with a number, word or odd character. */
function mutateTokens(random: SeededRandom, tokens: string[]): string[] {
  const out = [...tokens];
  const at = random.int(0, Math.max(0, out.length - 1));
  switch (random.int(0, 6)) {
    case 0:
      out.splice(at, 1);
      break;
    case 1: {
      const other = random.int(0, Math.max(0, out.length - 1));
      [out[at], out[other]] = [out[other]!, out[at]!];
      break;
    }
    case 2:
      out.splice(at, 0, out[at] ?? "go");
      break;
    case 3:
      out[at] = pick(random, NUMBERS);
      break;
    case 4:
      out.splice(at, 0, pick(random, WORDS));
      break;
    case 5:
      out[at] = (out[at] ?? "") + pick(random, ODD);
      break;
    default:
      out[at] = random.next() < 0.5 ? (out[at] ?? "").toUpperCase() : (out[at] ?? "").split("").reverse().join("");
  }
  return out;
}

function utterance(random: SeededRandom, i: number): string {
  if (i % 5000 === 0) return `${pick(random, TEXTS)} `.repeat(random.int(200, 2000)); // very long
  const r = random.next();
  if (r < 0.55) {
    let tokens = pick(random, TEXTS).split(" ");
    for (let k = random.int(1, 4); k > 0; k--) tokens = mutateTokens(random, tokens);
    return tokens.join(random.next() < 0.9 ? " " : "  ");
  }
  if (r < 0.8) return Array.from({ length: random.int(0, 14) }, () => pick(random, WORDS)).join(" ");
  if (r < 0.95) return randomString(random, random.int(0, 60));
  return `${pick(random, TEXTS)} then ${pick(random, TEXTS)} and then ${pick(random, TEXTS)}`;
}

function mutateChars(random: SeededRandom, text: string): string {
  let out = text;
  for (let k = random.int(1, 3); k > 0; k--) {
    const at = random.int(0, out.length);
    const r = random.next();
    if (r < 0.35) out = out.slice(0, at) + out.slice(at + 1);
    else if (r < 0.7)
      out = out.slice(0, at) + pick(random, [",", "}", "{", "]", "[", '"', ":", "-", "e", "9", " ", "\n", "`"]) + out.slice(at);
    else out = out.slice(0, at) + pick(random, NUMBERS) + out.slice(at);
  }
  return out;
}

function reply(random: SeededRandom, i: number): string {
  if (i % 5000 === 0)
    return "{".repeat(random.int(1000, 20_000)) + JSON.stringify(pick(random, COMMANDS)) + "}".repeat(random.int(0, 5000));
  const command = pick(random, COMMANDS);
  const r = random.next();
  let body: string;
  if (r < 0.3) body = encodeCompact(command);
  else if (r < 0.6) body = JSON.stringify(command, null, random.next() < 0.5 ? 0 : 2);
  else if (r < 0.7) body = JSON.stringify({ ...command, action: pick(random, ["fly", "MOVE", "", "sequence", "stop"]) });
  else if (r < 0.8) body = JSON.stringify(command).replace(/\d+(\.\d+)?/g, () => pick(random, NUMBERS));
  else if (r < 0.9) body = randomString(random, random.int(0, 80));
  else body = JSON.stringify({ action: "sequence", steps: [command, command] });
  if (random.next() < 0.6) body = mutateChars(random, body);
  switch (random.int(0, 4)) {
    case 0:
      return body;
    case 1:
      return `\`\`\`${pick(random, ["json", "", "text"])}\n${body}\n\`\`\``;
    case 2:
      return `Sure! Here is the command:\n${body}\nLet me know if you need anything else.`;
    case 3:
      return `<think>${randomString(random, 20)}</think>${body}`;
    default:
      return `${body},${body}`;
  }
}

function assertWellFormed(result: unknown, input: string, i: number): void {
  const where = `case ${i}: ${JSON.stringify(input.slice(0, 120))}`;
  assert.ok(result !== null && typeof result === "object", where);
  const r = result as { ok: unknown; value?: unknown; error?: unknown };
  if (r.ok === true) {
    const checked = checkRobotCommand(r.value);
    assert.ok(checked.ok, `${where}: returned ok with an invalid command ${JSON.stringify(r.value)}: ${checked.ok ? "" : checked.error}`);
    assert.deepEqual(checked.value, r.value, where);
  } else {
    assert.equal(r.ok, false, where);
    assert.equal(typeof r.error, "string", where);
    assert.ok((r.error as string).length > 0, where);
  }
}

describe("fuzz: the grammar and the reply extraction never throw nor return an invalid command", function () {
  this.timeout(120_000);

  it(`${CASES} random and mutated utterances through parseCommandText`, () => {
    const random = new SeededRandom(20261201);
    let ok = 0;
    let stopsInserted = 0;
    for (let i = 0; i < CASES; i++) {
      let text = utterance(random, i);
      // A tenth get "halt" inserted somewhere: whatever else is there, the answer is a stop.
      const inserted = i % 10 === 7;
      if (inserted) {
        const words = text.split(" ");
        words.splice(random.int(0, words.length), 0, "halt");
        text = words.join(" ");
        stopsInserted++;
      }
      let result;
      try {
        result = parseCommandText(text);
      } catch (error) {
        assert.fail(`case ${i} threw ${(error as Error).stack}\ninput: ${JSON.stringify(text.slice(0, 200))}`);
      }
      assertWellFormed(result, text, i);
      if (inserted) assert.deepEqual(result, { ok: true, value: { action: "stop" } }, `case ${i}: ${JSON.stringify(text.slice(0, 120))}`);
      if (result.ok) ok++;
    }
    // The mutations leave many commands intact and break many: both paths are exercised.
    assert.ok(ok > CASES * 0.1 && ok < CASES * 0.9, `${ok} of ${CASES} parsed`);
    assert.equal(stopsInserted, CASES / 10);
  });

  it(`${CASES} random and mutated replies through extractCommand`, () => {
    const random = new SeededRandom(424242);
    let ok = 0;
    for (let i = 0; i < CASES; i++) {
      const text = reply(random, i);
      let result;
      try {
        result = extractCommand(text);
      } catch (error) {
        assert.fail(`case ${i} threw ${(error as Error).stack}\ninput: ${JSON.stringify(text.slice(0, 200))}`);
      }
      assertWellFormed(result, text, i);
      if (result.ok) {
        ok++;
        assert.ok(result.form === "json" || result.form === "compact", `case ${i}`);
      }
    }
    assert.ok(ok > CASES * 0.1 && ok < CASES * 0.9, `${ok} of ${CASES} extracted`);
  });
});
