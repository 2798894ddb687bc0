/**
 * Numbers as spoken or typed: digits ("1.5", "1/2"), words ("seventy five", "two hundred and
 * ten", "one point two five", "two and a half", "three quarters"), the angle shorthand
 * "one eighty" / "three sixty", and "half", "a quarter", "a couple", "a few".
 */

export interface NumberRead {
  readonly value: number;
  /** Index of the first token after the number. */
  readonly next: number;
}

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  oh: 0,
  nought: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Fractions that stand alone or follow "and a" / a number: "half", "three quarters". */
const FRACTIONS: Readonly<Record<string, number>> = {
  half: 0.5,
  halves: 0.5,
  quarter: 0.25,
  quarters: 0.25,
  third: 1 / 3,
  thirds: 1 / 3,
};

const VAGUE: Readonly<Record<string, number>> = { couple: 2, few: 3 };

const DIGITS = /^\d+(?:\.\d+)?$/;
const RATIO = /^(\d+)\/(\d+)$/;

/** 0..99 in words at `i`: "seventy five", "twelve", "forty". */
function readBelowHundred(tokens: readonly string[], i: number): NumberRead | undefined {
  const word = tokens[i];
  if (word === undefined) return undefined;
  const unit = UNITS[word];
  if (unit !== undefined) return { value: unit, next: i + 1 };
  const tens = TENS[word];
  if (tens === undefined) return undefined;
  const after = UNITS[tokens[i + 1] ?? ""];
  if (after !== undefined && after >= 1 && after <= 9) return { value: tens + after, next: i + 2 };
  return { value: tens, next: i + 1 };
}

/** A whole number in words: up to "nine hundred and ninety nine thousand …" in practice. */
function readWholeWords(tokens: readonly string[], i: number): NumberRead | undefined {
  let at = i;
  let first = readBelowHundred(tokens, at);
  if (first === undefined && (tokens[at] === "a" || tokens[at] === "an") && (tokens[at + 1] === "hundred" || tokens[at + 1] === "thousand"))
    first = { value: 1, next: at + 1 };
  if (first === undefined) return undefined;
  let total = 0;
  let current = first.value;
  at = first.next;
  for (;;) {
    const word = tokens[at];
    if (word === "hundred") {
      current *= 100;
      at++;
      const and = tokens[at] === "and" ? 1 : 0;
      const rest = readBelowHundred(tokens, at + and);
      if (rest !== undefined) {
        current += rest.value;
        at = rest.next;
      }
    } else if (word === "thousand") {
      total += current * 1000;
      current = 0;
      at++;
      const rest = readBelowHundred(tokens, at);
      if (rest === undefined) break;
      current = rest.value;
      at = rest.next;
    } else break;
  }
  // "one eighty", "three sixty", "two seventy": hundreds said as two numbers (angles).
  if (total === 0 && current >= 1 && current <= 9 && at === i + 1) {
    const tens = readBelowHundred(tokens, at);
    if (tens !== undefined && tens.value >= 20) return { value: current * 100 + tens.value, next: tens.next };
  }
  return { value: total + current, next: at };
}

/** Digits of the words after "point": "two five" → "25", "twenty five" → "25". */
function readDecimals(tokens: readonly string[], i: number): { digits: string; next: number } | undefined {
  let digits = "";
  let at = i;
  for (;;) {
    const word = tokens[at];
    if (word !== undefined && /^\d+$/.test(word)) {
      digits += word;
      at++;
      continue;
    }
    const part = readBelowHundred(tokens, at);
    if (part === undefined) break;
    digits += String(part.value);
    at = part.next;
  }
  return digits.length === 0 ? undefined : { digits, next: at };
}

/** A fraction word at `i` with an optional count before it handled by the caller. */
function fractionAt(tokens: readonly string[], i: number): number | undefined {
  return FRACTIONS[tokens[i] ?? ""];
}

/**
 * The number starting at token `i`, or undefined. "a"/"an" count only before a fraction or
 * "couple"/"few" ("a quarter", "a couple of"); "a meter" is the unit reader's business.
 */
export function readNumber(tokens: readonly string[], i: number): NumberRead | undefined {
  let at = i;
  let sign = 1;
  if (tokens[at] === "minus" || tokens[at] === "negative") {
    sign = -1;
    at++;
  }
  const word = tokens[at];
  if (word === undefined) return undefined;
  let base: NumberRead | undefined;
  if (DIGITS.test(word)) {
    base = { value: Number(word), next: at + 1 };
    // "1 point 5" as ASR sometimes writes it.
    if (tokens[at + 1] === "point" && /^\d+$/.test(tokens[at + 2] ?? ""))
      base = { value: Number(`${word}.${tokens[at + 2]}`), next: at + 3 };
  } else if (RATIO.test(word)) {
    const [, n, d] = RATIO.exec(word)!;
    if (Number(d) === 0) return undefined;
    base = { value: Number(n) / Number(d), next: at + 1 };
  } else if (word === "a" || word === "an") {
    const fraction = fractionAt(tokens, at + 1);
    if (fraction !== undefined) return { value: sign * fraction, next: at + 2 };
    const vague = VAGUE[tokens[at + 1] ?? ""];
    if (vague !== undefined) return { value: sign * vague, next: tokens[at + 2] === "of" ? at + 3 : at + 2 };
    base = readWholeWords(tokens, at);
    if (base === undefined) return undefined;
  } else if (fractionAt(tokens, at) !== undefined && tokens[at] !== "thirds" && tokens[at] !== "quarters" && tokens[at] !== "halves") {
    return { value: sign * fractionAt(tokens, at)!, next: at + 1 };
  } else if (word === "point") {
    const decimals = readDecimals(tokens, at + 1);
    if (decimals === undefined) return undefined;
    return { value: sign * Number(`0.${decimals.digits}`), next: decimals.next };
  } else {
    base = readWholeWords(tokens, at);
    if (base === undefined) return undefined;
  }
  let value = base.value;
  at = base.next;
  if (tokens[at] === "point" && !DIGITS.test(word)) {
    const decimals = readDecimals(tokens, at + 1);
    if (decimals !== undefined) {
      value = Number(`${value}.${decimals.digits}`);
      at = decimals.next;
    }
  }
  // "three quarters", "two thirds"
  const counted = fractionAt(tokens, at);
  if (counted !== undefined && Number.isInteger(value) && value >= 1 && value <= 10 && tokens[at] !== "half") {
    return { value: sign * value * counted, next: at + 1 };
  }
  // "two and a half", "one and three quarters"
  if (tokens[at] === "and") {
    const rest = readFraction(tokens, at + 1);
    if (rest !== undefined) return { value: sign * (value + rest.value), next: rest.next };
  }
  return { value: sign * value, next: at };
}

/** "a half", "a quarter", "three quarters": a fraction after "and". */
export function readFraction(tokens: readonly string[], i: number): NumberRead | undefined {
  if (tokens[i] === "a" || tokens[i] === "an") {
    const f = fractionAt(tokens, i + 1);
    return f === undefined ? undefined : { value: f, next: i + 2 };
  }
  const count = readBelowHundred(tokens, i);
  if (count !== undefined && count.value >= 1 && count.value <= 10) {
    const f = fractionAt(tokens, count.next);
    if (f !== undefined) return { value: count.value * f, next: count.next + 1 };
  }
  return undefined;
}
