/** The tracking node's parameters, declared once; schema, descriptors, params YAML and docs derive from it. */
import { defineParameters, type ParametersOf } from "../../core/parameters/parameter-spec.ts";
import type { TrackerOptions } from "../../core/tracking/byte-tracker.ts";

const SHARE = { from: 0, to: 1 } as const;

export const trackingParameterSpec = defineParameters({
  high_score: {
    type: "double",
    default: 0.5,
    range: SHARE,
    description: "Detections at or above this score are matched first and may start tracks",
  },
  low_score: {
    type: "double",
    default: 0.1,
    range: SHARE,
    description:
      "Detections below this score are ignored; from here to high_score they only continue tracks (ByteTrack's second association)",
  },
  new_track_score: {
    type: "double",
    default: 0.6,
    range: SHARE,
    description: "Least score of an unmatched detection to start a new track (≥ high_score)",
  },
  match_iou: {
    type: "double",
    default: 0.2,
    range: SHARE,
    description: "Least IoU between a track's prediction and a high-score detection to match",
  },
  low_match_iou: { type: "double", default: 0.5, range: SHARE, description: "Least IoU for the low-score association" },
  max_age: {
    type: "integer",
    default: 30,
    range: { from: 0, to: 10000, step: 1 },
    description: "Frames a track is kept and predicted without a detection (occlusions shorter than this keep their id)",
  },
  velocity_smoothing: {
    type: "double",
    default: 0.5,
    range: { from: 0.01, to: 1 },
    description: "Weight of the newest measured velocity against the previous estimate (1: the last one only)",
  },
  publish_untracked: {
    type: "bool",
    default: false,
    description: "Also publish detections that belong to no track (id empty); false: only tracked ones",
  },
});

export type TrackingParameters = ParametersOf<typeof trackingParameterSpec>;

export function trackerOptionsOf(p: TrackingParameters): TrackerOptions {
  return {
    highScore: p.high_score,
    lowScore: p.low_score,
    newTrackScore: p.new_track_score,
    matchIou: p.match_iou,
    lowMatchIou: p.low_match_iou,
    maxAge: p.max_age,
    velocitySmoothing: p.velocity_smoothing,
  };
}
