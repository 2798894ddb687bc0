/**
 * What both RosNode implementations share apart from transport: the checks at parameter
 * declaration (descriptor, then the override that will be used), the batch checks and the
 * validator loop, parameter listeners, timer period checks and guarded timer callbacks. Each
 * runtime's node extends this and adds only what talks to its transport.
 */
import type {
  Logger,
  ParameterChange,
  ParameterDescriptor,
  ParameterValidator,
  ParameterValue,
  SetParametersResult,
} from "../../ports/ros.ts";
import { errorText } from "./error-text.ts";
import { checkDescriptor, checkParameterChanges, checkParameterValue } from "./parameter-rules.ts";

/** A value offered for a parameter at declaration, and where it came from (for the error). */
export interface DeclarationCandidate {
  /** "override", `launch override (from "/**")`, … */
  readonly source: string;
  readonly value: unknown;
}

export abstract class RosNodeBase {
  abstract readonly logger: Logger;
  abstract get fullyQualifiedName(): string;

  readonly #descriptors = new Map<string, ParameterDescriptor>();
  readonly #validators: ParameterValidator[] = [];
  readonly #listeners: ((changes: readonly ParameterChange[]) => void)[] = [];

  addParameterValidator(validator: ParameterValidator): void {
    this.#validators.push(validator);
  }

  onParametersChanged(listener: (changes: readonly ParameterChange[]) => void): void {
    this.#listeners.push(listener);
  }

  /** `node "/ns/name"`, the prefix of every error a node throws. */
  protected get where(): string {
    return `node "${this.fullyQualifiedName}"`;
  }

  protected get parameterDescriptors(): ReadonlyMap<string, ParameterDescriptor> {
    return this.#descriptors;
  }

  protected isDeclared(name: string): boolean {
    return this.#descriptors.has(name);
  }

  /**
   * Checks a declaration before the transport sees it: declared once, a valid descriptor, and the
   * candidate (an override, else the default) passing it. Returns the value to declare with.
   */
  protected checkDeclaration(descriptor: ParameterDescriptor, override: DeclarationCandidate | undefined): ParameterValue {
    if (this.#descriptors.has(descriptor.name)) {
      throw new Error(`${this.where}: parameter "${descriptor.name}" is already declared; declare each parameter once`);
    }
    const descriptorCheck = checkDescriptor(descriptor);
    if (!descriptorCheck.ok) throw new Error(`${this.where}: ${descriptorCheck.error}`);
    const { source, value } = override ?? { source: "default", value: descriptor.default };
    const check = checkParameterValue(descriptor, value);
    if (!check.ok) {
      throw new Error(
        `${this.where}: ${source} for ${check.error}. Fix the value given for "${descriptor.name}" ` +
          `(e.g. -p ${descriptor.name}:=<${descriptor.type}>) or remove it to use the default ${JSON.stringify(descriptor.default)}`,
      );
    }
    return check.value;
  }

  /** Records a declaration once the transport has accepted it. */
  protected recordDeclaration(descriptor: ParameterDescriptor): void {
    this.#descriptors.set(descriptor.name, descriptor);
  }

  /** The rules `ros2 param set` applies (declared, not read-only, type, range), before validators. */
  protected checkChanges(changes: readonly ParameterChange[]): SetParametersResult {
    return checkParameterChanges(this.#descriptors, changes);
  }

  /** The rules, then every validator; the first failure rejects the whole batch. */
  protected judgeChanges(changes: readonly ParameterChange[]): SetParametersResult {
    const checked = this.checkChanges(changes);
    if (!checked.successful) return checked;
    for (const validator of this.#validators) {
      const verdict = validator(changes);
      if (!verdict.successful) return verdict;
    }
    return { successful: true };
  }

  /** Tells listeners about an applied batch; a throwing listener is logged and the others still run. */
  protected notifyParametersChanged(changes: readonly ParameterChange[]): void {
    for (const listener of this.#listeners) {
      try {
        listener(changes);
      } catch (error) {
        this.logger.error(`parameter change listener threw: ${errorText(error)}`);
      }
    }
  }

  /** Throws unless the period is a positive number of ms. */
  protected checkTimerPeriod(periodMs: number): void {
    if (!Number.isFinite(periodMs) || periodMs <= 0) {
      throw new Error(`${this.where}: timer period must be a positive number of ms (got ${periodMs})`);
    }
  }

  /** A timer callback whose exceptions are logged, so one bad tick does not stop the timer. */
  protected guardedTimerCallback(periodMs: number, callback: () => void): () => void {
    return () => {
      try {
        callback();
      } catch (error) {
        this.logger.error(`timer callback (period ${periodMs} ms) threw: ${errorText(error)}`);
      }
    };
  }
}
