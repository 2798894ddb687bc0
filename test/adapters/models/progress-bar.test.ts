/** The progress bar: redrawn in place on a terminal (throttled), a line per quarter in a log. */
import assert from "node:assert/strict";
import { createProgressBar } from "../../../src/adapters/models/progress-bar.ts";

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (t: string) => writes.push(t) } };
}

describe("download progress bar", () => {
  it("on a terminal: redraws one line with \\r, at most every 100 ms, and ends it", () => {
    let t = 0;
    const { writes, stream } = sink(true);
    const bar = createProgressBar("m", stream, () => t);
    for (let i = 1; i <= 10; i++) {
      t += 30;
      bar.update(i * 10, 100);
    }
    bar.done();
    assert.ok(writes.every((w) => w.startsWith("\r")));
    assert.ok(writes.length < 10, `${writes.length} redraws for 10 updates in 300 ms`);
    assert.match(writes.at(-1)!, /100%.*\n$/);
  });

  it("in a log: a line at the start and at each quarter, no carriage returns", () => {
    const { writes, stream } = sink(false);
    const bar = createProgressBar("m", stream, () => 0);
    for (let i = 1; i <= 100; i++) bar.update(i, 100);
    bar.done();
    assert.equal(writes.length, 5);
    assert.match(writes.at(-1)!, /100%/);
    assert.ok(writes.every((w) => !w.includes("\r") && w.endsWith("\n")));
  });
});
