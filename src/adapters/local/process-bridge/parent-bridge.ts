/**
 * The parent's end of the process bridge: a stand-in node on the parent's runtime that subscribes
 * the topics the child's node subscribes (forwarding each message to the child) and publishes, with
 * the QoS the child offers, what the child's node publishes — so the parent's recording and other
 * nodes see the child's node as if it ran here.
 */
import type { MessageTypeName } from "../../../messages/types.ts";
import { QosPresets, type Publisher, type RosNode } from "../../../ports/ros.ts";
import { parseChildMessage, type BridgeChannel, type BridgeEndpoint, type ChildMessage, type ParentMessage } from "./bridge-protocol.ts";

type Reply = Extract<ChildMessage, { kind: "reply" }>;
export type ChildStats = Reply["stats"];

export interface ParentBridgeOptions {
  /** The stand-in node on the parent's runtime (named after the child's node). */
  readonly node: RosNode;
  readonly channel: BridgeChannel;
  /** What the child is called in messages, e.g. "the motor node's process". */
  readonly description: string;
}

export class ParentBridge {
  readonly #node: RosNode;
  readonly #channel: BridgeChannel;
  readonly #description: string;
  readonly #subscribed = new Set<string>();
  readonly #publishers = new Map<string, Publisher<MessageTypeName>>();
  readonly #pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  readonly #ready: Promise<void>;
  #nextId = 1;
  #closed: Error | undefined;
  #stats: ChildStats = {};

  constructor(options: ParentBridgeOptions) {
    this.#node = options.node;
    this.#channel = options.channel;
    this.#description = options.description;
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#channel.onMessage((raw) => {
        const parsed = parseChildMessage(raw);
        if (!parsed.ok) {
          this.#node.logger.error(`${this.#description}: ${parsed.error}`);
          return;
        }
        const message = parsed.value;
        switch (message.kind) {
          case "ready":
            this.#subscribe(message.inputs);
            resolve();
            return;
          case "failed":
            reject(new Error(`${this.#description} could not start it: ${message.error}`));
            return;
          case "inputs":
            this.#subscribe(message.inputs);
            return;
          case "message":
            this.#publish(message);
            return;
          case "reply":
            this.#stats = message.stats;
            this.#pending.get(message.id)?.resolve(message);
            this.#pending.delete(message.id);
            return;
        }
      });
      this.#channel.onClose(() => {
        const error = new Error(`${this.#description} ended`);
        this.#closed = error;
        reject(error);
        for (const waiter of this.#pending.values()) waiter.reject(error);
        this.#pending.clear();
      });
    });
    // A start failure is reported through ready(); never as an unhandled rejection.
    this.#ready.catch(() => undefined);
  }

  /** Resolves once the child's node is serving; rejects if it failed to start or the child ended. */
  ready(): Promise<void> {
    return this.#ready;
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /** The child's node's stats as of its last reply. */
  stats(): ChildStats {
    return this.#stats;
  }

  /**
   * Resolves when the child delivered everything forwarded so far, its node is idle and the
   * outputs for it have been published here.
   */
  async request(options: { diagnostics?: boolean; sampleLag?: boolean } = {}): Promise<Reply> {
    if (this.#closed !== undefined) throw this.#closed;
    const id = this.#nextId++;
    const reply = new Promise<Reply>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.#send({ kind: "request", id, diagnostics: options.diagnostics ?? false, sampleLag: options.sampleLag ?? false });
    return reply;
  }

  /** Asks the child to destroy its node and exit. */
  shutdown(): void {
    if (this.#closed === undefined) this.#send({ kind: "shutdown" });
  }

  #subscribe(inputs: readonly BridgeEndpoint[]): void {
    for (const input of inputs) {
      if (this.#subscribed.has(input.topic)) continue;
      this.#subscribed.add(input.topic);
      this.#node.createSubscription(input.type as MessageTypeName, input.topic, QosPresets.default, (message) => {
        if (this.#closed === undefined) this.#send({ kind: "message", topic: input.topic, message });
      });
    }
  }

  #publish(message: Extract<ChildMessage, { kind: "message" }>): void {
    let publisher = this.#publishers.get(message.topic);
    if (publisher === undefined) {
      publisher = this.#node.createPublisher(message.type as MessageTypeName, message.topic, message.qos);
      this.#publishers.set(message.topic, publisher);
    }
    publisher.publish(message.message as never);
  }

  #send(message: ParentMessage): void {
    try {
      this.#channel.send(message);
    } catch (error) {
      this.#node.logger.warn(`${this.#description}: could not send (${(error as Error).message})`);
    }
  }
}
