/**
 * Declares a node's parameters from its spec and handles changes as nav2's ParameterHandler does:
 * a batch is validated once against the current values — the spec's schema, then the node's own
 * `prepare` (files, cross-field rules), which returns what applying needs — and applying uses that
 * same preparation: no second parse, no second read of a file that may have changed in between.
 */
import { descriptorsOf, schemaOf, type ParameterSpec, type ParametersOf } from "../../core/parameters/parameter-spec.ts";
import { validateParameters } from "../../core/parameters/validate-parameters.ts";
import type { ParameterChange, ParameterValue, RosNode, SetParametersResult } from "../../ports/ros.ts";

export type Prepared<P> = { readonly ok: true; readonly value: P } | { readonly ok: false; readonly reason: string };

export interface ParameterHandlerOptions<S extends ParameterSpec, P> {
  /**
   * Checks a candidate configuration beyond its schema and prepares what `apply` needs. `current`
   * is undefined for the start-up configuration. Default: nothing to prepare.
   */
  readonly prepare?: (next: ParametersOf<S>, changed: ReadonlySet<keyof S & string>, current: ParametersOf<S> | undefined) => Prepared<P>;
  /** Applies an accepted batch after the port stored it. */
  readonly apply: (next: ParametersOf<S>, prepared: P, changed: ReadonlySet<keyof S & string>, previous: ParametersOf<S>) => void;
  /** A reason to refuse every change (e.g. the node is shutting down); undefined to accept. */
  readonly refuse?: () => string | undefined;
}

interface PendingBatch<S extends ParameterSpec, P> {
  readonly key: string;
  readonly next: ParametersOf<S>;
  readonly prepared: P;
  readonly changed: ReadonlySet<keyof S & string>;
}

/** The order-independent identity of a batch, to match the applied batch with the validated one. */
function batchKey(changes: readonly ParameterChange[]): string {
  return JSON.stringify([...changes].map((c) => [c.name, c.value]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

export class ParameterHandler<S extends ParameterSpec, P = undefined> {
  readonly #node: RosNode;
  readonly #spec: S;
  readonly #schema;
  readonly #options: ParameterHandlerOptions<S, P>;
  #values: ParametersOf<S>;
  /** The start-up configuration's preparation. */
  readonly initial: Prepared<P>;
  #pending: PendingBatch<S, P> | undefined;

  /** Declares every parameter; throws (naming it) when the start-up configuration is invalid. */
  constructor(node: RosNode, spec: S, options: ParameterHandlerOptions<S, P>) {
    this.#node = node;
    this.#spec = spec;
    this.#schema = schemaOf(spec);
    this.#options = options;
    const declared: Record<string, ParameterValue> = {};
    for (const descriptor of descriptorsOf(spec)) declared[descriptor.name] = node.declareParameter(descriptor);
    const validated = validateParameters(this.#schema, declared);
    // The port checked each value at declaration; what is left is a rule across parameters.
    if (!validated.ok) throw new Error(`node '${node.name}': ${validated.reason}`);
    this.#values = validated.value;
    this.initial = this.#prepare(this.#values, new Set(Object.keys(spec)), undefined);
    node.addParameterValidator((changes) => this.#validate(changes));
    node.onParametersChanged((changes) => this.#applyChanges(changes));
  }

  get values(): Readonly<ParametersOf<S>> {
    return this.#values;
  }

  #prepare(next: ParametersOf<S>, changed: ReadonlySet<keyof S & string>, current: ParametersOf<S> | undefined): Prepared<P> {
    return this.#options.prepare?.(next, changed, current) ?? { ok: true, value: undefined as P };
  }

  #changedNames(changes: readonly ParameterChange[]): ReadonlySet<keyof S & string> {
    return new Set(changes.map((c) => c.name).filter((name): name is keyof S & string => Object.hasOwn(this.#spec, name)));
  }

  #validate(changes: readonly ParameterChange[]): SetParametersResult {
    const refused = this.#options.refuse?.();
    if (refused !== undefined) return { successful: false, reason: refused };
    const validated = validateParameters(this.#schema, this.#values, changes);
    if (!validated.ok) return { successful: false, reason: validated.reason };
    const changed = this.#changedNames(changes);
    const prepared = this.#prepare(validated.value, changed, this.#values);
    if (!prepared.ok) return { successful: false, reason: prepared.reason };
    this.#pending = { key: batchKey(changes), next: validated.value, prepared: prepared.value, changed };
    return { successful: true };
  }

  #applyChanges(changes: readonly ParameterChange[]): void {
    const pending = this.#pending;
    this.#pending = undefined;
    let batch: PendingBatch<S, P>;
    if (pending !== undefined && pending.key === batchKey(changes)) {
      batch = pending;
    } else {
      // Not validated through this handler (another validator's batch in between): validate now.
      const validated = validateParameters(this.#schema, this.#values, changes);
      if (!validated.ok) {
        this.#node.logger.error(`parameters applied without validation were invalid: ${validated.reason}`);
        return;
      }
      const changed = this.#changedNames(changes);
      const prepared = this.#prepare(validated.value, changed, this.#values);
      if (!prepared.ok) {
        this.#node.logger.error(prepared.reason);
        return;
      }
      batch = { key: "", next: validated.value, prepared: prepared.value, changed };
    }
    const previous = this.#values;
    this.#values = batch.next;
    this.#options.apply(batch.next, batch.prepared, batch.changed, previous);
  }
}
