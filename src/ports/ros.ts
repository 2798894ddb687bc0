/**
 * The ROS port: the small part of ROS 2 our nodes use. Two adapters implement it:
 * `adapters/local` (in-process, for standalone mode and tests) and `adapters/rclnodejs` (real ROS 2).
 * Nodes depend on this file only, never on rclnodejs.
 */
import type { Observable } from "rxjs";
import type { Time } from "./clock.ts";
import type {
  ActionTypeName,
  FeedbackOf,
  GoalOf,
  MessageOf,
  MessageTypeName,
  RequestOf,
  ResponseOf,
  ResultOf,
  ServiceTypeName,
} from "../messages/types.ts";

export type Reliability = "reliable" | "best_effort";
export type Durability = "volatile" | "transient_local";

export interface QosProfile {
  readonly reliability: Reliability;
  readonly durability: Durability;
  /** keep_last depth */
  readonly depth: number;
}

/** The ROS 2 presets, by the names rclcpp and rclnodejs use. */
export const QosPresets = {
  /** rmw_qos_profile_sensor_data: best effort, volatile, depth 5 */
  sensor_data: { reliability: "best_effort", durability: "volatile", depth: 5 },
  /** rmw_qos_profile_default: reliable, volatile, depth 10 */
  default: { reliability: "reliable", durability: "volatile", depth: 10 },
  /** A latched topic: reliable, transient local, depth 1 */
  latched: { reliability: "reliable", durability: "transient_local", depth: 1 },
} as const satisfies Record<string, QosProfile>;

export type QosPresetName = keyof typeof QosPresets;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Publisher<N extends MessageTypeName> {
  readonly topic: string;
  readonly type: N;
  publish(message: MessageOf<N>): void;
  /** Matched subscriptions: publish expensive debug output only while this is > 0. */
  subscriptionCount(): number;
}

export interface Subscription {
  readonly topic: string;
}

export interface ServiceServer {
  readonly name: string;
}

export interface CallOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ServiceClient<N extends ServiceTypeName> {
  readonly name: string;
  call(request: RequestOf<N>, options?: CallOptions): Promise<ResponseOf<N>>;
  waitForService(timeoutMs: number): Promise<boolean>;
}

export interface Timer {
  cancel(): void;
}

// ---- actions (action_msgs semantics) ----------------------------------------------------------

/** action_msgs/msg/GoalStatus, by name; `GoalStatusCodes` has the numbers. */
export type GoalStatus = "unknown" | "accepted" | "executing" | "canceling" | "succeeded" | "canceled" | "aborted";

export const GoalStatusCodes = {
  unknown: 0,
  accepted: 1,
  executing: 2,
  canceling: 3,
  succeeded: 4,
  canceled: 5,
  aborted: 6,
} as const satisfies Record<GoalStatus, number>;

export type TerminalGoalStatus = "succeeded" | "canceled" | "aborted";

/** Marks a handler's return value as an ending other than success (made by `goal.canceled()` / `goal.aborted()`). */
export const goalEnding: unique symbol = Symbol("hailo_ros goal ending");

export interface GoalEnding<R> {
  readonly [goalEnding]: "canceled" | "aborted";
  readonly result: R;
}

/** Why a goal's signal aborted: a cancel request the server accepted, or a newer goal (singleGoal). */
export type GoalStopReason = "cancel" | "preempted";

/** One accepted goal, as the server's handler sees it. */
export interface ServerGoal<N extends ActionTypeName> {
  /** The goal's UUID, as text (8-4-4-4-12 hex digits). */
  readonly id: string;
  readonly goal: GoalOf<N>;
  /** Aborts when the goal should stop; `stopReason` says why. Stop soon and return. */
  readonly signal: AbortSignal;
  readonly stopReason: GoalStopReason | undefined;
  /** Sent to the client while the goal executes; dropped (as rclnodejs 2.2 does) once it is canceling or over. */
  publishFeedback(feedback: FeedbackOf<N>): void;
  /** Return this to end as canceled; valid after an accepted cancel request, otherwise the goal is aborted. */
  canceled(result: ResultOf<N>): GoalEnding<ResultOf<N>>;
  /** Return this to end as aborted. */
  aborted(result: ResultOf<N>): GoalEnding<ResultOf<N>>;
}

/**
 * Executes one goal. Returning a result ends it as succeeded; returning `goal.canceled(r)` or
 * `goal.aborted(r)` ends it so; throwing aborts it with a default-constructed result (as rclnodejs does).
 * A goal preempted by a newer one (singleGoal) is aborted at once; its result is what the handler returns.
 */
export type ActionHandler<N extends ActionTypeName> = (
  goal: ServerGoal<N>,
) => ResultOf<N> | GoalEnding<ResultOf<N>> | Promise<ResultOf<N> | GoalEnding<ResultOf<N>>>;

export interface ActionServerOptions<N extends ActionTypeName> {
  /** Accepts (true) or rejects (false) a new goal. Synchronous, as rclnodejs requires. Default: accept. */
  readonly onGoal?: (goal: GoalOf<N>) => boolean;
  /** Accepts (true) or rejects (false) a cancel request for a running goal. Default: accept. */
  readonly onCancel?: (goal: ServerGoal<N>) => boolean | Promise<boolean>;
  /** One goal at a time: a newly accepted goal preempts (aborts) the running one. Default: false. */
  readonly singleGoal?: boolean;
}

export interface ActionServer {
  readonly name: string;
}

export interface GoalResult<R> {
  readonly status: TerminalGoalStatus;
  readonly result: R;
}

export interface SendGoalOptions<N extends ActionTypeName> {
  /** Every feedback of this goal, from the first (the Observable sees only feedback after it subscribed). */
  readonly onFeedback?: (feedback: FeedbackOf<N>) => void;
  /** How long to wait for the server to answer the goal. Default: 10 s. */
  readonly timeoutMs?: number;
}

/** An accepted goal, as the client sees it. */
export interface ClientGoal<N extends ActionTypeName> {
  readonly id: string;
  /** Feedback as it arrives; completes when the result is in. Feedback arriving after the result is dropped. */
  readonly feedback$: Observable<FeedbackOf<N>>;
  /** Settles with the terminal status and result; rejects only if the result cannot be obtained. */
  readonly result: Promise<GoalResult<ResultOf<N>>>;
  /** The last status the client knows. */
  status(): GoalStatus;
  /** Asks the server to cancel; resolves true if it accepted (the goal then ends, usually as canceled). */
  cancel(): Promise<boolean>;
}

export interface ActionClient<N extends ActionTypeName> {
  readonly name: string;
  /**
   * Sends a goal; resolves once the server accepted it. Rejects naming the action when no server is
   * there (at once on the local runtime, after `timeoutMs` on ROS 2) or when the server rejects it.
   */
  sendGoal(goal: GoalOf<N>, options?: SendGoalOptions<N>): Promise<ClientGoal<N>>;
  waitForServer(timeoutMs: number): Promise<boolean>;
}

export type ParameterValue = boolean | number | string | boolean[] | number[] | string[];

export type ParameterType = "bool" | "integer" | "double" | "string" | "bool_array" | "integer_array" | "double_array" | "string_array";

export interface ParameterRange {
  readonly from: number;
  readonly to: number;
  /** 0 = any value in the range */
  readonly step?: number;
}

export interface ParameterDescriptor {
  readonly name: string;
  readonly type: ParameterType;
  readonly description: string;
  readonly default: ParameterValue;
  readonly readOnly?: boolean;
  readonly range?: ParameterRange;
  /** Shown by `ros2 param describe`, e.g. the allowed values. */
  readonly additionalConstraints?: string;
}

export interface ParameterChange {
  readonly name: string;
  readonly value: ParameterValue;
}

export type SetParametersResult = { readonly successful: true } | { readonly successful: false; readonly reason: string };

/**
 * Validates a batch of parameter changes before they take effect. Returning a failure
 * rejects the whole batch and keeps the old values.
 */
export type ParameterValidator = (changes: readonly ParameterChange[]) => SetParametersResult;

export interface RosNode {
  readonly name: string;
  readonly namespace: string;
  /** "/namespace/name" */
  readonly fullyQualifiedName: string;
  readonly logger: Logger;

  createPublisher<N extends MessageTypeName>(type: N, topic: string, qos?: QosProfile): Publisher<N>;
  createSubscription<N extends MessageTypeName>(
    type: N,
    topic: string,
    qos: QosProfile,
    callback: (message: MessageOf<N>) => void,
  ): Subscription;
  createService<N extends ServiceTypeName>(
    type: N,
    name: string,
    handler: (request: RequestOf<N>) => ResponseOf<N> | Promise<ResponseOf<N>>,
  ): ServiceServer;
  createClient<N extends ServiceTypeName>(type: N, name: string): ServiceClient<N>;
  createTimer(periodMs: number, callback: () => void): Timer;
  createActionServer<N extends ActionTypeName>(
    type: N,
    name: string,
    handler: ActionHandler<N>,
    options?: ActionServerOptions<N>,
  ): ActionServer;
  createActionClient<N extends ActionTypeName>(type: N, name: string): ActionClient<N>;

  /** Declares a parameter; returns its value (a launch override if one was given, else the default). */
  declareParameter(descriptor: ParameterDescriptor): ParameterValue;
  getParameter(name: string): ParameterValue;
  /** Sets parameters atomically as `ros2 param set` would: validators run first. */
  setParameters(changes: readonly ParameterChange[]): SetParametersResult;
  addParameterValidator(validator: ParameterValidator): void;
  /** Called after a batch was accepted and applied. */
  onParametersChanged(listener: (changes: readonly ParameterChange[]) => void): void;

  now(): Time;
  destroy(): void;
}

export interface NodeOptions {
  readonly namespace?: string;
  /** Values that replace parameter defaults at declaration (like `--ros-args -p`). */
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
}

// ---- managed (lifecycle) nodes: lifecycle_msgs and the ROS 2 "Managed nodes" design ----------

export type PrimaryState = "unconfigured" | "inactive" | "active" | "finalized";
/** While a transition's callback runs. */
export type TransitionState = "configuring" | "cleaningup" | "shuttingdown" | "activating" | "deactivating" | "errorprocessing";
export type LifecycleState = PrimaryState | TransitionState;
export type LifecycleTransition = "configure" | "cleanup" | "activate" | "deactivate" | "shutdown";
/** lifecycle_msgs/msg/Transition TRANSITION_CALLBACK_SUCCESS / _FAILURE / _ERROR. */
export type TransitionResult = "success" | "failure" | "error";

/**
 * Runs during a transition; `from` is the state the transition started in. Returning nothing means
 * success; throwing means error. It may be async: the node stays in the transition state (e.g.
 * "configuring", what `~/get_state` answers) until it settles, and `~/change_state` answers then.
 */
export type TransitionCallback = (from: PrimaryState) => TransitionResult | void | Promise<TransitionResult | void>;

export interface LifecycleCallbacks {
  readonly onConfigure?: TransitionCallback;
  readonly onActivate?: TransitionCallback;
  readonly onDeactivate?: TransitionCallback;
  readonly onCleanup?: TransitionCallback;
  readonly onShutdown?: TransitionCallback;
  /** After a callback failed with "error": "success" recovers to unconfigured, anything else finalizes. */
  readonly onError?: TransitionCallback;
}

export interface LifecycleNodeOptions extends NodeOptions {
  /** Configure and then activate right after creation (never inside the call). Default: false. */
  readonly autostart?: boolean;
}

export interface TransitionOutcome {
  readonly transition: LifecycleTransition;
  /** What the callback answered ("error" also when it threw). */
  readonly result: TransitionResult;
  /** Where the node ended up. */
  readonly state: PrimaryState;
}

/**
 * A managed node: a RosNode with the lifecycle state machine, served as `~/change_state`,
 * `~/get_state`, `~/get_available_states`, `~/get_available_transitions`, `~/get_transition_graph`
 * and published on `~/transition_event`, exactly as rcl_lifecycle names them.
 */
export interface LifecycleNode extends RosNode {
  readonly state: LifecycleState;
  /** Every state the node enters, in order (the current one first). Completes when the node is destroyed. */
  readonly state$: Observable<LifecycleState>;
  /** Runs a transition. Rejects, naming the node, if it is not available from the current state. */
  trigger(transition: LifecycleTransition): Promise<TransitionOutcome>;
  configure(): Promise<TransitionOutcome>;
  activate(): Promise<TransitionOutcome>;
  deactivate(): Promise<TransitionOutcome>;
  cleanup(): Promise<TransitionOutcome>;
  shutdown(): Promise<TransitionOutcome>;
  /** Settles when autostart has finished (at once without autostart) with the state it reached. */
  whenStarted(): Promise<PrimaryState>;
  /** A publisher that publishes only while the node is active (messages are dropped otherwise, with one warning). */
  createLifecyclePublisher<N extends MessageTypeName>(type: N, topic: string, qos?: QosProfile): Publisher<N>;
}

export interface RosRuntime {
  /** "local" or "rclnodejs" */
  readonly kind: string;
  createNode(name: string, options?: NodeOptions): RosNode;
  createLifecycleNode(name: string, callbacks: LifecycleCallbacks, options?: LifecycleNodeOptions): LifecycleNode;
  shutdown(): Promise<void>;
}
