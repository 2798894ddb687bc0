/** Debouncing on given times: the press at once, bounces ignored, a release inside the lock-out found by the re-read. */
import assert from "node:assert/strict";
import { Debouncer, type DebounceResult } from "../../../src/core/sensors/debounce.ts";
import type { Level } from "../../../src/ports/gpio.ts";

type Event = { at: number; edge: Level } | { at: number; recheck: Level };

describe("core/sensors/debounce", () => {
  const table: Array<{ name: string; events: Event[]; changes: Array<[number, Level]>; rechecks: number[] }> = [
    {
      name: "a clean press is taken at once",
      events: [{ at: 100, edge: 0 }],
      changes: [[100, 0]],
      rechecks: [120],
    },
    {
      name: "bounces after the press are ignored; the re-read confirms the press",
      events: [
        { at: 100, edge: 0 },
        { at: 101, edge: 1 },
        { at: 102, edge: 0 },
        { at: 103, edge: 1 },
        { at: 104, edge: 0 },
        { at: 120, recheck: 0 },
      ],
      changes: [[100, 0]],
      rechecks: [120],
    },
    {
      name: "a release during the lock-out is found by the re-read at its end",
      events: [
        { at: 100, edge: 0 },
        { at: 105, edge: 1 },
        { at: 120, recheck: 1 },
      ],
      changes: [
        [100, 0],
        [120, 1],
      ],
      rechecks: [120, 140],
    },
    {
      name: "an edge repeating the stable level changes nothing",
      events: [{ at: 50, edge: 1 }],
      changes: [],
      rechecks: [],
    },
    {
      name: "presses further apart than the debounce time are each taken",
      events: [
        { at: 0, edge: 0 },
        { at: 20, recheck: 0 },
        { at: 30, edge: 1 },
        { at: 50, recheck: 1 },
        { at: 60, edge: 0 },
      ],
      changes: [
        [0, 0],
        [30, 1],
        [60, 0],
      ],
      rechecks: [20, 50, 80],
    },
    {
      name: "a release exactly when the lock-out ends is taken at once",
      events: [
        { at: 100, edge: 0 },
        { at: 120, edge: 1 },
        { at: 120, recheck: 1 },
      ],
      changes: [
        [100, 0],
        [120, 1],
      ],
      rechecks: [120],
    },
    {
      name: "a bounce read by a re-read inside the new lock-out is read again at its end",
      events: [
        { at: 100, edge: 0 },
        { at: 120, edge: 1 },
        { at: 120, recheck: 0 },
        { at: 140, recheck: 1 },
      ],
      changes: [
        [100, 0],
        [120, 1],
      ],
      rechecks: [120, 140],
    },
    {
      name: "a press that holds through a bounce read inside the lock-out is taken at its end",
      events: [
        { at: 100, edge: 0 },
        { at: 120, edge: 1 },
        { at: 125, recheck: 0 },
        { at: 140, recheck: 0 },
      ],
      changes: [
        [100, 0],
        [120, 1],
        [140, 0],
      ],
      rechecks: [120, 140, 160],
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const debouncer = new Debouncer(1, 20);
      const changes: Array<[number, Level]> = [];
      const rechecks: number[] = [];
      const take = (at: number, result: DebounceResult) => {
        if (result.changed !== undefined) changes.push([at, result.changed]);
        if (result.recheckAtMs !== undefined) rechecks.push(result.recheckAtMs);
      };
      for (const e of c.events) take(e.at, "edge" in e ? debouncer.edge(e.edge, e.at) : debouncer.recheck(e.recheck, e.at));
      assert.deepEqual(changes, c.changes);
      assert.deepEqual(rechecks, c.rechecks);
    });
  }
});
