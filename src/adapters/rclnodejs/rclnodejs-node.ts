/** A RosNode over an rclnodejs 2.2 Node. The module itself is passed in (see rcl-api.ts). */
import type { Time } from "../../ports/clock.ts";
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
import { errorText } from "../ros-common/error-text.ts";
import { RosNodeBase } from "../ros-common/node-base.ts";
import { checkQosProfile } from "../ros-common/qos-compatibility.ts";
import { serviceAbortError, serviceTimeoutError } from "../ros-common/service-errors.ts";
import {
  fromRclParameterValue,
  interfaceNotFoundHint,
  parameterTypeCode,
  periodNanoseconds,
  qosArguments,
  timeFromSecondsAndNanoseconds,
  toRclParameterValue,
  typeClassOf,
  withContiguousTypedArrays,
} from "./mapping.ts";
import { readImageCdr } from "./image-cdr.ts";
import { createRclActionClient, createRclActionServer, type ActionContext } from "./rclnodejs-actions.ts";
import { resolveParameterOverrides, type ResolvedOverride } from "./parameter-overrides.ts";
import type {
  RawParameterOverrides,
  RclModule,
  RclNode,
  RclParameter,
  RclParameterDescriptor,
  RclParameterDescriptorConstructor,
  RclParameterDescriptorMessage,
  RclQoS,
  RclSetParametersResult,
} from "./rcl-api.ts";

export interface RclnodejsNodeOptions {
  /** Programmatic overrides (NodeOptions.parameterOverrides); they win over launch ones. */
  readonly parameterOverrides: Readonly<Record<string, ParameterValue>>;
  /** rcl's raw entries from `--params-file` and `-p`, resolved here for this node. */
  readonly launchOverrides?: readonly RawParameterOverrides[];
}

/** Service calls without a timeout still end: a throwing handler under rclnodejs sends no response. */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

const DOUBLE = 3;
const INTEGER = 2;
const DOUBLE_ARRAY = 8;
const INTEGER_ARRAY = 7;

export class RclnodejsNode extends RosNodeBase implements RosNode {
  readonly name: string;
  readonly namespace: string;
  readonly logger: Logger;
  readonly #rcl: RclModule;
  readonly #node: RclNode;
  readonly #overrides: Readonly<Record<string, ParameterValue>>;
  readonly #launchOverrides: ReadonlyMap<string, ResolvedOverride>;
  readonly #Descriptor: PortDescriptorConstructor;
  /** rclnodejs runs set-parameter callbacks on declaration too; ours apply only to changes. */
  #declaring = false;
  #destroyed = false;

  constructor(rcl: RclModule, node: RclNode, options: RclnodejsNodeOptions) {
    super();
    this.#rcl = rcl;
    this.#node = node;
    this.#overrides = options.parameterOverrides;
    this.#Descriptor = portDescriptorClass(rcl);
    this.name = node.name();
    this.namespace = node.namespace();
    this.#launchOverrides = resolveParameterOverrides(node.getFullyQualifiedName(), options.launchOverrides ?? []);
    const log = node.getLogger();
    this.logger = {
      debug: (m) => void log.debug(m),
      info: (m) => void log.info(m),
      warn: (m) => void log.warn(m),
      error: (m) => void log.error(m),
    };
    node.addPreSetParametersCallback((parameters) => this.#coerceNumbers(parameters));
    node.addOnSetParametersCallback((parameters) => this.#onSetParameters(parameters));
    node.addPostSetParametersCallback((parameters) => this.#onParametersSet(parameters));
    this.#applyOverridesOfBuiltInParameters();
  }

  get fullyQualifiedName(): string {
    return this.#node.getFullyQualifiedName();
  }

  createPublisher<N extends MessageTypeName>(type: N, topic: string, qos: QosProfile = QosPresets.default): Publisher<N> {
    checkQosProfile(qos, `publisher on topic "${topic}"`);
    const publisher = this.#withInterfaceHint(type, () => this.#node.createPublisher(typeClassOf(type), topic, { qos: this.#qos(qos) }));
    const resolved = this.#resolveTopic(topic);
    return {
      topic: resolved,
      type,
      // rclnodejs copies a typed array from the start of its buffer, whatever its byteOffset.
      publish: (message: MessageOf<N>) => publisher.publish(withContiguousTypedArrays(message as object)),
      // A getter in rclnodejs 2.2, although its typings declare a method.
      subscriptionCount: () => publisher.subscriptionCount,
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
    // Images arrive serialized (isRaw) and are read by our CDR reader with `data` a view into
    // rclnodejs's Buffer: its message-object conversion of a 1280×720 frame costs more CPU than
    // the DDS receive itself (docs/benchmarks.md). Other types: message objects, with
    // enableTypedArray so uint8[] fields arrive as Uint8Array, as the message types say.
    const raw = type === "sensor_msgs/msg/Image";
    const deliver = (message: MessageOf<N>): void => {
      try {
        callback(message);
      } catch (error) {
        this.logger.error(`subscription callback on topic "${resolved}" threw: ${errorText(error)}`);
      }
    };
    const onMessage = raw
      ? (message: unknown) => {
          let image: MessageOf<N>;
          try {
            image = (message instanceof Uint8Array ? readImageCdr(message) : message) as MessageOf<N>;
          } catch (error) {
            this.logger.error(`dropped a message on topic "${resolved}" that is not a valid ${type}: ${errorText(error)}`);
            return;
          }
          deliver(image);
        }
      : (message: unknown) => deliver(message as MessageOf<N>);
    this.#withInterfaceHint(type, () =>
      this.#node.createSubscription(typeClassOf(type), topic, { qos: this.#qos(qos), enableTypedArray: true, isRaw: raw }, onMessage),
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
        this.logger.error(`service "${resolved}" handler failed, no response sent (the client will time out): ${errorText(error)}`);
        return undefined;
      }
    };
    this.#withInterfaceHint(type, () =>
      this.#node.createService(typeClassOf(type), name, { enableTypedArray: true }, (request: unknown) => respond(request)),
    );
    return { name: resolved };
  }

  createClient<N extends ServiceTypeName>(type: N, name: string): ServiceClient<N> {
    const client = this.#withInterfaceHint(type, () => this.#node.createClient(typeClassOf(type), name, { enableTypedArray: true }));
    const resolved = this.#resolveService(name);
    return {
      name: resolved,
      call: async (request: RequestOf<N>, options: CallOptions = {}) => {
        const { timeoutMs = DEFAULT_CALL_TIMEOUT_MS, signal } = options;
        try {
          const response: unknown = await client.sendRequestAsync(withContiguousTypedArrays(request as object), {
            timeout: timeoutMs,
            ...(signal !== undefined ? { signal } : {}),
          });
          return response as ResponseOf<N>;
        } catch (error) {
          if (signal?.aborted === true) throw serviceAbortError(resolved);
          if (error instanceof Error && /timeout|timed out/i.test(`${error.name} ${error.message}`)) {
            throw serviceTimeoutError(resolved, timeoutMs);
          }
          throw new Error(`call to service "${resolved}" failed: ${errorText(error)}`, { cause: error });
        }
      },
      waitForService: (timeoutMs: number) => client.waitForService(timeoutMs),
    };
  }

  createTimer(periodMs: number, callback: () => void): Timer {
    this.checkTimerPeriod(periodMs);
    const timer = this.#node.createTimer(periodNanoseconds(periodMs), this.guardedTimerCallback(periodMs, callback));
    return { cancel: () => timer.cancel() };
  }

  createActionServer<N extends ActionTypeName>(
    type: N,
    name: string,
    handler: ActionHandler<N>,
    options: ActionServerOptions<N> = {},
  ): ActionServer {
    return createRclActionServer(this.#actionContext(), type, name, handler, options);
  }

  createActionClient<N extends ActionTypeName>(type: N, name: string): ActionClient<N> {
    return createRclActionClient(this.#actionContext(), type, name);
  }

  declareParameter(descriptor: ParameterDescriptor): ParameterValue {
    // Programmatic overrides win over launch (`--ros-args -p`, `--params-file`) ones, as NodeOptions do in rclcpp.
    const launchOverride = this.#launchOverrides.get(descriptor.name);
    const value = this.checkDeclaration(
      descriptor,
      Object.hasOwn(this.#overrides, descriptor.name)
        ? { source: "override", value: this.#overrides[descriptor.name] }
        : launchOverride !== undefined
          ? { source: `launch override (from "${launchOverride.from}")`, value: launchOverride.value }
          : undefined,
    );

    const typeCode = parameterTypeCode(descriptor.type);
    const rclDescriptor = new this.#Descriptor(descriptor);
    this.#declaring = true;
    try {
      this.#node.declareParameter(
        new this.#rcl.Parameter(descriptor.name, typeCode, toRclParameterValue(descriptor.type, value)),
        rclDescriptor,
        true,
      );
    } finally {
      this.#declaring = false;
    }
    this.recordDeclaration(descriptor);
    return value;
  }

  getParameter(name: string): ParameterValue {
    if (!this.isDeclared(name)) throw new Error(`${this.where}: parameter "${name}" is not declared; declare it first`);
    const value = fromRclParameterValue(this.#node.getParameter(name).value);
    if (value === undefined) throw new Error(`${this.where}: parameter "${name}" has no value`);
    return value;
  }

  setParameters(changes: readonly ParameterChange[]): SetParametersResult {
    // Our checks first: rclnodejs's own range failure reason does not name the problem.
    const checked = this.checkChanges(changes);
    if (!checked.successful) return checked;
    const rcl = this.#rcl;
    const parameters = changes.map((change) => {
      const descriptor = this.parameterDescriptors.get(change.name);
      if (descriptor === undefined) throw new Error(`parameter "${change.name}" is not declared`);
      const typeCode = parameterTypeCode(descriptor.type);
      return new rcl.Parameter(change.name, typeCode, toRclParameterValue(descriptor.type, change.value));
    });
    const result: { successful: boolean; reason?: string | null } = this.#node.setParametersAtomically(parameters);
    return result.successful ? { successful: true } : { successful: false, reason: result.reason ?? "rejected" };
  }

  now(): Time {
    return timeFromSecondsAndNanoseconds(this.#node.now().secondsAndNanoseconds);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#node.destroy();
  }

  #actionContext(): ActionContext {
    return {
      rcl: this.#rcl,
      node: this.#node,
      logger: this.logger,
      withInterfaceHint: (type, create) => this.#withInterfaceHint(type, create),
    };
  }

  #qos(qos: QosProfile): RclQoS {
    const a = qosArguments(qos);
    return new this.#rcl.QoS(a.history, a.depth, a.reliability, a.durability);
  }

  /** rclnodejs's "message required does not exist" says neither which package nor what to do. */
  #withInterfaceHint<T>(type: string, create: () => T): T {
    try {
      return create();
    } catch (error) {
      const hint = interfaceNotFoundHint(type, error);
      if (hint === undefined) throw error;
      throw new Error(`${this.where}: ${hint}`, { cause: error });
    }
  }

  /**
   * Launch overrides for the parameters rclnodejs declares itself (use_sim_time): its Node reads
   * only the `/**` and bare-name entries, so a `/ns/node:` entry is applied here.
   */
  #applyOverridesOfBuiltInParameters(): void {
    for (const [name, override] of this.#launchOverrides) {
      if (!this.#node.hasParameter(name)) continue;
      const current = this.#node.getParameter(name);
      const value = current.type === INTEGER || current.type === INTEGER_ARRAY ? toBigInts(override.value) : override.value;
      const result = this.#node.setParametersAtomically([new this.#rcl.Parameter(name, current.type, value)]);
      if (!result.successful) {
        throw new Error(
          `${this.where}: launch override (from "${override.from}") for parameter "${name}" was rejected: ` +
            `${result.reason ?? "no reason given"}`,
        );
      }
    }
  }

  #resolveTopic(topic: string): string {
    return this.#node.resolveTopicName(topic);
  }

  #resolveService(name: string): string {
    return this.#node.resolveServiceName(name);
  }

  #changesOf(parameters: readonly RclParameter[]): ParameterChange[] {
    return parameters.map((p) => ({ name: p.name, value: fromRclParameterValue(p.value) as ParameterValue }));
  }

  /** `ros2 param set /node threshold 1` sends an integer; a double parameter takes it as 1.0. */
  #coerceNumbers(parameters: RclParameter[]): RclParameter[] {
    return parameters.map((p) => {
      const type = this.parameterDescriptors.get(p.name)?.type;
      if (type === "double" && p.type === INTEGER) return new this.#rcl.Parameter(p.name, DOUBLE, Number(p.value));
      if (type === "double_array" && p.type === INTEGER_ARRAY) {
        return new this.#rcl.Parameter(p.name, DOUBLE_ARRAY, Array.from(p.value as ArrayLike<unknown>, Number));
      }
      return p;
    });
  }

  /**
   * Runs for `ros2 param set` as well as for setParameters(): the same checks and validators.
   * Parameters rclnodejs declared itself (use_sim_time, …) are left to rclnodejs.
   */
  #onSetParameters(parameters: RclParameter[]): RclSetParametersResult {
    if (this.#declaring) return { successful: true, reason: "" };
    const changes = this.#changesOf(parameters.filter((p) => this.isDeclared(p.name)));
    if (changes.length === 0) return { successful: true, reason: "" };
    const verdict = this.judgeChanges(changes);
    return verdict.successful ? { successful: true, reason: "" } : { successful: false, reason: verdict.reason };
  }

  #onParametersSet(parameters: RclParameter[]): void {
    if (this.#declaring) return;
    const changes = this.#changesOf(parameters.filter((p) => this.isDeclared(p.name)));
    if (changes.length === 0) return;
    this.notifyParametersChanged(changes);
  }
}

function toBigInts(value: ParameterValue): unknown {
  if (typeof value === "number") return BigInt(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === "number" ? BigInt(v) : v));
  return value;
}

type PortDescriptorConstructor = new (descriptor: ParameterDescriptor) => RclParameterDescriptor;

const descriptorClasses = new WeakMap<RclParameterDescriptorConstructor, PortDescriptorConstructor>();

/**
 * A ParameterDescriptor whose checks are ours. rclnodejs validates against its descriptor before
 * any set-callback runs and answers with its own text ("does not  readonly"), its IntegerRange
 * throws on integer arrays, and its toMessage() never sends the range (it reads a field that is
 * never set). So rclnodejs gets no range and no read-only flag to enforce; our set-callback checks
 * both with reasons that name the parameter, and toMessage() reports them to `ros2 param describe`.
 */
function portDescriptorClass(rcl: RclModule): PortDescriptorConstructor {
  const known = descriptorClasses.get(rcl.ParameterDescriptor);
  if (known !== undefined) return known;
  const Base = rcl.ParameterDescriptor;
  class PortParameterDescriptor extends Base {
    readonly #port: ParameterDescriptor;
    constructor(descriptor: ParameterDescriptor) {
      super(descriptor.name, parameterTypeCode(descriptor.type), descriptor.description, false, null);
      this.#port = descriptor;
      this.additionalConstraints = descriptor.additionalConstraints ?? "";
    }
    override validateParameter(): void {
      // Checked by the set-callback, which can give the reason.
    }
    override toMessage(): RclParameterDescriptorMessage {
      const message = super.toMessage();
      message.read_only = this.#port.readOnly ?? false;
      const range = this.#port.range;
      if (range !== undefined) {
        const step = range.step ?? 0;
        if (this.#port.type === "integer" || this.#port.type === "integer_array") {
          message.integer_range = [{ from_value: BigInt(range.from), to_value: BigInt(range.to), step: BigInt(step) }];
        } else {
          message.floating_point_range = [{ from_value: range.from, to_value: range.to, step }];
        }
      }
      return message;
    }
  }
  descriptorClasses.set(rcl.ParameterDescriptor, PortParameterDescriptor);
  return PortParameterDescriptor;
}
