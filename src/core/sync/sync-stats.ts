/** What a synchronizer reports about each of its input streams. */

/**
 * Why a message left a synchronizer without being part of a set:
 * - overflow: its stream already held `queueSize` messages, and it was the oldest;
 * - too_old: a newer message of its stream made a better set (or the partners it could have had
 *   were lost to overflow), so it could never be used;
 * - no_partner: the other streams had nothing within `maxIntervalMs` of it;
 * - out_of_order: its stamp was older than one already received on its stream.
 */
export type SyncDropReason = "overflow" | "too_old" | "no_partner" | "out_of_order";

export const SYNC_DROP_REASONS: readonly SyncDropReason[] = ["overflow", "too_old", "no_partner", "out_of_order"];

export interface SyncStreamStats {
  readonly received: number;
  /** Messages emitted as part of a set. */
  readonly matched: number;
  /** Messages held now, waiting for partners or for a better set. */
  readonly waiting: number;
  readonly dropped: Readonly<Record<SyncDropReason, number>>;
  readonly droppedTotal: number;
  /**
   * Consecutive stamps closer than the stream's `interMessageLowerBoundsMs`: the bound is wrong,
   * and sets may be emitted before a better one could arrive.
   */
  readonly lowerBoundViolations: number;
}
