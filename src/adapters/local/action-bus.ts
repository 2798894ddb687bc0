/**
 * In-process actions with action_msgs semantics: a goal is accepted or rejected by the server's
 * goal callback, executes in its handler, can be canceled (if the cancel callback accepts) or
 * preempted (singleGoal), and ends as succeeded, canceled or aborted with a result. Everything a
 * client receives (the goal answer, feedback, the result) and every server callback runs on the
 * delivery scheduler, never inside the call that caused it, in the order it was sent.
 */
import { Subject, type SchedulerLike } from "rxjs";
import type { ActionHandler, ActionServerOptions, GoalResult, GoalStatus, Logger } from "../../ports/ros.ts";
import type { ActionTypeName, FeedbackOf, GoalOf, ResultOf } from "../../messages/types.ts";
import { actionPartNames } from "../../messages/action-definitions.ts";
import { HandledGoal, actionUnavailableError } from "../ros-common/action-goals.ts";
import { errorText } from "../ros-common/error-text.ts";
import { defaultMessage } from "./default-message.ts";
import { waitForRegistration } from "./name-registration.ts";

/** Where a goal's feedback and status changes go (its client). */
export interface GoalListener<N extends ActionTypeName> {
  feedback(feedback: FeedbackOf<N>): void;
  status(status: GoalStatus): void;
  result(result: GoalResult<ResultOf<N>>): void;
}

export interface ActionBusOptions {
  readonly deliveryScheduler: SchedulerLike;
  readonly timerScheduler: SchedulerLike;
  /** Throws if a goal, feedback or result does not fit its definition (message checking); undefined = no check. */
  readonly checkMessage?: (action: string, part: string, type: string, message: unknown) => void;
}

interface RunningGoal {
  readonly handled: HandledGoal<ActionTypeName>;
  readonly listener: GoalListener<ActionTypeName>;
  status: GoalStatus;
}

/** One action server's in-process endpoint. */
export class LocalActionServer<N extends ActionTypeName> {
  readonly name: string;
  readonly type: N;
  readonly #handler: ActionHandler<N>;
  readonly #options: ActionServerOptions<N>;
  readonly #bus: ActionBusOptions;
  readonly #logger: Logger;
  readonly #goals = new Map<string, RunningGoal>();

  constructor(name: string, type: N, handler: ActionHandler<N>, options: ActionServerOptions<N>, bus: ActionBusOptions, logger: Logger) {
    this.name = name;
    this.type = type;
    this.#handler = handler;
    this.#options = options;
    this.#bus = bus;
    this.#logger = logger;
  }

  /** The goal callback's answer (already on the delivery scheduler). Accepted goals start executing on the next delivery. */
  receiveGoal(id: string, goal: GoalOf<N>, listener: GoalListener<N>): boolean {
    let accepted: boolean;
    try {
      accepted = this.#options.onGoal?.(goal) ?? true;
    } catch (error) {
      this.#logger.error(`action "${this.name}": goal callback threw, goal ${id} rejected: ${errorText(error)}`);
      accepted = false;
    }
    if (accepted !== true) return false;
    if (this.#options.singleGoal === true) this.#preemptRunning();
    const handled = new HandledGoal<N>(id, goal, (feedback) => {
      this.#check("feedback", actionPartNames(this.type).feedback, feedback);
      this.#bus.deliveryScheduler.schedule(() => listener.feedback(feedback));
    });
    const running: RunningGoal = {
      handled: handled as unknown as HandledGoal<ActionTypeName>,
      listener: listener as unknown as GoalListener<ActionTypeName>,
      status: "accepted",
    };
    this.#goals.set(id, running);
    this.#bus.deliveryScheduler.schedule(() => void this.#execute(running));
    return true;
  }

  /** The cancel callback's answer for a goal; true when the goal is now canceling. */
  async receiveCancel(id: string): Promise<boolean> {
    const running = this.#goals.get(id);
    if (running === undefined || (running.status !== "accepted" && running.status !== "executing")) return false;
    let accepted: boolean;
    try {
      accepted = (await (this.#options.onCancel?.(running.handled as unknown as HandledGoal<N>) ?? true)) === true;
    } catch (error) {
      this.#logger.error(`action "${this.name}": cancel callback threw, cancel of goal ${id} rejected: ${errorText(error)}`);
      accepted = false;
    }
    if (!accepted || (running.status !== "executing" && running.status !== "accepted")) return false;
    this.#setStatus(running, "canceling");
    running.handled.stop("cancel");
    return true;
  }

  /** Aborts every goal still running (the server's node is destroyed). */
  close(): void {
    for (const running of this.#goals.values()) {
      if (running.status === "succeeded" || running.status === "canceled" || running.status === "aborted") continue;
      this.#setStatus(running, "aborted");
      running.handled.stop("preempted");
    }
  }

  #preemptRunning(): void {
    for (const running of this.#goals.values()) {
      if (running.handled.ended || running.status === "aborted") continue;
      // Aborted at once, as a single-goal server does; its result is what the handler then returns.
      this.#setStatus(running, "aborted");
      running.handled.stop("preempted");
    }
  }

  async #execute(running: RunningGoal): Promise<void> {
    const handled = running.handled as unknown as HandledGoal<N>;
    if (running.status === "accepted") this.#setStatus(running, "executing");
    let ending: GoalResult<ResultOf<N>>;
    try {
      ending = handled.finish(await this.#handler(handled), this.name, this.#logger);
    } catch (error) {
      handled.fail();
      this.#logger.error(`action "${this.name}" goal ${handled.id}: handler failed, goal aborted: ${errorText(error)}`);
      ending = { status: "aborted", result: defaultMessage(actionPartNames(this.type).result) as unknown as ResultOf<N> };
    }
    try {
      this.#check("result", actionPartNames(this.type).result, ending.result);
    } catch (error) {
      this.#logger.error(errorText(error));
      ending = { status: "aborted", result: defaultMessage(actionPartNames(this.type).result) as unknown as ResultOf<N> };
    }
    // A preempted goal was aborted already; its result follows now.
    const status = running.status === "aborted" ? "aborted" : ending.status;
    if (running.status !== status) this.#setStatus(running, status);
    this.#goals.delete(handled.id);
    const final = { status, result: ending.result };
    this.#bus.deliveryScheduler.schedule(() => running.listener.result(final));
  }

  #setStatus(running: RunningGoal, status: GoalStatus): void {
    running.status = status;
    this.#bus.deliveryScheduler.schedule(() => running.listener.status(status));
  }

  #check(part: string, type: string, message: unknown): void {
    this.#bus.checkMessage?.(this.name, part, type, message);
  }
}

export class ActionBus {
  readonly #servers = new Map<string, LocalActionServer<ActionTypeName>>();
  readonly #registered = new Subject<string>();
  readonly #options: ActionBusOptions;

  constructor(options: ActionBusOptions) {
    this.#options = options;
  }

  get options(): ActionBusOptions {
    return this.#options;
  }

  addServer<N extends ActionTypeName>(server: LocalActionServer<N>): { remove(): void } {
    const existing = this.#servers.get(server.name);
    if (existing !== undefined) {
      throw new Error(`action "${server.name}" already has a server (type "${existing.type}"); give this one a different name or remap it`);
    }
    this.#servers.set(server.name, server as unknown as LocalActionServer<ActionTypeName>);
    this.#registered.next(server.name);
    return {
      remove: () => {
        if (this.#servers.get(server.name) !== (server as unknown)) return;
        this.#servers.delete(server.name);
        server.close();
      },
    };
  }

  /** The server for a client of `type`; throws naming the action when there is none or its type differs. */
  server<N extends ActionTypeName>(name: string, type: N): LocalActionServer<N> {
    const server = this.#servers.get(name);
    if (server === undefined) throw actionUnavailableError(name);
    if (server.type !== type) {
      throw new Error(`action "${name}" has type "${server.type}" but the client uses "${type}"; use the same action type`);
    }
    return server as unknown as LocalActionServer<N>;
  }

  waitForServer(name: string, timeoutMs: number): Promise<boolean> {
    if (this.#servers.has(name)) return Promise.resolve(true);
    return waitForRegistration(this.#registered, name, timeoutMs, this.#options.timerScheduler);
  }
}
