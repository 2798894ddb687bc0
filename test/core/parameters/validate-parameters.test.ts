import assert from "node:assert/strict";
import { z } from "zod";
import { validateParameters } from "../../../src/core/parameters/validate-parameters.ts";

const schema = z
  .object({
    low: z.number().min(0, "must be ≥ 0"),
    high: z.number(),
    name: z.string().min(1, "must not be empty"),
    nested: z.object({ depth: z.number().int("must be an integer") }).optional(),
  })
  .refine((p) => p.low <= p.high, "low must not exceed high");

const current = { low: 1, high: 5, name: "cam" };

describe("validateParameters", () => {
  it("accepts the current values and applies changes in order, the last one winning", () => {
    assert.deepEqual(validateParameters(schema, current), { ok: true, value: current });
    assert.deepEqual(
      validateParameters(schema, current, [
        { name: "high", value: 9 },
        { name: "low", value: 4 },
        { name: "low", value: 2 },
      ]),
      { ok: true, value: { low: 2, high: 9, name: "cam" } },
    );
    assert.deepEqual(current, { low: 1, high: 5, name: "cam" }, "current values are not modified");
  });

  it("names each rejected parameter with its given value and the rule, joined by '; '", () => {
    const r = validateParameters(schema, current, [
      { name: "low", value: -1 },
      { name: "name", value: "" },
    ]);
    assert.deepEqual(r, { ok: false, reason: `parameter 'low' = -1: must be ≥ 0; parameter 'name' = "": must not be empty` });
  });

  it("names a cross-field rule 'parameters' and nested paths with dots, without a value it cannot show", () => {
    assert.deepEqual(validateParameters(schema, current, [{ name: "low", value: 7 }]), {
      ok: false,
      reason: "parameter 'parameters': low must not exceed high",
    });
    const nested = validateParameters(schema, { ...current, nested: { depth: 1.5 } } as never);
    assert.equal(nested.ok, false);
    assert.match(nested.ok ? "" : nested.reason, /^parameter 'nested\.depth' = \{"depth":1\.5\}: must be an integer$/);
    const missing = validateParameters(schema, { low: 1, high: 5 });
    assert.match(missing.ok ? "" : missing.reason, /^parameter 'name': /);
  });
});
