/**
 * A node's job stream on the process's accelerator scheduler, or on a scheduler of its own when
 * it was given none (tests, single-node runs): released the matching way when the node stops.
 */
import { AcceleratorScheduler, type AcceleratorStream } from "../../core/scheduling/accelerator-scheduler.ts";
import type { StreamOptionsInput } from "../../core/scheduling/stream-options.ts";

export class NodeStream {
  readonly scheduler: AcceleratorScheduler;
  readonly stream: AcceleratorStream;
  readonly #owned: boolean;

  constructor(shared: AcceleratorScheduler | undefined, options: StreamOptionsInput) {
    this.#owned = shared === undefined;
    this.scheduler = shared ?? new AcceleratorScheduler();
    this.stream = this.scheduler.declareStream(options);
  }

  /** Closes an own scheduler; takes the stream off a shared one (so a node of the same name can declare it again). */
  release(): void {
    if (this.#owned) this.scheduler.close();
    else this.scheduler.removeStream(this.stream.name);
  }
}
