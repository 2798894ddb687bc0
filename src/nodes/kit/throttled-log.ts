/** Logs a repeating message at most once per period per kind; every occurrence is still counted elsewhere. */
import type { Logger } from "../../ports/ros.ts";

export class ThrottledLog {
  readonly #logger: Logger;
  readonly #nowMs: () => number;
  readonly #periodMs: number;
  readonly #last = new Map<string, number>();

  constructor(logger: Logger, nowMs: () => number, periodMs = 1000) {
    this.#logger = logger;
    this.#nowMs = nowMs;
    this.#periodMs = periodMs;
  }

  log(kind: string, level: "warn" | "error", message: string): void {
    const now = this.#nowMs();
    const last = this.#last.get(kind);
    if (last !== undefined && now - last < this.#periodMs) return;
    this.#last.set(kind, now);
    this.#logger[level](message);
  }
}
