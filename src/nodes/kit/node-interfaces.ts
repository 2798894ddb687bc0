/**
 * A node's ROS interface, declared once: every topic it publishes or subscribes, with message type
 * and QoS, its services and actions. The node creates each endpoint from its declaration (the
 * functions below), and the reference docs are generated from the same declaration
 * (scripts/generate-parameters.ts), so the docs cannot name a topic the node does not have.
 */
import type { ActionTypeName, MessageOf, MessageTypeName, RequestOf, ResponseOf, ServiceTypeName } from "../../messages/types.ts";
import {
  QosPresets,
  type ActionHandler,
  type ActionServer,
  type ActionServerOptions,
  type Publisher,
  type QosPresetName,
  type QosProfile,
  type RosNode,
  type ServiceServer,
  type Subscription,
} from "../../ports/ros.ts";

export interface TopicQos {
  readonly preset: QosPresetName;
  /** keep_last depth when it differs from the preset's. */
  readonly depth?: number;
  /** A string parameter naming the preset instead (e.g. image_qos: sensor_data | default). */
  readonly presetParameter?: string;
}

export interface TopicInterface<N extends MessageTypeName = MessageTypeName> {
  readonly type: N;
  /** Relative names resolve in the node's namespace; `<name>` is filled in per instance (range/<name>). */
  readonly topic: string;
  readonly qos: TopicQos;
  readonly description: string;
  /** A string parameter naming the topic instead (e.g. fusion's detections_topic). */
  readonly topicParameter?: string;
  /** When the node has this endpoint, if not always (e.g. "use_stamped is true"). */
  readonly when?: string;
}

export interface ServiceInterface<N extends ServiceTypeName = ServiceTypeName> {
  readonly type: N;
  readonly name: string;
  readonly description: string;
}

export interface ActionInterface<N extends ActionTypeName = ActionTypeName> {
  readonly type: N;
  readonly name: string;
  readonly description: string;
}

export interface NodeInterfaces {
  readonly publishes: Readonly<Record<string, TopicInterface>>;
  readonly subscribes: Readonly<Record<string, TopicInterface>>;
  readonly services?: Readonly<Record<string, ServiceInterface>>;
  readonly actions?: Readonly<Record<string, ActionInterface>>;
  /** A managed node: it also serves rcl_lifecycle's ~/change_state, ~/get_state, … */
  readonly lifecycle?: boolean;
}

/** Keeps every entry's literal message type, so the create functions below give typed endpoints. */
export function defineInterfaces<const T extends NodeInterfaces>(interfaces: T): T {
  return interfaces;
}

export interface TopicChoice {
  /** The preset the `presetParameter` chose (the declaration's own preset without one). */
  readonly preset?: QosPresetName;
  /** The topic `topicParameter` named. */
  readonly topic?: string;
  /** Fills `<name>` in the topic. */
  readonly name?: string;
}

export function qosOf(qos: TopicQos, preset?: QosPresetName): QosProfile {
  const base = QosPresets[preset ?? qos.preset];
  return qos.depth !== undefined ? { ...base, depth: qos.depth } : base;
}

function topicOf(declared: TopicInterface, choice: TopicChoice): string {
  const topic = choice.topic ?? declared.topic;
  if (!topic.includes("<name>")) return topic;
  if (choice.name === undefined) throw new Error(`topic '${declared.topic}' needs a name for <name>`);
  return topic.replace("<name>", choice.name);
}

export function createPublisherOf<N extends MessageTypeName>(
  node: RosNode,
  declared: TopicInterface<N>,
  choice: TopicChoice = {},
): Publisher<N> {
  return node.createPublisher(declared.type, topicOf(declared, choice), qosOf(declared.qos, choice.preset));
}

export function createSubscriptionOf<N extends MessageTypeName>(
  node: RosNode,
  declared: TopicInterface<N>,
  callback: (message: MessageOf<N>) => void,
  choice: TopicChoice = {},
): Subscription {
  return node.createSubscription(declared.type, topicOf(declared, choice), qosOf(declared.qos, choice.preset), callback);
}

export function createServiceOf<N extends ServiceTypeName>(
  node: RosNode,
  declared: ServiceInterface<N>,
  handler: (request: RequestOf<N>) => ResponseOf<N> | Promise<ResponseOf<N>>,
): ServiceServer {
  return node.createService(declared.type, declared.name, handler);
}

export function createActionServerOf<N extends ActionTypeName>(
  node: RosNode,
  declared: ActionInterface<N>,
  handler: ActionHandler<N>,
  options?: ActionServerOptions<N>,
): ActionServer {
  return node.createActionServer(declared.type, declared.name, handler, options);
}

/** The diagnostics topic every node publishes on (through NodeDiagnostics or its own publisher). */
export const DIAGNOSTICS_TOPIC = {
  type: "diagnostic_msgs/msg/DiagnosticArray",
  topic: "/diagnostics",
  qos: { preset: "default" },
  description: "1 Hz: the node's statuses (see the node's section of the README)",
} as const satisfies TopicInterface;
