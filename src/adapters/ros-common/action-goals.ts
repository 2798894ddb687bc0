/**
 * What both runtimes' actions share: goal ids, the server-side goal a handler sees (its stop
 * signal and how its return value maps to a terminal status), the client-side goal (feedback,
 * status, result), and the errors, worded the same everywhere.
 */
import { randomUUID } from "node:crypto";
import { Subject, type Observable } from "rxjs";
import {
  goalEnding,
  type ClientGoal,
  type GoalEnding,
  type GoalResult,
  type GoalStatus,
  type GoalStopReason,
  type Logger,
  type ServerGoal,
  type TerminalGoalStatus,
} from "../../ports/ros.ts";
import type { ActionTypeName, FeedbackOf, GoalOf, ResultOf } from "../../messages/types.ts";

/** How long sendGoal waits for the server and its answer when no timeout is given, so that it always ends. */
export const DEFAULT_GOAL_TIMEOUT_MS = 10_000;

export function randomGoalId(): Uint8Array {
  return Uint8Array.from(Buffer.from(randomUUID().replaceAll("-", ""), "hex"));
}

/** unique_identifier_msgs/UUID bytes as 8-4-4-4-12 hex text. */
export function goalIdText(bytes: ArrayLike<number>): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const STATUS_NAMES: readonly GoalStatus[] = ["unknown", "accepted", "executing", "canceling", "succeeded", "canceled", "aborted"];

export function goalStatusName(code: number): GoalStatus {
  return STATUS_NAMES[code] ?? "unknown";
}

export function isTerminal(status: GoalStatus): status is TerminalGoalStatus {
  return status === "succeeded" || status === "canceled" || status === "aborted";
}

export function actionUnavailableError(action: string, waitedMs?: number): Error {
  const within = waitedMs === undefined ? "" : ` within ${waitedMs} ms`;
  return new Error(`action "${action}" is not available${within}: start the node that provides it, or call waitForServer() first`);
}

export function goalRejectedError(action: string): Error {
  return new Error(`action "${action}" rejected the goal (its goal callback refused it); check what the server accepts`);
}

export function goalTimeoutError(action: string, timeoutMs: number): Error {
  const error = new Error(`action "${action}" did not answer the goal within ${timeoutMs} ms`);
  error.name = "TimeoutError";
  return error;
}

/** The goal a handler sees. The runtime calls `stop()` on an accepted cancel or a preemption. */
export class HandledGoal<N extends ActionTypeName> implements ServerGoal<N> {
  readonly id: string;
  readonly goal: GoalOf<N>;
  readonly #controller = new AbortController();
  readonly #send: (feedback: FeedbackOf<N>) => void;
  #stopReason: GoalStopReason | undefined;
  #ended = false;

  constructor(id: string, goal: GoalOf<N>, send: (feedback: FeedbackOf<N>) => void) {
    this.id = id;
    this.goal = goal;
    this.#send = send;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get stopReason(): GoalStopReason | undefined {
    return this.#stopReason;
  }

  get ended(): boolean {
    return this.#ended;
  }

  publishFeedback(feedback: FeedbackOf<N>): void {
    // rclnodejs 2.2 drops feedback unless the goal is executing; the local runtime does the same.
    if (this.#stopReason !== undefined || this.#ended) return;
    this.#send(feedback);
  }

  canceled(result: ResultOf<N>): GoalEnding<ResultOf<N>> {
    return { [goalEnding]: "canceled", result };
  }

  aborted(result: ResultOf<N>): GoalEnding<ResultOf<N>> {
    return { [goalEnding]: "aborted", result };
  }

  stop(reason: GoalStopReason): void {
    if (this.#stopReason !== undefined || this.#ended) return;
    this.#stopReason = reason;
    this.#controller.abort(reason);
  }

  /**
   * The terminal status for what the handler returned: a result is success, a marked ending is
   * that ending; "canceled" needs an accepted cancel request, and a preempted goal is aborted.
   */
  finish(returned: ResultOf<N> | GoalEnding<ResultOf<N>>, action: string, logger: Logger): GoalResult<ResultOf<N>> {
    this.#ended = true;
    const marked = isGoalEnding<ResultOf<N>>(returned) ? returned : undefined;
    const result = marked !== undefined ? marked.result : (returned as ResultOf<N>);
    if (this.#stopReason === "preempted") return { status: "aborted", result };
    if (marked === undefined) return { status: "succeeded", result };
    if (marked[goalEnding] === "canceled" && this.#stopReason !== "cancel") {
      logger.error(
        `action "${action}" goal ${this.id}: the handler returned canceled() without an accepted cancel request; the goal is aborted instead`,
      );
      return { status: "aborted", result };
    }
    return { status: marked[goalEnding], result };
  }

  /** For a handler that threw. */
  fail(): void {
    this.#ended = true;
  }
}

function isGoalEnding<R>(value: unknown): value is GoalEnding<R> {
  return typeof value === "object" && value !== null && goalEnding in value;
}

/** The client side of one accepted goal; the runtime feeds it feedback, status and the result. */
export class TrackedGoal<N extends ActionTypeName> implements ClientGoal<N> {
  readonly id: string;
  readonly result: Promise<GoalResult<ResultOf<N>>>;
  readonly #feedback = new Subject<FeedbackOf<N>>();
  readonly #onFeedback: ((feedback: FeedbackOf<N>) => void) | undefined;
  readonly #cancel: () => Promise<boolean>;
  readonly #logger: Logger;
  readonly #liveStatus: (() => GoalStatus) | undefined;
  #status: GoalStatus = "accepted";
  #done = false;
  #settle!: { resolve: (r: GoalResult<ResultOf<N>>) => void; reject: (e: Error) => void };

  constructor(
    id: string,
    options: {
      onFeedback?: (feedback: FeedbackOf<N>) => void;
      cancel: () => Promise<boolean>;
      logger: Logger;
      /** Where the transport keeps the status itself (rclnodejs's goal handle). */
      status?: () => GoalStatus;
    },
  ) {
    this.id = id;
    this.#liveStatus = options.status;
    this.#onFeedback = options.onFeedback;
    this.#cancel = options.cancel;
    this.#logger = options.logger;
    this.result = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    // A caller that never awaits the result must not cause an unhandled rejection.
    this.result.catch(() => undefined);
  }

  get feedback$(): Observable<FeedbackOf<N>> {
    return this.#feedback.asObservable();
  }

  status(): GoalStatus {
    return !this.#done && this.#liveStatus !== undefined ? this.#liveStatus() : this.#status;
  }

  cancel(): Promise<boolean> {
    if (this.#done) return Promise.resolve(false);
    return this.#cancel();
  }

  /** Feedback after the result is dropped: on ROS 2 it travels on a topic and may arrive late. */
  feedback(feedback: FeedbackOf<N>): void {
    if (this.#done) return;
    try {
      this.#onFeedback?.(feedback);
    } catch (error) {
      this.#logger.error(`feedback callback of goal ${this.id} threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#feedback.next(feedback);
  }

  /** Status only moves forward, as in rclnodejs's ClientGoalHandle. */
  updateStatus(status: GoalStatus): void {
    if (this.#done || isTerminal(this.#status)) return;
    if (STATUS_NAMES.indexOf(status) > STATUS_NAMES.indexOf(this.#status)) this.#status = status;
  }

  resolve(result: GoalResult<ResultOf<N>>): void {
    if (this.#done) return;
    this.#status = result.status;
    this.#done = true;
    this.#feedback.complete();
    this.#settle.resolve(result);
  }

  reject(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#feedback.complete();
    this.#settle.reject(error);
  }
}
