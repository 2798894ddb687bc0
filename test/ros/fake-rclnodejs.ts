/**
 * A stand-in for rclnodejs 2.2 for adapter tests where ROS 2 is absent. It copies the behaviours
 * of the real sources that the adapter depends on, and `rclnodejs-surface.test.ts` checks each
 * member against the installed rclnodejs (getter or method):
 * - `Publisher.subscriptionCount` is a getter;
 * - setting parameters runs pre-set callbacks, then rclnodejs's own validation (declared, read-only,
 *   then `descriptor.validateParameter`, whose failure reads "does not  readonly"), then the
 *   set-callbacks, then stores, then the post-set callbacks; declaring runs the same pipeline;
 * - `ParameterDescriptor.toMessage()` reads `_rangeConstraint`, which is never set;
 * - a Node declares `use_sim_time` itself and reads only the `/**` and bare-name override entries,
 *   building a Parameter for every entry of every node (an integer array there throws);
 * - a publisher copies a typed array from the start of its buffer, ignoring byteOffset;
 * - a service whose handler throws sends no response;
 * - actions (`lib/action/*.js`): the goal callback's answer is compared with `=== ACCEPT` (2), the
 *   cancel callback is awaited and the goal moved to CANCELING after it, a cancel response keeps
 *   return_code 0 even when every goal was refused, feedback is dropped unless the goal is
 *   executing, `canceled()` is valid only while canceling, a throwing execute callback sends a
 *   default Result and aborts, and `sendGoal` never settles without a server.
 */
import type { RawParameterOverrides, RclBinding, RclModule } from "../../src/adapters/rclnodejs/rcl-api.ts";

const INTEGER = 2;
const INTEGER_ARRAY = 7;

export class FakeParameter {
  readonly _name: string;
  readonly _type: number;
  readonly _value: unknown;
  constructor(name: string, type: number, value: unknown) {
    this._name = name;
    this._type = type;
    this._value = type === INTEGER ? BigInt(value as number) : value;
    this.validate();
  }
  get name(): string {
    return this._name;
  }
  get type(): number {
    return this._type;
  }
  get value(): unknown {
    return this._value;
  }
  validate(): void {
    const ok =
      this._type === INTEGER
        ? typeof this._value === "bigint"
        : this._type === INTEGER_ARRAY
          ? Array.isArray(this._value) && this._value.every((v) => typeof v === "bigint")
          : this._value !== undefined;
    if (!ok) throw new TypeError(`Type mismatch for parameter '${this._name}': expected ${this._type}, got ${typeof this._value}`);
  }
}

export class FakeRange {
  readonly _fromValue: number | bigint;
  readonly _toValue: number | bigint;
  constructor(from: number | bigint, to: number | bigint) {
    this._fromValue = from;
    this._toValue = to;
  }
  inRange(value: unknown): boolean {
    if (Array.isArray(value)) return value.every((v) => this.inRange(v));
    return (value as number) >= this._fromValue && (value as number) <= this._toValue;
  }
}

export class FakeParameterDescriptor {
  readonly _name: string;
  readonly _type: number;
  readonly _description: string;
  readonly _readOnly: boolean;
  readonly _range: FakeRange | null;
  _additionalConstraints = "";
  _rangeConstraint: unknown;
  constructor(name: string, type: number, description = "no description", readOnly = false, range: FakeRange | null = null) {
    this._name = name;
    this._type = type;
    this._description = description;
    this._readOnly = readOnly;
    this._range = range;
    this.validate();
  }
  get name(): string {
    return this._name;
  }
  get type(): number {
    return this._type;
  }
  get readOnly(): boolean {
    return this._readOnly;
  }
  get additionalConstraints(): string {
    return this._additionalConstraints;
  }
  set additionalConstraints(text: string) {
    this._additionalConstraints = text;
  }
  validate(): void {
    if (typeof this._name !== "string" || this._name.length === 0) throw new TypeError("descriptor name");
  }
  validateParameter(parameter: FakeParameter): void {
    if (parameter.type !== this._type) throw new Error(`type ${parameter.type} is not ${this._type}`);
    if (this._range !== null && !this._range.inRange(parameter.value)) throw new RangeError("out of range");
  }
  toMessage(): Record<string, unknown> {
    const message: Record<string, unknown> = {
      name: this._name,
      type: this._type,
      description: this._description,
      additional_constraints: this._additionalConstraints,
      read_only: this._readOnly,
    };
    // As in rclnodejs 2.2: the range is looked up under a name nothing sets.
    if (this._rangeConstraint !== undefined) message.floating_point_range = [this._rangeConstraint];
    return message;
  }
}

export class FakeQoS {
  readonly _depth: number;
  readonly _reliability: number;
  readonly _durability: number;
  constructor(_history: number, depth: number, reliability: number, durability: number) {
    this._depth = depth;
    this._reliability = reliability;
    this._durability = durability;
  }
  get depth(): number {
    return this._depth;
  }
}

export class FakeContext {
  static readonly defaultContext = new FakeContext();
  argv: string[] | undefined;
  _isShutdown = false;
  readonly _handle = { id: Math.random() };
  get handle(): unknown {
    return this._handle;
  }
  shutdown(): void {
    this._isShutdown = true;
  }
}

type TypeClass = { package: string; type: string; name: string };
type Callback = (message: unknown) => void;

/** The topics and services of one fake ROS graph, shared by the nodes of one fake module. */
class FakeGraph {
  readonly topics = new Map<string, Set<Callback>>();
  readonly services = new Map<string, (request: unknown) => unknown>();
  readonly actions = new Map<string, FakeActionServer>();
  readonly published: { topic: string; message: unknown }[] = [];
}

export class FakePublisher {
  readonly #graph: FakeGraph;
  readonly #topic: string;
  constructor(graph: FakeGraph, topic: string) {
    this.#graph = graph;
    this.#topic = topic;
  }
  get subscriptionCount(): number {
    return this.#graph.topics.get(this.#topic)?.size ?? 0;
  }
  publish(message: object): void {
    const sent = copyAsRclnodejs(message);
    this.#graph.published.push({ topic: this.#topic, message: sent });
    for (const callback of this.#graph.topics.get(this.#topic) ?? []) callback(sent);
  }
}

/** rclnodejs fills a uint8[] field from `view.buffer` from offset 0, `view.length` elements. */
function copyAsRclnodejs(value: unknown): unknown {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, 0, value.length).slice();
  if (Array.isArray(value)) return value.map(copyAsRclnodejs);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyAsRclnodejs(v)]));
  }
  return value;
}

export class FakeClient {
  readonly #graph: FakeGraph;
  readonly #name: string;
  readonly requests: { request: object; options: { timeout?: number; signal?: AbortSignal } }[] = [];
  constructor(graph: FakeGraph, name: string) {
    this.#graph = graph;
    this.#name = name;
  }
  sendRequestAsync(request: object, options: { timeout?: number; signal?: AbortSignal } = {}): Promise<unknown> {
    this.requests.push({ request, options });
    const handler = this.#graph.services.get(this.#name);
    return new Promise((resolve, reject) => {
      const timer =
        options.timeout !== undefined
          ? setTimeout(
              () => reject(Object.assign(new Error(`Request timeout after ${options.timeout}ms`), { name: "TimeoutError" })),
              options.timeout,
            )
          : undefined;
      Promise.resolve(handler?.(request)).then(
        (response) => {
          // A handler that resolves to nothing sends no response, as in rclnodejs.
          if (response === undefined) return;
          clearTimeout(timer);
          resolve(response);
        },
        () => undefined,
      );
    });
  }
  async waitForService(): Promise<boolean> {
    return this.#graph.services.has(this.#name);
  }
}

const EXECUTING = 2;
const CANCELING = 3;
const SUCCEEDED = 4;
const CANCELED = 5;
const ABORTED = 6;

type FakeUuid = { uuid: Uint8Array };

export class FakeServerGoalHandle {
  readonly _goalId: FakeUuid;
  readonly _request: unknown;
  _status = 1;
  readonly feedback: unknown[] = [];
  readonly _server: FakeActionServer;
  constructor(server: FakeActionServer, goalId: FakeUuid, request: unknown) {
    this._server = server;
    this._goalId = goalId;
    this._request = request;
  }
  get request(): unknown {
    return this._request;
  }
  get goalId(): FakeUuid {
    return this._goalId;
  }
  get isActive(): boolean {
    return this._status < SUCCEEDED;
  }
  get isCancelRequested(): boolean {
    return this._status === CANCELING;
  }
  get status(): number {
    return this._status;
  }
  execute(): void {
    if (this._status === 1) this._status = EXECUTING;
    void this._server._execute(this);
  }
  publishFeedback(feedback: unknown): void {
    if (this._status !== EXECUTING) {
      this._server.warnings.push(`publishFeedback() called in status ${this._status}, not executing; ignoring`);
      return;
    }
    this.feedback.push(feedback);
    this._server._feedback(this, feedback);
  }
  succeed(): void {
    this._update(SUCCEEDED, [EXECUTING, CANCELING]);
  }
  abort(): void {
    this._update(ABORTED, [EXECUTING, CANCELING]);
  }
  canceled(): void {
    this._update(CANCELED, [CANCELING]);
  }
  _update(status: number, from: number[]): void {
    // rcl_action_update_goal_state rejects a transition the goal state machine does not have.
    if (!from.includes(this._status)) throw new Error(`goal state ${this._status} has no transition to ${status}`);
    this._status = status;
  }
}

type ExecuteCallback = (handle: FakeServerGoalHandle) => Promise<unknown>;

export class FakeActionServer {
  readonly #graph: FakeGraph;
  readonly #name: string;
  readonly #execute: ExecuteCallback;
  readonly #goal: (goal: unknown) => unknown;
  readonly #accepted: (handle: FakeServerGoalHandle) => void;
  readonly #cancel: (handle: FakeServerGoalHandle) => unknown;
  readonly handles: FakeServerGoalHandle[] = [];
  readonly warnings: string[] = [];
  readonly #results = new Map<FakeServerGoalHandle, (response: { status: number; result: unknown }) => void>();
  readonly #feedbackSinks = new Map<FakeServerGoalHandle, (feedback: unknown) => void>();
  constructor(
    graph: FakeGraph,
    name: string,
    execute: ExecuteCallback,
    goal: (goal: unknown) => unknown = () => 2,
    accepted: (handle: FakeServerGoalHandle) => void = (h) => h.execute(),
    cancel: (handle: FakeServerGoalHandle) => unknown = () => 1,
  ) {
    this.#graph = graph;
    this.#name = name;
    this.#execute = execute;
    this.#goal = goal;
    this.#accepted = accepted;
    this.#cancel = cancel;
    graph.actions.set(name, this);
  }
  _receiveGoal(
    goal: unknown,
    onFeedback: (f: unknown) => void,
    onResult: (r: { status: number; result: unknown }) => void,
  ): FakeServerGoalHandle | undefined {
    if (this.#goal(goal) !== 2) return undefined;
    const handle = new FakeServerGoalHandle(this, { uuid: Uint8Array.from({ length: 16 }, () => Math.floor(Math.random() * 256)) }, goal);
    this.handles.push(handle);
    this.#feedbackSinks.set(handle, onFeedback);
    this.#results.set(handle, onResult);
    this.#accepted(handle);
    return handle;
  }
  async _receiveCancel(handle: FakeServerGoalHandle): Promise<{ return_code: number; goals_canceling: { goal_id: FakeUuid }[] }> {
    const goals: { goal_id: FakeUuid }[] = [];
    if (handle.isActive && (await this.#cancel(handle)) === 2) {
      handle._status = CANCELING;
      goals.push({ goal_id: handle.goalId });
    }
    return { return_code: 0, goals_canceling: goals };
  }
  _feedback(handle: FakeServerGoalHandle, feedback: unknown): void {
    this.#feedbackSinks.get(handle)?.(feedback);
  }
  async _execute(handle: FakeServerGoalHandle): Promise<void> {
    let result: unknown;
    try {
      result = await this.#execute(handle);
    } catch {
      result = {};
    }
    if (handle.isActive) handle.abort();
    this.#results.get(handle)?.({ status: handle.status, result });
  }
  destroy(): void {
    if (this.#graph.actions.get(this.#name) === this) this.#graph.actions.delete(this.#name);
  }
}

export class FakeClientGoalHandle {
  readonly _accepted: boolean;
  readonly _goalId: FakeUuid;
  _status: number;
  readonly _server: FakeActionServer;
  readonly _handle: FakeServerGoalHandle | undefined;
  readonly _result: Promise<unknown>;
  constructor(server: FakeActionServer, handle: FakeServerGoalHandle | undefined, result: Promise<{ status: number; result: unknown }>) {
    this._server = server;
    this._handle = handle;
    this._accepted = handle !== undefined;
    this._goalId = handle?.goalId ?? { uuid: new Uint8Array(16) };
    this._status = handle !== undefined ? 1 : 0;
    this._result = result.then((r) => {
      this._status = r.status;
      return r.result;
    });
  }
  get accepted(): boolean {
    return this._accepted;
  }
  get goalId(): FakeUuid {
    return this._goalId;
  }
  get status(): number {
    return this._handle !== undefined && this._status < SUCCEEDED ? this._handle.status : this._status;
  }
  getResult(): Promise<unknown> {
    return this._result;
  }
  cancelGoal(): Promise<{ return_code: number; goals_canceling: { goal_id: FakeUuid }[] }> {
    return this._handle !== undefined
      ? this._server._receiveCancel(this._handle)
      : Promise.resolve({ return_code: 2, goals_canceling: [] });
  }
}

export class FakeActionClient {
  readonly #graph: FakeGraph;
  readonly #name: string;
  constructor(graph: FakeGraph, name: string) {
    this.#graph = graph;
    this.#name = name;
  }
  sendGoal(goal: object, feedbackCallback?: (feedback: unknown) => void): Promise<FakeClientGoalHandle> {
    const server = this.#graph.actions.get(this.#name);
    // As in rclnodejs: the goal request waits for a server that never answers.
    if (server === undefined) return new Promise(() => {});
    return new Promise((resolve) => {
      setImmediate(() => {
        let settle: (r: { status: number; result: unknown }) => void = () => {};
        const result = new Promise<{ status: number; result: unknown }>((r) => (settle = r));
        const handle = server._receiveGoal(
          goal,
          (f) => feedbackCallback?.(f),
          (r) => settle(r),
        );
        resolve(new FakeClientGoalHandle(server, handle, result));
      });
    });
  }
  isActionServerAvailable(): boolean {
    return this.#graph.actions.has(this.#name);
  }
  async waitForServer(timeoutMs?: number): Promise<boolean> {
    if (this.isActionServerAvailable()) return true;
    await new Promise((resolve) => setTimeout(resolve, timeoutMs ?? 0));
    return this.isActionServerAvailable();
  }
  destroy(): void {}
}

export class FakeTimer {
  readonly #interval: NodeJS.Timeout;
  constructor(periodNs: bigint, callback: () => void) {
    this.#interval = setInterval(callback, Number(periodNs / 1_000_000n));
  }
  cancel(): void {
    clearInterval(this.#interval);
  }
}

export class FakeLogger {
  readonly lines: string[];
  constructor(lines: string[]) {
    this.lines = lines;
  }
  debug(message: string): boolean {
    this.lines.push(`DEBUG ${message}`);
    return true;
  }
  info(message: string): boolean {
    this.lines.push(`INFO ${message}`);
    return true;
  }
  warn(message: string): boolean {
    this.lines.push(`WARN ${message}`);
    return true;
  }
  error(message: string): boolean {
    this.lines.push(`ERROR ${message}`);
    return true;
  }
}

export interface FakeRclnodejsOptions {
  /** rcl's raw override entries for a context initialised with parameter arguments. */
  readonly overrides?: readonly RawParameterOverrides[];
  /** Interface types with generated code; others fail as rclnodejs does. Default: all. */
  readonly knownInterfaces?: (type: string) => boolean;
}

/** A fake rclnodejs module and its binding, for `createRclnodejsRuntime({ load })`. */
export function fakeRclnodejs(options: FakeRclnodejsOptions = {}) {
  const graph = new FakeGraph();
  const logs: string[] = [];
  const overrides = options.overrides ?? [];
  const known = options.knownInterfaces ?? (() => true);
  const contexts: FakeContext[] = [];
  const nodes: FakeNode[] = [];

  const hasParameterArguments = (argv: readonly string[] | undefined): boolean =>
    (argv ?? []).some((a) => a === "-p" || a === "--param" || a === "--params-file");

  class FakeNode {
    readonly _name: string;
    readonly _namespace: string;
    readonly _context: FakeContext;
    readonly _parameters = new Map<string, FakeParameter>();
    readonly _descriptors = new Map<string, FakeParameterDescriptor>();
    readonly _overrides = new Map<string, FakeParameter>();
    readonly _pre: ((p: FakeParameter[]) => FakeParameter[])[] = [];
    readonly _on: ((p: FakeParameter[]) => { successful: boolean; reason: string | null })[] = [];
    readonly _post: ((p: FakeParameter[]) => void)[] = [];
    readonly clients: FakeClient[] = [];
    destroyed = false;
    spinning = false;
    constructor(name: string, namespace = "", context: FakeContext = FakeContext.defaultContext) {
      this._name = name;
      this._namespace = namespace === "" ? "/" : namespace;
      this._context = context;
      // rclnodejs builds a Parameter for every entry of every node, then keeps /** and its own name.
      const entries = hasParameterArguments(context.argv) ? overrides : [];
      const built = entries.map((entry) => ({
        name: entry.name,
        parameters: entry.parameters.map((p) => new FakeParameter(p.name, p.type, p.value)),
      }));
      for (const key of ["/**", name]) {
        for (const parameter of built.find((e) => e.name === key)?.parameters ?? []) this._overrides.set(parameter.name, parameter);
      }
      // Its TimeSource declares use_sim_time.
      this.declareParameter(new FakeParameter("use_sim_time", 1, false), new FakeParameterDescriptor("use_sim_time", 1), false);
      nodes.push(this);
    }
    name(): string {
      return this._name;
    }
    namespace(): string {
      return this._namespace;
    }
    getFullyQualifiedName(): string {
      return this._namespace === "/" ? `/${this._name}` : `${this._namespace}/${this._name}`;
    }
    get context(): FakeContext {
      return this._context;
    }
    getLogger(): FakeLogger {
      return new FakeLogger(logs);
    }
    _check(type: TypeClass): void {
      const full = `${type.package}/${type.type}/${type.name}`;
      if (!known(full)) {
        throw Object.assign(new Error(`The message required does not exist: ${type.package}, ${type.type}, ${type.name} at /generated`), {
          code: "MESSAGE_NOT_FOUND",
        });
      }
    }
    createPublisher(type: TypeClass, topic: string): FakePublisher {
      this._check(type);
      return new FakePublisher(graph, this.resolveTopicName(topic));
    }
    createSubscription(type: TypeClass, topic: string, _options: unknown, callback: Callback): object {
      this._check(type);
      const name = this.resolveTopicName(topic);
      const set = graph.topics.get(name) ?? new Set<Callback>();
      set.add(callback);
      graph.topics.set(name, set);
      return {};
    }
    createService(type: TypeClass, service: string, _options: unknown, callback: (request: unknown) => unknown): object {
      this._check(type);
      graph.services.set(this.resolveServiceName(service), callback);
      return {};
    }
    createClient(type: TypeClass, service: string): FakeClient {
      this._check(type);
      const client = new FakeClient(graph, this.resolveServiceName(service));
      this.clients.push(client);
      return client;
    }
    createTimer(periodNs: bigint, callback: () => void): FakeTimer {
      return new FakeTimer(periodNs, callback);
    }
    getParameterOverrides(): FakeParameter[] {
      return [...this._overrides.values()];
    }
    declareParameter(parameter: FakeParameter, descriptor: FakeParameterDescriptor, ignoreOverride = false): FakeParameter {
      const chosen = !ignoreOverride && this._overrides.has(parameter.name) ? this._overrides.get(parameter.name)! : parameter;
      if (this._parameters.has(chosen.name)) throw new Error(`Parameter(${chosen.name}) already declared.`);
      descriptor.validate();
      this._descriptors.set(chosen.name, descriptor);
      const result = this._set([chosen], true);
      if (!result.successful) {
        this._descriptors.delete(chosen.name);
        throw new Error(result.reason ?? "");
      }
      return this._parameters.get(chosen.name)!;
    }
    hasParameter(name: string): boolean {
      return this._parameters.has(name);
    }
    getParameter(name: string): FakeParameter {
      const parameter = this._parameters.get(name);
      if (parameter === undefined) throw new Error(`Parameter ${name} not found`);
      return parameter;
    }
    setParametersAtomically(parameters: FakeParameter[]): { successful: boolean; reason: string | null } {
      return this._set(parameters, false);
    }
    /** What the parameter service answers to `ros2 param describe`. */
    describeParameter(name: string): Record<string, unknown> | undefined {
      return this._descriptors.get(name)?.toMessage();
    }
    _set(input: FakeParameter[], declaring: boolean): { successful: boolean; reason: string | null } {
      let parameters = input;
      for (const callback of this._pre) {
        parameters = callback(parameters);
        if (parameters.length === 0) return { successful: false, reason: "parameter list is empty after pre-set callback; set rejected" };
      }
      for (const parameter of parameters) {
        const descriptor = this._descriptors.get(parameter.name);
        if (descriptor === undefined) return { successful: false, reason: `Parameter ${parameter.name} has not been declared` };
        if (!declaring && descriptor.readOnly) return { successful: false, reason: `Parameter ${parameter.name} is readonly` };
        try {
          descriptor.validateParameter(parameter);
        } catch {
          return { successful: false, reason: `Parameter ${parameter.name} does not  readonly` };
        }
      }
      for (const callback of this._on) {
        const result = callback(parameters);
        if (!result.successful) return result;
      }
      for (const parameter of parameters) this._parameters.set(parameter.name, parameter);
      for (const callback of this._post) callback(parameters);
      return { successful: true, reason: "" };
    }
    addPreSetParametersCallback(callback: (p: FakeParameter[]) => FakeParameter[]): void {
      this._pre.unshift(callback);
    }
    addOnSetParametersCallback(callback: (p: FakeParameter[]) => { successful: boolean; reason: string | null }): void {
      this._on.unshift(callback);
    }
    addPostSetParametersCallback(callback: (p: FakeParameter[]) => void): void {
      this._post.unshift(callback);
    }
    resolveTopicName(topic: string): string {
      if (topic.startsWith("/")) return topic;
      if (topic.startsWith("~/")) return `${this.getFullyQualifiedName()}/${topic.slice(2)}`;
      return this._namespace === "/" ? `/${topic}` : `${this._namespace}/${topic}`;
    }
    resolveServiceName(service: string): string {
      return this.resolveTopicName(service);
    }
    now(): { secondsAndNanoseconds: { seconds: bigint; nanoseconds: bigint } } {
      const ns = process.hrtime.bigint();
      return { secondsAndNanoseconds: { seconds: ns / 1_000_000_000n, nanoseconds: ns % 1_000_000_000n } };
    }
    spin(): void {
      this.spinning = true;
    }
    destroy(): void {
      this.destroyed = true;
    }
  }

  class BoundActionServer extends FakeActionServer {
    constructor(
      node: FakeNode,
      type: TypeClass,
      name: string,
      execute: ExecuteCallback,
      goal?: (goal: unknown) => unknown,
      accepted?: (handle: FakeServerGoalHandle) => void,
      cancel?: (handle: FakeServerGoalHandle) => unknown,
    ) {
      node._check(type);
      super(graph, node.resolveServiceName(name), execute, goal, accepted, cancel);
    }
  }
  class BoundActionClient extends FakeActionClient {
    constructor(node: FakeNode, type: TypeClass, name: string) {
      node._check(type);
      super(graph, node.resolveServiceName(name));
    }
  }

  const rcl = {
    Context: FakeContext,
    // Typed by the exported classes: a declaration cannot name a local class with #private fields.
    ActionServer: BoundActionServer as new (...args: never[]) => FakeActionServer,
    ActionClient: BoundActionClient as new (...args: never[]) => FakeActionClient,
    Node: FakeNode,
    QoS: FakeQoS,
    Parameter: FakeParameter,
    ParameterDescriptor: FakeParameterDescriptor,
    async init(context: FakeContext = FakeContext.defaultContext, argv: string[] = []): Promise<void> {
      context.argv = [...argv];
      contexts.push(context);
    },
    shutdown(context: FakeContext = FakeContext.defaultContext): void {
      context.shutdown();
    },
    isShutdown(context: FakeContext = FakeContext.defaultContext): boolean {
      return context._isShutdown;
    },
    removeSignalHandlers(): void {},
  };
  const binding: RclBinding = {
    rcl: rcl as unknown as RclModule,
    parameterOverrides: (handle) => {
      const context = contexts.find((c) => c.handle === handle);
      return context !== undefined && hasParameterArguments(context.argv) ? overrides : [];
    },
  };
  return { binding, load: async () => binding, graph, logs, contexts, nodes, classes: rcl };
}
