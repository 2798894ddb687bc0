/**
 * Debouncing a switch (a bumper, a limit switch) without delaying the press: the first edge after a
 * quiet period is taken at once, then the input is ignored for `debounceMs` and read again at its
 * end, so bounces neither repeat the press nor hide a release that happened meanwhile. Pure: the
 * caller passes times and schedules the re-read it is asked for.
 */
import type { Level } from "../../ports/gpio.ts";

export interface DebounceResult {
  /** The new stable level, when it changed. */
  readonly changed?: Level;
  /** Read the input again at this time (ms) and pass it to `recheck`. */
  readonly recheckAtMs?: number;
}

export class Debouncer {
  readonly #debounceMs: number;
  #stable: Level;
  #lastChangeMs = Number.NEGATIVE_INFINITY;
  #recheckAtMs: number | undefined;

  constructor(initial: Level, debounceMs: number) {
    this.#stable = initial;
    this.#debounceMs = Math.max(0, debounceMs);
  }

  get level(): Level {
    return this.#stable;
  }

  /** An edge callback's level at `nowMs`. */
  edge(level: Level, nowMs: number): DebounceResult {
    if (nowMs - this.#lastChangeMs >= this.#debounceMs) {
      if (level === this.#stable) return {};
      return this.#accept(level, nowMs);
    }
    // Inside the lock-out: decide when it ends.
    return this.#scheduleRecheck(this.#lastChangeMs + this.#debounceMs);
  }

  /** The level read at the re-read time asked for. */
  recheck(level: Level, nowMs: number): DebounceResult {
    this.#recheckAtMs = undefined;
    if (level === this.#stable) return {};
    if (nowMs - this.#lastChangeMs < this.#debounceMs) return this.#scheduleRecheck(this.#lastChangeMs + this.#debounceMs);
    return this.#accept(level, nowMs);
  }

  #accept(level: Level, nowMs: number): DebounceResult {
    this.#stable = level;
    this.#lastChangeMs = nowMs;
    return { changed: level, ...this.#scheduleRecheck(nowMs + this.#debounceMs) };
  }

  /** A re-read already asked for comes no later than this one (#lastChangeMs only grows): it stands. */
  #scheduleRecheck(atMs: number): DebounceResult {
    if (this.#recheckAtMs !== undefined) return {};
    this.#recheckAtMs = atMs;
    return { recheckAtMs: atMs };
  }
}
