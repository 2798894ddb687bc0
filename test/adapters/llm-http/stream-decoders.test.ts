import assert from "node:assert/strict";
import { errorBodyText, NdjsonDecoder, SseChatDecoder } from "../../../src/adapters/llm-http/stream-decoders.ts";

const chat = () => new NdjsonDecoder((c) => (c.message as { content?: unknown } | undefined)?.content);

describe("LLM stream decoders", () => {
  it("NDJSON: \\r\\n line ends, lines split anywhere, the done line ends the reply", () => {
    const d = chat();
    const body =
      '{"message":{"content":"{\\"a"},"done":false}\r\n{"message":{"content":"\\":1}"},"done":false}\r\n{"done":true,"message":{"content":""}}\r\n';
    const tokens: string[] = [];
    let done = false;
    for (let i = 0; i < body.length; i += 7) {
      const step = d.push(body.slice(i, i + 7));
      tokens.push(...step.tokens);
      done ||= step.done;
    }
    assert.deepEqual(tokens, ['{"a', '":1}']);
    assert.equal(done, true);
  });

  const ndjsonErrors: Array<[string, string, RegExp]> = [
    ["an error field", '{"error":"model \\"x\\" not found"}\n', /^model "x" not found$/],
    ["an error object", '{"error":{"message":"busy"}}\n', /^busy$/],
    ["a line that is not JSON", "<html>oops</html>\n", /a streamed line is not JSON: <html>oops<\/html>/],
    ["a JSON array", "[1,2]\n", /not a JSON object/],
  ];
  for (const [what, body, error] of ndjsonErrors) {
    it(`NDJSON: reports ${what}`, () => assert.match(chat().push(body).error ?? "", error));
  }

  it("NDJSON: a body that ends without done is an incomplete reply", () => {
    const d = chat();
    assert.deepEqual(d.push('{"message":{"content":"x"},"done":false}\n').tokens, ["x"]);
    assert.match(d.end().error ?? "", /ended before the reply was complete/);
  });

  it("NDJSON: the last line may lack its line end", () => {
    const d = new NdjsonDecoder((c) => c.response);
    assert.deepEqual(d.push('{"response":"a","done":false}\n{"response":"b","done":true}').tokens, ["a"]);
    assert.deepEqual(d.end(), { tokens: ["b"], done: true });
  });

  it("SSE: events, comments, CRLF, multi-line data and [DONE]", () => {
    const d = new SseChatDecoder();
    const ev = (content: string) => `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}`;
    const body = `: keep-alive\r\n\r\n${ev("he")}\r\n\r\nevent: x\n${ev("llo")}\n\ndata: {"choices":\ndata: [{"delta":{"content":"!"}}]}\n\ndata: [DONE]\n\n${ev("after")}\n\n`;
    const tokens: string[] = [];
    let done = false;
    for (let i = 0; i < body.length; i += 5) {
      const step = d.push(body.slice(i, i + 5));
      tokens.push(...step.tokens);
      done ||= step.done;
    }
    assert.deepEqual(tokens, ["he", "llo", "!"]);
    assert.equal(done, true);
  });

  it("SSE: an error event is reported verbatim; a body ending without [DONE] ends the reply", () => {
    assert.equal(
      new SseChatDecoder().push('data: {"error":{"message":"context length exceeded","type":"x"}}\n\n').error,
      "context length exceeded",
    );
    const d = new SseChatDecoder();
    d.push('data: {"choices":[{"delta":{"content":"a"}}]}');
    assert.deepEqual(d.end(), { tokens: ["a"], done: true });
  });

  it("error bodies: the JSON error field, a detail field, or the text", () => {
    assert.equal(errorBodyText('{"error":"no such model"}'), "no such model");
    assert.equal(errorBodyText('{"error":{"message":"bad request","type":"invalid_request_error"}}'), "bad request");
    assert.equal(errorBodyText('{"detail":"Not Found"}'), "Not Found");
    assert.equal(errorBodyText(" Bad Gateway \n"), "Bad Gateway");
  });
});
