/** A node of the local transport: the RosNode port over the in-process topic and service buses. */
import { interval, type SchedulerLike, type Subscription as RxSubscription } from "rxjs";
import { timeFromMs, type Clock, type Time } from "../../ports/clock.ts";
import {
  QosPresets,
  type CallOptions,
  type Logger,
  type ParameterChange,
  type ParameterDescriptor,
  type ParameterValidator,
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
import type {
  MessageOf,
  MessageTypeName,
  RequestOf,
  ResponseOf,
  ServiceTypeName,
} from "../../messages/types.ts";
import { fullyQualifiedNodeName, resolveName } from "./names.ts";
import { checkDescriptor, checkParameterChanges, checkParameterValue } from "./parameter-rules.ts";
import { checkQosProfile } from "./qos-compatibility.ts";
import { errorText, type TopicBus } from "./topic-bus.ts";
import type { ServiceBus } from "./service-bus.ts";

export interface LocalNodeContext {
  readonly name: string;
  /** Absolute namespace. */
  readonly namespace: string;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly timerScheduler: SchedulerLike;
  readonly topics: TopicBus;
  readonly services: ServiceBus;
  readonly remappings: Readonly<Record<string, string>>;
  readonly parameterOverrides: Readonly<Record<string, ParameterValue>>;
  readonly onDestroy: () => void;
}

interface DeclaredParameter {
  readonly descriptor: ParameterDescriptor;
  value: ParameterValue;
}

export class LocalNode implements RosNode {
  readonly name: string;
  readonly namespace: string;
  readonly logger: Logger;
  readonly #context: LocalNodeContext;
  readonly #removals: (() => void)[] = [];
  readonly #timers = new Set<RxSubscription>();
  readonly #parameters = new Map<string, DeclaredParameter>();
  readonly #validators: ParameterValidator[] = [];
  readonly #listeners: ((changes: readonly ParameterChange[]) => void)[] = [];
  #destroyed = false;

  constructor(context: LocalNodeContext) {
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
    if (!resolved.ok) throw new Error(`node "${this.fullyQualifiedName}": ${resolved.error}`);
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
    const handle = this.#context.topics.addSubscription(
      resolved,
      type,
      qos,
      (message) => callback(message as MessageOf<N>),
      this.logger,
    );
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
    if (!Number.isFinite(periodMs) || periodMs <= 0) {
      throw new Error(`node "${this.fullyQualifiedName}": timer period must be a positive number of ms (got ${periodMs})`);
    }
    const subscription = interval(periodMs, this.#context.timerScheduler).subscribe(() => {
      try {
        callback();
      } catch (error) {
        this.logger.error(`timer callback (period ${periodMs} ms) threw: ${errorText(error)}`);
      }
    });
    this.#timers.add(subscription);
    return {
      cancel: () => {
        subscription.unsubscribe();
        this.#timers.delete(subscription);
      },
    };
  }

  declareParameter(descriptor: ParameterDescriptor): ParameterValue {
    this.#assertAlive();
    const where = `node "${this.fullyQualifiedName}"`;
    if (this.#parameters.has(descriptor.name)) {
      throw new Error(`${where}: parameter "${descriptor.name}" is already declared; declare each parameter once`);
    }
    const descriptorCheck = checkDescriptor(descriptor);
    if (!descriptorCheck.ok) throw new Error(`${where}: ${descriptorCheck.error}`);
    let value = descriptor.default;
    if (Object.hasOwn(this.#context.parameterOverrides, descriptor.name)) {
      const override = this.#context.parameterOverrides[descriptor.name];
      const check = checkParameterValue(descriptor, override);
      if (!check.ok) {
        throw new Error(
          `${where}: override for ${check.error}. Fix the value given for "${descriptor.name}" ` +
            `(e.g. -p ${descriptor.name}:=<${descriptor.type}>) or remove it to use the default ${JSON.stringify(descriptor.default)}`,
        );
      }
      value = check.value;
    }
    this.#parameters.set(descriptor.name, { descriptor, value: copyValue(value) });
    return copyValue(value);
  }

  getParameter(name: string): ParameterValue {
    const declared = this.#parameters.get(name);
    if (declared === undefined) {
      throw new Error(`node "${this.fullyQualifiedName}": parameter "${name}" is not declared; declare it first`);
    }
    return copyValue(declared.value);
  }

  setParameters(changes: readonly ParameterChange[]): SetParametersResult {
    this.#assertAlive();
    const descriptors = new Map([...this.#parameters].map(([name, p]) => [name, p.descriptor]));
    const checked = checkParameterChanges(descriptors, changes);
    if (!checked.successful) return checked;
    for (const validator of this.#validators) {
      const verdict = validator(changes);
      if (!verdict.successful) return verdict;
    }
    for (const change of changes) {
      const declared = this.#parameters.get(change.name);
      if (declared !== undefined) declared.value = copyValue(change.value);
    }
    for (const listener of this.#listeners) {
      try {
        listener(changes);
      } catch (error) {
        this.logger.error(`parameter change listener threw: ${errorText(error)}`);
      }
    }
    return { successful: true };
  }

  addParameterValidator(validator: ParameterValidator): void {
    this.#validators.push(validator);
  }

  onParametersChanged(listener: (changes: readonly ParameterChange[]) => void): void {
    this.#listeners.push(listener);
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
    if (this.#destroyed) throw new Error(`node "${this.fullyQualifiedName}" was destroyed; create a new node`);
  }
}

/** Arrays are copied so callers cannot change a stored parameter behind the node's back. */
function copyValue(value: ParameterValue): ParameterValue {
  return Array.isArray(value) ? ([...value] as ParameterValue) : value;
}
