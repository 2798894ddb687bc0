/**
 * The ROS port: the small part of ROS 2 our nodes use. Two adapters implement it:
 * `adapters/local` (in-process, for standalone mode and tests) and `adapters/rclnodejs` (real ROS 2).
 * Nodes depend on this file only, never on rclnodejs.
 */
import type { Time } from "./clock.ts";
import type {
  MessageOf,
  MessageTypeName,
  RequestOf,
  ResponseOf,
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

export type ParameterValue = boolean | number | string | boolean[] | number[] | string[];

export type ParameterType =
  | "bool"
  | "integer"
  | "double"
  | "string"
  | "bool_array"
  | "integer_array"
  | "double_array"
  | "string_array";

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

export interface RosRuntime {
  /** "local" or "rclnodejs" */
  readonly kind: string;
  createNode(name: string, options?: NodeOptions): RosNode;
  shutdown(): Promise<void>;
}
