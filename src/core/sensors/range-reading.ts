/**
 * Ultrasonic range readings from the kernel's IIO distance channel (the srf04 driver behind the
 * Raspberry Pi `hcsr04` overlay): `in_distance_raw` is an integer in millimetres (1 LSB = 1 mm,
 * `in_distance_scale` 0.001 to metres); a read with no echo fails with ETIMEDOUT, an echo longer
 * than 6.45 m of travel (another sensor's ping) with EIO. Pure: the adapter reads the files.
 */

export type RangeParse = { readonly ok: true; readonly metres: number } | { readonly ok: false; readonly error: string };

/** `in_distance_raw` (and `in_distance_scale` when present) → metres. */
export function parseIioDistance(rawText: string, scaleText?: string): RangeParse {
  const raw = rawText.trim();
  if (!/^-?\d+$/.test(raw)) return { ok: false, error: `in_distance_raw holds '${raw}', not an integer` };
  const scaleTrimmed = (scaleText ?? "").trim();
  let scale = 0.001;
  if (scaleTrimmed !== "") {
    scale = Number(scaleTrimmed);
    if (!Number.isFinite(scale) || scale <= 0)
      return { ok: false, error: `in_distance_scale holds '${scaleTrimmed}', not a positive number` };
  }
  const value = Number(raw);
  if (value < 0) return { ok: false, error: `in_distance_raw is negative (${value})` };
  return { ok: true, metres: value * scale };
}

export type RangeOutcome =
  | { readonly kind: "distance"; readonly metres: number }
  /** No echo came back: nothing within the sensor's reach (REP 117: +Inf). */
  | { readonly kind: "no_echo" }
  /** A reading that cannot be trusted (a foreign echo, a driver error): not published. */
  | { readonly kind: "invalid"; readonly reason: string };

/** What a failed read of `in_distance_raw` means, by its errno code. */
export function readErrorOutcome(code: string | undefined, message: string): RangeOutcome {
  if (code === "ETIMEDOUT") return { kind: "no_echo" };
  if (code === "EIO") return { kind: "invalid", reason: "echo beyond 6.45 m of travel (another sensor's ping?)" };
  return { kind: "invalid", reason: message };
}

/** sensor_msgs/Range's `range` under REP 117: −Inf below min_range, +Inf beyond max_range or with no echo. */
export function rangeValue(outcome: RangeOutcome, minM: number, maxM: number): number | undefined {
  switch (outcome.kind) {
    case "no_echo":
      return Number.POSITIVE_INFINITY;
    case "invalid":
      return undefined;
    case "distance":
      if (outcome.metres < minM) return Number.NEGATIVE_INFINITY;
      if (outcome.metres > maxM) return Number.POSITIVE_INFINITY;
      return outcome.metres;
  }
}

/**
 * A scripted distance over time for the simulated sensor: "t:d,t:d,…" (s:m), linear between the
 * points, the first distance before the first point and the last after the last. "2" alone is a
 * constant 2 m.
 */
export type RangeScript = { readonly ok: true; readonly at: (seconds: number) => number } | { readonly ok: false; readonly error: string };

export function parseRangeScript(text: string): RangeScript {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, error: "the script is empty" };
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const constant = Number(trimmed);
    return { ok: true, at: () => constant };
  }
  const points: Array<[number, number]> = [];
  for (const part of trimmed.split(",")) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (match === null) return { ok: false, error: `'${part.trim()}' is not seconds:metres` };
    const t = Number(match[1]);
    const last = points.at(-1);
    if (last !== undefined && t < last[0]) return { ok: false, error: `times must not decrease (${t} after ${last[0]})` };
    points.push([t, Number(match[2])]);
  }
  return {
    ok: true,
    at: (seconds) => {
      const first = points[0]!;
      if (seconds <= first[0]) return first[1];
      for (let i = 1; i < points.length; i++) {
        const [t1, d1] = points[i]!;
        const [t0, d0] = points[i - 1]!;
        // seconds > t0 here (the earlier points were passed), so a step (t1 === t0) never divides by zero.
        if (seconds <= t1) return d0 + ((d1 - d0) * (seconds - t0)) / (t1 - t0);
      }
      return points.at(-1)![1];
    },
  };
}
