import assert from "node:assert/strict";
import {
  JobDroppedError,
  JobTimeoutError,
  dropReasons,
  isJobDropped,
  sheddingReasons,
  type DropReason,
} from "../../../src/core/scheduling/errors.ts";

describe("scheduler errors", () => {
  it("lists every drop reason; all but overflow are load shedding", () => {
    assert.deepEqual(dropReasons, ["superseded", "deadline", "rate", "overflow", "throttled", "cancelled"]);
    assert.deepEqual(
      dropReasons.filter((r) => sheddingReasons.has(r)),
      ["superseded", "deadline", "rate", "throttled", "cancelled"],
    );
  });

  it("says per reason what happened and what to change, naming the stream and the detail", () => {
    const expected: Record<DropReason, RegExp> = {
      superseded: /^stream "cam": job dropped, superseded by a newer job before it started \(policy "latest" keeps only the newest\)$/,
      rate: /^stream "cam": job dropped, superseded while held back by the stream's rate cap \(D\)$/,
      deadline:
        /^stream "cam": job dropped, it waited longer than deadlineMs=D before a slot was free; raise deadlineMs or lower the submit rate$/,
      overflow:
        /^stream "cam": queue is full \(capacity D\), job rejected; submit less often, raise the stream's capacity, or use policy "latest"$/,
      throttled: /^stream "cam": job dropped, the stream is paused by the CPU guard because the event loop is lagging \(D\)$/,
      cancelled: /^stream "cam": job cancelled \(D\)$/,
    };
    for (const reason of dropReasons) {
      const e = new JobDroppedError("cam", reason, "D");
      assert.match(e.message, expected[reason]);
      assert.equal(e.name, "JobDroppedError");
      assert.equal(e.stream, "cam");
      assert.equal(e.reason, reason);
    }
    assert.equal(new JobDroppedError("cam", "cancelled").message, 'stream "cam": job cancelled');
  });

  it("names the timeout and how to raise it", () => {
    const e = new JobTimeoutError("cam", 250);
    assert.equal(e.name, "JobTimeoutError");
    assert.equal(e.stream, "cam");
    assert.equal(e.timeoutMs, 250);
    assert.equal(
      e.message,
      `stream "cam": job did not finish within timeoutMs=250 ms; it was aborted and its slot freed. If the model is really this slow, raise the stream's timeoutMs`,
    );
  });

  it("isJobDropped matches drops, optionally of one reason, and nothing else", () => {
    const drop = new JobDroppedError("cam", "deadline", "5");
    assert.ok(isJobDropped(drop));
    assert.ok(isJobDropped(drop, "deadline"));
    assert.ok(!isJobDropped(drop, "overflow"));
    assert.ok(!isJobDropped(new JobTimeoutError("cam", 1)));
    assert.ok(!isJobDropped(new Error("deadline")));
    assert.ok(!isJobDropped(undefined));
  });
});
