/**
 * A node's /diagnostics: its own accelerator streams from a (possibly shared) scheduler, with its
 * model's state folded in, published every period (and on demand, e.g. at the end of a short run).
 */
import type { AcceleratorScheduler } from "../../core/scheduling/accelerator-scheduler.ts";
import { StreamDiagnostics } from "../../core/scheduling/diagnostics.ts";
import type { DiagnosticStatus } from "../../messages/diagnostic_msgs.ts";
import { QosPresets, type Publisher, type RosNode, type Timer } from "../../ports/ros.ts";
import { withModelStatus } from "./model-diagnostics.ts";
import type { ModelStatus } from "./scheduled-model.ts";

export interface NodeDiagnosticsOptions {
  readonly scheduler: AcceleratorScheduler;
  readonly streams: readonly string[];
  /** Period of /diagnostics; 0 turns the timer off (`publish()` still works). Default 1000. */
  readonly periodMs?: number;
  /** hardware_id: the backend serving now. */
  readonly hardwareId: () => string;
  readonly modelStatus?: () => ModelStatus;
  /** More statuses of the node (e.g. the health of its inputs), published after the stream's. */
  readonly extraStatus?: (nodeName: string) => readonly DiagnosticStatus[];
}

export class NodeDiagnostics {
  readonly #options: NodeDiagnosticsOptions;
  readonly #diagnostics: StreamDiagnostics;
  readonly #publisher: Publisher<"diagnostic_msgs/msg/DiagnosticArray">;
  readonly #timer: Timer | undefined;
  readonly #nodeName: string;

  constructor(node: RosNode, options: NodeDiagnosticsOptions) {
    const period = options.periodMs ?? 1000;
    if (!(period >= 0)) throw new Error(`node '${node.name}': the diagnostics period must be ≥ 0 ms, got ${period}`);
    this.#options = options;
    const nodeName = node.namespace === "/" ? `/${node.name}` : `${node.namespace}/${node.name}`;
    this.#nodeName = nodeName;
    this.#diagnostics = new StreamDiagnostics({ streams: options.streams, nodeName });
    this.#publisher = node.createPublisher("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", QosPresets.default);
    this.#timer = period > 0 ? node.createTimer(period, () => this.publish()) : undefined;
  }

  publish(): void {
    const diagnostics = this.#diagnostics.next(this.#options.scheduler.snapshot(), { hardwareId: this.#options.hardwareId() });
    const status = this.#options.modelStatus?.();
    const withModel = status !== undefined ? withModelStatus(diagnostics, status) : diagnostics;
    const extra = this.#options.extraStatus?.(this.#nodeName) ?? [];
    this.#publisher.publish(extra.length === 0 ? withModel : { ...withModel, status: [...withModel.status, ...extra] });
  }

  stop(): void {
    this.#timer?.cancel();
  }
}
