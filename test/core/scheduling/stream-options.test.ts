import assert from "node:assert/strict";
import { parseLaneOptions, parseStreamOptions } from "../../../src/core/scheduling/stream-options.ts";

describe("stream and lane options", () => {
  it("fills a stream's defaults", () =>
    assert.deepEqual(parseStreamOptions({ name: "det" }), {
      ok: true,
      value: { name: "det", lane: "vision", priority: 16, policy: "queue", capacity: 8, timeoutMs: 2000, sheddable: true },
    }));

  const bad: Array<[string, unknown, string]> = [
    [
      "every problem of a named stream, joined",
      { name: "det", priority: 40, capacity: 0 },
      'stream "det": invalid options: priority: Too big: expected number to be <=31; capacity: Too small: expected number to be >=1',
    ],
    ["a stream without a name", { priority: 1 }, 'stream "?": invalid options: name: Invalid input: expected string, received undefined'],
    ["options that are not an object", 5, 'stream "?": invalid options: (options): Invalid input: expected object, received number'],
    ["null options", null, 'stream "?": invalid options: (options): Invalid input: expected object, received null'],
  ];
  for (const [what, input, error] of bad) {
    it(`rejects ${what}`, () => assert.deepEqual(parseStreamOptions(input), { ok: false, error }));
  }

  it("fills a lane's defaults, also when no options are given", () => {
    assert.deepEqual(parseLaneOptions("vision", undefined), { ok: true, value: { maxInFlight: 2 } });
    assert.deepEqual(parseLaneOptions("llm", { maxInFlight: 1 }), { ok: true, value: { maxInFlight: 1 } });
  });

  it("names the lane and the field it rejects", () => {
    assert.deepEqual(parseLaneOptions("vision", { maxInFlight: 0 }), {
      ok: false,
      error: 'lane "vision": invalid options: maxInFlight: Too small: expected number to be >=1',
    });
    assert.deepEqual(parseLaneOptions("llm", 3), {
      ok: false,
      error: 'lane "llm": invalid options: (options): Invalid input: expected object, received number',
    });
  });
});
