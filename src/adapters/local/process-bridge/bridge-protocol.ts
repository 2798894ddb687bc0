/**
 * What a parent process and a node running in a child process of its own say to each other over
 * Node's IPC channel (advanced serialization, so typed arrays cross as typed arrays). Topics only:
 * the child tells which topics its node subscribes, the parent forwards those, and the child
 * forwards everything its node publishes. Every message is checked with zod on arrival: the other
 * end is another program.
 */
import { z } from "zod";

const qos = z.object({
  reliability: z.enum(["reliable", "best_effort"]),
  durability: z.enum(["volatile", "transient_local"]),
  depth: z.number().int().nonnegative(),
});

const endpoint = z.object({ topic: z.string().min(1), type: z.string().min(1) });
export type BridgeEndpoint = z.infer<typeof endpoint>;

const latency = z.object({ count: z.number(), meanMs: z.number(), p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number() });
const stats = z.record(z.string(), z.union([z.number(), latency]));

export const childMessageSchema = z.discriminatedUnion("kind", [
  /** The node started; `inputs` are the topics it subscribes (the parent forwards them). */
  z.object({ kind: z.literal("ready"), node: z.string(), inputs: z.array(endpoint) }),
  /** The node could not start; the child exits after sending this. */
  z.object({ kind: z.literal("failed"), error: z.string() }),
  /** The subscribed topics changed (e.g. a lifecycle transition created a subscription). */
  z.object({ kind: z.literal("inputs"), inputs: z.array(endpoint) }),
  /** Something the node published. */
  z.object({ kind: z.literal("message"), topic: z.string(), type: z.string(), qos, message: z.unknown() }),
  /** The answer to request `id`. */
  z.object({ kind: z.literal("reply"), id: z.number().int(), stats, eventLoopLagMs: z.number().optional() }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;

export const parentMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("message"), topic: z.string(), message: z.unknown() }),
  /**
   * Answered with a reply once everything sent before it was delivered and the node is idle, so
   * the node's outputs for it have been sent first (the channel keeps order).
   * `diagnostics` asks the node to publish its diagnostics first; `sampleLag` reads the child's
   * event-loop delay p99 since the last sample.
   */
  z.object({
    kind: z.literal("request"),
    id: z.number().int(),
    diagnostics: z.boolean().default(false),
    sampleLag: z.boolean().default(false),
  }),
  /** Destroy the node and exit. */
  z.object({ kind: z.literal("shutdown") }),
]);
export type ParentMessage = z.input<typeof parentMessageSchema>;

/** One end of the IPC channel: `process` in the child, the ChildProcess in the parent. */
export interface BridgeChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The other end went away (the parent died, or the child exited). */
  onClose(listener: () => void): void;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function parseWith<T>(schema: z.ZodType<T>, from: string, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const why = result.error.issues.map((issue) => `${issue.path.join(".") || "message"}: ${issue.message}`).join("; ");
  return { ok: false, error: `a malformed message from the ${from} process (${why})` };
}

export const parseChildMessage = (raw: unknown): Parsed<ChildMessage> => parseWith(childMessageSchema, "node's", raw);
export const parseParentMessage = (raw: unknown): Parsed<z.infer<typeof parentMessageSchema>> =>
  parseWith(parentMessageSchema, "parent", raw);
