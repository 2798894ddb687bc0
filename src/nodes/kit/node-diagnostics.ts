/**
 * A node's /diagnostics: its own accelerator streams from a (possibly shared) scheduler, with its
 * model's state folded in, and more statuses of its own (a node without the accelerator has only
 * those), published every period (and on demand, e.g. at the end of a short run).
 */
import type { AcceleratorScheduler } from "../../core/scheduling/accelerator-scheduler.ts";
import { StreamDiagnostics } from "../../core/scheduling/diagnostics.ts";
import type { DiagnosticArray, DiagnosticStatus } from "../../messages/diagnostic_msgs.ts";
import type { Publisher, RosNode, Timer } from "../../ports/ros.ts";
import { createPublisherOf, DIAGNOSTICS_TOPIC, type TopicInterface } from "./node-interfaces.ts";
import { withModelStatus } from "./model-diagnostics.ts";
import type { ModelStatus } from "./scheduled-model.ts";

/** A node on the accelerator reports its streams; one without it passes only `extraStatus`. */
export interface NodeDiagnosticsOptions {
  readonly scheduler?: AcceleratorScheduler;
  readonly streams?: readonly string[];
  /** Period of /diagnostics; 0 turns the timer off (`publish()` still works). Default 1000. */
  readonly periodMs?: number;
  /** hardware_id: the backend serving now. */
  readonly hardwareId?: () => string;
  readonly modelStatus?: () => ModelStatus;
  /** The node's own statuses (e.g. the health of its inputs), after the stream ones; given the node's full name. */
  readonly extraStatus?: (nodeName: string) => readonly DiagnosticStatus[];
  /** The node's declaration of its diagnostics topic. Default: /diagnostics. */
  readonly topic?: TopicInterface<"diagnostic_msgs/msg/DiagnosticArray">;
}

export class NodeDiagnostics {
  readonly #options: NodeDiagnosticsOptions;
  readonly #node: RosNode;
  readonly #diagnostics: StreamDiagnostics | undefined;
  readonly #publisher: Publisher<"diagnostic_msgs/msg/DiagnosticArray">;
  readonly #timer: Timer | undefined;
  readonly #nodeName: string;

  constructor(node: RosNode, options: NodeDiagnosticsOptions) {
    const period = options.periodMs ?? 1000;
    if (!(period >= 0)) throw new Error(`node '${node.name}': the diagnostics period must be ≥ 0 ms, got ${period}`);
    this.#options = options;
    this.#node = node;
    const nodeName = node.namespace === "/" ? `/${node.name}` : `${node.namespace}/${node.name}`;
    this.#nodeName = nodeName;
    this.#diagnostics = options.scheduler !== undefined ? new StreamDiagnostics({ streams: options.streams ?? [], nodeName }) : undefined;
    this.#publisher = createPublisherOf(node, options.topic ?? DIAGNOSTICS_TOPIC);
    this.#timer = period > 0 ? node.createTimer(period, () => this.publish()) : undefined;
  }

  publish(): void {
    const { scheduler, hardwareId, modelStatus, extraStatus } = this.#options;
    let diagnostics: DiagnosticArray;
    if (this.#diagnostics !== undefined && scheduler !== undefined) {
      diagnostics = this.#diagnostics.next(scheduler.snapshot(), hardwareId !== undefined ? { hardwareId: hardwareId() } : {});
      const status = modelStatus?.();
      if (status !== undefined) diagnostics = withModelStatus(diagnostics, status);
    } else {
      diagnostics = { header: { stamp: this.#node.now(), frame_id: "" }, status: [] };
    }
    const own = extraStatus?.(this.#nodeName) ?? [];
    this.#publisher.publish(own.length === 0 ? diagnostics : { ...diagnostics, status: [...diagnostics.status, ...own] });
  }

  stop(): void {
    this.#timer?.cancel();
  }
}
