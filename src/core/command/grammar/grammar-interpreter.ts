/**
 * The grammar parser behind the CommandInterpreter port: answers at once, does no I/O, and is
 * what `--parser grammar` and the command node's fast path use.
 */
import type { CommandInterpreter, InterpretOptions, Interpretation } from "../../../ports/command-interpreter.ts";
import type { GrammarOptions } from "./grammar-options.ts";
import { parseCommandText } from "./parse-command-text.ts";

export class GrammarInterpreter implements CommandInterpreter {
  readonly #options: GrammarOptions;

  constructor(options: GrammarOptions = {}) {
    this.#options = options;
  }

  /** Synchronous form for callers on a hot path (a stop must not wait for a microtask queue). */
  interpretNow(text: string): Interpretation {
    const result = parseCommandText(text, this.#options);
    return result.ok ? { ok: true, command: result.value, parser: "grammar" } : { ok: false, error: result.error, parser: "grammar" };
  }

  interpret(text: string, options: InterpretOptions = {}): Promise<Interpretation> {
    if (options.signal?.aborted === true) return Promise.resolve({ ok: false, error: "cancelled before parsing", parser: "grammar" });
    return Promise.resolve(this.interpretNow(text));
  }
}
