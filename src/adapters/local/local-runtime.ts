/**
 * The local ROS runtime: in-process topics, services, timers and parameters with ROS 2 semantics,
 * for standalone mode (`npm start`) and tests. No ROS 2 installation is involved.
 */
import { asapScheduler, asyncScheduler, type Observable, type SchedulerLike } from "rxjs";
import { systemClock, type Clock } from "../../ports/clock.ts";
import type { LifecycleCallbacks, LifecycleNode, LifecycleNodeOptions, NodeOptions, RosNode, RosRuntime } from "../../ports/ros.ts";
import { ManagedNode } from "../ros-common/managed-node.ts";
import { ActionBus } from "./action-bus.ts";
import { createLogger, stderrLogSink, type LogLevel, type LogSink } from "./logger.ts";
import { LocalNode } from "./local-node.ts";
import { checkActionMessage, checkPublishedMessage } from "./message-check.ts";
import { checkNodeName, fullyQualifiedNodeName, normalizeNamespace } from "../ros-common/names.ts";
import { ServiceBus } from "./service-bus.ts";
import { TopicBus, type AdvertisedTopic, type TappedMessage, type TopicStats } from "./topic-bus.ts";

export type { AdvertisedTopic, TappedMessage, TopicStats } from "./topic-bus.ts";
export type { LogLevel, LogSink } from "./logger.ts";

export interface LocalRuntimeOptions {
  /** Source of `now()` and of tap timestamps. Default: the timer scheduler's clock if one is given, else the system clock. */
  readonly clock?: Clock;
  /** Runs timers and service-call deadlines; pass a TestScheduler or VirtualTimeScheduler for virtual time. Default: asyncScheduler. */
  readonly scheduler?: SchedulerLike;
  /** Runs subscription callbacks and service handlers. Default: asapScheduler (right after the publishing code yields). */
  readonly deliveryScheduler?: SchedulerLike;
  /** Check every published message against its ROS definition and a CDR round trip. Default: false. */
  readonly checkMessages?: boolean;
  /** Default: stderr lines `[WARN] [/node]: message`. */
  readonly logSink?: LogSink;
  /** Messages below this level are not logged. Default: "info". */
  readonly logLevel?: LogLevel;
  /** Topic and service remappings applied to every node (like `--ros-args -r from:=to`). */
  readonly remappings?: Readonly<Record<string, string>>;
}

export class LocalRuntime implements RosRuntime {
  readonly kind = "local";
  readonly #topics: TopicBus;
  readonly #services: ServiceBus;
  readonly #actions: ActionBus;
  readonly #nodes = new Set<LocalNode>();
  readonly #clock: Clock;
  readonly #scheduler: SchedulerLike;
  readonly #logSink: LogSink;
  readonly #logLevel: LogLevel;
  readonly #remappings: Readonly<Record<string, string>>;
  #shutDown = false;

  constructor(options: LocalRuntimeOptions = {}) {
    const scheduler = options.scheduler ?? asyncScheduler;
    const deliveryScheduler = options.deliveryScheduler ?? asapScheduler;
    this.#scheduler = scheduler;
    this.#clock = options.clock ?? (options.scheduler !== undefined ? { nowMs: () => scheduler.now() } : systemClock);
    this.#logSink = options.logSink ?? stderrLogSink;
    this.#logLevel = options.logLevel ?? "info";
    this.#remappings = options.remappings ?? {};
    this.#topics = new TopicBus({
      deliveryScheduler,
      nowMs: () => this.#clock.nowMs(),
      ...(options.checkMessages === true ? { checkMessage: checkPublishedMessage } : {}),
    });
    this.#services = new ServiceBus({ deliveryScheduler, timerScheduler: scheduler });
    this.#actions = new ActionBus({
      deliveryScheduler,
      timerScheduler: scheduler,
      ...(options.checkMessages === true ? { checkMessage: checkActionMessage } : {}),
    });
  }

  /** Every message published on every topic, in publish order, with the QoS its topic's publishers offer (for recorders). */
  get messages$(): Observable<TappedMessage> {
    return this.#topics.messages$;
  }

  /** Every topic with a publisher, then each new one (what `ros2 bag record -a` discovers); see TopicBus.advertised$. */
  get advertisedTopics$(): Observable<AdvertisedTopic> {
    return this.#topics.advertised$;
  }

  /** Per-topic counters, including messages dropped by full keep_last queues. */
  topicStats(): TopicStats[] {
    return this.#topics.stats();
  }

  createNode(name: string, options: NodeOptions = {}): RosNode {
    return this.#createNode(name, options);
  }

  /** A managed node (see ros-common/managed-node.ts); its lifecycle services are on the local service bus. */
  createLifecycleNode(name: string, callbacks: LifecycleCallbacks, options: LifecycleNodeOptions = {}): LifecycleNode {
    return new ManagedNode(this.#createNode(name, options), callbacks, options);
  }

  #createNode(name: string, options: NodeOptions): LocalNode {
    if (this.#shutDown) throw new Error(`cannot create node "${name}": the local runtime was shut down`);
    const nodeName = checkNodeName(name);
    if (!nodeName.ok) throw new Error(nodeName.error);
    const namespace = normalizeNamespace(options.namespace);
    if (!namespace.ok) throw new Error(`node "${name}": ${namespace.error}`);
    const fqn = fullyQualifiedNodeName(nodeName.value, namespace.value);
    const logger = createLogger(fqn, this.#logSink, this.#logLevel);
    if ([...this.#nodes].some((n) => n.fullyQualifiedName === fqn)) {
      // ROS 2 allows this too, but tools cannot tell the two apart.
      logger.warn(`another node named "${fqn}" already exists; give each node a unique name`);
    }
    const node: LocalNode = new LocalNode({
      name: nodeName.value,
      namespace: namespace.value,
      logger,
      clock: this.#clock,
      timerScheduler: this.#scheduler,
      topics: this.#topics,
      services: this.#services,
      actions: this.#actions,
      remappings: this.#remappings,
      parameterOverrides: options.parameterOverrides ?? {},
      onDestroy: () => this.#nodes.delete(node),
    });
    this.#nodes.add(node);
    return node;
  }

  /** Resolves once no message delivery or service call is pending (real-time schedulers only). */
  async idle(): Promise<void> {
    while (this.#topics.pendingDeliveries > 0 || this.#services.callsInFlight > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async shutdown(): Promise<void> {
    if (this.#shutDown) return;
    this.#shutDown = true;
    for (const node of [...this.#nodes]) node.destroy();
    this.#topics.complete();
  }
}
