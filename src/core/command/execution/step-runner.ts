/** What one running step answers on each control tick. */
import type { ExecutorConfig } from "./executor-config.ts";
import type { ExecutorInputs } from "./observations.ts";

/** A planar velocity: forward m/s, counter-clockwise rad/s. */
export interface PlanarTwist {
  readonly linear: number;
  readonly angular: number;
}

export const ZERO_TWIST: PlanarTwist = Object.freeze({ linear: 0, angular: 0 });

export type ExecutionPhase =
  "moving" | "turning" | "driving" | "searching" | "waiting" | "approaching" | "centering" | "following" | "describing";

export interface StepTick {
  readonly twist: PlanarTwist;
  readonly phase: ExecutionPhase;
  /** 0..1 of this step (follow stays at 0: it ends only when stopped). */
  readonly progress: number;
  /** Set when the step is over; the twist is then zero. */
  readonly done?: { readonly success: boolean; readonly message: string };
  /** A sentence to say (describe). */
  readonly say?: string;
}

export interface TickContext {
  readonly nowMs: number;
  readonly inputs: ExecutorInputs;
  readonly config: ExecutorConfig;
}

export interface StepRunner {
  tick(context: TickContext): StepTick;
}
