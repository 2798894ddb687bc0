/** Encoder decoding: the Gray-code table, direction, missed ticks and direction errors. */
import assert from "node:assert/strict";
import { EncoderDecoder, quadratureStep } from "../../../src/core/sensors/quadrature.ts";
import type { Level } from "../../../src/ports/gpio.ts";

/** (A, B) as a state number. */
const s = (a: Level, b: Level) => a * 2 + b;
const FORWARD: ReadonlyArray<readonly [Level, Level]> = [
  [0, 0],
  [0, 1],
  [1, 1],
  [1, 0],
];

/** Feeds a sequence of (A, B) states as the per-channel edge events they produce. */
function feed(decoder: EncoderDecoder, states: ReadonlyArray<readonly [Level, Level]>, from: readonly [Level, Level]): void {
  let [a, b] = from;
  for (const [na, nb] of states) {
    if (na !== a) decoder.edge("a", na);
    if (nb !== b) decoder.edge("b", nb);
    [a, b] = [na, nb];
  }
}

describe("core/sensors/quadrature", () => {
  describe("the state table", () => {
    const cases: Array<[string, number, number, number]> = [];
    for (let i = 0; i < 4; i++) {
      const [a0, b0] = FORWARD[i]!;
      const [a1, b1] = FORWARD[(i + 1) % 4]!;
      cases.push([`forward ${a0}${b0} → ${a1}${b1}`, s(a0, b0), s(a1, b1), 1]);
      cases.push([`backward ${a1}${b1} → ${a0}${b0}`, s(a1, b1), s(a0, b0), -1]);
      cases.push([`no change ${a0}${b0}`, s(a0, b0), s(a0, b0), 0]);
    }
    cases.push(
      ["both change 00 → 11", 0, 3, 2],
      ["both change 01 → 10", 1, 2, 2],
      ["both change 11 → 00", 3, 0, 2],
      ["both change 10 → 01", 2, 1, 2],
    );
    for (const [name, from, to, step] of cases) it(name, () => assert.equal(quadratureStep(from, to), step));
  });

  describe("quadrature direction and counts", () => {
    const table: Array<{ name: string; states: Array<readonly [Level, Level]>; count: number; missed: number; errors: number }> = [
      { name: "one forward cycle: +4", states: [...FORWARD.slice(1), FORWARD[0]!], count: 4, missed: 0, errors: 0 },
      {
        name: "three backward cycles: −12",
        states: Array.from({ length: 12 }, (_, i) => FORWARD[(4 - ((i + 1) % 4)) % 4]!),
        count: -12,
        missed: 0,
        errors: 0,
      },
      {
        name: "forward, then a real reversal: no direction error",
        states: [FORWARD[1]!, FORWARD[2]!, FORWARD[3]!, FORWARD[2]!, FORWARD[1]!, FORWARD[0]!],
        count: 0,
        missed: 0,
        errors: 0,
      },
      {
        name: "an edge bouncing at a standstill: reversals undone at once are direction errors",
        states: [FORWARD[1]!, FORWARD[2]!, FORWARD[1]!, FORWARD[2]!, FORWARD[1]!, FORWARD[2]!],
        count: 2,
        missed: 0,
        errors: 3,
      },
    ];
    for (const c of table) {
      it(c.name, () => {
        const decoder = new EncoderDecoder("quadrature", { a: 0, b: 0 });
        feed(decoder, c.states, [0, 0]);
        const counts = decoder.counts;
        assert.deepEqual([counts.count, counts.missedTicks, counts.directionErrors], [c.count, c.missed, c.errors]);
      });
    }

    it("counts an edge callback that reads the channel's old level as a missed tick (two edges merged), position unchanged", () => {
      const decoder = new EncoderDecoder("quadrature", { a: 0, b: 0 });
      decoder.edge("b", 1); // 00 → 01: +1
      decoder.edge("a", 0); // A went 0 → 1 → 0 before it was read
      assert.deepEqual(decoder.counts, { count: 1, edges: 2, missedTicks: 1, directionErrors: 0 });
    });

    it("a skipped state (both levels changed) counts two in the direction of travel and one missed tick", () => {
      const decoder = new EncoderDecoder("quadrature", { a: 0, b: 0 });
      decoder.levels(0, 1); // +1
      decoder.levels(1, 0); // 01 → 10 skips 11
      assert.deepEqual([decoder.counts.count, decoder.counts.missedTicks], [3, 1]);
    });

    const skips: Array<{ name: string; states: Array<readonly [Level, Level]>; count: number }> = [
      { name: "travelling backward counts −2", states: [FORWARD[3]!, FORWARD[1]!], count: -1 - 2 },
      { name: "before any step counts +2 (forward)", states: [FORWARD[2]!], count: 2 },
      // A read with both levels unchanged is no step and does not forget the direction.
      { name: "backward after an unchanged read counts −2", states: [FORWARD[3]!, FORWARD[3]!, FORWARD[1]!], count: -1 - 2 },
      { name: "after a reversal counts in the new direction", states: [FORWARD[1]!, FORWARD[0]!, FORWARD[2]!], count: 1 - 1 - 2 },
    ];
    for (const c of skips) {
      it(`a skipped state ${c.name}`, () => {
        const decoder = new EncoderDecoder("quadrature", { a: 0, b: 0 });
        for (const [a, b] of c.states) decoder.levels(a, b);
        assert.deepEqual(decoder.counts, { count: c.count, edges: 0, missedTicks: 1, directionErrors: 0 });
      });
    }

    const reversals: Array<{ name: string; states: Array<readonly [Level, Level]>; count: number; errors: number }> = [
      { name: "one step and back is a reversal, not a direction error", states: [FORWARD[1]!, FORWARD[0]!], count: 0, errors: 0 },
      {
        name: "two steps, back and forward again: one direction error",
        states: [FORWARD[1]!, FORWARD[2]!, FORWARD[1]!, FORWARD[2]!],
        count: 2,
        errors: 1,
      },
      {
        name: "back and forward again from the first step: one direction error",
        states: [FORWARD[1]!, FORWARD[0]!, FORWARD[1]!],
        count: 1,
        errors: 1,
      },
    ];
    for (const c of reversals) {
      it(c.name, () => {
        const decoder = new EncoderDecoder("quadrature", { a: 0, b: 0 });
        for (const [a, b] of c.states) decoder.levels(a, b);
        assert.deepEqual([decoder.counts.count, decoder.counts.directionErrors], [c.count, c.errors]);
      });
    }
  });

  describe("single channel", () => {
    it("counts both edges of A in the commanded direction; a merged pair counts two and one missed", () => {
      const decoder = new EncoderDecoder("single", { a: 1 });
      decoder.edge("a", 0);
      decoder.edge("a", 1);
      assert.equal(decoder.counts.count, 2);
      decoder.setDirection(-3);
      decoder.edge("a", 0);
      decoder.edge("a", 0); // went 1 and back to 0 before it was read
      assert.deepEqual(decoder.counts, { count: -1, edges: 4, missedTicks: 1, directionErrors: 0 });
      decoder.setDirection(0); // stopped: keeps counting the last way (the wheel coasts)
      decoder.edge("a", 1);
      assert.equal(decoder.counts.count, -2);
      decoder.edge("b", 0);
      assert.equal(decoder.counts.count, -2, "B is not read in single-channel mode");
    });

    it("counts forward until told otherwise, and forward again once the wheel is commanded forward", () => {
      const decoder = new EncoderDecoder("single", { a: 0 });
      decoder.setDirection(0); // no command yet: forward
      decoder.edge("a", 1);
      assert.equal(decoder.counts.count, 1);
      decoder.setDirection(-0.5);
      decoder.edge("a", 0);
      assert.equal(decoder.counts.count, 0);
      decoder.setDirection(0.5);
      decoder.edge("a", 1);
      decoder.edge("a", 0);
      assert.equal(decoder.counts.count, 2);
    });

    it("takes both levels read at once as an edge of A when A changed, and ignores B", () => {
      const decoder = new EncoderDecoder("single", { a: 0 });
      decoder.levels(1, 0);
      assert.deepEqual(decoder.counts, { count: 1, edges: 1, missedTicks: 0, directionErrors: 0 });
      decoder.levels(1, 1); // A unchanged: no edge
      assert.deepEqual(decoder.counts, { count: 1, edges: 1, missedTicks: 0, directionErrors: 0 });
      decoder.levels(0, 1);
      assert.deepEqual(decoder.counts, { count: 2, edges: 2, missedTicks: 0, directionErrors: 0 });
    });
  });
});
