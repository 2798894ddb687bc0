/**
 * `hailo-ros parse`: text in, one JSON object out per utterance — the validated RobotCommand and
 * which parser produced it, or why there is none. Logs and usage go to stderr, so stdout is
 * machine-readable: one object for TEXT, or with --jsonl one line per stdin line, in order.
 */
import { createInterface } from "node:readline";
import { performance } from "node:perf_hooks";
import { errorText } from "../adapters/ros-common/error-text.ts";
import type { OllamaFlavor } from "../adapters/llm-http/ollama-llm-client.ts";
import { LLM_BACKENDS, type CommandLlmOptions, type LlmBackendName } from "../app/command-llm.ts";
import { openCommandInterpreter, PARSER_NAMES, type OpenedInterpreter, type ParserName } from "../app/command-interpreter.ts";
import type { CommandInterpreter } from "../ports/command-interpreter.ts";

export const PARSE_USAGE = `Usage: hailo-ros parse [options] [TEXT...]

Turns a spoken sentence into a validated robot command and prints one JSON object on stdout:
  {"ok":true,"command":{...},"parser":"grammar"|"llm","ms":n}   or   {"ok":false,"error":"..."}

Options:
  --parser auto|grammar|llm  grammar: the instant rule-based parser only; llm: the LLM only;
                             auto: grammar first, the LLM for what it cannot parse (stops never
                             reach the LLM). Default: auto when --llm is given, else grammar
  --llm hailo|ollama|openai  the LLM backend (see docs/commands.md, "LLM backends")
  --llm-url URL              ollama/openai server (defaults: hailo-ollama http://127.0.0.1:8000,
                             Ollama http://127.0.0.1:11434, openai http://127.0.0.1:8080)
  --llm-model NAME           ollama/openai: the model's name; hailo: the LLM HEF's path
  --llm-flavor hailo-ollama|ollama
                             which server --llm ollama talks to (default hailo-ollama); with
                             ollama the command's JSON schema is sent as "format"
  --llm-json-schema          openai: send the command's JSON schema as response_format
  --llm-device hailort|sim   hailo: the device (sim: the simulated device, for trying it out)
  --llm-timeout-ms N         the LLM's time per utterance, both attempts (default 20000)
  --jsonl                    read one utterance per stdin line (an empty line too) and write
                             one JSON line per input line, in order
  -h, --help                 show this help

Exit codes: 0 a command (with --jsonl: every line answered, whatever the answers);
            1 not a command or the LLM failed (with --jsonl: the LLM could not be opened);
            2 a bad option.
`;

export interface ParseArgs {
  readonly parser: ParserName;
  readonly llm: CommandLlmOptions | undefined;
  readonly llmTimeoutMs: number | undefined;
  readonly jsonl: boolean;
  readonly text: string | undefined;
  readonly help: boolean;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value))
    throw new Error(`${flag} must be one of ${allowed.join(", ")} (got '${value ?? ""}')`);
  return value as T;
}

export function parseParseArgs(argv: readonly string[]): ParseArgs | { readonly error: string } {
  let parser: ParserName | undefined;
  let backend: LlmBackendName | undefined;
  let url: string | undefined;
  let model: string | undefined;
  let flavor: OllamaFlavor | undefined;
  let jsonSchema = false;
  let device: "hailort" | "sim" | undefined;
  let llmTimeoutMs: number | undefined;
  let jsonl = false;
  let help = false;
  const words: string[] = [];
  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      const value = (): string => {
        const v = argv[++i];
        if (v === undefined) throw new Error(`${arg} needs a value`);
        return v;
      };
      if (arg === "--parser") parser = oneOf(arg, value(), PARSER_NAMES);
      else if (arg === "--llm") backend = oneOf(arg, value(), LLM_BACKENDS);
      else if (arg === "--llm-url") url = value();
      else if (arg === "--llm-model") model = value();
      else if (arg === "--llm-flavor") flavor = oneOf(arg, value(), ["hailo-ollama", "ollama"] as const);
      else if (arg === "--llm-json-schema") jsonSchema = true;
      else if (arg === "--llm-device") device = oneOf(arg, value(), ["hailort", "sim"] as const);
      else if (arg === "--llm-timeout-ms") {
        const v = value();
        llmTimeoutMs = Number(v);
        if (!/^\d+$/.test(v) || llmTimeoutMs <= 0)
          throw new Error(`--llm-timeout-ms must be a whole number of milliseconds above 0 (got '${v}')`);
      } else if (arg === "--jsonl") jsonl = true;
      else if (arg === "-h" || arg === "--help") help = true;
      else if (arg === "--") {
        words.push(...argv.slice(i + 1));
        break;
      } else if (arg.startsWith("--")) throw new Error(`unknown option '${arg}'`);
      else words.push(arg);
    }
  } catch (error) {
    return { error: errorText(error) };
  }
  const chosen = parser ?? (backend === undefined ? "grammar" : "auto");
  if (chosen !== "grammar" && backend === undefined) return { error: `--parser ${chosen} needs --llm hailo|ollama|openai` };
  if (jsonl && words.length > 0) return { error: "--jsonl reads the utterances from stdin: give no TEXT with it" };
  if (!jsonl && words.length === 0 && !help) return { error: "give the TEXT to parse (or --jsonl to read lines from stdin)" };
  const llm: CommandLlmOptions | undefined =
    backend === undefined
      ? undefined
      : {
          backend,
          ...(url === undefined ? {} : { url }),
          ...(model === undefined ? {} : { model }),
          ...(flavor === undefined ? {} : { flavor }),
          ...(jsonSchema ? { jsonSchema } : {}),
          ...(device === undefined ? {} : { device }),
        };
  return { parser: chosen, llm, llmTimeoutMs, jsonl, text: words.length > 0 ? words.join(" ") : undefined, help };
}

type Answer = { ok: true; command: unknown; parser: string; ms: number } | { ok: false; error: string };

async function answer(interpreter: CommandInterpreter, text: string): Promise<Answer> {
  const started = performance.now();
  try {
    const result = await interpreter.interpret(text);
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    return result.ok ? { ok: true, command: result.command, parser: result.parser, ms } : { ok: false, error: result.error };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

const print = (value: Answer): boolean => process.stdout.write(`${JSON.stringify(value)}\n`);

export async function parseCommand(argv: readonly string[]): Promise<number> {
  const args = parseParseArgs(argv);
  if ("error" in args) {
    process.stderr.write(`hailo-ros parse: ${args.error}\n\n${PARSE_USAGE}`);
    print({ ok: false, error: args.error });
    return 2;
  }
  if (args.help) {
    process.stdout.write(PARSE_USAGE);
    return 0;
  }
  let opened: OpenedInterpreter | undefined;
  let openError: string | undefined;
  try {
    opened = await openCommandInterpreter({
      parser: args.parser,
      ...(args.llm === undefined ? {} : { llm: args.llm }),
      ...(args.llmTimeoutMs === undefined ? {} : { llmTimeoutMs: args.llmTimeoutMs }),
    });
    if (opened.llmName !== undefined) process.stderr.write(`hailo-ros parse: parser ${args.parser}, LLM ${opened.llmName}\n`);
  } catch (error) {
    openError = `cannot start the ${args.llm?.backend ?? ""} LLM: ${errorText(error)}`;
    process.stderr.write(`hailo-ros parse: ${openError}\n`);
  }
  try {
    if (!args.jsonl) {
      const result = opened === undefined ? { ok: false as const, error: openError! } : await answer(opened.interpreter, args.text!);
      print(result);
      return result.ok ? 0 : 1;
    }
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) print(opened === undefined ? { ok: false, error: openError! } : await answer(opened.interpreter, line));
    return opened === undefined ? 1 : 0;
  } finally {
    await opened?.close().catch((error: unknown) => process.stderr.write(`hailo-ros parse: closing the LLM: ${errorText(error)}\n`));
  }
}
