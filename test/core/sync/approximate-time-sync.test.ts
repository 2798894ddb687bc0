import assert from "node:assert/strict";
import { ApproximateTimeSync, type ApproximateTimeSyncOptions } from "../../../src/core/sync/approximate-time-sync.ts";
import type { SyncDropReason } from "../../../src/core/sync/sync-stats.ts";
import type { Time } from "../../../src/ports/clock.ts";

/**
 * An input is a message label, its stream and its stamp, fed in the order listed (arrival order).
 * Stamps are in ms from a base near today's epoch, so the nanosecond arithmetic is exercised at
 * real magnitudes.
 */
type Input = readonly [label: string, stream: number, ms: number];

const BASE_SEC = 1_700_000_000;

function stamp(ms: number): Time {
  const whole = Math.floor(ms);
  return { sec: BASE_SEC + Math.floor(whole / 1000), nanosec: (whole % 1000) * 1_000_000 + Math.round((ms - whole) * 1e6) };
}

/** Feeds the inputs and returns every emitted set as its labels joined, e.g. "aA". */
function run(inputs: readonly Input[], options: ApproximateTimeSyncOptions): { sets: string[]; sync: ApproximateTimeSync<string[]> } {
  const sync = new ApproximateTimeSync<string[]>(options);
  const sets: string[] = [];
  for (const [label, stream, ms] of inputs) {
    for (const set of sync.add(stream, label, stamp(ms))) {
      assert.equal(set.messages.length, options.streams);
      assert.deepEqual(
        set.stamps,
        set.messages.map((l) => stamp(inputs.find((i) => i[0] === l)![2])),
        "stamps travel with their messages",
      );
      sets.push(set.messages.join(""));
    }
  }
  return { sets, sync };
}

/** Inputs in one-second steps (the unit of message_filters' own test diagrams). */
const sec = (list: readonly (readonly [string, number, number])[]): Input[] => list.map(([l, s, t]) => [l, s, t * 1000]);

interface Case {
  readonly name: string;
  readonly inputs: readonly Input[];
  readonly options: ApproximateTimeSyncOptions;
  readonly sets: readonly string[];
  /** Per stream, the drops by reason (reasons not listed: 0). */
  readonly drops?: readonly Partial<Record<SyncDropReason, number>>[];
}

function checkCase(c: Case): void {
  const { sets, sync } = run(c.inputs, c.options);
  assert.deepEqual(sets, c.sets);
  const stats = sync.stats();
  // Every message is matched, dropped or still waiting: none is lost or used twice.
  stats.forEach((s, i) => assert.equal(s.matched + s.droppedTotal + s.waiting, s.received, `stream ${i} accounting`));
  assert.deepEqual(
    stats.map((s) => s.matched),
    stats.map(() => c.sets.length),
  );
  if (c.drops !== undefined) {
    assert.deepEqual(
      stats.map((s) => s.dropped),
      c.drops.map((d) => ({ overflow: 0, too_old: 0, no_partner: 0, out_of_order: 0, ...d })),
    );
  }
}

describe("ApproximateTimeSync: message_filters' classic cases", () => {
  // Lower-case letters are stream 0, upper-case stream 1 (then 2, 3 in the four-stream cases).
  const q10 = { streams: 2, queueSize: 10 };
  const CASES: Case[] = [
    {
      name: "exact match",
      inputs: sec([
        ["a", 0, 0],
        ["A", 1, 0],
        ["b", 0, 3],
        ["B", 1, 3],
        ["c", 0, 6],
        ["C", 1, 6],
      ]),
      options: q10,
      sets: ["aA", "bB", "cC"],
    },
    {
      name: "perfect match: the last pair waits for proof",
      inputs: sec([
        ["a", 0, 0],
        ["A", 1, 1],
        ["b", 0, 3],
        ["B", 1, 4],
        ["c", 0, 6],
        ["C", 1, 7],
      ]),
      options: q10,
      sets: ["aA", "bB"],
    },
    {
      name: "imperfect match: an extra message and a closer later partner",
      inputs: sec([
        ["a", 0, 0],
        ["A", 1, 1],
        ["x", 0, 2],
        ["b", 0, 3],
        ["B", 1, 5],
        ["c", 0, 6],
        ["C", 1, 7],
      ]),
      options: q10,
      sets: ["aA", "cB"],
      drops: [{ too_old: 2 }, {}],
    },
    {
      name: "acceleration",
      inputs: sec([
        ["a", 0, 0],
        ["A", 1, 7],
        ["b", 0, 12],
        ["B", 1, 15],
        ["c", 0, 17],
        ["C", 1, 18],
      ]),
      options: q10,
      sets: ["bA", "cC"],
      drops: [{ too_old: 1 }, { too_old: 1 }],
    },
    {
      name: "queue size 1 is too small: messages dropped",
      inputs: sec([
        ["a", 0, 0],
        ["A", 1, 1],
        ["B", 1, 3],
        ["b", 0, 4],
        ["C", 1, 7],
        ["c", 0, 8],
        ["d", 0, 10],
        ["D", 1, 11],
        ["e", 0, 13],
        ["E", 1, 14],
      ]),
      options: { streams: 2, queueSize: 1 },
      sets: ["bB", "dD"],
    },
    {
      name: "queue size 2 is just enough",
      inputs: sec([
        ["a", 0, 0],
        ["A", 1, 1],
        ["B", 1, 3],
        ["b", 0, 4],
        ["C", 1, 7],
        ["c", 0, 8],
        ["d", 0, 10],
        ["D", 1, 11],
        ["e", 0, 13],
        ["E", 1, 14],
      ]),
      options: { streams: 2, queueSize: 2 },
      sets: ["aA", "bB", "cC", "dD"],
      drops: [{}, {}],
    },
    {
      name: "long queue: a late stream's first message arrives after the queue overflowed",
      inputs: sec([
        ["a", 0, 0],
        ["b", 0, 1],
        ["c", 0, 2],
        ["d", 0, 3],
        ["e", 0, 4],
        ["f", 0, 5],
        ["g", 0, 6],
        ["h", 0, 7],
        ["i", 0, 8],
        ["j", 1, 3],
        ["k", 0, 9],
        ["l", 0, 10],
        ["m", 0, 11],
        ["n", 0, 12],
        ["o", 1, 10],
        ["p", 0, 13],
      ]),
      options: { streams: 2, queueSize: 5 },
      sets: ["lo"],
    },
    {
      name: "double publish: one message completes two sets",
      inputs: sec([
        ["a", 0, 0],
        ["A", 1, 1],
        ["B", 1, 3],
        ["b", 0, 3],
      ]),
      options: q10,
      sets: ["aA", "bB"],
    },
    {
      name: "four streams",
      inputs: sec([
        ["a", 0, 0],
        ["b", 1, 1],
        ["c", 2, 2],
        ["d", 3, 3],
        ["e", 0, 5],
        ["f", 3, 5],
        ["g", 1, 6],
        ["h", 2, 6],
        ["i", 0, 8],
        ["j", 1, 9],
        ["k", 2, 10],
        ["l", 3, 11],
        ["m", 0, 10],
        ["n", 0, 13],
        ["o", 1, 14],
      ]),
      options: { streams: 4, queueSize: 10 },
      sets: ["abcd", "eghf", "mjkl"],
    },
    {
      name: "early publish: four streams, one message far later proves the set",
      inputs: sec([
        ["a", 0, 0],
        ["b", 1, 1],
        ["c", 2, 2],
        ["d", 3, 3],
        ["e", 0, 7],
      ]),
      options: { streams: 4, queueSize: 10 },
      sets: ["abcd"],
    },
    {
      name: "lower bound 1.5 s on stream 0: not enough to prove the last pair",
      inputs: sec([
        ["a", 0, 0],
        ["A", 1, 1],
        ["b", 0, 3],
        ["B", 1, 4],
        ["c", 0, 6],
        ["C", 1, 7],
      ]),
      options: { streams: 2, interMessageLowerBoundsMs: [1500, 0] },
      sets: ["aA", "bB"],
    },
    {
      name: "lower bound 2 s on stream 0: the last pair goes out without waiting",
      inputs: sec([
        ["a", 0, 0],
        ["A", 1, 1],
        ["b", 0, 3],
        ["B", 1, 4],
        ["c", 0, 6],
        ["C", 1, 7],
      ]),
      options: { streams: 2, interMessageLowerBoundsMs: [2000, 0] },
      sets: ["aA", "bB", "cC"],
    },
  ];
  for (const c of CASES) it(c.name, () => checkCase(c));
});

/** A stream of `count` messages every `periodMs` from `startMs`, labelled prefix0, prefix1, … */
function every(prefix: string, stream: number, startMs: number, periodMs: number, count: number): Input[] {
  return Array.from({ length: count }, (_, i) => [`${prefix}${i}`, stream, startMs + i * periodMs] as const);
}

/** Merges streams into arrival order by stamp plus each stream's delivery delay (stable for ties). */
function arrive(streams: readonly (readonly Input[])[], delayMs: readonly number[] = []): Input[] {
  const tagged = streams.flatMap((inputs, s) => inputs.map((input, k) => ({ input, at: input[2] + (delayMs[s] ?? 0), s, k })));
  tagged.sort((x, y) => x.at - y.at || x.s - y.s || x.k - y.k);
  return tagged.map((t) => t.input);
}

describe("ApproximateTimeSync: robot streams", () => {
  // d: depth images at 30 Hz; D: detections of every third frame (stamped like their frame);
  // c: camera_info at 30 Hz, stamped 1 ms after its frame.
  const depth = every("d", 0, 0, 100 / 3, 10);
  const detections = [0, 3, 6, 9].map((f, i) => [`D${i}`, 1, depth[f]![2]] as const);
  const info = every("c", 2, 1, 100 / 3, 10);

  const CASES: Case[] = [
    {
      name: "interleaved rates: each detection pairs with the depth frame of its stamp; the frames between are dropped as too old",
      inputs: arrive([depth, detections]),
      options: { streams: 2 },
      sets: ["d0D0", "d3D1", "d6D2", "d9D3"],
      drops: [{ too_old: 6 }, {}],
    },
    {
      name: "a late stream: detections arriving 150 ms after their frame still pair exactly",
      inputs: arrive([depth, detections], [0, 150]),
      options: { streams: 2 },
      sets: ["d0D0", "d3D1", "d6D2", "d9D3"],
      drops: [{ too_old: 6 }, {}],
    },
    {
      name: "three streams: depth + detections + camera_info",
      inputs: arrive([depth, detections, info], [0, 150, 0]),
      options: { streams: 3 },
      sets: ["d0D0c0", "d3D1c3", "d6D2c6", "d9D3c9"],
      drops: [{ too_old: 6 }, {}, { too_old: 6 }],
    },
    {
      name: "a missing message: without detection D1 no frame takes its place; the frames waiting are dropped as too old",
      inputs: arrive([depth, detections.filter(([l]) => l !== "D1")]),
      options: { streams: 2 },
      sets: ["d0D0", "d6D2", "d9D3"],
      drops: [{ too_old: 7 }, {}],
    },
    {
      name: "a missing message with a 10 ms max interval: the same frames are dropped for having no partner",
      inputs: arrive([depth, detections.filter(([l]) => l !== "D1")]),
      options: { streams: 2, maxIntervalMs: 10 },
      sets: ["d0D0", "d6D2", "d9D3"],
      drops: [{ no_partner: 7 }, {}],
    },
    {
      name: "max interval: camera_info 40 ms off has no partner within 20 ms",
      inputs: arrive([every("d", 0, 0, 100, 3), every("c", 1, 40, 100, 3)]),
      options: { streams: 2, maxIntervalMs: 20 },
      sets: [],
      drops: [{ no_partner: 3 }, { no_partner: 2 }],
    },
    {
      name: "max interval wide enough: the same streams pair",
      inputs: arrive([every("d", 0, 0, 100, 3), every("c", 1, 40, 100, 3)]),
      options: { streams: 2, maxIntervalMs: 50 },
      sets: ["d0c0", "d1c1"],
    },
    {
      name: "a message older than its stream's previous one is dropped as out of order",
      inputs: [
        ["a", 0, 0],
        ["b", 0, 100],
        ["late", 0, 50],
        ["A", 1, 0],
        ["B", 1, 100],
        ["c", 0, 200],
        ["C", 1, 200],
      ],
      options: { streams: 2 },
      sets: ["aA", "bB", "cC"],
      drops: [{ out_of_order: 1 }, {}],
    },
  ];
  for (const c of CASES) it(c.name, () => checkCase(c));

  describe("reorder limit: a stream may lag at most queueSize − 1 messages behind the others", () => {
    // Stream 0 every 10 ms; stream 1 stamped the same but delivered `lag` stream-0 messages late.
    // Past the limit, stream 0 overflows before each partner arrives: nothing pairs any more.
    const LAGS: { lag: number; queueSize: number; sets: number; drops: Partial<Record<SyncDropReason, number>>[] }[] = [
      { lag: 3, queueSize: 5, sets: 7, drops: [{}, {}] },
      { lag: 4, queueSize: 5, sets: 7, drops: [{}, {}] },
      { lag: 5, queueSize: 5, sets: 0, drops: [{ overflow: 7 }, { too_old: 7 }] },
      { lag: 5, queueSize: 6, sets: 7, drops: [{}, {}] },
      { lag: 7, queueSize: 5, sets: 0, drops: [{ overflow: 7 }, { too_old: 7 }] },
    ];
    for (const l of LAGS) {
      it(`lag ${l.lag}, queue size ${l.queueSize}: ${l.sets} sets`, () => {
        const a = every("a", 0, 0, 10, 12);
        const A = every("A", 1, 0, 10, 7);
        checkCase({
          name: "",
          inputs: arrive([a, A], [0, l.lag * 10 + 5]),
          options: { streams: 2, queueSize: l.queueSize },
          sets: A.slice(0, l.sets).map(([label], i) => `a${i}${label}`),
          drops: l.drops,
        });
      });
    }
  });
});

describe("ApproximateTimeSync: age penalty", () => {
  // Pivot A (10 ms) pairs with a (0 ms, spread 10) or with the newer b (19 ms, spread 9). The newer
  // set wins only if it is tighter by more than agePenalty × how much later it ends: 9 × (1 + p) < 10.
  const PENALTIES: { agePenalty: number; sets: string[] }[] = [
    { agePenalty: 0, sets: ["bA"] },
    { agePenalty: 0.1, sets: ["bA"] },
    { agePenalty: 0.12, sets: ["aA"] },
    { agePenalty: 1, sets: ["aA"] },
  ];
  for (const p of PENALTIES) {
    it(`agePenalty ${p.agePenalty}: ${p.sets.join(", ")}`, () => {
      const { sets } = run(
        [
          ["a", 0, 0],
          ["A", 1, 10],
          ["b", 0, 19],
        ],
        { streams: 2, agePenalty: p.agePenalty },
      );
      assert.deepEqual(sets, p.sets);
    });
  }
});

describe("ApproximateTimeSync: options and inputs", () => {
  const BAD: { name: string; options: ApproximateTimeSyncOptions; error: RegExp }[] = [
    { name: "one stream", options: { streams: 1 }, error: /streams 1 must be an integer ≥ 2/ },
    { name: "queue size 0", options: { streams: 2, queueSize: 0 }, error: /queueSize 0/ },
    { name: "negative age penalty", options: { streams: 2, agePenalty: -0.5 }, error: /agePenalty -0.5/ },
    { name: "negative max interval", options: { streams: 2, maxIntervalMs: -1 }, error: /maxIntervalMs -1/ },
    {
      name: "lower bounds for the wrong number of streams",
      options: { streams: 3, interMessageLowerBoundsMs: [0, 0] },
      error: /must hold 3 finite values/,
    },
  ];
  for (const b of BAD) it(`rejects ${b.name}`, () => assert.throws(() => new ApproximateTimeSync(b.options), b.error));

  for (const bounds of [
    [-1, 0],
    [0, Number.NaN],
    [Number.POSITIVE_INFINITY, 0],
  ]) {
    it(`rejects lower bounds [${bounds.join(", ")}], listing them`, () =>
      assert.throws(() => new ApproximateTimeSync({ streams: 2, interMessageLowerBoundsMs: bounds }), {
        name: "RangeError",
        message: `approximate-time sync: interMessageLowerBoundsMs must hold 2 finite values ≥ 0, got [${bounds.join(", ")}]`,
      }));
  }

  it("accepts the limits: a max interval of 0 (identical stamps only) and lower bounds of 0", () => {
    const { sets, sync } = run(
      [
        ["a", 0, 0],
        ["A", 1, 0],
        ["b", 0, 100],
        ["B", 1, 150],
        ["c", 0, 200],
        ["C", 1, 200],
        ["d", 0, 300],
        ["D", 1, 300],
      ],
      { streams: 2, maxIntervalMs: 0, interMessageLowerBoundsMs: [0, 0] },
    );
    assert.deepEqual(sets, ["aA", "cC", "dD"]);
    assert.deepEqual(
      sync.stats().map((s) => s.dropped.no_partner),
      [1, 1],
    );
  });

  for (const stream of [-1, 1.5, 2]) {
    it(`rejects stream index ${stream} of a two-stream sync`, () => {
      const sync = new ApproximateTimeSync<[string, string]>({ streams: 2 });
      assert.throws(() => sync.add(stream as 0, "x", stamp(0)), {
        name: "RangeError",
        message: `approximate-time sync: stream ${stream} is not one of 0..1`,
      });
    });
  }

  it("takes a repeated stamp as in order and a gap equal to the lower bound as no violation", () => {
    const sync = new ApproximateTimeSync<[string, string]>({ streams: 2, interMessageLowerBoundsMs: [30, 0] });
    for (const ms of [0, 30, 60]) sync.add(0, "d", stamp(ms));
    sync.add(1, "e", stamp(10));
    sync.add(1, "e", stamp(10));
    const [first, second] = sync.stats();
    assert.deepEqual([first!.lowerBoundViolations, first!.dropped.out_of_order, second!.dropped.out_of_order], [0, 0, 0]);
    assert.deepEqual([first!.received, second!.received], [3, 2]);
  });

  it("rejects an unknown stream index and a malformed stamp, naming them", () => {
    const sync = new ApproximateTimeSync<[string, string]>({ streams: 2 });
    assert.throws(() => sync.add(2 as 0, "x", stamp(0)), /stream 2 is not one of 0\.\.1/);
    assert.throws(() => sync.add(0, "x", { sec: 1, nanosec: 1e9 }), /nanosec must be an integer 0\.\.999999999/);
  });

  it("tells nanoseconds apart at today's epoch (beyond a double's exact range)", () => {
    const sync = new ApproximateTimeSync<[string, string]>({ streams: 2 });
    const t = (nanosec: number): Time => ({ sec: BASE_SEC, nanosec });
    sync.add(0, "a", t(1));
    sync.add(0, "b", t(2));
    sync.add(1, "B", t(3));
    // b is 1 ns closer to B than a; the next stream-0 message proves it best.
    const sets = sync.add(0, "c", t(1_000_000));
    assert.deepEqual(
      sets.map((s) => s.messages.join("")),
      ["bB"],
    );
  });

  it("counts stamps closer than the stream's lower bound", () => {
    const sync = new ApproximateTimeSync<[string, string]>({ streams: 2, interMessageLowerBoundsMs: [30, 0] });
    for (const ms of [0, 33, 50, 100]) sync.add(0, "d", stamp(ms));
    assert.deepEqual(
      sync.stats().map((s) => s.lowerBoundViolations),
      [1, 0],
    );
  });

  it("reset forgets held messages and the last stamps, so a clock jumped back is accepted", () => {
    const sync = new ApproximateTimeSync<[string, string]>({ streams: 2 });
    sync.add(0, "a", stamp(5000));
    sync.reset();
    assert.equal(sync.stats()[0]!.waiting, 0);
    const sets = [
      sync.add(0, "b", stamp(0)),
      sync.add(1, "B", stamp(0)),
      sync.add(0, "c", stamp(100)),
      sync.add(1, "C", stamp(100)),
    ].flat();
    assert.deepEqual(
      sets.map((s) => s.messages.join("")),
      ["bB", "cC"],
    );
    assert.equal(sync.stats()[0]!.dropped.out_of_order, 0);
  });
});
