/**
 * Action servers and clients over rclnodejs 2.2 (`lib/action/*.js`), with the port's semantics:
 * - its goal callback must answer synchronously (it compares with `=== ACCEPT`); ours is sync too;
 * - its default cancel callback rejects; ours accepts unless `onCancel` says otherwise;
 * - a rejected cancel still answers return_code 0 (it only empties goals_canceling), so acceptance is
 *   read from goals_canceling;
 * - the handler's stop signal fires only after rclnodejs moved the goal to CANCELING, so that
 *   `goal.canceled()` is a valid transition by the time the handler returns;
 * - sendGoal never settles without a server, so it waits for the server and the answer with a timeout.
 */
import type {
  ActionClient,
  ActionHandler,
  ActionServer,
  ActionServerOptions,
  GoalResult,
  Logger,
  SendGoalOptions,
} from "../../ports/ros.ts";
import type { ActionTypeName, FeedbackOf, GoalOf, ResultOf } from "../../messages/types.ts";
import {
  DEFAULT_GOAL_TIMEOUT_MS,
  HandledGoal,
  TrackedGoal,
  actionUnavailableError,
  goalIdText,
  goalRejectedError,
  goalStatusName,
  goalTimeoutError,
} from "../ros-common/action-goals.ts";
import { errorText } from "../ros-common/error-text.ts";
import { typeClassOf, withContiguousTypedArrays } from "./mapping.ts";
import type { RclGoalAnswer, RclModule, RclNode, RclServerGoalHandle } from "./rcl-api.ts";

const REJECT: RclGoalAnswer = 1;
const ACCEPT: RclGoalAnswer = 2;
const STATUS_EXECUTING = 2;

export interface ActionContext {
  readonly rcl: RclModule;
  readonly node: RclNode;
  readonly logger: Logger;
  /** Wraps creation so a missing interface gets the ros:setup hint. */
  readonly withInterfaceHint: <T>(type: string, create: () => T) => T;
}

function plain(message: unknown): unknown {
  const m = message as { toPlainObject?: (typedArrays: boolean) => unknown } | null;
  return typeof m?.toPlainObject === "function" ? m.toPlainObject(true) : message;
}

export function createRclActionServer<N extends ActionTypeName>(
  context: ActionContext,
  type: N,
  name: string,
  handler: ActionHandler<N>,
  options: ActionServerOptions<N>,
): ActionServer {
  const { rcl, node, logger } = context;
  const resolved = node.resolveServiceName(name);
  const goals = new Map<RclServerGoalHandle, HandledGoal<N>>();

  const goalOf = (handle: RclServerGoalHandle): HandledGoal<N> => {
    let handled = goals.get(handle);
    if (handled === undefined) {
      handled = new HandledGoal<N>(goalIdText(handle.goalId.uuid), plain(handle.request) as GoalOf<N>, (feedback: FeedbackOf<N>) => {
        // rclnodejs warns and drops feedback unless executing; skip it quietly instead.
        if (handle.status === STATUS_EXECUTING) handle.publishFeedback(withContiguousTypedArrays(feedback as object));
      });
      goals.set(handle, handled);
    }
    return handled;
  };

  const execute = async (handle: RclServerGoalHandle): Promise<unknown> => {
    const handled = goalOf(handle);
    let ending: GoalResult<ResultOf<N>>;
    try {
      ending = handled.finish(await handler(handled), resolved, logger);
    } catch (error) {
      handled.fail();
      goals.delete(handle);
      if (handle.isActive) handle.abort();
      // rclnodejs logs this and sends a default-constructed Result.
      throw new Error(`action "${resolved}" goal ${handled.id}: handler failed, goal aborted: ${errorText(error)}`, { cause: error });
    }
    goals.delete(handle);
    if (handle.isActive) {
      if (ending.status === "succeeded") handle.succeed();
      else if (ending.status === "canceled" && handle.isCancelRequested) handle.canceled();
      else handle.abort();
    }
    return withContiguousTypedArrays(ending.result as object);
  };

  const onGoal = (goal: unknown): RclGoalAnswer => {
    try {
      return (options.onGoal?.(goal as GoalOf<N>) ?? true) === true ? ACCEPT : REJECT;
    } catch (error) {
      logger.error(`action "${resolved}": goal callback threw, goal rejected: ${errorText(error)}`);
      return REJECT;
    }
  };

  const onAccepted = (handle: RclServerGoalHandle): void => {
    if (options.singleGoal === true) {
      for (const [other, handled] of goals) {
        if (other === handle || handled.ended) continue;
        // Aborted at once (status published now); its result is what its handler then returns.
        if (other.isActive) other.abort();
        handled.stop("preempted");
      }
    }
    goalOf(handle);
    handle.execute();
  };

  const onCancel = async (handle: RclServerGoalHandle): Promise<RclGoalAnswer> => {
    const handled = goalOf(handle);
    let accepted: boolean;
    try {
      accepted = (await (options.onCancel?.(handled) ?? true)) === true;
    } catch (error) {
      logger.error(`action "${resolved}": cancel callback threw, cancel of goal ${handled.id} rejected: ${errorText(error)}`);
      accepted = false;
    }
    // rclnodejs sets CANCELING after this returns; the handler may only see the stop after that.
    if (accepted) setImmediate(() => handled.stop("cancel"));
    return accepted ? ACCEPT : REJECT;
  };

  context.withInterfaceHint(type, () => new rcl.ActionServer(node, typeClassOf(type), name, execute, onGoal, onAccepted, onCancel));
  return { name: resolved };
}

export function createRclActionClient<N extends ActionTypeName>(context: ActionContext, type: N, name: string): ActionClient<N> {
  const { rcl, node, logger } = context;
  const resolved = node.resolveServiceName(name);
  const client = context.withInterfaceHint(type, () => new rcl.ActionClient(node, typeClassOf(type), name));

  const sendGoal = async (goal: GoalOf<N>, options: SendGoalOptions<N> = {}) => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_GOAL_TIMEOUT_MS;
    const started = Date.now();
    if (!client.isActionServerAvailable() && !(await client.waitForServer(timeoutMs))) {
      throw actionUnavailableError(resolved, timeoutMs);
    }
    // Feedback can come before sendGoal resolves; it is forwarded once the goal object exists.
    let tracked: TrackedGoal<N> | undefined;
    const early: FeedbackOf<N>[] = [];
    const sent = client.sendGoal(withContiguousTypedArrays(goal as object), (feedback: unknown) => {
      if (tracked !== undefined) tracked.feedback(feedback as FeedbackOf<N>);
      else early.push(feedback as FeedbackOf<N>);
    });
    let deadline: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      sent,
      new Promise<never>((_, reject) => {
        deadline = setTimeout(() => reject(goalTimeoutError(resolved, timeoutMs)), Math.max(0, timeoutMs - (Date.now() - started)));
      }),
    ]).finally(() => clearTimeout(deadline));
    if (!answer.accepted) throw goalRejectedError(resolved);
    const id = goalIdText(answer.goalId.uuid);
    const goalTracked = new TrackedGoal<N>(id, {
      ...(options.onFeedback !== undefined ? { onFeedback: options.onFeedback } : {}),
      logger,
      status: () => goalStatusName(answer.status),
      cancel: async () => {
        const response = await answer.cancelGoal();
        // rclnodejs 2.2's server answers return_code 0 even when its cancel callback refused.
        return response.goals_canceling.some((g) => goalIdText(g.goal_id.uuid) === id);
      },
    });
    tracked = goalTracked;
    for (const feedback of early.splice(0)) goalTracked.feedback(feedback);
    answer.getResult().then(
      (result) => {
        const status = goalStatusName(answer.status);
        if (status === "succeeded" || status === "canceled" || status === "aborted") {
          goalTracked.resolve({ status, result: result as ResultOf<N> });
        } else {
          goalTracked.reject(new Error(`action "${resolved}" goal ${id}: the server reports status ${status} for the result (expired?)`));
        }
      },
      (error: unknown) => goalTracked.reject(new Error(`action "${resolved}" goal ${id}: cannot get the result: ${errorText(error)}`)),
    );
    return goalTracked;
  };

  return {
    name: resolved,
    sendGoal,
    waitForServer: (timeoutMs: number) => client.waitForServer(timeoutMs),
  };
}
