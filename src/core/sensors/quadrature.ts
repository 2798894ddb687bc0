/**
 * Wheel encoder decoding from edge events: quadrature (channels A and B, both edges of both, four
 * counts per line) through the Gray-code state table, and single-channel (both edges of A, two
 * counts per slot) whose direction is the wheel's commanded one. Pure; the node feeds it the levels
 * its edge callbacks report.
 *
 * What the counts can tell about lost interrupts: an edge event whose level equals the channel's
 * current level means the channel toggled twice before the value was read (two edges merged into
 * one callback); a state change of both channels at once (when both levels are supplied) is a
 * skipped state. Both are counted as missed ticks. A direction error is a step that reversed the
 * direction and was reversed again by the very next step — an edge bouncing at a standstill or
 * noise, not a wheel changing direction.
 */
import type { Level } from "../../ports/gpio.ts";

export type EncoderKind = "quadrature" | "single";

export interface EncoderCounts {
  /** Signed counts since start (forward positive). */
  readonly count: number;
  /** Edge events handled. */
  readonly edges: number;
  /** Edges known to have been lost (merged or skipped), each counted as one tick. */
  readonly missedTicks: number;
  readonly directionErrors: number;
}

/** +1 forward, −1 backward, 0 no change, 2 both channels changed (direction unknown). */
const INVALID = 2;
/**
 * Index: previous state × 4 + next state, state = A × 2 + B. Forward is 00 → 01 → 11 → 10 → 00
 * (B leads A); the wiring of A and B decides which way is forward, so swap them (or the pins) if
 * the wheel counts backwards.
 */
const STEP: readonly number[] = [
  // next:  00  01  10  11
  /* 00 */ 0,
  1,
  -1,
  INVALID,
  /* 01 */ -1,
  0,
  INVALID,
  1,
  /* 10 */ 1,
  INVALID,
  0,
  -1,
  /* 11 */ INVALID,
  -1,
  1,
  0,
];

/** The step of one state transition, exported for the table's tests. */
export function quadratureStep(previous: number, next: number): number {
  return STEP[(previous & 3) * 4 + (next & 3)] ?? 0;
}

export class EncoderDecoder {
  readonly kind: EncoderKind;
  #a: Level;
  #b: Level;
  #count = 0;
  #edges = 0;
  #missed = 0;
  #directionErrors = 0;
  /** Signs of the last two steps, for direction errors. */
  #lastStep = 0;
  #stepBefore = 0;
  /** Single channel: the sign counts are given (the commanded direction of the wheel). */
  #direction: 1 | -1 = 1;

  constructor(kind: EncoderKind, initial: { readonly a: Level; readonly b?: Level }) {
    this.kind = kind;
    this.#a = initial.a;
    this.#b = initial.b ?? 0;
  }

  get counts(): EncoderCounts {
    return { count: this.#count, edges: this.#edges, missedTicks: this.#missed, directionErrors: this.#directionErrors };
  }

  /** Single channel: which way counts go from now on (the sign of the commanded wheel speed; 0 keeps the last). */
  setDirection(sign: number): void {
    if (sign > 0) this.#direction = 1;
    else if (sign < 0) this.#direction = -1;
  }

  /** One edge callback: the channel and the level it read. */
  edge(channel: "a" | "b", level: Level): void {
    this.#edges += 1;
    if (this.kind === "single") {
      if (channel !== "a") return;
      // The same level again: it went away and back, two edges in one callback.
      const steps = level === this.#a ? 2 : 1;
      if (steps === 2) this.#missed += 1;
      this.#a = level;
      // Stryker disable next-line ArithmeticOperator: equivalent, #direction is ±1, so dividing by it is multiplying
      this.#count += steps * this.#direction;
      return;
    }
    const current = channel === "a" ? this.#a : this.#b;
    if (level === current) {
      // Toggled twice with the other channel still: net zero, but two edges became one callback.
      this.#missed += 1;
      return;
    }
    this.levels(channel === "a" ? level : this.#a, channel === "b" ? level : this.#b);
  }

  /** Both levels read at once (a poller, or the simulation). */
  levels(a: Level, b: Level): void {
    if (this.kind === "single") {
      if (a !== this.#a) this.edge("a", a);
      return;
    }
    const step = quadratureStep(this.#a * 2 + this.#b, a * 2 + b);
    this.#a = a;
    this.#b = b;
    if (step === 0) return;
    if (step === INVALID) {
      // A state was skipped: two counts, most likely in the direction of travel (forward before any step).
      this.#missed += 1;
      this.#count += this.#lastStep === -1 ? -2 : 2;
      return;
    }
    // #stepBefore ≠ 0 implies #lastStep ≠ 0: both only ever take the value of a ±1 step.
    if (step !== this.#lastStep && this.#stepBefore !== 0 && this.#lastStep !== this.#stepBefore) {
      this.#directionErrors += 1;
    }
    this.#stepBefore = this.#lastStep;
    this.#lastStep = step;
    this.#count += step;
  }
}
