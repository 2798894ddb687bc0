import assert from "node:assert/strict";
import { parseLabels } from "../../../src/core/labels/parse-labels.ts";
import { COCO_LABELS } from "../../../src/core/labels/coco.ts";

describe("parseLabels", () => {
  const good: Array<[string, string, string[]]> = [
    ["one label per line", "person\nbicycle\ncar\n", ["person", "bicycle", "car"]],
    ["CRLF, blank lines and comments", "# coco\r\nperson\r\n\r\n  car  \r\n", ["person", "car"]],
    ["a JSON array", '["a", "b"]', ["a", "b"]],
    ["an Ultralytics names map", '{"1": "b", "0": "a"}', ["a", "b"]],
  ];
  for (const [what, text, labels] of good) {
    it(`reads ${what}`, () => assert.deepEqual(parseLabels(text), { ok: true, labels }));
  }

  const bad: Array<[string, string, RegExp]> = [
    ["an empty file", "  \n", /empty/],
    ["only comments", "# nothing\n", /no labels/],
    ["a duplicate label", "a\nb\na", /"a" appears twice \(classes 0 and 2\)/],
    ["broken JSON", '["a", ', /not valid JSON/],
    ["a JSON array with a number", '["a", 3]', /JSON array of label strings/],
    ["a names map with a gap", '{"0": "a", "2": "c"}', /index 1 is missing/],
  ];
  for (const [what, text, pattern] of bad) {
    it(`rejects ${what}`, () => {
      const result = parseLabels(text);
      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : result.error, pattern);
    });
  }

  const head = 'expected a JSON array of label strings or an object {"0": "person", …}';
  const exact: Array<[string, string, string]> = [
    ["a blank label in an array", '["a", "  "]', `${head} (1: empty label)`],
    ["a number in an array", "[3]", `${head} (0: Invalid input: expected string, received number)`],
    ["a blank label in a names map", '{"0": " "}', `${head} (0: empty label)`],
    ["a names-map key with a suffix", '{"0": "a", "1x": "b"}', `${head} (1x: keys must be class indices)`],
    ["a names-map key with a prefix", '{"0": "a", "x1": "b"}', `${head} (x1: keys must be class indices)`],
  ];
  for (const [what, text, error] of exact) {
    it(`rejects ${what} naming the entry and the rule`, () => assert.deepEqual(parseLabels(text), { ok: false, error }));
  }

  it("reads a names map by numeric key order, whatever the keys' spelling or count", () => {
    // "00" is not an array index, so Object.entries yields it after "1": the parser must sort.
    assert.deepEqual(parseLabels('{"1": "b", "00": "a"}'), { ok: true, labels: ["a", "b"] });
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [String(i), `c${i}`]));
    assert.deepEqual(parseLabels(JSON.stringify(eleven)), { ok: true, labels: Object.values(eleven) });
  });

  it("has the 80 COCO classes in model-zoo order", () => {
    assert.equal(COCO_LABELS.length, 80);
    assert.equal(COCO_LABELS[0], "person");
    assert.equal(COCO_LABELS[39], "bottle");
    assert.equal(COCO_LABELS[79], "toothbrush");
    assert.equal(new Set(COCO_LABELS).size, 80);
  });
});
