/**
 * Approximate-time matching of N stamped streams (e.g. depth image + detections + camera_info),
 * the policy of ROS message_filters' ApproximateTime: each emitted set takes one message per
 * stream, every message is used at most once, and among the sets the queues allow it emits the one
 * whose stamps are closest together, slightly preferring newer sets (`agePenalty`).
 *
 * How it works. Each stream has a queue of messages not yet looked at and a list of "past" ones
 * already looked at while searching. While every queue has a message, the heads form a set; its
 * latest head is the pivot of the search: any set containing the pivot's message is a candidate.
 * The earliest head is moved to the past and the next heads are compared with the best candidate so
 * far. The best is emitted once it is provably optimal: when the pivot itself would move to the
 * past (every set containing it was seen), or when any later set must span at least
 * [candidate start, pivot] widened by what time has already passed. Optional per-stream lower
 * bounds on the gap between consecutive stamps let that proof use messages not yet arrived
 * ("virtual" heads), so a set goes out without waiting for the next message of a slow stream.
 *
 * Plain data in, plain data out: `add` returns the sets it completed. Stamps are expected to rise
 * on each stream; a message older than its stream's previous one is dropped as out_of_order
 * (after a time jump, e.g. a bag looping, call `reset`).
 */
import type { Time } from "../../ports/clock.ts";
import { nanosFromMs, nanosFromStamp } from "./stamp-nanos.ts";
import { SYNC_DROP_REASONS, type SyncDropReason, type SyncStreamStats } from "./sync-stats.ts";

export interface ApproximateTimeSyncOptions {
  /** How many streams are matched (at least 2). */
  readonly streams: number;
  /** Messages kept per stream, waiting or looked at (message_filters' queue_size); at least 2 is advised. Default 10. */
  readonly queueSize?: number;
  /** Largest spread of stamps within a set, ms; a message with no partners that close is dropped. Default: no limit. */
  readonly maxIntervalMs?: number;
  /**
   * Preference for the older of two sets sharing the pivot: the newer one wins only if it is
   * tighter by more than agePenalty × how much later it ends. Default 0.1.
   */
  readonly agePenalty?: number;
  /** Per stream, the least time between two consecutive stamps, ms (0: unknown). Default all 0. */
  readonly interMessageLowerBoundsMs?: readonly number[];
}

export interface MatchedSet<M extends readonly unknown[]> {
  /** One message per stream, in stream order. */
  readonly messages: M;
  readonly stamps: readonly Time[];
}

interface Held {
  readonly message: unknown;
  readonly stamp: Time;
  readonly ns: bigint;
}

class StreamCounters {
  received = 0;
  matched = 0;
  lowerBoundViolations = 0;
  readonly dropped: Record<SyncDropReason, number> = { overflow: 0, too_old: 0, no_partner: 0, out_of_order: 0 };
}

export class ApproximateTimeSync<M extends readonly unknown[]> {
  readonly #n: number;
  readonly #queueSize: number;
  readonly #maxIntervalNs: bigint | undefined;
  readonly #agePenalty: number;
  readonly #lowerBoundsNs: readonly bigint[];
  readonly #counters: StreamCounters[];

  /** Per stream: messages not looked at yet (front = oldest), and those looked at during the current search. */
  #queues: Held[][];
  #past: Held[][];
  #nonEmptyQueues = 0;
  /** The newest stamp received per stream (out-of-order check and lower-bound check). */
  #lastNs: (bigint | undefined)[];
  /** A stream whose queue overflowed: a set pivoting on it might have had a better partner that is gone. */
  #hasDropped: boolean[];
  #candidate: Held[] | undefined;
  #candidateStartNs = 0n;
  #candidateEndNs = 0n;
  #pivot: number | undefined;
  #pivotNs = 0n;
  /** Sets completed during the current `add`. */
  #emitted: MatchedSet<M>[] = [];

  constructor(options: ApproximateTimeSyncOptions) {
    const { streams } = options;
    if (!Number.isInteger(streams) || streams < 2)
      throw new RangeError(`approximate-time sync: streams ${String(streams)} must be an integer ≥ 2`);
    const queueSize = options.queueSize ?? 10;
    if (!Number.isInteger(queueSize) || queueSize < 1)
      throw new RangeError(`approximate-time sync: queueSize ${String(queueSize)} must be an integer ≥ 1`);
    const agePenalty = options.agePenalty ?? 0.1;
    if (!(agePenalty >= 0) || !Number.isFinite(agePenalty))
      throw new RangeError(`approximate-time sync: agePenalty ${String(agePenalty)} must be ≥ 0`);
    const maxIntervalMs = options.maxIntervalMs ?? Infinity;
    if (!(maxIntervalMs >= 0)) throw new RangeError(`approximate-time sync: maxIntervalMs ${String(maxIntervalMs)} must be ≥ 0`);
    const bounds = options.interMessageLowerBoundsMs ?? new Array<number>(streams).fill(0);
    if (bounds.length !== streams || bounds.some((b) => !(b >= 0) || !Number.isFinite(b))) {
      throw new RangeError(
        `approximate-time sync: interMessageLowerBoundsMs must hold ${streams} finite values ≥ 0, got [${bounds.join(", ")}]`,
      );
    }
    this.#n = streams;
    this.#queueSize = queueSize;
    this.#maxIntervalNs = Number.isFinite(maxIntervalMs) ? nanosFromMs(maxIntervalMs) : undefined;
    this.#agePenalty = agePenalty;
    this.#lowerBoundsNs = bounds.map(nanosFromMs);
    this.#counters = Array.from({ length: streams }, () => new StreamCounters());
    this.#queues = Array.from({ length: streams }, () => []);
    this.#past = Array.from({ length: streams }, () => []);
    this.#lastNs = new Array<bigint | undefined>(streams).fill(undefined);
    this.#hasDropped = new Array<boolean>(streams).fill(false);
  }

  get streams(): number {
    return this.#n;
  }

  /** Takes one message of stream `stream` (0-based) stamped `stamp`; returns the sets this completed, oldest first. */
  add<I extends number>(stream: I, message: M[I], stamp: Time): readonly MatchedSet<M>[] {
    if (!Number.isInteger(stream) || stream < 0 || stream >= this.#n) {
      throw new RangeError(`approximate-time sync: stream ${String(stream)} is not one of 0..${this.#n - 1}`);
    }
    const ns = nanosFromStamp(stamp);
    const counters = this.#counters[stream]!;
    counters.received++;
    const last = this.#lastNs[stream];
    if (last !== undefined && ns < last) {
      counters.dropped.out_of_order++;
      return [];
    }
    if (last !== undefined && ns - last < this.#lowerBoundsNs[stream]!) counters.lowerBoundViolations++;
    this.#lastNs[stream] = ns;

    this.#emitted = [];
    const queue = this.#queues[stream]!;
    queue.push({ message, stamp, ns });
    if (queue.length === 1) {
      this.#nonEmptyQueues++;
      if (this.#nonEmptyQueues === this.#n) this.#process();
    }
    // The search may leave queueSize + 1 messages of this stream; that is when one must go.
    if (this.#queues[stream]!.length + this.#past[stream]!.length > this.#queueSize) {
      this.#recoverAll();
      this.#queues[stream]!.shift();
      counters.dropped.overflow++;
      this.#hasDropped[stream] = true;
      if (this.#pivot !== undefined) {
        // The candidate may have held the message just dropped; search again from the heads.
        this.#candidate = undefined;
        this.#pivot = undefined;
        this.#process();
      }
    }
    const emitted = this.#emitted;
    this.#emitted = [];
    return emitted;
  }

  /** Forgets every held message and stamp (not counted as drops), e.g. after the clock jumped back. */
  reset(): void {
    this.#queues = this.#queues.map(() => []);
    this.#past = this.#past.map(() => []);
    this.#nonEmptyQueues = 0;
    this.#lastNs = this.#lastNs.map(() => undefined);
    this.#hasDropped = this.#hasDropped.map(() => false);
    this.#candidate = undefined;
    this.#pivot = undefined;
  }

  stats(): readonly SyncStreamStats[] {
    return this.#counters.map((c, i) => {
      const dropped = { ...c.dropped };
      return {
        received: c.received,
        matched: c.matched,
        waiting: this.#queues[i]!.length + this.#past[i]!.length,
        dropped,
        droppedTotal: SYNC_DROP_REASONS.reduce((sum, r) => sum + dropped[r], 0),
        lowerBoundViolations: c.lowerBoundViolations,
      };
    });
  }

  /** Runs the search while every stream has a message to look at. */
  #process(): void {
    while (this.#nonEmptyQueues === this.#n) {
      const [endIndex, endNs] = this.#headBoundary(true);
      const [startIndex, startNs] = this.#headBoundary(false);
      // A stream other than the latest head has had its chance at every dropped message.
      for (let i = 0; i < this.#n; i++) if (i !== endIndex) this.#hasDropped[i] = false;
      if (this.#pivot === undefined) {
        if (this.#maxIntervalNs !== undefined && endNs - startNs > this.#maxIntervalNs) {
          this.#dropFront(startIndex, "no_partner");
          continue;
        }
        if (this.#hasDropped[endIndex]) {
          // Its better partner may have been dropped, so it must not pivot; the earliest head is hopeless.
          this.#dropFront(startIndex, "too_old");
          continue;
        }
        this.#makeCandidate(startNs, endNs);
        this.#pivot = endIndex;
        this.#pivotNs = endNs;
        this.#moveFrontToPast(startIndex);
      } else {
        if (this.#penalised(endNs - this.#candidateEndNs) < startNs - this.#candidateStartNs) this.#makeCandidate(startNs, endNs);
        this.#moveFrontToPast(startIndex);
      }
      const pivot = this.#pivot;
      if (startIndex === pivot) {
        // Every set containing the pivot has been seen.
        this.#publishCandidate();
      } else if (this.#penalised(endNs - this.#candidateEndNs) >= this.#pivotNs - this.#candidateStartNs) {
        // Any later set spans [pivot, endNs] at least, already worse than the candidate.
        this.#publishCandidate();
      } else if (this.#nonEmptyQueues < this.#n) {
        this.#proveWithLowerBounds();
      }
    }
  }

  /**
   * With a queue empty, tries to prove the candidate optimal using the earliest stamp each empty
   * stream's next message can have (its last stamp plus its lower bound, and no earlier than the
   * pivot). Moves made while trying are undone when the proof fails.
   */
  #proveWithLowerBounds(): void {
    const moves = new Array<number>(this.#n).fill(0);
    for (;;) {
      const [, endNs] = this.#virtualBoundary(true);
      const [startIndex, startNs] = this.#virtualBoundary(false);
      const widened = this.#penalised(endNs - this.#candidateEndNs);
      if (widened >= this.#pivotNs - this.#candidateStartNs) {
        this.#publishCandidate();
        return;
      }
      if (widened < startNs - this.#candidateStartNs) {
        // An optimistic future set would beat the candidate: wait for real messages.
        this.#recoverAll(moves);
        return;
      }
      // The two tests above cannot both fail when startIndex is the pivot, so this always ends.
      this.#moveFrontToPast(startIndex);
      moves[startIndex]!++;
    }
  }

  /** Latest (end) or earliest (start) head; ties go to the higher stream index for the end, the lower for the start. */
  #headBoundary(end: boolean): [index: number, ns: bigint] {
    let index = 0;
    let ns = this.#queues[0]![0]!.ns;
    for (let i = 1; i < this.#n; i++) {
      const t = this.#queues[i]![0]!.ns;
      if (t < ns !== end) {
        index = i;
        ns = t;
      }
    }
    return [index, ns];
  }

  #virtualBoundary(end: boolean): [index: number, ns: bigint] {
    let index = 0;
    let ns = this.#virtualHead(0);
    for (let i = 1; i < this.#n; i++) {
      const t = this.#virtualHead(i);
      if (t < ns !== end) {
        index = i;
        ns = t;
      }
    }
    return [index, ns];
  }

  #virtualHead(i: number): bigint {
    const head = this.#queues[i]![0];
    if (head !== undefined) return head.ns;
    // An empty queue during a search has a past: the candidate took one of its messages.
    const bound = this.#past[i]!.at(-1)!.ns + this.#lowerBoundsNs[i]!;
    return bound > this.#pivotNs ? bound : this.#pivotNs;
  }

  /** A spread grown with age, truncated to whole nanoseconds like rclcpp's Duration × double. */
  #penalised(ns: bigint): bigint {
    return BigInt(Math.trunc(Number(ns) * (1 + this.#agePenalty)));
  }

  #makeCandidate(startNs: bigint, endNs: bigint): void {
    this.#candidate = this.#queues.map((q) => q[0]!);
    // What was looked at before is older than this better set and can never be used.
    for (let i = 0; i < this.#n; i++) {
      this.#counters[i]!.dropped.too_old += this.#past[i]!.length;
      this.#past[i] = [];
    }
    this.#candidateStartNs = startNs;
    this.#candidateEndNs = endNs;
  }

  #publishCandidate(): void {
    const candidate = this.#candidate!;
    this.#candidate = undefined;
    this.#pivot = undefined;
    this.#recoverAll();
    // Each stream's candidate message is now the front of its queue.
    for (let i = 0; i < this.#n; i++) {
      this.#queues[i]!.shift();
      this.#counters[i]!.matched++;
      if (this.#queues[i]!.length === 0) this.#nonEmptyQueues--;
    }
    this.#emitted.push({ messages: candidate.map((h) => h.message) as unknown as M, stamps: candidate.map((h) => h.stamp) });
  }

  #dropFront(i: number, reason: SyncDropReason): void {
    this.#queues[i]!.shift();
    this.#counters[i]!.dropped[reason]++;
    if (this.#queues[i]!.length === 0) this.#nonEmptyQueues--;
  }

  #moveFrontToPast(i: number): void {
    this.#past[i]!.push(this.#queues[i]!.shift()!);
    if (this.#queues[i]!.length === 0) this.#nonEmptyQueues--;
  }

  /** Puts looked-at messages back in front of their queues: all of them, or the last `counts[i]` of stream i. */
  #recoverAll(counts?: readonly number[]): void {
    this.#nonEmptyQueues = 0;
    for (let i = 0; i < this.#n; i++) {
      const past = this.#past[i]!;
      const n = counts === undefined ? past.length : counts[i]!;
      if (n > 0) this.#queues[i]!.unshift(...past.splice(past.length - n, n));
      if (this.#queues[i]!.length > 0) this.#nonEmptyQueues++;
    }
  }
}
