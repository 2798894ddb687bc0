/** Time as ROS carries it (builtin_interfaces/Time). */
export interface Time {
  sec: number;
  nanosec: number;
}

/** The source of "now" for a node; injectable so tests can run on virtual time. */
export interface Clock {
  /** Milliseconds since the epoch (wall or simulated), fractional. */
  nowMs(): number;
}

export const systemClock: Clock = {
  nowMs: () => performance.timeOrigin + performance.now(),
};

export function timeFromMs(ms: number): Time {
  const sec = Math.floor(ms / 1000);
  const nanosec = Math.round((ms - sec * 1000) * 1e6);
  // Rounding can carry into the next second.
  return nanosec >= 1e9 ? { sec: sec + 1, nanosec: nanosec - 1e9 } : { sec, nanosec };
}

export function msFromTime(t: Time): number {
  return t.sec * 1000 + t.nanosec / 1e6;
}
