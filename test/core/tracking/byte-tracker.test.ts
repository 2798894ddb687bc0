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

/** A detection centred at (cx, cy). */
const det = (cx: number, cy: number, score = 0.9, classId = "a", w = 40, h = 40): TrackerDetection => ({
  box: boxFromCenter(cx, cy, w, h),
  score,
  classId,
});

describe("core/tracking/ByteTracker association", () => {
  // Defaults: highScore 0.5, lowScore 0.1, newTrackScore 0.6, matchIou 0.2, lowMatchIou 0.5.
  it("starts a track for a detection at newTrackScore and marks it new", () => {
    const tracker = new ByteTracker();
    assert.deepEqual(tracker.update([det(100, 100, 0.6)], 0), {
      assignments: [{ detection: 0, trackId: 1, isNew: true }],
      lost: 0,
      removed: 0,
    });
  });

  it("starts no track for a high-score detection below newTrackScore", () => {
    const tracker = new ByteTracker();
    assert.deepEqual(tracker.update([det(100, 100, 0.59)], 0), { assignments: [], lost: 0, removed: 0 });
    assert.equal(tracker.trackCount, 0);
  });

  it("counts a detection exactly at highScore as high (it may start a track)", () => {
    const tracker = new ByteTracker({ ...DEFAULT_TRACKER_OPTIONS, newTrackScore: 0.5 });
    assert.deepEqual(tracker.update([det(100, 100, 0.5)], 0).assignments, [{ detection: 0, trackId: 1, isNew: true }]);
  });

  // Frame 0 starts track 1 at (100, 100); frame 1 (1/30 s later) brings these detections.
  const secondFrames: Array<{ name: string; detections: TrackerDetection[]; assignments: unknown[]; lost: number }> = [
    {
      name: "a high-score detection continues it",
      detections: [det(100, 100, 0.9)],
      assignments: [{ detection: 0, trackId: 1, isNew: false }],
      lost: 0,
    },
    {
      name: "a low-score detection continues it",
      detections: [det(100, 100, 0.3)],
      assignments: [{ detection: 0, trackId: 1, isNew: false }],
      lost: 0,
    },
    {
      name: "a detection exactly at lowScore continues it",
      detections: [det(100, 100, 0.1)],
      assignments: [{ detection: 0, trackId: 1, isNew: false }],
      lost: 0,
    },
    { name: "a detection just below lowScore is ignored", detections: [det(100, 100, 0.0999)], assignments: [], lost: 1 },
    {
      name: "a detection of another class starts a new track and leaves this one lost",
      detections: [det(100, 100, 0.9, "b")],
      assignments: [{ detection: 0, trackId: 2, isNew: true }],
      lost: 1,
    },
    {
      name: "a low-score detection of another class is ignored",
      detections: [det(100, 100, 0.3, "b")],
      assignments: [],
      lost: 1,
    },
    {
      name: "a low-score duplicate beside the matching high-score one takes nothing (the track is already matched)",
      detections: [det(100, 100, 0.9), det(102, 100, 0.3)],
      assignments: [{ detection: 0, trackId: 1, isNew: false }],
      lost: 0,
    },
    {
      name: "a new object listed before the matched one: assignments stay in detection order",
      detections: [det(400, 300, 0.9), det(100, 100, 0.9), det(600, 50, 0.9)],
      assignments: [
        { detection: 0, trackId: 2, isNew: true },
        { detection: 1, trackId: 1, isNew: false },
        { detection: 2, trackId: 3, isNew: true },
      ],
      lost: 0,
    },
  ];
  for (const c of secondFrames) {
    it(`second frame: ${c.name}`, () => {
      const tracker = new ByteTracker();
      tracker.update([det(100, 100)], 0);
      const result = tracker.update(c.detections, 1 / FPS);
      assert.deepEqual(result, { assignments: c.assignments, lost: c.lost, removed: 0 });
    });
  }

  it("lets a low-score detection continue only a track seen the frame before, not a lost one", () => {
    const tracker = new ByteTracker();
    tracker.update([det(100, 100)], 0);
    assert.equal(tracker.update([], 1 / FPS).lost, 1);
    assert.deepEqual(tracker.update([det(100, 100, 0.3)], 2 / FPS), { assignments: [], lost: 1, removed: 0 });
    // A high-score detection still finds the lost track.
    assert.deepEqual(tracker.update([det(100, 100, 0.9)], 3 / FPS).assignments, [{ detection: 0, trackId: 1, isNew: false }]);
  });

  // A 40×40 track against a 40×h box on the same centre: IoU = h / 40.
  const gates: Array<{ name: string; score: number; options: Partial<TrackerOptions>; h: number; trackId: number }> = [
    { name: "IoU exactly matchIou matches", score: 0.9, options: { matchIou: 0.5 }, h: 20, trackId: 1 },
    { name: "IoU just below matchIou starts a new track", score: 0.9, options: { matchIou: 0.5 }, h: 19, trackId: 2 },
    { name: "IoU exactly lowMatchIou matches a low-score detection", score: 0.3, options: { lowMatchIou: 0.5 }, h: 20, trackId: 1 },
    { name: "IoU exactly matchIou 0.25", score: 0.9, options: { matchIou: 0.25 }, h: 10, trackId: 1 },
  ];
  for (const g of gates) {
    it(`gates by IoU: ${g.name}`, () => {
      const tracker = new ByteTracker({ ...DEFAULT_TRACKER_OPTIONS, ...g.options });
      tracker.update([det(100, 100)], 0);
      const got = tracker.update([det(100, 100, g.score, "a", 40, g.h)], 1 / FPS).assignments;
      assert.deepEqual(
        got.map((a) => a.trackId),
        [g.trackId],
      );
    });
  }

  it("keeps a track through a repeated timestamp (no reset, no division by a zero interval)", () => {
    const tracker = new ByteTracker();
    assert.equal(tracker.update([det(100, 100)], 5).assignments[0]!.trackId, 1);
    assert.equal(tracker.update([det(100, 100)], 5).assignments[0]!.trackId, 1);
    assert.equal(tracker.update([det(100, 100)], 5 + 1 / FPS).assignments[0]!.trackId, 1);
    assert.equal(tracker.trackCount, 1);
  });

  it("removes a lost track the first frame it is missed when maxAge is 0", () => {
    const tracker = new ByteTracker({ ...DEFAULT_TRACKER_OPTIONS, maxAge: 0 });
    tracker.update([det(100, 100)], 0);
    assert.deepEqual(tracker.update([det(100, 100)], 1 / FPS), {
      assignments: [{ detection: 0, trackId: 1, isNew: false }],
      lost: 0,
      removed: 0,
    });
    assert.deepEqual(tracker.update([], 2 / FPS), { assignments: [], lost: 0, removed: 1 });
    assert.equal(tracker.update([det(100, 100)], 3 / FPS).assignments[0]!.trackId, 2);
  });
});

describe("core/tracking/ByteTracker motion model", () => {
  // Frames every 0.5 s. The first two frames pass the default gate (IoU ≥ 0.2) with no velocity
  // yet; then the gate is raised to 0.95, which only the exact constant-velocity prediction passes.
  const motions: Array<{ name: string; at: (k: number) => [number, number, number, number] }> = [
    { name: "moving right 20 px per frame", at: (k) => [200 + 20 * k, 200, 100, 100] },
    { name: "moving down 20 px per frame", at: (k) => [200, 200 + 20 * k, 100, 100] },
    { name: "moving up and left", at: (k) => [200 - 20 * k, 200 - 20 * k, 100, 100] },
    { name: "widening 20 px per frame", at: (k) => [200, 200, 100 + 20 * k, 100] },
    { name: "growing taller 20 px per frame", at: (k) => [200, 200, 100, 100 + 20 * k] },
    { name: "shrinking in both sides", at: (k) => [200, 200, 160 - 20 * k, 160 - 20 * k] },
  ];
  for (const m of motions) {
    it(`predicts a constant-velocity box: ${m.name}`, () => {
      const tracker = new ByteTracker();
      const frame = (k: number) => {
        const [cx, cy, w, h] = m.at(k);
        return tracker.update([det(cx, cy, 0.9, "a", w, h)], k * 0.5).assignments;
      };
      assert.deepEqual(frame(0), [{ detection: 0, trackId: 1, isNew: true }]);
      assert.deepEqual(frame(1), [{ detection: 0, trackId: 1, isNew: false }]);
      tracker.options = { ...DEFAULT_TRACKER_OPTIONS, matchIou: 0.95 };
      assert.deepEqual(frame(2), [{ detection: 0, trackId: 1, isNew: false }]);
      assert.deepEqual(frame(3), [{ detection: 0, trackId: 1, isNew: false }]);
    });
  }

  it("takes the first measured velocity as it is and blends later ones by velocitySmoothing", () => {
    // Centre x at t = 0, 1, 2 s: 200, 210, 230. Velocity: 10 px/s, then 10 + 0.5 × (20 − 10) = 15 px/s,
    // so at t = 3 s the box is predicted at 245.
    const tracker = new ByteTracker({ ...DEFAULT_TRACKER_OPTIONS, velocitySmoothing: 0.5 });
    const at = (cx: number, t: number) => tracker.update([det(cx, 200, 0.9, "a", 100, 100)], t).assignments.map((a) => a.trackId);
    assert.deepEqual([at(200, 0), at(210, 1), at(230, 2)], [[1], [1], [1]]);
    tracker.options = { ...DEFAULT_TRACKER_OPTIONS, velocitySmoothing: 0.5, matchIou: 0.95 };
    assert.deepEqual(at(245, 3), [1]);
  });

  it("predicts with the blended velocity: a box where the unblended one would put it is a new object", () => {
    const tracker = new ByteTracker({ ...DEFAULT_TRACKER_OPTIONS, velocitySmoothing: 0.5 });
    const at = (cx: number, t: number) => tracker.update([det(cx, 200, 0.9, "a", 100, 100)], t).assignments.map((a) => a.trackId);
    assert.deepEqual([at(200, 0), at(210, 1), at(230, 2)], [[1], [1], [1]]);
    tracker.options = { ...DEFAULT_TRACKER_OPTIONS, velocitySmoothing: 0.5, matchIou: 0.95 };
    assert.deepEqual(at(250, 3), [2]);
  });
});

describe("core/tracking/ByteTracker options", () => {
  const accepted: Array<Partial<TrackerOptions>> = [{ lowScore: 0.5 }, { newTrackScore: 0.5 }, { velocitySmoothing: 1 }, { maxAge: 0 }];
  for (const options of accepted) {
    it(`accepts the boundary ${JSON.stringify(options)}`, () => {
      assert.doesNotThrow(() => new ByteTracker({ ...DEFAULT_TRACKER_OPTIONS, ...options }));
    });
  }
  const refused: Array<[Partial<TrackerOptions>, RegExp]> = [
    [{ velocitySmoothing: 1.01 }, /^RangeError: tracker: velocity smoothing 1.01 must be in \(0, 1\]$/],
    [{ maxAge: -1 }, /^RangeError: tracker: max age -1 must be a whole number of frames ≥ 0$/],
    [{ lowScore: 0.51 }, /^RangeError: tracker: low score 0.51 must not exceed high score 0.5$/],
  ];
  for (const [options, error] of refused) {
    it(`refuses ${JSON.stringify(options)} in the constructor and the options setter`, () => {
      assert.throws(
        () => new ByteTracker({ ...DEFAULT_TRACKER_OPTIONS, ...options }),
        (e: Error) => error.test(String(e)),
      );
      const tracker = new ByteTracker();
      assert.throws(
        () => {
          tracker.options = { ...DEFAULT_TRACKER_OPTIONS, ...options };
        },
        (e: Error) => error.test(String(e)),
      );
    });
  }

  it("applies options set on a running tracker and keeps its tracks; refused ones change nothing", () => {
    const tracker = new ByteTracker();
    tracker.update([det(100, 100)], 0);
    assert.throws(() => {
      tracker.options = { ...DEFAULT_TRACKER_OPTIONS, maxAge: -1 };
    });
    // Still the defaults: a box at IoU 0.6 matches.
    assert.deepEqual(tracker.update([det(100, 100, 0.9, "a", 40, 24)], 1 / FPS).assignments[0]!.trackId, 1);
    tracker.options = { ...DEFAULT_TRACKER_OPTIONS, matchIou: 0.7 };
    assert.equal(tracker.trackCount, 1);
    // The track is now 40×24 and shrinking 16 px a frame, so predicted 40×8: a 40×16 box (IoU 0.5) passed 0.2 but not 0.7.
    assert.deepEqual(tracker.update([det(100, 100, 0.9, "a", 40, 16)], 2 / FPS).assignments[0]!.trackId, 2);
  });
});
