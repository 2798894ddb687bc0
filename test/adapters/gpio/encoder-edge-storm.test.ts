/**
 * Encoder edges through onoff's own interrupt handler on a mock sysfs: a storm of quadrature
 * edges on two pins (Pi 5 numbering, base 571) reaches the decoder one callback per edge with
 * nothing lost; edges that arrive faster than the handler runs merge (the value file is read
 * once for two edges) and are counted as missed ticks.
 */
import assert from "node:assert/strict";
import mock from "mock-fs";
import { OnoffGpioPort } from "../../../src/adapters/gpio/onoff-gpio.ts";
import { EncoderDecoder } from "../../../src/core/sensors/quadrature.ts";
import type { Level } from "../../../src/ports/gpio.ts";
import { onoffWithEdgeStorm } from "../../../src/testing/onoff-edge-storm.ts";

const exported = (value = "0") => ({ value, direction: "in", active_low: "0", edge: "none" });
const GRAY: ReadonlyArray<readonly [Level, Level]> = [
  [0, 0],
  [0, 1],
  [1, 1],
  [1, 0],
];

describe("adapters/gpio: an encoder edge storm through onoff on a mock sysfs", () => {
  afterEach(() => mock.restore());

  function rig() {
    const storm = onoffWithEdgeStorm();
    // BCM 17 / 27 on a Pi 5 (base 571).
    mock({ "/sys/class/gpio": { export: "", unexport: "", gpio588: exported(), gpio598: exported() } });
    const port = new OnoffGpioPort({ base: 571, ngpio: 54, Gpio: storm.Gpio });
    const a = port.digitalIn(17, "both");
    const b = port.digitalIn(27, "both");
    const decoder = new EncoderDecoder("quadrature", { a: a.readSync(), b: b.readSync() });
    a.watch((level) => decoder.edge("a", level));
    b.watch((level) => decoder.edge("b", level));
    return { storm, port, decoder };
  }

  it("counts every edge of 10 000 forward and 4 000 backward steps when each is handled before the next", () => {
    const { storm, port, decoder } = rig();
    assert.equal(storm.watched(), 2);
    let phase = 0;
    const step = (direction: 1 | -1) => {
      const before = GRAY[phase]!;
      phase = (phase + direction + 4) % 4;
      const [a, b] = GRAY[phase]!;
      if (a !== before[0]) storm.fire(588, a);
      if (b !== before[1]) storm.fire(598, b);
    };
    for (let i = 0; i < 10_000; i++) step(1);
    for (let i = 0; i < 4_000; i++) step(-1);
    assert.deepEqual(decoder.counts, { count: 6_000, edges: 14_000, missedTicks: 0, directionErrors: 0 });
    port.close();
  });

  it("counts edges that merged before the handler read the value as missed ticks", () => {
    const { storm, port, decoder } = rig();
    // A rises and falls again before its interrupt is handled: one callback reading 0.
    storm.fire(598, 1); // B: 00 → 01, +1
    storm.fire(588, 0); // A toggled twice, read as its old level
    assert.deepEqual(decoder.counts, { count: 1, edges: 2, missedTicks: 1, directionErrors: 0 });
    port.close();
  });
});
