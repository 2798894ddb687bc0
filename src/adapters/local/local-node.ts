/** A node of the local transport: the RosNode port over the in-process topic and service buses. */
import { interval, type SchedulerLike, type Subscription as RxSubscription } from "rxjs";
import { timeFromMs, type Clock, type Time } from "../../ports/clock.ts";
import {
  QosPresets,
  type ActionClient,
  type ActionHandler,
  type ActionServer,
  type ActionServerOptions,
  type CallOptions,
  type Logger,
  type ParameterChange,
  type ParameterDescriptor,
  type ParameterValue,
  type Publisher,
  type QosProfile,
  type RosNode,
  type ServiceClient,
  type ServiceServer,
  type SetParametersResult,
  type Subscription,
  type Timer,
} from "../../ports/ros.ts";
import type { ActionTypeName, MessageOf, MessageTypeName, RequestOf, ResponseOf, ServiceTypeName } from "../../messages/types.ts";
import { actionPartNames } from "../../messages/action-definitions.ts";
import { TrackedGoal, goalIdText, goalRejectedError, randomGoalId } from "../ros-common/action-goals.ts";
import { fullyQualifiedNodeName, resolveName } from "../ros-common/names.ts";
import { RosNodeBase } from "../ros-common/node-base.ts";
import { checkQosProfile } from "../ros-common/qos-compatibility.ts";
import type { TopicBus } from "./topic-bus.ts";
import type { ServiceBus } from "./service-bus.ts";
import { LocalActionServer, type ActionBus } from "./action-bus.ts";

export interface LocalNodeContext {
  readonly name: string;
  /** Absolute namespace. */
  readonly namespace: string;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly timerScheduler: SchedulerLike;
  readonly topics: TopicBus;
  readonly services: ServiceBus;
  readonly actions: ActionBus;
  readonly remappings: Readonly<Record<string, string>>;
  readonly parameterOverrides: Readonly<Record<string, ParameterValue>>;
  readonly onDestroy: () => void;
}

export class LocalNode extends RosNodeBase implements RosNode {
  readonly name: string;
  readonly namespace: string;
  readonly logger: Logger;
  readonly #context: LocalNodeContext;
  readonly #removals: (() => void)[] = [];
  readonly #timers = new Set<RxSubscription>();
  readonly #values = new Map<string, ParameterValue>();
  #destroyed = false;

  constructor(context: LocalNodeContext) {
    super();
    this.#context = context;
    this.name = context.name;
    this.namespace = context.namespace;
    this.logger = context.logger;
  }

  get fullyQualifiedName(): string {
    return fullyQualifiedNodeName(this.name, this.namespace);
  }

  /** Resolves a topic or service name as this node sees it (namespace, `~`, remappings). */
  resolve(name: string): string {
    const resolved = resolveName(name, {
      nodeName: this.name,
      namespace: this.namespace,
      remappings: this.#context.remappings,
    });
    if (!resolved.ok) throw new Error(`${this.where}: ${resolved.error}`);
    return resolved.value;
  }

  createPublisher<N extends MessageTypeName>(type: N, topic: string, qos: QosProfile = QosPresets.default): Publisher<N> {
    this.#assertAlive();
    const resolved = this.resolve(topic);
    checkQosProfile(qos, `publisher on topic "${resolved}"`);
    const handle = this.#context.topics.addPublisher(resolved, type, qos, this.logger);
    this.#removals.push(() => handle.remove());
    return {
      topic: resolved,
      type,
      publish: (message: MessageOf<N>) => handle.publish(message),
      subscriptionCount: () => handle.subscriptionCount(),
    };
  }

  createSubscription<N extends MessageTypeName>(
    type: N,
    topic: string,
    qos: QosProfile,
    callback: (message: MessageOf<N>) => void,
  ): Subscription {
    this.#assertAlive();
    const resolved = this.resolve(topic);
    checkQosProfile(qos, `subscription on topic "${resolved}"`);
    const handle = this.#context.topics.addSubscription(resolved, type, qos, (message) => callback(message as MessageOf<N>), this.logger);
    this.#removals.push(() => handle.remove());
    return { topic: resolved };
  }

  createService<N extends ServiceTypeName>(
    type: N,
    name: string,
    handler: (request: RequestOf<N>) => ResponseOf<N> | Promise<ResponseOf<N>>,
  ): ServiceServer {
    this.#assertAlive();
    const resolved = this.resolve(name);
    const handle = this.#context.services.addService(resolved, type, (request) => handler(request as RequestOf<N>));
    this.#removals.push(() => handle.remove());
    return { name: resolved };
  }

  createClient<N extends ServiceTypeName>(type: N, name: string): ServiceClient<N> {
    this.#assertAlive();
    const resolved = this.resolve(name);
    const services = this.#context.services;
    return {
      name: resolved,
      call: async (request: RequestOf<N>, options?: CallOptions) =>
        (await services.call(resolved, type, request, options)) as ResponseOf<N>,
      waitForService: (timeoutMs: number) => services.waitForService(resolved, timeoutMs),
    };
  }

  createTimer(periodMs: number, callback: () => void): Timer {
    this.#assertAlive();
    this.checkTimerPeriod(periodMs);
    const subscription = interval(periodMs, this.#context.timerScheduler).subscribe(this.guardedTimerCallback(periodMs, callback));
    this.#timers.add(subscription);
    return {
      cancel: () => {
        subscription.unsubscribe();
        this.#timers.delete(subscription);
      },
    };
  }

  createActionServer<N extends ActionTypeName>(
    type: N,
    name: string,
    handler: ActionHandler<N>,
    options: ActionServerOptions<N> = {},
  ): ActionServer {
    this.#assertAlive();
    const resolved = this.resolve(name);
    const actions = this.#context.actions;
    const server = new LocalActionServer(resolved, type, handler, options, actions.options, this.logger);
    const handle = actions.addServer(server);
    this.#removals.push(() => handle.remove());
    return { name: resolved };
  }

  createActionClient<N extends ActionTypeName>(type: N, name: string): ActionClient<N> {
    this.#assertAlive();
    const resolved = this.resolve(name);
    const actions = this.#context.actions;
    const { deliveryScheduler, checkMessage } = actions.options;
    const logger = this.logger;
    return {
      name: resolved,
      waitForServer: (timeoutMs: number) => actions.waitForServer(resolved, timeoutMs),
      sendGoal: (goal, options = {}) => {
        let server: LocalActionServer<N>;
        try {
          server = actions.server(resolved, type);
          checkMessage?.(resolved, "goal", actionPartNames(type).goal, goal);
        } catch (error) {
          return Promise.reject(error as Error);
        }
        const id = goalIdText(randomGoalId());
        const tracked = new TrackedGoal<N>(id, {
          ...(options.onFeedback !== undefined ? { onFeedback: options.onFeedback } : {}),
          logger,
          cancel: () =>
            new Promise<boolean>((resolve) => {
              deliveryScheduler.schedule(() => void server.receiveCancel(id).then(resolve));
            }),
        });
        return new Promise((resolve, reject) => {
          deliveryScheduler.schedule(() => {
            const accepted = server.receiveGoal(id, goal, {
              feedback: (feedback) => tracked.feedback(feedback),
              status: (status) => tracked.updateStatus(status),
              result: (result) => tracked.resolve(result),
            });
            if (accepted) resolve(tracked);
            else reject(goalRejectedError(resolved));
          });
        });
      },
    };
  }

  declareParameter(descriptor: ParameterDescriptor): ParameterValue {
    this.#assertAlive();
    const overrides = this.#context.parameterOverrides;
    const value = this.checkDeclaration(
      descriptor,
      Object.hasOwn(overrides, descriptor.name) ? { source: "override", value: overrides[descriptor.name] } : undefined,
    );
    this.recordDeclaration(descriptor);
    this.#values.set(descriptor.name, copyValue(value));
    return copyValue(value);
  }

  getParameter(name: string): ParameterValue {
    const value = this.#values.get(name);
    if (value === undefined) throw new Error(`${this.where}: parameter "${name}" is not declared; declare it first`);
    return copyValue(value);
  }

  setParameters(changes: readonly ParameterChange[]): SetParametersResult {
    this.#assertAlive();
    const verdict = this.judgeChanges(changes);
    if (!verdict.successful) return verdict;
    for (const change of changes) this.#values.set(change.name, copyValue(change.value));
    this.notifyParametersChanged(changes);
    return { successful: true };
  }

  now(): Time {
    return timeFromMs(this.#context.clock.nowMs());
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const timer of this.#timers) timer.unsubscribe();
    this.#timers.clear();
    for (const remove of this.#removals.splice(0)) remove();
    this.#context.onDestroy();
  }

  #assertAlive(): void {
    if (this.#destroyed) throw new Error(`${this.where} was destroyed; create a new node`);
  }
}

/** Arrays are copied so callers cannot change a stored parameter behind the node's back. */
function copyValue(value: ParameterValue): ParameterValue {
  return Array.isArray(value) ? ([...value] as ParameterValue) : value;
}
