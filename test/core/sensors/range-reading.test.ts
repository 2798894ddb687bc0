/** IIO distance parsing (millimetres), read errors, REP 117 range values and the simulated sensor's script. */
import assert from "node:assert/strict";
import { parseIioDistance, parseRangeScript, rangeValue, readErrorOutcome } from "../../../src/core/sensors/range-reading.ts";

describe("core/sensors/range-reading", () => {
  it("parses in_distance_raw (mm) with its scale", () => {
    const table: Array<[string, string | undefined, number | string]> = [
      ["182\n", undefined, 0.182],
      ["182", "0.001000", 0.182],
      ["0", undefined, 0],
      ["4000", "0.001", 4],
      ["12.5", undefined, "not an integer"],
      ["", undefined, "not an integer"],
      ["-5", undefined, "negative"],
      ["100", "zero", "not a positive number"],
      // An empty or blank scale file is as good as none: the driver's millimetres.
      ["182", "", 0.182],
      ["182", " \n", 0.182],
      ["250", " 0.01\n", 2.5],
      ["100", "0", "not a positive number"],
      ["100", "-0.001", "not a positive number"],
    ];
    for (const [raw, scale, expected] of table) {
      const parsed = parseIioDistance(raw, scale);
      if (typeof expected === "number") {
        assert.ok(parsed.ok, JSON.stringify(parsed));
        assert.ok(Math.abs(parsed.metres - expected) < 1e-12, `${raw}: ${parsed.metres}`);
      } else {
        assert.ok(!parsed.ok);
        assert.match(parsed.error, new RegExp(expected));
      }
    }
  });

  it("names the scale file's content, trimmed, when it is not a positive number", () => {
    assert.deepEqual(parseIioDistance("100", " zero\n"), {
      ok: false,
      error: "in_distance_scale holds 'zero', not a positive number",
    });
    assert.deepEqual(parseIioDistance("100", "0\n"), { ok: false, error: "in_distance_scale holds '0', not a positive number" });
  });

  it("reads ETIMEDOUT as no echo, EIO and others as invalid", () => {
    assert.deepEqual(readErrorOutcome("ETIMEDOUT", "x"), { kind: "no_echo" });
    assert.match(JSON.stringify(readErrorOutcome("EIO", "x")), /6\.45 m/);
    assert.deepEqual(readErrorOutcome("EACCES", "permission denied"), { kind: "invalid", reason: "permission denied" });
  });

  it("maps outcomes to Range values as REP 117 says", () => {
    const table: Array<[Parameters<typeof rangeValue>[0], number | undefined]> = [
      [{ kind: "distance", metres: 0.5 }, 0.5],
      [{ kind: "distance", metres: 0.01 }, -Infinity],
      [{ kind: "distance", metres: 4.5 }, Infinity],
      [{ kind: "no_echo" }, Infinity],
      [{ kind: "invalid", reason: "x" }, undefined],
      // min_range and max_range themselves are measurable distances.
      [{ kind: "distance", metres: 0.02 }, 0.02],
      [{ kind: "distance", metres: 4 }, 4],
    ];
    for (const [outcome, expected] of table) assert.equal(rangeValue(outcome, 0.02, 4), expected);
  });

  it("scripts a distance over time, linear between points", () => {
    const script = parseRangeScript("0:2, 5:0.1, 10:2");
    assert.ok(script.ok);
    const table: Array<[number, number]> = [
      [-1, 2],
      [0, 2],
      [2.5, 1.05],
      [5, 0.1],
      [7.5, 1.05],
      [20, 2],
    ];
    for (const [t, d] of table) assert.ok(Math.abs(script.at(t) - d) < 1e-12, `${t} s: ${script.at(t)}`);
    const constant = parseRangeScript("2");
    assert.ok(constant.ok && constant.at(123) === 2);
    const step = parseRangeScript("0:2,3:2,3:0.1");
    assert.ok(step.ok && step.at(3.01) === 0.1);
    // At the time of a step the earlier distance still holds, at the first point as in the middle.
    const stepAtStart = parseRangeScript("1:2,1:5");
    assert.ok(stepAtStart.ok);
    assert.deepEqual([stepAtStart.at(1), stepAtStart.at(1.5)], [2, 5]);
    assert.ok(step.ok && step.at(3) === 2);
    for (const [bad, why] of [
      ["", "empty"],
      ["0:2,x", "not seconds:metres"],
      ["5:1,2:1", "must not decrease"],
    ] as const) {
      const parsed = parseRangeScript(bad);
      assert.ok(!parsed.ok);
      assert.match(parsed.error, new RegExp(why));
    }
  });

  it("reads several-digit numbers, decimals and spaces around ':' and ','", () => {
    const constant = parseRangeScript(" 12.25\n");
    assert.ok(constant.ok, JSON.stringify(constant));
    assert.equal(constant.at(0), 12.25);
    const script = parseRangeScript("0 : 10 , 2.25 : 0.25,12:3");
    assert.ok(script.ok, JSON.stringify(script));
    const table: Array<[number, number]> = [
      [0, 10],
      [1.125, 5.125],
      [2.25, 0.25],
      [7.125, 1.625],
      [12, 3],
      [13, 3],
    ];
    for (const [t, d] of table) assert.ok(Math.abs(script.at(t) - d) < 1e-12, `${t} s: ${script.at(t)}`);
  });

  it("names the part that is not seconds:metres, trimmed, and says when the script is blank", () => {
    const table: Array<[string, string]> = [
      ["   ", "the script is empty"],
      ["0:2, x ", "'x' is not seconds:metres"],
      ["0:2,a1:2", "'a1:2' is not seconds:metres"],
      ["0:2,1:2x", "'1:2x' is not seconds:metres"],
      ["-1:2", "'-1:2' is not seconds:metres"],
      ["2 m", "'2 m' is not seconds:metres"],
    ];
    for (const [text, error] of table) assert.deepEqual(parseRangeScript(text), { ok: false, error }, text);
  });
});
