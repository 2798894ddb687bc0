/**
 * In-process services: handlers may be async; a throwing handler rejects the caller's promise
 * with an error naming the service; calls support a timeout and an AbortSignal.
 */
import { Subject, type SchedulerLike } from "rxjs";
import type { CallOptions } from "../../ports/ros.ts";
import { serviceAbortError, serviceHandlerError, serviceTimeoutError } from "../ros-common/service-errors.ts";
import { waitForRegistration } from "./name-registration.ts";

type Handler = (request: unknown) => unknown;

interface ServiceEntry {
  readonly type: string;
  readonly handler: Handler;
}

export interface ServiceBusOptions {
  /** Where handlers run; never synchronously inside call(). */
  readonly deliveryScheduler: SchedulerLike;
  /** Where call timeouts and waitForService deadlines are measured. */
  readonly timerScheduler: SchedulerLike;
}

export class ServiceBus {
  readonly #services = new Map<string, ServiceEntry>();
  readonly #registered = new Subject<string>();
  readonly #options: ServiceBusOptions;
  #inFlight = 0;

  constructor(options: ServiceBusOptions) {
    this.#options = options;
  }

  get callsInFlight(): number {
    return this.#inFlight;
  }

  addService(name: string, type: string, handler: Handler): { remove(): void } {
    const existing = this.#services.get(name);
    if (existing !== undefined) {
      throw new Error(`service "${name}" already has a server (type "${existing.type}"); give this one a different name or remap it`);
    }
    const entry: ServiceEntry = { type, handler };
    this.#services.set(name, entry);
    this.#registered.next(name);
    return {
      remove: () => {
        if (this.#services.get(name) === entry) this.#services.delete(name);
      },
    };
  }

  isAvailable(name: string): boolean {
    return this.#services.has(name);
  }

  waitForService(name: string, timeoutMs: number): Promise<boolean> {
    if (this.#services.has(name)) return Promise.resolve(true);
    return waitForRegistration(this.#registered, name, timeoutMs, this.#options.timerScheduler);
  }

  call(name: string, type: string, request: unknown, options: CallOptions = {}): Promise<unknown> {
    const { signal, timeoutMs } = options;
    if (signal?.aborted === true) return Promise.reject(serviceAbortError(name));
    const entry = this.#services.get(name);
    if (entry === undefined) {
      return Promise.reject(
        new Error(`service "${name}" is not available: start the node that provides it, or call waitForService() first`),
      );
    }
    if (entry.type !== type) {
      return Promise.reject(
        new Error(`service "${name}" has type "${entry.type}" but the client uses "${type}"; use the same service type`),
      );
    }
    this.#inFlight++;
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const cleanups: (() => void)[] = [];
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        this.#inFlight--;
        for (const cleanup of cleanups) cleanup();
        action();
      };
      if (timeoutMs !== undefined) {
        const deadline = this.#options.timerScheduler.schedule(() => {
          settle(() => reject(serviceTimeoutError(name, timeoutMs)));
        }, timeoutMs);
        cleanups.push(() => deadline.unsubscribe());
      }
      if (signal !== undefined) {
        const onAbort = () => settle(() => reject(serviceAbortError(name)));
        signal.addEventListener("abort", onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener("abort", onAbort));
      }
      this.#options.deliveryScheduler.schedule(() => {
        if (settled) return;
        let result: unknown;
        try {
          result = entry.handler(request);
        } catch (error) {
          settle(() => reject(serviceHandlerError(name, error)));
          return;
        }
        Promise.resolve(result).then(
          (response) => settle(() => resolve(response)),
          (error: unknown) => settle(() => reject(serviceHandlerError(name, error))),
        );
      });
    });
  }
}
