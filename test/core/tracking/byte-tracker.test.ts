import assert from "node:assert/strict";
import {
  ByteTracker,
  DEFAULT_TRACKER_OPTIONS,
  type TrackerDetection,
  type TrackerOptions,
} from "../../../src/core/tracking/byte-tracker.ts";
import { boxFromCenter } from "../../../src/core/vision/detection.ts";

/** An object of a scenario: where it is at frame f (null: not detected), its class and score. */
interface ScenarioObject {
  readonly name: string;
  readonly classId?: string;
  readonly at: (f: number) => { cx: number; cy: number; w?: number; h?: number; score?: number } | null;
}

interface Scenario {
  readonly name: string;
  readonly frames: number;
  readonly objects: readonly ScenarioObject[];
  readonly options?: Partial<TrackerOptions>;
  /** Per object: how many distinct ids it is expected to get over the run. Default 1. */
  readonly idsPerObject?: Readonly<Record<string, number>>;
}

const FPS = 30;

/** Runs a scenario; returns the ids each object got, by frame, and every id the tracker handed out. */
function run(s: Scenario) {
  const tracker = new ByteTracker({ ...DEFAULT_TRACKER_OPTIONS, ...s.options });
  const idsOf = new Map<string, number[]>(s.objects.map((o) => [o.name, []]));
  const ownerOf = new Map<number, string>();
  const started: number[] = [];
  for (let f = 0; f < s.frames; f++) {
    const present: Array<{ name: string; detection: TrackerDetection }> = [];
    for (const o of s.objects) {
      const p = o.at(f);
      if (p === null) continue;
      present.push({
        name: o.name,
        detection: { box: boxFromCenter(p.cx, p.cy, p.w ?? 40, p.h ?? 80), score: p.score ?? 0.9, classId: o.classId ?? "person" },
      });
    }
    const result = tracker.update(
      present.map((p) => p.detection),
      f / FPS,
    );
    for (const a of result.assignments) {
      const name = present[a.detection]!.name;
      idsOf.get(name)!.push(a.trackId);
      const owner = ownerOf.get(a.trackId);
      assert.ok(owner === undefined || owner === name, `${s.name}, frame ${f}: id ${a.trackId} of ${owner} given to ${name}`);
      ownerOf.set(a.trackId, name);
      if (a.isNew) started.push(a.trackId);
    }
  }
  return { idsOf, started };
}

const still = (cx: number, cy: number) => () => ({ cx, cy });
const moving =
  (cx0: number, vx: number, cy = 200) =>
  (f: number) => ({ cx: cx0 + vx * f, cy });
const hiddenDuring = (from: number, to: number, at: ScenarioObject["at"]) => (f: number) => (f >= from && f < to ? null : at(f));

const scenarios: Scenario[] = [
  { name: "one still object", frames: 20, objects: [{ name: "a", at: still(100, 100) }] },
  { name: "one object moving 6 px per frame", frames: 40, objects: [{ name: "a", at: moving(50, 6) }] },
  { name: "a fast object (15 px per frame, 3/8 of its width)", frames: 30, objects: [{ name: "a", at: moving(50, 15) }] },
  { name: "a still object hidden for 5 frames", frames: 30, objects: [{ name: "a", at: hiddenDuring(10, 15, still(300, 200)) }] },
  {
    name: "a moving object hidden for 5 frames (it reappears 72 px, more than its width, from where it was last seen: only the prediction overlaps)",
    frames: 40,
    objects: [{ name: "a", at: hiddenDuring(10, 15, moving(50, 12)) }],
  },
  {
    name: "two objects of one class crossing, both detected throughout",
    frames: 50,
    objects: [
      { name: "left-to-right", at: moving(100, 8) },
      { name: "right-to-left", at: moving(500, -8) },
    ],
  },
  {
    name: "two objects crossing at different heights (the boxes overlap partly)",
    frames: 50,
    objects: [
      { name: "left-to-right", at: moving(100, 8, 200) },
      { name: "right-to-left", at: moving(500, -8, 230) },
    ],
  },
  {
    name: "two objects crossing, the far one hidden behind the near one for 5 frames",
    frames: 50,
    objects: [
      { name: "near", at: moving(100, 8) },
      { name: "far", at: (f) => (Math.abs(500 - 8 * f - (100 + 8 * f)) < 40 ? null : { cx: 500 - 8 * f, cy: 200 }) },
    ],
  },
  {
    name: "two crossing objects of different classes never take each other's track",
    frames: 50,
    objects: [
      { name: "person", classId: "person", at: moving(100, 8) },
      { name: "dog", classId: "dog", at: moving(500, -8, 210) },
    ],
  },
  {
    name: "a track continued by low-score detections (partly hidden), which start none",
    frames: 30,
    objects: [
      { name: "a", at: (f) => ({ ...moving(50, 5)(f), score: f >= 10 && f < 20 ? 0.3 : 0.9 }) },
      { name: "low-only", at: (f) => ({ cx: 600, cy: 400, score: 0.3 + f * 0 }) },
    ],
    idsPerObject: { a: 1, "low-only": 0 },
  },
  {
    name: "an object gone longer than max_age gets a new id when it returns",
    frames: 40,
    options: { maxAge: 5 },
    objects: [{ name: "a", at: hiddenDuring(10, 20, still(300, 200)) }],
    idsPerObject: { a: 2 },
  },
  {
    name: "five objects appearing and leaving at different times",
    frames: 60,
    objects: [0, 1, 2, 3, 4].map((i) => ({
      name: `o${i}`,
      at: (f: number) => (f >= i * 8 && f < 30 + i * 6 ? { cx: 60 + i * 110, cy: 100 + 3 * f } : null),
    })),
  },
];

describe("core/tracking/ByteTracker", () => {
  for (const s of scenarios) {
    it(`keeps ids: ${s.name}`, () => {
      const { idsOf, started } = run(s);
      for (const [name, ids] of idsOf) {
        const expected = s.idsPerObject?.[name] ?? 1;
        assert.equal(new Set(ids).size, expected, `${name} got ids ${[...new Set(ids)].join(", ")}`);
      }
      // Ids count up and none is handed out twice.
      assert.deepEqual(
        started,
        [...started].sort((a, b) => a - b),
      );
      assert.equal(new Set(started).size, started.length);
    });
  }

  it("keeps the ids of two crossing objects on their own sides after the crossing", () => {
    const { idsOf } = run(scenarios[5]!);
    const ltr = idsOf.get("left-to-right")!;
    const rtl = idsOf.get("right-to-left")!;
    assert.equal(ltr.length, 50);
    assert.equal(rtl.length, 50);
    assert.notEqual(ltr[0], rtl[0]);
    assert.equal(ltr[49], ltr[0]);
    assert.equal(rtl[49], rtl[0]);
  });

  it("predicts a lost track on and removes it after max_age frames", () => {
    const tracker = new ByteTracker({ ...DEFAULT_TRACKER_OPTIONS, maxAge: 3 });
    tracker.update([{ box: boxFromCenter(100, 100, 40, 40), score: 0.9, classId: "a" }], 0);
    const counts = [1, 2, 3, 4].map((f) => tracker.update([], f / FPS));
    assert.deepEqual(
      counts.map((c) => [c.lost, c.removed]),
      [
        [1, 0],
        [1, 0],
        [1, 0],
        [0, 1],
      ],
    );
    assert.equal(tracker.trackCount, 0);
  });

  it("never reuses an id, also after reset", () => {
    const tracker = new ByteTracker();
    const seen: number[] = [];
    for (let round = 0; round < 3; round++) {
      const r = tracker.update([{ box: boxFromCenter(100, 100, 40, 40), score: 0.9, classId: "a" }], 10);
      seen.push(r.assignments[0]!.trackId);
      tracker.reset();
    }
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it("starts over (new ids) when time goes backwards, e.g. a bag looping", () => {
    const tracker = new ByteTracker();
    const d = [{ box: boxFromCenter(100, 100, 40, 40), score: 0.9, classId: "a" }];
    assert.equal(tracker.update(d, 5).assignments[0]!.trackId, 1);
    assert.equal(tracker.update(d, 5.1).assignments[0]!.trackId, 1);
    assert.equal(tracker.update(d, 1).assignments[0]!.trackId, 2);
  });

  const badOptions: Array<[Partial<TrackerOptions>, RegExp]> = [
    [{ lowScore: 0.7 }, /low score 0.7 must not exceed high score 0.5/],
    [{ newTrackScore: 0.4 }, /new track score 0.4 must be at least the high score/],
    [{ velocitySmoothing: 0 }, /velocity smoothing 0 must be in \(0, 1\]/],
    [{ maxAge: 1.5 }, /max age 1.5 must be a whole number/],
  ];
  for (const [options, error] of badOptions) {
    it(`refuses ${JSON.stringify(options)}`, () => {
      assert.throws(() => new ByteTracker({ ...DEFAULT_TRACKER_OPTIONS, ...options }), error);
    });
  }
});
