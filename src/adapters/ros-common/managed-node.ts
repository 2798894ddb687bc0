/**
 * A managed (lifecycle) node over any RosNode: the rcl_lifecycle state machine with async
 * transition callbacks, served through the node's own services and publisher under the names
 * rcl_lifecycle uses. Both runtimes use this, so they behave alike.
 *
 * Why not rclnodejs 2.2's LifecycleNode: it calls transition callbacks synchronously and hands
 * their return value to the native state machine; a Promise makes it throw "A number was expected"
 * and leaves the node stuck in the transition state ("configuring") for good. Its `change_state`
 * also answers before anything async could finish. Here `~/change_state` answers when the callback
 * has settled, and `~/get_state` reports the transition state ("configuring") meanwhile.
 */
import { BehaviorSubject, type Observable } from "rxjs";
import type { Time } from "../../ports/clock.ts";
import type {
  ActionClient,
  ActionHandler,
  ActionServer,
  ActionServerOptions,
  LifecycleCallbacks,
  LifecycleNode,
  LifecycleNodeOptions,
  LifecycleState,
  LifecycleTransition,
  Logger,
  ParameterChange,
  ParameterDescriptor,
  ParameterValidator,
  ParameterValue,
  PrimaryState,
  Publisher,
  QosProfile,
  RosNode,
  ServiceClient,
  ServiceServer,
  SetParametersResult,
  Subscription,
  Timer,
  TransitionCallback,
  TransitionOutcome,
  TransitionResult,
} from "../../ports/ros.ts";
import { QosPresets } from "../../ports/ros.ts";
import type { ActionTypeName, MessageOf, MessageTypeName, RequestOf, ResponseOf, ServiceTypeName } from "../../messages/types.ts";
import { errorText } from "./error-text.ts";
import {
  STATE_IDS,
  TRANSITION_GRAPH,
  allStates,
  availableTransitions,
  endOf,
  findTransition,
  isPrimaryState,
  type TransitionRow,
} from "./lifecycle-state-machine.ts";

const CALLBACK_OF: Readonly<Record<LifecycleTransition, keyof LifecycleCallbacks>> = {
  configure: "onConfigure",
  activate: "onActivate",
  deactivate: "onDeactivate",
  cleanup: "onCleanup",
  shutdown: "onShutdown",
};

const RESULTS: ReadonlySet<unknown> = new Set(["success", "failure", "error"]);

type FullNode = RosNode & { readonly fullyQualifiedName: string };

export class ManagedNode implements LifecycleNode {
  readonly #node: FullNode;
  readonly #callbacks: LifecycleCallbacks;
  readonly #state: BehaviorSubject<LifecycleState>;
  readonly #events: Publisher<"lifecycle_msgs/msg/TransitionEvent">;
  readonly #started: Promise<PrimaryState>;
  #destroyed = false;

  constructor(node: FullNode, callbacks: LifecycleCallbacks, options: LifecycleNodeOptions = {}) {
    this.#node = node;
    this.#callbacks = callbacks;
    this.#state = new BehaviorSubject<LifecycleState>("unconfigured");
    this.#events = node.createPublisher("lifecycle_msgs/msg/TransitionEvent", "~/transition_event", QosPresets.default);
    this.#serve();
    // After the caller's synchronous code: its callbacks may use the node it is still assigning.
    this.#started = options.autostart === true ? Promise.resolve().then(() => this.#autostart()) : Promise.resolve("unconfigured");
  }

  get name(): string {
    return this.#node.name;
  }
  get namespace(): string {
    return this.#node.namespace;
  }
  get logger(): Logger {
    return this.#node.logger;
  }
  get fullyQualifiedName(): string {
    return this.#node.fullyQualifiedName;
  }
  get state(): LifecycleState {
    return this.#state.value;
  }
  get state$(): Observable<LifecycleState> {
    return this.#state.asObservable();
  }

  configure(): Promise<TransitionOutcome> {
    return this.trigger("configure");
  }
  activate(): Promise<TransitionOutcome> {
    return this.trigger("activate");
  }
  deactivate(): Promise<TransitionOutcome> {
    return this.trigger("deactivate");
  }
  cleanup(): Promise<TransitionOutcome> {
    return this.trigger("cleanup");
  }
  shutdown(): Promise<TransitionOutcome> {
    return this.trigger("shutdown");
  }

  whenStarted(): Promise<PrimaryState> {
    return this.#started;
  }

  async trigger(transition: LifecycleTransition): Promise<TransitionOutcome> {
    const row = this.#check(transition);
    return this.#run(row);
  }

  createLifecyclePublisher<N extends MessageTypeName>(type: N, topic: string, qos?: QosProfile): Publisher<N> {
    const publisher = this.#node.createPublisher(type, topic, qos);
    let warned = false;
    return {
      topic: publisher.topic,
      type,
      publish: (message: MessageOf<N>) => {
        if (this.state === "active") {
          warned = false;
          publisher.publish(message);
        } else if (!warned) {
          // Once per inactive period, as rclcpp's LifecyclePublisher does.
          warned = true;
          this.logger.warn(
            `lifecycle publisher on topic "${publisher.topic}" is not activated (node is ${this.state}): messages are dropped until the node is activated`,
          );
        }
      },
      subscriptionCount: () => publisher.subscriptionCount(),
    };
  }

  createPublisher<N extends MessageTypeName>(type: N, topic: string, qos?: QosProfile): Publisher<N> {
    return this.#node.createPublisher(type, topic, qos);
  }
  createSubscription<N extends MessageTypeName>(
    type: N,
    topic: string,
    qos: QosProfile,
    callback: (message: MessageOf<N>) => void,
  ): Subscription {
    return this.#node.createSubscription(type, topic, qos, callback);
  }
  createService<N extends ServiceTypeName>(
    type: N,
    name: string,
    handler: (request: RequestOf<N>) => ResponseOf<N> | Promise<ResponseOf<N>>,
  ): ServiceServer {
    return this.#node.createService(type, name, handler);
  }
  createClient<N extends ServiceTypeName>(type: N, name: string): ServiceClient<N> {
    return this.#node.createClient(type, name);
  }
  createTimer(periodMs: number, callback: () => void): Timer {
    return this.#node.createTimer(periodMs, callback);
  }
  createActionServer<N extends ActionTypeName>(
    type: N,
    name: string,
    handler: ActionHandler<N>,
    options?: ActionServerOptions<N>,
  ): ActionServer {
    return this.#node.createActionServer(type, name, handler, options);
  }
  createActionClient<N extends ActionTypeName>(type: N, name: string): ActionClient<N> {
    return this.#node.createActionClient(type, name);
  }
  declareParameter(descriptor: ParameterDescriptor): ParameterValue {
    return this.#node.declareParameter(descriptor);
  }
  getParameter(name: string): ParameterValue {
    return this.#node.getParameter(name);
  }
  setParameters(changes: readonly ParameterChange[]): SetParametersResult {
    return this.#node.setParameters(changes);
  }
  addParameterValidator(validator: ParameterValidator): void {
    this.#node.addParameterValidator(validator);
  }
  onParametersChanged(listener: (changes: readonly ParameterChange[]) => void): void {
    this.#node.onParametersChanged(listener);
  }
  now(): Time {
    return this.#node.now();
  }

  /** Destroys the node without running any transition (shut it down first to run onShutdown). */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#node.destroy();
    this.#state.complete();
  }

  #check(transition: LifecycleTransition): TransitionRow {
    const state = this.state;
    if (!isPrimaryState(state)) {
      throw new Error(`node "${this.fullyQualifiedName}": cannot ${transition} while ${state}; wait for the running transition to finish`);
    }
    const row = availableTransitions(state).find((r) => r.label === transition);
    if (row === undefined) {
      const available = availableTransitions(state).map((r) => r.label);
      throw new Error(
        `node "${this.fullyQualifiedName}": cannot ${transition} from ${state}` +
          (available.length > 0 ? ` (available: ${available.join(", ")})` : " (a finalized node takes no transitions)"),
      );
    }
    return row;
  }

  async #run(row: TransitionRow): Promise<TransitionOutcome> {
    const from = row.start as PrimaryState;
    const transition = row.label as LifecycleTransition;
    this.#enter(row);
    const result = await this.#call(this.#callbacks[CALLBACK_OF[transition]], transition, from);
    const end = endOf(row.goal, result);
    this.#enter(end);
    if (end.goal === "errorprocessing") {
      const recovery = await this.#call(this.#callbacks.onError, "error processing", from);
      this.#enter(endOf("errorprocessing", recovery));
    }
    return { transition, result, state: this.state as PrimaryState };
  }

  /** Runs one callback to its result: nothing is success, a throw or a wrong value is error. */
  async #call(callback: TransitionCallback | undefined, what: string, from: PrimaryState): Promise<TransitionResult> {
    if (callback === undefined) return "success";
    try {
      const result = (await callback(from)) ?? "success";
      if (RESULTS.has(result)) return result;
      this.logger.error(`${what} callback returned ${JSON.stringify(result)}; return "success", "failure" or "error"`);
    } catch (error) {
      this.logger.error(`${what} callback threw (transition error): ${errorText(error)}`);
    }
    return "error";
  }

  #enter(row: TransitionRow): void {
    this.#state.next(row.goal);
    if (this.#destroyed) return;
    const stamp = this.now();
    this.#events.publish({
      timestamp: BigInt(stamp.sec) * 1_000_000_000n + BigInt(stamp.nanosec),
      transition: { id: row.id, label: row.label },
      start_state: { id: STATE_IDS[row.start], label: row.start },
      goal_state: { id: STATE_IDS[row.goal], label: row.goal },
    });
  }

  async #autostart(): Promise<PrimaryState> {
    for (const transition of ["configure", "activate"] as const) {
      try {
        const outcome = await this.trigger(transition);
        if (outcome.result !== "success") {
          this.logger.error(`autostart stopped: ${transition} ended with ${outcome.result}; the node is ${outcome.state}`);
          break;
        }
      } catch (error) {
        this.logger.error(`autostart stopped: ${errorText(error)}`);
        break;
      }
    }
    return this.state as PrimaryState;
  }

  #serve(): void {
    const node = this.#node;
    const describe = (r: TransitionRow) => ({
      transition: { id: r.id, label: r.label },
      start_state: { id: STATE_IDS[r.start], label: r.start },
      goal_state: { id: STATE_IDS[r.goal], label: r.goal },
    });
    node.createService("lifecycle_msgs/srv/ChangeState", "~/change_state", async (request) => {
      const row = findTransition(this.state, request.transition);
      if (row === undefined || !isPrimaryState(this.state)) {
        const asked = request.transition.label !== "" ? `"${request.transition.label}"` : `id ${request.transition.id}`;
        this.logger.warn(
          `change_state: no transition ${asked} from ${this.state}; available: ` +
            (availableTransitions(this.state)
              .map((r) => `${r.label} (${r.id})`)
              .join(", ") || "none"),
        );
        return { success: false };
      }
      const outcome = await this.#run(row);
      return { success: outcome.result === "success" };
    });
    node.createService("lifecycle_msgs/srv/GetState", "~/get_state", () => ({
      current_state: { id: STATE_IDS[this.state], label: this.state },
    }));
    node.createService("lifecycle_msgs/srv/GetAvailableStates", "~/get_available_states", () => ({
      available_states: allStates(),
    }));
    node.createService("lifecycle_msgs/srv/GetAvailableTransitions", "~/get_available_transitions", () => ({
      available_transitions: availableTransitions(this.state).map(describe),
    }));
    node.createService("lifecycle_msgs/srv/GetAvailableTransitions", "~/get_transition_graph", () => ({
      available_transitions: TRANSITION_GRAPH.map(describe),
    }));
  }
}
