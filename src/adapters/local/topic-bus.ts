/**
 * In-process topics with ROS 2 semantics: one type per topic, request/offer QoS matching,
 * per-subscription keep_last queues, transient_local replay to late joiners, and delivery
 * that never happens inside `publish()`.
 */
import { concat, defer, from, Subject, type Observable, type SchedulerLike } from "rxjs";
import type { Logger, QosProfile } from "../../ports/ros.ts";
import { errorText } from "../ros-common/error-text.ts";
import { matchQos } from "../ros-common/qos-compatibility.ts";

/** One published message, as the `messages$` tap reports it. */
export interface TappedMessage {
  readonly topic: string;
  readonly type: string;
  readonly message: unknown;
  /** Clock time at publish, in milliseconds. */
  readonly receiveTimeMs: number;
  /**
   * The QoS every publisher on the topic offers at this moment, in the order they were created
   * (what rosbag2 writes as `offered_qos_profiles`, so a replay latches what latched here).
   */
  readonly offeredQos: readonly QosProfile[];
}

/** A topic as a recorder discovers it: its type and what its publishers offer now. */
export interface AdvertisedTopic {
  readonly topic: string;
  readonly type: string;
  readonly offeredQos: readonly QosProfile[];
}

export interface TopicStats {
  readonly topic: string;
  readonly type: string;
  readonly publishers: number;
  readonly subscriptions: number;
  readonly published: number;
  readonly delivered: number;
  /** Messages dropped because a subscription's keep_last queue overflowed. */
  readonly dropped: number;
}

interface Sequenced {
  readonly seq: number;
  readonly message: unknown;
}

interface PublisherEntry {
  readonly topic: string;
  readonly qos: QosProfile;
  /** Last `depth` messages, kept only for transient_local publishers. */
  readonly history: Sequenced[];
}

interface SubscriptionEntry {
  readonly topic: string;
  readonly qos: QosProfile;
  readonly callback: (message: unknown) => void;
  readonly logger: Logger;
  readonly queue: unknown[];
  drainScheduled: boolean;
  removed: boolean;
}

interface TopicState {
  readonly type: string;
  readonly publishers: Set<PublisherEntry>;
  readonly subscriptions: Set<SubscriptionEntry>;
  /** The publishers' QoS for the tap, rebuilt only when a publisher comes or goes. */
  offeredQos: readonly QosProfile[];
  published: number;
  delivered: number;
  dropped: number;
}

export interface TopicBusOptions {
  /** Where subscription callbacks run; never synchronously inside publish(). */
  readonly deliveryScheduler: SchedulerLike;
  readonly nowMs: () => number;
  /** Throws if a message must not be published (message checking); undefined = no check. */
  readonly checkMessage?: (topic: string, type: string, message: unknown) => void;
}

export interface PublisherHandle {
  publish(message: unknown): void;
  subscriptionCount(): number;
  remove(): void;
}

export interface SubscriptionHandle {
  remove(): void;
}

export class TopicBus {
  readonly #topics = new Map<string, TopicState>();
  readonly #tap = new Subject<TappedMessage>();
  readonly #advertised = new Subject<AdvertisedTopic>();
  readonly #options: TopicBusOptions;
  #seq = 0;
  #pendingDrains = 0;

  constructor(options: TopicBusOptions) {
    this.#options = options;
  }

  get messages$(): Observable<TappedMessage> {
    return this.#tap.asObservable();
  }

  /**
   * Every topic that has a publisher now, then each topic again whenever a publisher is added to
   * it (so a subscriber may see a topic more than once), as ROS 2 discovery reports them.
   */
  get advertised$(): Observable<AdvertisedTopic> {
    return defer(() => {
      const now = [...this.#topics.entries()]
        .filter(([, s]) => s.publishers.size > 0)
        .map(([topic, s]) => ({ topic, type: s.type, offeredQos: s.offeredQos }));
      return concat(from(now), this.#advertised);
    });
  }

  /** Deliveries scheduled but not yet run. */
  get pendingDeliveries(): number {
    return this.#pendingDrains;
  }

  addPublisher(topic: string, type: string, qos: QosProfile, logger: Logger): PublisherHandle {
    const state = this.#stateFor(topic, type, "publisher");
    const entry: PublisherEntry = { topic, qos, history: [] };
    state.publishers.add(entry);
    state.offeredQos = [...state.publishers].map((p) => p.qos);
    for (const sub of state.subscriptions) this.#warnIfIncompatible(entry, sub, logger);
    this.#advertised.next({ topic, type, offeredQos: state.offeredQos });
    return {
      publish: (message) => this.#publish(state, entry, type, message),
      subscriptionCount: () => [...state.subscriptions].filter((s) => matchQos(entry.qos, s.qos).compatible).length,
      remove: () => {
        state.publishers.delete(entry);
        state.offeredQos = [...state.publishers].map((p) => p.qos);
        this.#forgetIfUnused(topic, state);
      },
    };
  }

  addSubscription(topic: string, type: string, qos: QosProfile, callback: (message: unknown) => void, logger: Logger): SubscriptionHandle {
    const state = this.#stateFor(topic, type, "subscription");
    const entry: SubscriptionEntry = { topic, qos, callback, logger, queue: [], drainScheduled: false, removed: false };
    state.subscriptions.add(entry);
    const replay: Sequenced[] = [];
    for (const pub of state.publishers) {
      this.#warnIfIncompatible(pub, entry, logger);
      // Late joiners get a transient_local publisher's history only if they ask for it too.
      if (qos.durability === "transient_local" && matchQos(pub.qos, qos).compatible) replay.push(...pub.history);
    }
    replay.sort((a, b) => a.seq - b.seq);
    for (const item of replay) this.#enqueue(state, entry, item.message);
    return {
      remove: () => {
        entry.removed = true;
        entry.queue.length = 0;
        state.subscriptions.delete(entry);
        this.#forgetIfUnused(topic, state);
      },
    };
  }

  stats(): TopicStats[] {
    return [...this.#topics.entries()].map(([topic, s]) => ({
      topic,
      type: s.type,
      publishers: s.publishers.size,
      subscriptions: s.subscriptions.size,
      published: s.published,
      delivered: s.delivered,
      dropped: s.dropped,
    }));
  }

  complete(): void {
    this.#tap.complete();
    this.#advertised.complete();
  }

  #stateFor(topic: string, type: string, what: string): TopicState {
    const existing = this.#topics.get(topic);
    if (existing !== undefined) {
      if (existing.type !== type) {
        throw new Error(
          `topic "${topic}" already has type "${existing.type}"; cannot create a ${what} of type "${type}" on it. ` +
            `Use the same message type on both sides or a different topic name (remap it).`,
        );
      }
      return existing;
    }
    const created: TopicState = {
      type,
      publishers: new Set(),
      subscriptions: new Set(),
      offeredQos: [],
      published: 0,
      delivered: 0,
      dropped: 0,
    };
    this.#topics.set(topic, created);
    return created;
  }

  #forgetIfUnused(topic: string, state: TopicState): void {
    if (state.publishers.size === 0 && state.subscriptions.size === 0 && this.#topics.get(topic) === state) {
      this.#topics.delete(topic);
    }
  }

  #warnIfIncompatible(pub: PublisherEntry, sub: SubscriptionEntry, logger: Logger): void {
    const match = matchQos(pub.qos, sub.qos);
    if (!match.compatible) {
      logger.warn(`incompatible QoS on topic "${pub.topic}", no messages will be delivered: ${match.reason}`);
    }
  }

  #publish(state: TopicState, entry: PublisherEntry, type: string, message: unknown): void {
    if (!state.publishers.has(entry)) {
      throw new Error(`publisher on topic "${entry.topic}" was destroyed with its node; create a new one`);
    }
    this.#options.checkMessage?.(entry.topic, type, message);
    const seq = ++this.#seq;
    state.published++;
    if (entry.qos.durability === "transient_local") {
      entry.history.push({ seq, message });
      if (entry.history.length > entry.qos.depth) entry.history.shift();
    }
    this.#tap.next({ topic: entry.topic, type, message, receiveTimeMs: this.#options.nowMs(), offeredQos: state.offeredQos });
    for (const sub of state.subscriptions) {
      if (matchQos(entry.qos, sub.qos).compatible) this.#enqueue(state, sub, message);
    }
  }

  #enqueue(state: TopicState, sub: SubscriptionEntry, message: unknown): void {
    sub.queue.push(message);
    if (sub.queue.length > sub.qos.depth) {
      sub.queue.shift();
      state.dropped++;
    }
    if (sub.drainScheduled) return;
    sub.drainScheduled = true;
    this.#pendingDrains++;
    this.#options.deliveryScheduler.schedule(() => {
      this.#pendingDrains--;
      sub.drainScheduled = false;
      this.#drain(state, sub);
    });
  }

  #drain(state: TopicState, sub: SubscriptionEntry): void {
    const batch = sub.queue.splice(0);
    for (const message of batch) {
      if (sub.removed) return;
      state.delivered++;
      try {
        sub.callback(message);
      } catch (error) {
        sub.logger.error(`subscription callback on topic "${sub.topic}" threw: ${errorText(error)}`);
      }
    }
  }
}
