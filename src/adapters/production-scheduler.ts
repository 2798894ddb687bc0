/**
 * The accelerator scheduler as a process runs it for real: one per process, shared by every node,
 * with the CPU guard watching this process's event loop so that accelerator work is shed before
 * motor control and sensor topics miss their deadlines.
 */
import { AcceleratorScheduler } from "../core/scheduling/accelerator-scheduler.ts";
import { createEventLoopDelaySource } from "./event-loop-delay.ts";

export interface ProductionScheduler {
  readonly scheduler: AcceleratorScheduler;
  close(): void;
}

export function createProductionScheduler(): ProductionScheduler {
  const source = createEventLoopDelaySource();
  const scheduler = new AcceleratorScheduler({ cpuGuard: { source } });
  return {
    scheduler,
    close() {
      scheduler.close();
      source.close();
    },
  };
}
