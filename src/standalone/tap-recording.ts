/**
 * Records every message on a local runtime's tap to a ROS 2 MCAP file. Each topic's
 * `offered_qos_profiles` is what its publishers offer, as the tap reports it, so a latched topic
 * latches again on `ros2 bag play` without the runner having to know which topics latch.
 */
import type { Observable, Subscription } from "rxjs";
import type { TappedMessage } from "../adapters/local/local-runtime.ts";
import { McapRecorder, type McapRecorderOptions } from "../adapters/mcap/mcap-recorder.ts";
import type { MessageTypeName } from "../messages/types.ts";

export class TapRecording {
  readonly #recorder: McapRecorder;
  readonly #subscription: Subscription;
  /** Writes not yet queued in the file; close() waits for them. */
  readonly #pending = new Set<Promise<void>>();
  #writeError: Error | undefined;

  private constructor(recorder: McapRecorder, tap: Observable<TappedMessage>) {
    this.#recorder = recorder;
    this.#subscription = tap.subscribe((m) => this.#write(m));
  }

  /** Opens `path` (failing before anything is subscribed) and records from now on. */
  static async start(path: string, tap: Observable<TappedMessage>, options: McapRecorderOptions = {}): Promise<TapRecording> {
    return new TapRecording(await McapRecorder.create(path, options), tap);
  }

  get path(): string {
    return this.#recorder.path;
  }

  /** Messages accepted so far. */
  get messageCount(): number {
    return this.#recorder.messageCount;
  }

  /** Stops recording, writes what is queued and the summary, and closes the file; throws if any message was lost. */
  async close(): Promise<void> {
    this.#subscription.unsubscribe();
    await Promise.all(this.#pending);
    await this.#recorder.close();
    if (this.#writeError !== undefined) throw new Error(`recording to '${this.path}' failed: ${this.#writeError.message}`);
  }

  #write(m: TappedMessage): void {
    const logTimeNs = BigInt(Math.round(m.receiveTimeMs * 1e6));
    const write = this.#recorder
      .write(m.topic, m.type as MessageTypeName, m.message as never, logTimeNs, { offeredQos: m.offeredQos })
      .catch((error: Error) => {
        this.#writeError ??= error;
      })
      .finally(() => this.#pending.delete(write));
    this.#pending.add(write);
  }
}
