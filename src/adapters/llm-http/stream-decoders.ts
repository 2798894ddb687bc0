/**
 * Pure decoders of the two streaming reply formats the HTTP LLM servers speak: Ollama's NDJSON
 * (hailo-ollama ends each line in "\r\n", Ollama in "\n") and OpenAI's server-sent events. Each
 * takes the body's text in whatever pieces TCP delivers and returns the tokens it completed.
 */

export interface DecodeStep {
  readonly tokens: readonly string[];
  /** The server said the reply is complete. */
  readonly done: boolean;
  /** An error the server reported inside the stream, verbatim. */
  readonly error?: string;
}

export interface StreamDecoder {
  push(text: string): DecodeStep;
  /** The body ended: decodes what is left. */
  end(): DecodeStep;
}

/** The text of an `error` field as servers send it: a string, or an object with a message. */
export function errorFieldText(error: unknown): string | undefined {
  if (error === undefined || error === null) return undefined;
  if (typeof error === "string") return error;
  if (typeof error === "object" && typeof (error as { message?: unknown }).message === "string")
    return (error as { message: string }).message;
  return JSON.stringify(error);
}

/** The server's own words from an error body: its JSON `error` field, else the body text. */
export function errorBodyText(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === "object" && parsed !== null) {
      const text = errorFieldText((parsed as { error?: unknown }).error) ?? errorFieldText((parsed as { detail?: unknown }).detail);
      if (text !== undefined) return text;
    }
  } catch {
    // not JSON: the text itself
  }
  return body.trim();
}

function excerpt(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** Ollama's NDJSON: one JSON object a line; `field` picks the token (message.content for /api/chat, response for /api/generate). */
export class NdjsonDecoder implements StreamDecoder {
  readonly #token: (chunk: Record<string, unknown>) => unknown;
  #buffer = "";
  #done = false;

  constructor(token: (chunk: Record<string, unknown>) => unknown) {
    this.#token = token;
  }

  push(text: string): DecodeStep {
    this.#buffer += text;
    const lines = this.#buffer.split("\n");
    this.#buffer = lines.pop() ?? "";
    return this.#decode(lines);
  }

  end(): DecodeStep {
    const rest = this.#buffer;
    this.#buffer = "";
    const step = this.#decode([rest]);
    if (step.error === undefined && !step.done && !this.#done)
      return { ...step, error: "the stream ended before the reply was complete (no line with done: true)" };
    return step;
  }

  #decode(lines: readonly string[]): DecodeStep {
    const tokens: string[] = [];
    for (const raw of lines) {
      if (this.#done) break;
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line.trim() === "") continue;
      let chunk: unknown;
      try {
        chunk = JSON.parse(line);
      } catch {
        return { tokens, done: false, error: `a streamed line is not JSON: ${excerpt(line)}` };
      }
      if (typeof chunk !== "object" || chunk === null || Array.isArray(chunk))
        return { tokens, done: false, error: `a streamed line is not a JSON object: ${excerpt(line)}` };
      const record = chunk as Record<string, unknown>;
      const error = errorFieldText(record.error);
      if (error !== undefined) return { tokens, done: false, error };
      const token = this.#token(record);
      if (typeof token === "string" && token !== "") tokens.push(token);
      if (record.done === true) this.#done = true;
    }
    return { tokens, done: this.#done };
  }
}

/** OpenAI's chat-completions stream: `data: {json}` events separated by blank lines, ended by `data: [DONE]`. */
export class SseChatDecoder implements StreamDecoder {
  #buffer = "";
  #data: string[] = [];
  #done = false;

  push(text: string): DecodeStep {
    this.#buffer += text;
    const lines = this.#buffer.split(/\r\n|\r|\n/);
    this.#buffer = lines.pop() ?? "";
    return this.#decode(lines);
  }

  end(): DecodeStep {
    const rest = this.#buffer;
    this.#buffer = "";
    // A stream may end without [DONE] (the body's end is then the reply's end).
    const step = this.#decode([rest, ""]);
    return { ...step, done: step.error === undefined };
  }

  #decode(lines: readonly string[]): DecodeStep {
    const tokens: string[] = [];
    for (const line of lines) {
      if (this.#done) break;
      if (line === "") {
        const data = this.#data.join("\n");
        this.#data = [];
        if (data === "") continue;
        if (data.trim() === "[DONE]") {
          this.#done = true;
          break;
        }
        let event: unknown;
        try {
          event = JSON.parse(data);
        } catch {
          return { tokens, done: false, error: `a streamed event is not JSON: ${excerpt(data)}` };
        }
        if (typeof event !== "object" || event === null)
          return { tokens, done: false, error: `a streamed event is not a JSON object: ${excerpt(data)}` };
        const error = errorFieldText((event as { error?: unknown }).error);
        if (error !== undefined) return { tokens, done: false, error };
        const choice = (event as { choices?: Array<{ delta?: { content?: unknown } }> }).choices?.[0];
        const token = choice?.delta?.content;
        if (typeof token === "string" && token !== "") tokens.push(token);
      } else if (line.startsWith("data:")) {
        this.#data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
      }
      // Comments (":"), event:, id: and retry: lines carry nothing a chat reply needs.
    }
    return { tokens, done: this.#done };
  }
}
