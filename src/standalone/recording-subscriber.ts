/**
 * Subscribes to every topic that has a publisher, as `ros2 bag record -a` does. Under ROS 2 a
 * recorder is a subscriber, so outputs a node publishes only while someone listens (depth/points,
 * depth/colored, detections/image) are published, and recorded, while a bag records. The messages
 * themselves are written from the transport's tap (TapRecording): this only makes them exist.
 */
import type { Observable, Subscription as RxSubscription } from "rxjs";
import type { AdvertisedTopic } from "../adapters/local/local-runtime.ts";
import type { MessageTypeName } from "../messages/types.ts";
import type { QosProfile, RosNode } from "../ports/ros.ts";

/**
 * The QoS rosbag2 asks for on a topic: reliable only when every publisher offers reliable,
 * transient local only when every publisher offers it, so it matches them all.
 */
export function recorderQos(offered: readonly QosProfile[]): QosProfile {
  const all = offered.length > 0;
  return {
    reliability: all && offered.every((q) => q.reliability === "reliable") ? "reliable" : "best_effort",
    durability: all && offered.every((q) => q.durability === "transient_local") ? "transient_local" : "volatile",
    depth: Math.max(10, ...offered.map((q) => q.depth)),
  };
}

export class RecordingSubscriber {
  readonly #node: RosNode;
  readonly #discovery: RxSubscription;
  readonly #subscribed = new Set<string>();

  constructor(node: RosNode, topics$: Observable<AdvertisedTopic>) {
    this.#node = node;
    this.#discovery = topics$.subscribe((t) => this.#subscribe(t));
  }

  /** The topics subscribed so far. */
  get topics(): readonly string[] {
    return [...this.#subscribed];
  }

  close(): void {
    this.#discovery.unsubscribe();
    this.#node.destroy();
  }

  #subscribe({ topic, type, offeredQos }: AdvertisedTopic): void {
    if (this.#subscribed.has(topic)) return;
    this.#subscribed.add(topic);
    // The callback has nothing to do: the tap already has every message published.
    this.#node.createSubscription(type as MessageTypeName, topic, recorderQos(offeredQos), () => undefined);
  }
}
