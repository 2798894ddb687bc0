/**
 * The child's end of the process bridge: runs next to one node on a local runtime of its own,
 * forwards what the node publishes to the parent and publishes what the parent forwards on the
 * topics the node subscribes. Which topics those are is read from the runtime, so any node works.
 */
import type { Subscription as RxSubscription } from "rxjs";
import type { MessageTypeName } from "../../../messages/types.ts";
import type { Publisher, RosNode } from "../../../ports/ros.ts";
import { createEventLoopDelaySource, type NodeEventLoopDelaySource } from "../../event-loop-delay.ts";
import type { LocalRuntime } from "../local-runtime.ts";
import { parseParentMessage, type BridgeChannel, type BridgeEndpoint, type ChildMessage } from "./bridge-protocol.ts";

/** What the bridge needs of the node it serves. */
export interface BridgedNode {
  readonly name: string;
  idle(): Promise<void>;
  publishDiagnostics?(): void;
  stats?(): Readonly<Record<string, unknown>>;
  destroy(): Promise<void>;
}

export interface ChildBridgeOptions {
  readonly runtime: LocalRuntime;
  readonly channel: BridgeChannel;
  /** Called after a shutdown request (or the parent's going away) destroyed the node. */
  readonly onShutdown: () => void;
  /** Event-loop delay sampling resolution (default 10 ms). */
  readonly lagResolutionMs?: number;
}

export class ChildBridge {
  readonly #runtime: LocalRuntime;
  readonly #channel: BridgeChannel;
  readonly #onShutdown: () => void;
  readonly #inbound: RosNode;
  readonly #publishers = new Map<string, Publisher<MessageTypeName>>();
  readonly #lag: NodeEventLoopDelaySource;
  #inputs: BridgeEndpoint[] = [];
  #node: BridgedNode | undefined;
  #tap: RxSubscription | undefined;
  #shuttingDown = false;

  constructor(options: ChildBridgeOptions) {
    this.#runtime = options.runtime;
    this.#channel = options.channel;
    this.#onShutdown = options.onShutdown;
    this.#inbound = options.runtime.createNode("process_bridge");
    this.#lag = createEventLoopDelaySource({ resolutionMs: options.lagResolutionMs ?? 10 });
    this.#channel.onMessage((raw) => void this.#receive(raw));
    // The parent is gone (it crashed or was killed): nothing will command this node any more.
    this.#channel.onClose(() => void this.shutdown());
  }

  /** Starts serving `node` (already started on the runtime) and tells the parent it is ready. */
  serve(node: BridgedNode): void {
    this.#node = node;
    this.#inputs = this.#subscribedTopics();
    this.#tap = this.#runtime.messages$.subscribe((tapped) => {
      // What the parent forwarded comes back through the tap too; only the node's own messages go out.
      if (this.#isInput(tapped.topic)) return;
      const offered = tapped.offeredQos[0] ?? { reliability: "reliable", durability: "volatile", depth: 10 };
      this.#send({ kind: "message", topic: tapped.topic, type: tapped.type, qos: { ...offered }, message: tapped.message });
    });
    this.#send({ kind: "ready", node: node.name, inputs: this.#inputs });
  }

  /** Tells the parent the node could not start. */
  failed(error: string): void {
    this.#send({ kind: "failed", error });
  }

  #subscribedTopics(): BridgeEndpoint[] {
    const published = new Set(
      this.#runtime
        .topicStats()
        .filter((t) => t.publishers > 0 && !this.#publishers.has(t.topic))
        .map((t) => t.topic),
    );
    return this.#runtime
      .topicStats()
      .filter((t) => t.subscriptions > 0 && !published.has(t.topic))
      .map((t) => ({ topic: t.topic, type: t.type }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  }

  #isInput(topic: string): boolean {
    return this.#inputs.some((input) => input.topic === topic);
  }

  async #receive(raw: unknown): Promise<void> {
    const parsed = parseParentMessage(raw);
    if (!parsed.ok) {
      this.#inbound.logger.error(parsed.error);
      return;
    }
    const message = parsed.value;
    switch (message.kind) {
      case "message":
        this.#forwardIn(message.topic, message.message);
        return;
      case "request": {
        const node = this.#node;
        if (node === undefined) return;
        if (message.diagnostics) node.publishDiagnostics?.();
        await this.#runtime.idle();
        await node.idle();
        await this.#runtime.idle();
        this.#refreshInputs();
        const stats = Object.fromEntries(Object.entries(node.stats?.() ?? {}).filter(([, v]) => typeof v === "number" || isSummary(v)));
        this.#send({
          kind: "reply",
          id: message.id,
          stats: stats as Extract<ChildMessage, { kind: "reply" }>["stats"],
          ...(message.sampleLag ? { eventLoopLagMs: this.#lag.sampleMs() } : {}),
        });
        return;
      }
      case "shutdown":
        await this.shutdown();
        return;
    }
  }

  #forwardIn(topic: string, message: unknown): void {
    const input = this.#inputs.find((i) => i.topic === topic);
    if (input === undefined) {
      this.#inbound.logger.warn(`the parent forwarded ${topic}, which node '${this.#node?.name ?? "?"}' does not subscribe; dropped`);
      return;
    }
    let publisher = this.#publishers.get(topic);
    if (publisher === undefined) {
      publisher = this.#inbound.createPublisher(input.type as MessageTypeName, topic);
      this.#publishers.set(topic, publisher);
    }
    publisher.publish(message as never);
  }

  #refreshInputs(): void {
    const now = this.#subscribedTopics();
    if (JSON.stringify(now) === JSON.stringify(this.#inputs)) return;
    this.#inputs = now;
    this.#send({ kind: "inputs", inputs: now });
  }

  /** Destroys the node (once), then calls onShutdown. */
  async shutdown(): Promise<void> {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    this.#tap?.unsubscribe();
    this.#lag.close();
    try {
      await this.#node?.destroy();
    } finally {
      this.#onShutdown();
    }
  }

  #send(message: ChildMessage): void {
    if (this.#shuttingDown && message.kind === "message") return;
    try {
      this.#channel.send(message);
    } catch {
      // The parent is gone; onClose shuts down.
    }
  }
}

function isSummary(value: unknown): boolean {
  return typeof value === "object" && value !== null && "p99Ms" in value;
}
