/**
 * What a node process does with a signal that arrives while it is already shutting down. Ctrl-C
 * on `ros2 launch` reaches every node twice: the terminal sends SIGINT to the whole process group,
 * then launch forwards its own SIGINT to each node. A SIGINT within `duplicateWindowMs` of the
 * first is that same Ctrl-C and is ignored, so the shutdown (the motors' stop) finishes; a later
 * SIGINT is someone pressing Ctrl-C again and ends the process at once (130), as does SIGTERM
 * (launch's escalation after its sigterm_timeout, 143).
 */
export type RepeatedSignalAction = { readonly kind: "ignore" } | { readonly kind: "exit"; readonly code: number };

/** Default window: launch forwards the SIGINT within milliseconds; a person needs longer to press again. */
export const DUPLICATE_SIGINT_WINDOW_MS = 1000;

export function repeatedSignalAction(
  signal: NodeJS.Signals,
  firstSignal: { readonly signal: NodeJS.Signals; readonly atMs: number },
  nowMs: number,
  duplicateWindowMs = DUPLICATE_SIGINT_WINDOW_MS,
): RepeatedSignalAction {
  if (signal === "SIGINT" && firstSignal.signal === "SIGINT" && nowMs - firstSignal.atMs < duplicateWindowMs) return { kind: "ignore" };
  return { kind: "exit", code: signal === "SIGINT" ? 130 : 143 };
}
