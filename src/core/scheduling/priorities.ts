/**
 * The accelerator priority of every node's job stream, in HailoRT's scheduler range (0 lowest,
 * 31 highest), in one place so nodes sharing one Hailo device and one AcceleratorScheduler agree
 * on who goes first. The same number orders jobs on our scheduler and is handed to HailoRT as the
 * model's scheduler priority (`AcceleratorStream.hailoPriority`). The CPU guard sheds sheddable
 * streams lowest priority first, so this table is also the shedding order.
 *
 * Tracking and fusion run on the CPU only and have no accelerator stream.
 */

/** Object detection: the robot reacts to what it sees, so frames must not wait behind anything. */
export const DETECTION_PRIORITY = 20;

/** Monocular depth: feeds obstacle distances at a lower rate and tolerates a frame of lag behind detection. */
export const DEPTH_PRIORITY = 12;

/** LLM command generation: a generation holds the device for seconds and a person waits anyway, so perception goes first. */
export const LLM_PRIORITY = 8;

export interface AcceleratorPriority {
  /** The node whose stream this is. */
  readonly node: "detection" | "depth" | "llm";
  readonly priority: number;
}

/** Every stream, highest priority first. */
export const ACCELERATOR_PRIORITIES: readonly AcceleratorPriority[] = [
  { node: "detection", priority: DETECTION_PRIORITY },
  { node: "depth", priority: DEPTH_PRIORITY },
  { node: "llm", priority: LLM_PRIORITY },
];

/**
 * The order in which the CPU guard pauses these streams when the event loop lags (when all are
 * sheddable): lowest priority first, so an LLM generation is paused before depth, and depth before
 * detection. Resumption is the reverse.
 */
export const CPU_GUARD_SHEDDING_ORDER: readonly AcceleratorPriority["node"][] = ["llm", "depth", "detection"];
