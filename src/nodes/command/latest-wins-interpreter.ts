/**
 * Latest wins: a new utterance cancels the interpretation still running for the previous one (its
 * result is then { ok: false, error: "cancelled: …" }), so a slow LLM answer to an old sentence
 * never overtakes a newer command, and a stop parsed by the grammar is not kept waiting.
 */
import type { CommandInterpreter, Interpretation, InterpretOptions } from "../../ports/command-interpreter.ts";

export const SUPERSEDED = "cancelled: a newer utterance arrived";

export class LatestWinsInterpreter implements CommandInterpreter {
  readonly #inner: CommandInterpreter;
  #current: AbortController | undefined;

  constructor(inner: CommandInterpreter) {
    this.#inner = inner;
  }

  async interpret(text: string, options: InterpretOptions = {}): Promise<Interpretation> {
    this.#current?.abort(new Error(SUPERSEDED));
    const controller = new AbortController();
    this.#current = controller;
    const signal = options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal]);
    try {
      return await this.#inner.interpret(text, { signal });
    } finally {
      if (this.#current === controller) this.#current = undefined;
    }
  }

  /** Cancels whatever is running (e.g. when the node shuts down). */
  cancel(reason = "cancelled: the interpreter was stopped"): void {
    this.#current?.abort(new Error(reason));
    this.#current = undefined;
  }
}
