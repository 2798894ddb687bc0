/**
 * The part of rclnodejs 2.2 the adapter uses, declared from its JavaScript sources (`lib/*.js`,
 * bundled as `dist/index.js`), not from its shipped typings: those declare some getters as methods
 * (`Publisher.subscriptionCount`, `QoS.reliability`), and they are absent where npm skipped the
 * optional rclnodejs install. `test/ros/rclnodejs-surface.test.ts` checks every member below
 * against the installed sources (getter or method).
 */

/** rcl_interfaces/msg/ParameterType codes. */
export type RclParameterTypeCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface RclParameter {
  readonly name: string;
  readonly type: RclParameterTypeCode;
  readonly value: unknown;
}

export interface RclParameterConstructor {
  new (name: string, type: RclParameterTypeCode, value: unknown): RclParameter;
}

/** rcl_interfaces/msg/ParameterDescriptor as rclnodejs serialises it. */
export interface RclParameterDescriptorMessage {
  name: string;
  type: number;
  description: string;
  additional_constraints: string;
  read_only: boolean;
  integer_range?: { from_value: bigint; to_value: bigint; step: bigint }[];
  floating_point_range?: { from_value: number; to_value: number; step: number }[];
}

export interface RclParameterDescriptor {
  readonly name: string;
  readonly type: RclParameterTypeCode;
  additionalConstraints: string;
  validateParameter(parameter: RclParameter): void;
  toMessage(): RclParameterDescriptorMessage;
}

export interface RclParameterDescriptorConstructor {
  new (name: string, type: RclParameterTypeCode, description?: string, readOnly?: boolean, range?: null): RclParameterDescriptor;
}

export interface RclSetParametersResult {
  successful: boolean;
  reason: string | null;
}

export interface RclQoS {
  readonly depth: number;
}

export interface RclQoSConstructor {
  new (history: number, depth: number, reliability: number, durability: number): RclQoS;
}

export interface RclTypeClass {
  readonly package: string;
  readonly type: string;
  readonly name: string;
}

export interface RclPublisher {
  publish(message: object): void;
  /** A getter in rclnodejs 2.2 (`lib/publisher.js`), although its typings declare a method. */
  readonly subscriptionCount: number;
}

export interface RclClient {
  sendRequestAsync(request: object, options?: { timeout?: number; signal?: AbortSignal }): Promise<unknown>;
  waitForService(timeoutMs?: number): Promise<boolean>;
}

/** unique_identifier_msgs/UUID as rclnodejs hands it over. */
export interface RclUuid {
  readonly uuid: ArrayLike<number>;
}

/** lib/action/server_goal_handle.js */
export interface RclServerGoalHandle {
  /** The goal message object (a getter); `toPlainObject(true)` gives typed arrays. */
  readonly request: unknown;
  readonly goalId: RclUuid;
  readonly isActive: boolean;
  readonly isCancelRequested: boolean;
  /** action_msgs/GoalStatus code */
  readonly status: number;
  execute(callback?: (handle: RclServerGoalHandle) => unknown): void;
  /** Ignored, with a warning, unless the goal is executing. */
  publishFeedback(feedback: object): void;
  succeed(): void;
  abort(): void;
  canceled(): void;
}

/** lib/action/response.js GoalResponse / CancelResponse: REJECT 1, ACCEPT 2. */
export type RclGoalAnswer = 1 | 2;

export interface RclActionServer {
  destroy(): void;
}

export interface RclActionServerConstructor {
  new (
    node: RclNode,
    typeClass: RclTypeClass,
    actionName: string,
    /** Its return value is the result; a throw sends a default-constructed Result, aborted. */
    executeCallback: (handle: RclServerGoalHandle) => Promise<unknown>,
    /** Synchronous: compared with `=== GoalResponse.ACCEPT`, so a Promise rejects the goal. */
    goalCallback: (goal: unknown) => RclGoalAnswer,
    handleAcceptedCallback: (handle: RclServerGoalHandle) => void,
    /** Awaited. */
    cancelCallback: (handle: RclServerGoalHandle) => RclGoalAnswer | Promise<RclGoalAnswer>,
  ): RclActionServer;
}

/** action_msgs/srv/CancelGoal response, plain. */
export interface RclCancelResponse {
  readonly return_code: number;
  readonly goals_canceling: readonly { readonly goal_id: RclUuid }[];
}

/** lib/action/client_goal_handle.js */
export interface RclClientGoalHandle {
  readonly accepted: boolean;
  readonly goalId: RclUuid;
  /** action_msgs/GoalStatus code; set from the result by getResult(). */
  readonly status: number;
  /** Resolves with the result message (plain); `status` then holds the terminal status. */
  getResult(): Promise<unknown>;
  cancelGoal(): Promise<RclCancelResponse>;
}

/** lib/action/client.js */
export interface RclActionClient {
  /** Never settles when no server answers. */
  sendGoal(goal: object, feedbackCallback?: (feedback: unknown) => void): Promise<RclClientGoalHandle>;
  isActionServerAvailable(): boolean;
  waitForServer(timeoutMs?: number): Promise<boolean>;
  destroy(): void;
}

export interface RclActionClientConstructor {
  new (node: RclNode, typeClass: RclTypeClass, actionName: string): RclActionClient;
}

export interface RclTimer {
  cancel(): void;
}

export interface RclLogger {
  debug(message: string): boolean;
  info(message: string): boolean;
  warn(message: string): boolean;
  error(message: string): boolean;
}

export interface RclTime {
  readonly secondsAndNanoseconds: { seconds: bigint; nanoseconds: bigint };
}

export interface RclContext {
  readonly handle: unknown;
}

export interface RclNode {
  name(): string;
  namespace(): string;
  getFullyQualifiedName(): string;
  getLogger(): RclLogger;
  readonly context: RclContext;
  createPublisher(typeClass: RclTypeClass, topic: string, options: { qos: RclQoS }): RclPublisher;
  createSubscription(
    typeClass: RclTypeClass,
    topic: string,
    /** isRaw: the callback gets the serialized message (a Buffer of CDR, its own copy) instead of an object. */
    options: { qos: RclQoS; enableTypedArray: boolean; isRaw?: boolean },
    callback: (message: unknown) => void,
  ): unknown;
  createService(
    typeClass: RclTypeClass,
    name: string,
    options: { enableTypedArray: boolean },
    callback: (request: unknown) => unknown,
  ): unknown;
  createClient(typeClass: RclTypeClass, name: string, options: { enableTypedArray: boolean }): RclClient;
  createTimer(periodNs: bigint, callback: () => void): RclTimer;
  declareParameter(parameter: RclParameter, descriptor: RclParameterDescriptor, ignoreOverride: boolean): RclParameter | null;
  hasParameter(name: string): boolean;
  getParameter(name: string): RclParameter;
  setParametersAtomically(parameters: RclParameter[]): RclSetParametersResult;
  addPreSetParametersCallback(callback: (parameters: RclParameter[]) => RclParameter[]): void;
  addOnSetParametersCallback(callback: (parameters: RclParameter[]) => RclSetParametersResult): void;
  addPostSetParametersCallback(callback: (parameters: RclParameter[]) => void): void;
  resolveTopicName(topic: string): string;
  resolveServiceName(service: string): string;
  now(): RclTime;
  spin(): void;
  destroy(): void;
}

export interface RclNodeConstructor {
  new (name: string, namespace: string, context?: unknown): RclNode;
}

export interface RclContextConstructor {
  new (): RclContext & { shutdown(): void };
}

/** The rclnodejs module object (`import("rclnodejs")`, its default export). */
export interface RclModule {
  init(context?: unknown, argv?: string[]): Promise<void>;
  shutdown(context?: unknown): void;
  isShutdown(context?: unknown): boolean;
  removeSignalHandlers(): void;
  readonly Context: RclContextConstructor;
  readonly Node: RclNodeConstructor;
  readonly QoS: RclQoSConstructor;
  readonly Parameter: RclParameterConstructor;
  readonly ParameterDescriptor: RclParameterDescriptorConstructor;
  readonly ActionServer: RclActionServerConstructor;
  readonly ActionClient: RclActionClientConstructor;
}

/** One node-name entry of rcl's parameter overrides (params files and `-p`), as rcl parsed them. */
export interface RawParameterOverrides {
  /** As written: `/**`, `detection`, `/ns/detection`, `/**\/detection`, … */
  readonly name: string;
  readonly parameters: readonly { readonly name: string; readonly type: number; readonly value: unknown }[];
}

/** What the adapter loads: the module, and rcl's raw parameter overrides (from the native addon). */
export interface RclBinding {
  readonly rcl: RclModule;
  /** rcl_arguments_get_param_overrides of an initialised context, every node entry. */
  readonly parameterOverrides: (contextHandle: unknown) => readonly RawParameterOverrides[] | null | undefined;
}
