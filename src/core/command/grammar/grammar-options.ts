/**
 * The grammar's options: the target vocabulary and the amounts used when a sentence gives none.
 * Speeds for `drive` ("drive forward for 3 seconds") come from the command node's configuration.
 */
import { COCO_LABELS } from "../../labels/coco.ts";
import { degreesToRadians } from "../reply/compact-form.ts";

export interface GrammarOptions {
  /** Labels goto/follow/find may name (the detector's classes). Default: the 80 COCO names. */
  readonly vocabulary?: readonly string[];
  /** drive's forward speed when none is said, m/s (its sign comes from the direction). Default 0.2. */
  readonly driveLinearMps?: number;
  /** drive's turning speed when none is said, rad/s. Default 0.5. */
  readonly driveAngularRps?: number;
  /** "slowly": move speed_mps / drive speed, m/s. Default 0.1. */
  readonly slowLinearMps?: number;
  /** "slowly": turn angular_speed_rps / drive turning speed, rad/s. Default 0.3. */
  readonly slowAngularRps?: number;
  /** "quickly", "fast": m/s. Default 0.4. */
  readonly fastLinearMps?: number;
  /** "quickly", "fast": rad/s. Default 1.0. */
  readonly fastAngularRps?: number;
  /** A move with no distance ("go forward"), m. Default 0.5. */
  readonly defaultDistanceM?: number;
  /** "a little", "a bit", "slightly" for a move, m. Default 0.2. */
  readonly smallDistanceM?: number;
  /** "a little", "a bit", "slightly" for a turn, rad. Default 15° (π/12). */
  readonly smallAngleRad?: number;
}

export type ResolvedGrammarOptions = Required<GrammarOptions>;

export const GRAMMAR_DEFAULTS: ResolvedGrammarOptions = Object.freeze({
  vocabulary: COCO_LABELS,
  driveLinearMps: 0.2,
  driveAngularRps: 0.5,
  slowLinearMps: 0.1,
  slowAngularRps: 0.3,
  fastLinearMps: 0.4,
  fastAngularRps: 1.0,
  defaultDistanceM: 0.5,
  smallDistanceM: 0.2,
  smallAngleRad: degreesToRadians(15),
});

export function resolveGrammarOptions(options: GrammarOptions = {}): ResolvedGrammarOptions {
  const resolved: Record<string, unknown> = { ...GRAMMAR_DEFAULTS };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) resolved[key] = value;
  return resolved as ResolvedGrammarOptions;
}
