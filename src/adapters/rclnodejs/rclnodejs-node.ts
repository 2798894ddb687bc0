/** A RosNode over an rclnodejs 2.2 Node. Types only from rclnodejs; the module itself is passed in. */
import type * as Rcl from "rclnodejs";
import type { Time } from "../../ports/clock.ts";
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
import type { MessageOf, MessageTypeName, RequestOf, ResponseOf, ServiceTypeName } from "../../messages/types.ts";
import { checkDescriptor, checkParameterChanges, checkParameterValue } from "../local/parameter-rules.ts";
import { checkQosProfile } from "../local/qos-compatibility.ts";
import { serviceAbortError, serviceTimeoutError } from "../local/service-errors.ts";
import { errorText } from "../local/topic-bus.ts";
import {
  fromRclParameterValue,
  parameterTypeCode,
  periodNanoseconds,
  qosArguments,
  timeFromSecondsAndNanoseconds,
  toRclParameterValue,
  typeClassOf,
} from "./mapping.ts";

type RclModule = typeof Rcl;

export interface RclnodejsNodeOptions {
  readonly parameterOverrides: Readonly<Record<string, ParameterValue>>;
}

export class RclnodejsNode implements RosNode {
  readonly name: string;
  readonly namespace: string;
  readonly logger: Logger;
  readonly #rcl: RclModule;
  readonly #node: Rcl.Node;
  readonly #overrides: Readonly<Record<string, ParameterValue>>;
  readonly #descriptors = new Map<string, ParameterDescriptor>();
  readonly #validators: ParameterValidator[] = [];
  readonly #listeners: ((changes: readonly ParameterChange[]) => void)[] = [];
  /** rclnodejs runs set-parameter callbacks on declaration too; ours apply only to changes. */
  #declaring = false;
  #destroyed = false;

  constructor(rcl: RclModule, node: Rcl.Node, options: RclnodejsNodeOptions) {
    this.#rcl = rcl;
    this.#node = node;
    this.#overrides = options.parameterOverrides;
    this.name = node.name();
    this.namespace = node.namespace();
    const log = node.getLogger();
    this.logger = {
      debug: (m) => void log.debug(m),
      info: (m) => void log.info(m),
      warn: (m) => void log.warn(m),
      error: (m) => void log.error(m),
    };
    node.addOnSetParametersCallback((parameters) => this.#onSetParameters(parameters));
    node.addPostSetParametersCallback((parameters) => this.#onParametersSet(parameters));
  }

  get fullyQualifiedName(): string {
    return this.#node.getFullyQualifiedName();
  }

  createPublisher<N extends MessageTypeName>(type: N, topic: string, qos: QosProfile = QosPresets.default): Publisher<N> {
    checkQosProfile(qos, `publisher on topic "${topic}"`);
    const publisher = this.#node.createPublisher(typeClassOf(type), topic, { qos: this.#qos(qos) });
    const resolved = this.#resolveTopic(topic);
    return {
      topic: resolved,
      type,
      publish: (message: MessageOf<N>) => publisher.publish(message as object),
      subscriptionCount: () => publisher.subscriptionCount(),
    };
  }

  createSubscription<N extends MessageTypeName>(
    type: N,
    topic: string,
    qos: QosProfile,
    callback: (message: MessageOf<N>) => void,
  ): Subscription {
    checkQosProfile(qos, `subscription on topic "${topic}"`);
    const resolved = this.#resolveTopic(topic);
    // enableTypedArray: uint8[] fields (Image.data) arrive as Uint8Array, as the message types say.
    this.#node.createSubscription(
      typeClassOf(type),
      topic,
      { qos: this.#qos(qos), enableTypedArray: true },
      (message: unknown) => {
        try {
          callback(message as MessageOf<N>);
        } catch (error) {
          this.logger.error(`subscription callback on topic "${resolved}" threw: ${errorText(error)}`);
        }
      },
    );
    return { topic: resolved };
  }

  createService<N extends ServiceTypeName>(
    type: N,
    name: string,
    handler: (request: RequestOf<N>) => ResponseOf<N> | Promise<ResponseOf<N>>,
  ): ServiceServer {
    const resolved = this.#resolveService(name);
    // rclnodejs sends what the callback resolves to. ROS 2 services have no error reply, so a
    // failing handler is logged here and the client's call times out.
    const respond = async (request: unknown): Promise<ResponseOf<N> | undefined> => {
      try {
        return await handler(request as RequestOf<N>);
      } catch (error) {
        this.logger.error(
          `service "${resolved}" handler failed, no response sent (the client will time out): ${errorText(error)}`,
        );
        return undefined;
      }
    };
    this.#node.createService(typeClassOf(type), name, { enableTypedArray: true }, (request: unknown) => respond(request));
    return { name: resolved };
  }

  createClient<N extends ServiceTypeName>(type: N, name: string): ServiceClient<N> {
    const client = this.#node.createClient(typeClassOf(type), name, { enableTypedArray: true });
    const resolved = this.#resolveService(name);
    return {
      name: resolved,
      call: async (request: RequestOf<N>, options: CallOptions = {}) => {
        const { timeoutMs, signal } = options;
        try {
          const response: unknown = await client.sendRequestAsync(request as object, {
            ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}),
            ...(signal !== undefined ? { signal } : {}),
          });
          return response as ResponseOf<N>;
        } catch (error) {
          if (signal?.aborted === true) throw serviceAbortError(resolved);
          if (timeoutMs !== undefined && error instanceof Error && /timeout|timed out/i.test(`${error.name} ${error.message}`)) {
            throw serviceTimeoutError(resolved, timeoutMs);
          }
          throw new Error(`call to service "${resolved}" failed: ${errorText(error)}`, { cause: error });
        }
      },
      waitForService: (timeoutMs: number) => client.waitForService(timeoutMs),
    };
  }

  createTimer(periodMs: number, callback: () => void): Timer {
    if (!Number.isFinite(periodMs) || periodMs <= 0) {
      throw new Error(`node "${this.fullyQualifiedName}": timer period must be a positive number of ms (got ${periodMs})`);
    }
    const timer = this.#node.createTimer(periodNanoseconds(periodMs), () => {
      try {
        callback();
      } catch (error) {
        this.logger.error(`timer callback (period ${periodMs} ms) threw: ${errorText(error)}`);
      }
    });
    return { cancel: () => timer.cancel() };
  }

  declareParameter(descriptor: ParameterDescriptor): ParameterValue {
    const where = `node "${this.fullyQualifiedName}"`;
    if (this.#descriptors.has(descriptor.name)) {
      throw new Error(`${where}: parameter "${descriptor.name}" is already declared; declare each parameter once`);
    }
    const descriptorCheck = checkDescriptor(descriptor);
    if (!descriptorCheck.ok) throw new Error(`${where}: ${descriptorCheck.error}`);

    // Programmatic overrides win over launch (`--ros-args -p`) ones, as NodeOptions do in rclcpp.
    const launchOverride = this.#node.getParameterOverrides().find((p) => p.name === descriptor.name);
    const [source, candidate] = Object.hasOwn(this.#overrides, descriptor.name)
      ? ["override", this.#overrides[descriptor.name]]
      : launchOverride !== undefined
        ? ["launch override", fromRclParameterValue(launchOverride.value)]
        : ["default", descriptor.default];
    const check = checkParameterValue(descriptor, candidate);
    if (!check.ok) {
      throw new Error(
        `${where}: ${source} for ${check.error}. Fix the value given for "${descriptor.name}" ` +
          `(e.g. -p ${descriptor.name}:=<${descriptor.type}>) or remove it to use the default ${JSON.stringify(descriptor.default)}`,
      );
    }

    const rcl = this.#rcl;
    const typeCode = parameterTypeCode(descriptor.type);
    const range = descriptor.range;
    const rclRange =
      range === undefined
        ? undefined
        : descriptor.type === "integer" || descriptor.type === "integer_array"
          ? new rcl.IntegerRange(BigInt(range.from), BigInt(range.to), BigInt(range.step !== undefined && range.step > 0 ? range.step : 1))
          : new rcl.FloatingPointRange(range.from, range.to, range.step ?? 0);
    const rclDescriptor = new rcl.ParameterDescriptor(
      descriptor.name,
      typeCode,
      descriptor.description,
      descriptor.readOnly ?? false,
      rclRange,
    );
    if (descriptor.additionalConstraints !== undefined) rclDescriptor.additionalConstraints = descriptor.additionalConstraints;

    this.#declaring = true;
    try {
      this.#node.declareParameter(
        new rcl.Parameter(descriptor.name, typeCode, toRclParameterValue(descriptor.type, check.value)),
        rclDescriptor,
        true,
      );
    } finally {
      this.#declaring = false;
    }
    this.#descriptors.set(descriptor.name, descriptor);
    return check.value;
  }

  getParameter(name: string): ParameterValue {
    if (!this.#descriptors.has(name)) {
      throw new Error(`node "${this.fullyQualifiedName}": parameter "${name}" is not declared; declare it first`);
    }
    const value = fromRclParameterValue(this.#node.getParameter(name).value);
    if (value === undefined) throw new Error(`node "${this.fullyQualifiedName}": parameter "${name}" has no value`);
    return value;
  }

  setParameters(changes: readonly ParameterChange[]): SetParametersResult {
    // Our checks first: rclnodejs's own range failure reason does not name the problem.
    const checked = checkParameterChanges(this.#descriptors, changes);
    if (!checked.successful) return checked;
    const rcl = this.#rcl;
    const parameters = changes.map((change) => {
      const descriptor = this.#descriptors.get(change.name);
      if (descriptor === undefined) throw new Error(`parameter "${change.name}" is not declared`);
      const typeCode = parameterTypeCode(descriptor.type);
      return new rcl.Parameter(change.name, typeCode, toRclParameterValue(descriptor.type, change.value));
    });
    const result: { successful: boolean; reason?: string | null } = this.#node.setParametersAtomically(parameters);
    return result.successful ? { successful: true } : { successful: false, reason: result.reason ?? "rejected" };
  }

  addParameterValidator(validator: ParameterValidator): void {
    this.#validators.push(validator);
  }

  onParametersChanged(listener: (changes: readonly ParameterChange[]) => void): void {
    this.#listeners.push(listener);
  }

  now(): Time {
    return timeFromSecondsAndNanoseconds(this.#node.now().secondsAndNanoseconds);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#node.destroy();
  }

  #qos(qos: QosProfile): Rcl.QoS {
    const a = qosArguments(qos);
    return new this.#rcl.QoS(
      a.history as Rcl.QoS.HistoryPolicy,
      a.depth,
      a.reliability as Rcl.QoS.ReliabilityPolicy,
      a.durability as Rcl.QoS.DurabilityPolicy,
    );
  }

  #resolveTopic(topic: string): string {
    return this.#node.resolveTopicName(topic);
  }

  #resolveService(name: string): string {
    return this.#node.resolveServiceName(name);
  }

  #changesOf(parameters: readonly Rcl.Parameter[]): ParameterChange[] {
    return parameters.map((p) => ({ name: p.name, value: fromRclParameterValue(p.value) as ParameterValue }));
  }

  /** Runs for `ros2 param set` as well as for setParameters(): the same checks and validators. */
  #onSetParameters(parameters: Rcl.Parameter[]): { successful: boolean; reason: string } {
    if (this.#declaring) return { successful: true, reason: "" };
    const changes = this.#changesOf(parameters);
    const checked = checkParameterChanges(this.#descriptors, changes);
    if (!checked.successful) return { successful: false, reason: checked.reason };
    for (const validator of this.#validators) {
      const verdict = validator(changes);
      if (!verdict.successful) return { successful: false, reason: verdict.reason };
    }
    return { successful: true, reason: "" };
  }

  #onParametersSet(parameters: Rcl.Parameter[]): void {
    if (this.#declaring) return;
    const changes = this.#changesOf(parameters);
    for (const listener of this.#listeners) {
      try {
        listener(changes);
      } catch (error) {
        this.logger.error(`parameter change listener threw: ${errorText(error)}`);
      }
    }
  }
}
