/**
 * The obstacle lock, as twist_mux's locks work but for one direction: forward motion is blocked
 * while a blocking range sensor reads closer than the stop distance or a bumper is pressed; a range
 * block is released only once the reading is beyond the stop distance plus the hysteresis, so a
 * reading hovering at the threshold does not make the robot lurch. Reverse and turning stay
 * allowed, so the robot can back away. Pure.
 */

export interface ObstacleRules {
  /** A blocking sensor closer than this (m) blocks forward motion. */
  readonly stopDistanceM: number;
  /** Released once beyond stopDistanceM + hysteresisM. */
  readonly hysteresisM: number;
}

export interface BlockState {
  readonly blocked: boolean;
  /** Why, for motors/blocked and /diagnostics; "" when clear. */
  readonly reason: string;
}

const metres = (m: number) => `${m.toFixed(2)} m`;

export class ObstacleBlock {
  #rules: ObstacleRules;
  /** Blocking range sensors currently holding the block, with their last reading. */
  readonly #ranges = new Map<string, number>();
  readonly #bumpers = new Set<string>();

  constructor(rules: ObstacleRules) {
    this.#rules = rules;
  }

  set rules(rules: ObstacleRules) {
    this.#rules = rules;
  }

  get state(): BlockState {
    const causes: string[] = [];
    for (const [sensor, distance] of this.#ranges) {
      causes.push(
        Number.isFinite(distance)
          ? `obstacle at ${metres(distance)} on ${sensor} (stop below ${metres(this.#rules.stopDistanceM)})`
          : `obstacle too close to measure on ${sensor}`,
      );
    }
    for (const bumper of this.#bumpers) causes.push(`${bumper} pressed`);
    return { blocked: causes.length > 0, reason: causes.join("; ") };
  }

  /**
   * A reading of a blocking sensor (m; −Inf: closer than it can measure, +Inf: nothing within its
   * range). Returns the new state when the sensor started or stopped holding the block (blocked /
   * clear can change only then); a new distance while it holds is not a change.
   */
  range(sensor: string, distanceM: number): BlockState | undefined {
    if (Number.isNaN(distanceM)) return undefined;
    const holding = this.#ranges.has(sensor);
    const { stopDistanceM, hysteresisM } = this.#rules;
    if (distanceM < stopDistanceM) this.#ranges.set(sensor, distanceM);
    else if (holding && distanceM <= stopDistanceM + hysteresisM) this.#ranges.set(sensor, distanceM);
    else this.#ranges.delete(sensor);
    return this.#changed(holding !== this.#ranges.has(sensor));
  }

  /** A bumper's debounced state; the new block state when it changed. */
  bumper(name: string, pressed: boolean): BlockState | undefined {
    const had = this.#bumpers.has(name);
    if (pressed) this.#bumpers.add(name);
    else this.#bumpers.delete(name);
    return this.#changed(had !== pressed);
  }

  /** A sensor that stopped reporting no longer holds the block by an old reading. */
  forget(sensor: string): BlockState | undefined {
    return this.#changed(this.#ranges.delete(sensor));
  }

  /** Blocked is "any cause holds", so it changes only with the set of causes. */
  #changed(causesChanged: boolean): BlockState | undefined {
    return causesChanged ? this.state : undefined;
  }
}

/** The twist allowed under a block: no forward speed; turning and reverse untouched. */
export function gateForward(linear: number, blocked: boolean): number {
  return blocked ? Math.min(0, linear) : linear;
}
