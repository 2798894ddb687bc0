/**
 * The managed-node state machine as rcl_lifecycle defines it: state and transition ids and labels
 * of lifecycle_msgs, and the transition graph row for row in rcl's order (test/ros checks it
 * against the one rcl reports through rclnodejs). Pure.
 */
import type { LifecycleState, LifecycleTransition, PrimaryState, TransitionResult } from "../../ports/ros.ts";

/** lifecycle_msgs/msg/State ids. */
export const STATE_IDS: Readonly<Record<LifecycleState | "unknown", number>> = {
  unknown: 0,
  unconfigured: 1,
  inactive: 2,
  active: 3,
  finalized: 4,
  configuring: 10,
  cleaningup: 11,
  shuttingdown: 12,
  activating: 13,
  deactivating: 14,
  errorprocessing: 15,
};

export type TransitionLabel = LifecycleTransition | `transition_${TransitionResult}`;

export interface TransitionRow {
  /** lifecycle_msgs/msg/Transition id; "shutdown" has one per start state (5, 6, 7). */
  readonly id: number;
  readonly label: TransitionLabel;
  readonly start: LifecycleState;
  readonly goal: LifecycleState;
}

const row = (id: number, label: TransitionLabel, start: LifecycleState, goal: LifecycleState): TransitionRow => ({
  id,
  label,
  start,
  goal,
});

/** Each primary transition, then the three ways its transition state ends. */
export const TRANSITION_GRAPH: readonly TransitionRow[] = [
  row(1, "configure", "unconfigured", "configuring"),
  row(10, "transition_success", "configuring", "inactive"),
  row(11, "transition_failure", "configuring", "unconfigured"),
  row(12, "transition_error", "configuring", "errorprocessing"),
  row(2, "cleanup", "inactive", "cleaningup"),
  row(20, "transition_success", "cleaningup", "unconfigured"),
  row(21, "transition_failure", "cleaningup", "inactive"),
  row(22, "transition_error", "cleaningup", "errorprocessing"),
  row(3, "activate", "inactive", "activating"),
  row(30, "transition_success", "activating", "active"),
  row(31, "transition_failure", "activating", "inactive"),
  row(32, "transition_error", "activating", "errorprocessing"),
  row(4, "deactivate", "active", "deactivating"),
  row(40, "transition_success", "deactivating", "inactive"),
  row(41, "transition_failure", "deactivating", "active"),
  row(42, "transition_error", "deactivating", "errorprocessing"),
  row(5, "shutdown", "unconfigured", "shuttingdown"),
  row(6, "shutdown", "inactive", "shuttingdown"),
  row(7, "shutdown", "active", "shuttingdown"),
  row(50, "transition_success", "shuttingdown", "finalized"),
  row(51, "transition_failure", "shuttingdown", "finalized"),
  row(52, "transition_error", "shuttingdown", "errorprocessing"),
  row(60, "transition_success", "errorprocessing", "unconfigured"),
  row(61, "transition_failure", "errorprocessing", "finalized"),
  row(62, "transition_error", "errorprocessing", "finalized"),
];

const PRIMARY: ReadonlySet<string> = new Set(["unconfigured", "inactive", "active", "finalized"]);

export function isPrimaryState(state: LifecycleState): state is PrimaryState {
  return PRIMARY.has(state);
}

/** The transitions that can start from `state` (what `~/get_available_transitions` lists). */
export function availableTransitions(state: LifecycleState): TransitionRow[] {
  return TRANSITION_GRAPH.filter((r) => r.start === state);
}

/** A transition requested by `~/change_state`: by label when one is given, else by id; from the current state only. */
export function findTransition(state: LifecycleState, request: { readonly id: number; readonly label: string }): TransitionRow | undefined {
  const from = availableTransitions(state);
  return request.label !== "" ? from.find((r) => r.label === request.label) : from.find((r) => r.id === request.id);
}

/** How a transition state ends for a callback result. */
export function endOf(state: LifecycleState, result: TransitionResult): TransitionRow {
  const found = TRANSITION_GRAPH.find((r) => r.start === state && r.label === `transition_${result}`);
  if (found === undefined) throw new Error(`"${state}" is not a transition state`);
  return found;
}

/** Every state, in id order (what `~/get_available_states` lists). */
export function allStates(): { id: number; label: string }[] {
  return Object.entries(STATE_IDS).map(([label, id]) => ({ id, label }));
}
