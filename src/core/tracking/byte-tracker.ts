/**
 * A ByteTrack-style multi-object tracker on image boxes (Zhang et al., "ByteTrack: Multi-Object
 * Tracking by Associating Every Detection Box", 2022), with a constant-velocity model on the box
 * centre and size in place of the Kalman filter:
 *
 * 1. every track is moved to where its velocity puts it at this frame's time;
 * 2. high-score detections (≥ highScore) are matched to all tracks, tracked and lost, by IoU
 *    with the predictions (optimal assignment, core/tracking/assignment.ts);
 * 3. low-score detections (≥ lowScore) are matched to the tracks still unmatched that were seen
 *    last frame (they are often the same object, partly hidden) with a stricter IoU gate;
 * 4. tracks left unmatched are lost: kept, and predicted, for maxAge frames, then removed;
 * 5. unmatched high-score detections ≥ newTrackScore start tracks with a fresh id. Ids count up
 *    and are never reused. Detections only match tracks of their own class.
 *
 * Pure and synchronous: `update` takes one frame's detections and its time.
 */
import { boxFromCenter, iou, type Box } from "../vision/detection.ts";
import { assignMinimumCost } from "./assignment.ts";

export interface TrackerOptions {
  /** Detections at or above this score take part in the first association and may start tracks. */
  readonly highScore: number;
  /** Detections below this score are ignored; between lowScore and highScore only continue tracks. */
  readonly lowScore: number;
  /** Least score for an unmatched detection to start a new track. */
  readonly newTrackScore: number;
  /** Least IoU between a prediction and a high-score detection to match. */
  readonly matchIou: number;
  /** Least IoU for the second, low-score association. */
  readonly lowMatchIou: number;
  /** Frames a track is kept and predicted without a detection. */
  readonly maxAge: number;
  /** Weight of the newest measured velocity against the previous estimate, (0, 1]. */
  readonly velocitySmoothing: number;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = {
  highScore: 0.5,
  lowScore: 0.1,
  newTrackScore: 0.6,
  matchIou: 0.2,
  lowMatchIou: 0.5,
  maxAge: 30,
  velocitySmoothing: 0.5,
};

export interface TrackerDetection {
  readonly box: Box;
  readonly score: number;
  readonly classId: string;
}

export interface TrackAssignment {
  /** Index into the frame's detections. */
  readonly detection: number;
  readonly trackId: number;
  /** True when this detection started the track. */
  readonly isNew: boolean;
}

export interface TrackerFrameResult {
  /** One per detection that belongs to a track, in detection order. */
  readonly assignments: readonly TrackAssignment[];
  /** Tracks kept without a detection this frame. */
  readonly lost: number;
  /** Tracks removed this frame (unseen for more than maxAge frames). */
  readonly removed: number;
}

interface Track {
  readonly id: number;
  readonly classId: string;
  /** Centre and size, px, at `timeSec`. */
  cx: number;
  cy: number;
  w: number;
  h: number;
  /** Velocities, px/s. */
  vcx: number;
  vcy: number;
  vw: number;
  vh: number;
  /** Time of the last measurement. */
  seenSec: number;
  /** Frames since the last measurement (0 = seen this frame). */
  missed: number;
  hits: number;
  /** Prediction for the current frame. */
  predicted: Box;
}

export function checkTrackerOptions(o: TrackerOptions): string | undefined {
  if (!(o.lowScore <= o.highScore)) return `low score ${o.lowScore} must not exceed high score ${o.highScore}`;
  if (!(o.newTrackScore >= o.highScore)) return `new track score ${o.newTrackScore} must be at least the high score ${o.highScore}`;
  if (!(o.velocitySmoothing > 0 && o.velocitySmoothing <= 1)) return `velocity smoothing ${o.velocitySmoothing} must be in (0, 1]`;
  if (!(Number.isInteger(o.maxAge) && o.maxAge >= 0)) return `max age ${o.maxAge} must be a whole number of frames ≥ 0`;
  return undefined;
}

export class ByteTracker {
  #options: TrackerOptions;
  #tracks: Track[] = [];
  #nextId = 1;
  #lastTimeSec: number | undefined;

  constructor(options: TrackerOptions = DEFAULT_TRACKER_OPTIONS) {
    const problem = checkTrackerOptions(options);
    if (problem !== undefined) throw new RangeError(`tracker: ${problem}`);
    this.#options = options;
  }

  set options(options: TrackerOptions) {
    const problem = checkTrackerOptions(options);
    if (problem !== undefined) throw new RangeError(`tracker: ${problem}`);
    this.#options = options;
  }

  get trackCount(): number {
    return this.#tracks.length;
  }

  /** Forgets every track (e.g. after a time jump); ids still never repeat. */
  reset(): void {
    this.#tracks = [];
    this.#lastTimeSec = undefined;
  }

  update(detections: readonly TrackerDetection[], timeSec: number): TrackerFrameResult {
    const o = this.#options;
    if (this.#lastTimeSec !== undefined && timeSec < this.#lastTimeSec) this.reset();
    this.#lastTimeSec = timeSec;
    for (const t of this.#tracks) {
      const dt = timeSec - t.seenSec;
      t.predicted = boxFromCenter(t.cx + t.vcx * dt, t.cy + t.vcy * dt, Math.max(1, t.w + t.vw * dt), Math.max(1, t.h + t.vh * dt));
    }
    const high: number[] = [];
    const low: number[] = [];
    detections.forEach((d, i) => {
      if (d.score >= o.highScore) high.push(i);
      else if (d.score >= o.lowScore) low.push(i);
    });
    const assignments: TrackAssignment[] = [];
    const matchedTracks = new Set<Track>();

    // Stage 1: high-score detections against every track.
    const first = this.#associate(this.#tracks, high, detections, o.matchIou);
    for (const [track, d] of first.pairs) {
      this.#measure(track, detections[d]!.box, timeSec);
      matchedTracks.add(track);
      assignments.push({ detection: d, trackId: track.id, isNew: false });
    }
    // Stage 2: low-score detections against tracks seen last frame and still unmatched.
    const recent = this.#tracks.filter((t) => !matchedTracks.has(t) && t.missed === 0);
    const second = this.#associate(recent, low, detections, o.lowMatchIou);
    for (const [track, d] of second.pairs) {
      this.#measure(track, detections[d]!.box, timeSec);
      matchedTracks.add(track);
      assignments.push({ detection: d, trackId: track.id, isNew: false });
    }
    // Unmatched tracks: lost for up to maxAge frames.
    let removed = 0;
    let lost = 0;
    this.#tracks = this.#tracks.filter((t) => {
      if (matchedTracks.has(t)) return true;
      t.missed++;
      if (t.missed > o.maxAge) {
        removed++;
        return false;
      }
      lost++;
      return true;
    });
    // New tracks from confident unmatched detections.
    for (const d of first.unmatchedDetections) {
      const det = detections[d]!;
      if (det.score < o.newTrackScore) continue;
      const { x1, y1, x2, y2 } = det.box;
      const track: Track = {
        id: this.#nextId++,
        classId: det.classId,
        cx: (x1 + x2) / 2,
        cy: (y1 + y2) / 2,
        w: x2 - x1,
        h: y2 - y1,
        vcx: 0,
        vcy: 0,
        vw: 0,
        vh: 0,
        seenSec: timeSec,
        missed: 0,
        hits: 1,
        predicted: det.box,
      };
      this.#tracks.push(track);
      assignments.push({ detection: d, trackId: track.id, isNew: true });
    }
    assignments.sort((a, b) => a.detection - b.detection);
    return { assignments, lost, removed };
  }

  #associate(
    tracks: readonly Track[],
    candidates: readonly number[],
    detections: readonly TrackerDetection[],
    minIou: number,
  ): { pairs: Array<[Track, number]>; unmatchedDetections: number[] } {
    const cost = tracks.map((t) =>
      candidates.map((d) => {
        const det = detections[d]!;
        return det.classId === t.classId ? 1 - iou(t.predicted, det.box) : Infinity;
      }),
    );
    // A pair is allowed when its IoU reaches minIou, i.e. its cost stays below 1 − minIou (plus rounding room).
    const result = assignMinimumCost(cost, 1 - minIou + 1e-12, candidates.length);
    return {
      pairs: result.pairs.map(([r, c]) => [tracks[r]!, candidates[c]!]),
      unmatchedDetections: result.unmatchedColumns.map((c) => candidates[c]!),
    };
  }

  #measure(t: Track, box: Box, timeSec: number): void {
    const cx = (box.x1 + box.x2) / 2;
    const cy = (box.y1 + box.y2) / 2;
    const w = box.x2 - box.x1;
    const h = box.y2 - box.y1;
    const dt = timeSec - t.seenSec;
    if (dt > 0) {
      const a = this.#options.velocitySmoothing;
      // The first measured velocity is taken as it is; later ones are blended.
      const blend = (old: number, measured: number) => (t.hits === 1 ? measured : old + a * (measured - old));
      t.vcx = blend(t.vcx, (cx - t.cx) / dt);
      t.vcy = blend(t.vcy, (cy - t.cy) / dt);
      t.vw = blend(t.vw, (w - t.w) / dt);
      t.vh = blend(t.vh, (h - t.h) / dt);
    }
    t.cx = cx;
    t.cy = cy;
    t.w = w;
    t.h = h;
    t.seenSec = timeSec;
    t.missed = 0;
    // Stryker disable next-line UpdateOperator: equivalent, hits starts at 1 and is only compared with 1, which counting down also leaves behind after the first measurement
    t.hits++;
  }
}
