/**
 * Virtual time for tests and simulations: one object that is both the `Clock` and the RxJS
 * `SchedulerLike` a component takes, so its timers and its "now" agree. Time only moves when the
 * test calls `advanceBy`/`advanceTo`; between timer firings the microtask queue is drained so that
 * Promise-based code (jobs, backends) settles exactly as it would at that instant.
 */
import { Subscription } from "rxjs";
import type { SchedulerAction, SchedulerLike } from "rxjs";
import type { Clock } from "../../ports/clock.ts";

interface PendingAction {
  readonly action: VirtualAction<unknown>;
  readonly dueMs: number;
}

class VirtualAction<T> extends Subscription implements SchedulerAction<T> {
  readonly #clock: VirtualClock;
  readonly #work: (this: SchedulerAction<T>, state?: T) => void;
  #state: T | undefined;
  #entry: PendingAction | undefined;

  constructor(clock: VirtualClock, work: (this: SchedulerAction<T>, state?: T) => void) {
    super();
    this.#clock = clock;
    this.#work = work;
    this.add(() => this.#cancelEntry());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.#state = state;
    this.#cancelEntry();
    this.#entry = this.#clock.enqueue(this as VirtualAction<unknown>, delay);
    return this;
  }

  /** Called by the clock when due. */
  execute(): void {
    this.#entry = undefined;
    this.#work.call(this, this.#state);
    // An action that did not reschedule itself is finished (RxJS AsyncAction semantics).
    if (this.#entry === undefined) this.unsubscribe();
  }

  #cancelEntry(): void {
    if (this.#entry !== undefined) {
      this.#clock.dequeue(this.#entry);
      this.#entry = undefined;
    }
  }
}

/** Waits until every queued microtask (and the microtasks they queue) has run. */
export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class VirtualClock implements Clock, SchedulerLike {
  #nowMs: number;
  #pending: PendingAction[] = [];

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new VirtualAction<T>(this, work).schedule(state, delay);
  }

  /** Number of timers still waiting to fire. */
  get pendingTimers(): number {
    return this.#pending.length;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in time order. */
  async advanceBy(ms: number): Promise<void> {
    await this.advanceTo(this.#nowMs + ms);
  }

  async advanceTo(targetMs: number): Promise<void> {
    if (targetMs < this.#nowMs) {
      throw new Error(`VirtualClock.advanceTo(${targetMs}): time cannot go backwards from ${this.#nowMs}`);
    }
    await drainMicrotasks();
    for (;;) {
      const next = this.#earliest();
      if (next === undefined || next.dueMs > targetMs) break;
      this.dequeue(next);
      this.#nowMs = Math.max(this.#nowMs, next.dueMs);
      next.action.execute();
      await drainMicrotasks();
    }
    this.#nowMs = targetMs;
    await drainMicrotasks();
  }

  /** @internal used by actions */
  enqueue(action: VirtualAction<unknown>, delayMs: number): PendingAction {
    const entry: PendingAction = { action, dueMs: this.#nowMs + Math.max(0, delayMs) };
    this.#pending.push(entry);
    return entry;
  }

  /** @internal used by actions */
  dequeue(entry: PendingAction): void {
    const i = this.#pending.indexOf(entry);
    // Stryker disable next-line ConditionalExpression: equivalent, an action's entry is in #pending whenever it asks to remove it
    if (i >= 0) this.#pending.splice(i, 1);
  }

  #earliest(): PendingAction | undefined {
    let best: PendingAction | undefined;
    for (const p of this.#pending) {
      // #pending is in the order timers were set, so among equal due times the first one found wins.
      if (best === undefined || p.dueMs < best.dueMs) best = p;
    }
    return best;
  }
}
