/**
 * The accelerator scheduler as a process runs it for real: one per process, shared by every node,
 * with the CPU guard watching this process's event loop so that accelerator work is shed before
 * motor control and sensor topics miss their deadlines.
 */
import { AcceleratorScheduler } from "../core/scheduling/accelerator-scheduler.ts";
import { createEventLoopDelaySource } from "../adapters/event-loop-delay.ts";

export interface ProductionScheduler {
  readonly scheduler: AcceleratorScheduler;
  close(): void;
}

export interface ProductionSchedulerOptions {
  /**
   * Watch the event loop and shed accelerator work when it lags (default true). Off for runs
   * that play frames in lock step: there the lag is the work itself and no deadline is at stake.
   */
  readonly cpuGuard?: boolean;
}

export function createProductionScheduler(options: ProductionSchedulerOptions = {}): ProductionScheduler {
  const source = (options.cpuGuard ?? true) ? createEventLoopDelaySource() : undefined;
  const scheduler = new AcceleratorScheduler(source !== undefined ? { cpuGuard: { source } } : {});
  return {
    scheduler,
    close() {
      scheduler.close();
      source?.close();
    },
  };
}
