/**
 * Grammar first, LLM for the rest: the deterministic grammar answers at once (every stop word is
 * its business, so a stop never waits for or depends on an LLM); only text the grammar cannot
 * parse goes to the LLM. Empty text never reaches the LLM either.
 */
import type { CommandInterpreter, Interpretation, InterpretOptions } from "../../ports/command-interpreter.ts";

export interface AutoInterpreterOptions {
  readonly grammar: CommandInterpreter;
  readonly llm: CommandInterpreter;
}

export class AutoInterpreter implements CommandInterpreter {
  readonly #grammar: CommandInterpreter;
  readonly #llm: CommandInterpreter;

  constructor(options: AutoInterpreterOptions) {
    this.#grammar = options.grammar;
    this.#llm = options.llm;
  }

  async interpret(text: string, options: InterpretOptions = {}): Promise<Interpretation> {
    const grammar = await this.#grammar.interpret(text, options);
    if (grammar.ok || text.trim() === "") return { ...grammar, parser: "grammar" };
    const llm = await this.#llm.interpret(text, options);
    if (llm.ok || options.signal?.aborted === true) return llm;
    return { ok: false, error: `${llm.error} (the grammar did not parse it either: ${grammar.error})`, parser: "llm" };
  }
}
