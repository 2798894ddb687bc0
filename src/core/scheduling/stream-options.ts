/**
 * Declarations of scheduler lanes and job streams, validated with zod at the boundary (they come
 * from node parameters) and filled with defaults.
 */
import { z } from "zod";

/** HailoRT's scheduler priority range: 0 lowest, 31 highest, 16 normal. */
export const HAILO_PRIORITY_MIN = 0;
export const HAILO_PRIORITY_MAX = 31;
export const HAILO_PRIORITY_NORMAL = 16;

export const streamOptionsSchema = z.object({
  name: z.string().min(1),
  /** Which lane (concurrency pool) the stream's jobs occupy: "vision" by default, "llm" for generations. */
  lane: z.string().min(1).default("vision"),
  /** 0–31 like HailoRT; higher runs first. Also handed to the backend (`hailoPriority`). */
  priority: z.number().int().min(HAILO_PRIORITY_MIN).max(HAILO_PRIORITY_MAX).default(HAILO_PRIORITY_NORMAL),
  /** "latest": only the newest pending job survives. "queue": bounded FIFO, overflow rejected. */
  policy: z.enum(["latest", "queue"]).default("queue"),
  /** Max pending jobs for policy "queue" (policy "latest" always keeps one). */
  capacity: z.number().int().min(1).default(8),
  /** A job that waited longer than this (from `capturedAtMs` if given, else from submission) is dropped, not run. */
  deadlineMs: z.number().positive().optional(),
  /** At most this many job starts per second. */
  maxRateHz: z.number().positive().optional(),
  /** A running job that takes longer is aborted and fails with JobTimeoutError; its slot is freed. */
  timeoutMs: z.number().positive().default(2000),
  /** Whether the CPU guard may pause this stream when the event loop lags. */
  sheddable: z.boolean().default(true),
});

export type StreamOptionsInput = z.input<typeof streamOptionsSchema>;
export type StreamOptions = z.output<typeof streamOptionsSchema>;

export const laneOptionsSchema = z.object({
  /** Jobs in flight towards the backend at once; 2 keeps the device fed while the host handles a completion. */
  maxInFlight: z.number().int().min(1).default(2),
});
export type LaneOptionsInput = z.input<typeof laneOptionsSchema>;
export type LaneOptions = z.output<typeof laneOptionsSchema>;

/** A vision lane for frame models and a separate single-slot lane that an LLM generation holds. */
export const defaultLanes: Readonly<Record<string, LaneOptionsInput>> = {
  // Stryker disable next-line ObjectLiteral: equivalent, 2 is also the schema's default; written out to be read here
  vision: { maxInFlight: 2 },
  llm: { maxInFlight: 1 },
};

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function describeIssues(what: string, error: z.ZodError): string {
  const parts = error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(options)"}: ${i.message}`);
  return `${what}: invalid options: ${parts.join("; ")}`;
}

export function parseStreamOptions(input: unknown): ParseResult<StreamOptions> {
  const r = streamOptionsSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const name = typeof input === "object" && input !== null && "name" in input ? String((input as { name: unknown }).name) : "?";
  return { ok: false, error: describeIssues(`stream "${name}"`, r.error) };
}

export function parseLaneOptions(lane: string, input: unknown): ParseResult<LaneOptions> {
  const r = laneOptionsSchema.safeParse(input ?? {});
  return r.success ? { ok: true, value: r.data } : { ok: false, error: describeIssues(`lane "${lane}"`, r.error) };
}
