/**
 * The `depth/colored` view: depth mapped linearly from near (red) to far (blue) through yellow,
 * green and cyan; invalid pixels black. Stops at t = (depth − near) / (far − near), clamped to [0, 1]:
 *
 * | t    | 0           | 0.25          | 0.5         | 0.75          | 1           |
 * |------|-------------|---------------|-------------|---------------|-------------|
 * | rgb  | (255, 0, 0) | (255, 255, 0) | (0, 255, 0) | (0, 255, 255) | (0, 0, 255) |
 *
 * Channels are interpolated linearly between stops and rounded.
 */

const STOPS: readonly (readonly [number, number, number])[] = [
  [255, 0, 0],
  [255, 255, 0],
  [0, 255, 0],
  [0, 255, 255],
  [0, 0, 255],
];

/** The colour of depth `z` between `near` and `far` (black when z is not a finite number). */
export function depthColour(z: number, near: number, far: number): readonly [number, number, number] {
  if (!Number.isFinite(z)) return [0, 0, 0];
  const t = Math.min(1, Math.max(0, (z - near) / (far - near)));
  const scaled = t * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(scaled));
  const f = scaled - i;
  const a = STOPS[i] as readonly [number, number, number];
  const b = STOPS[i + 1] as readonly [number, number, number];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** rgb8 bytes (width × 3 per row) of a depth image: `depthColour` per pixel, without a tuple per pixel. */
export function colorizeDepth(depth: Float32Array, near: number, far: number, out = new Uint8Array(depth.length * 3)): Uint8Array {
  if (!(far > near)) throw new RangeError(`colour range ${near}..${far} m must have far > near`);
  if (out.length !== depth.length * 3) throw new RangeError(`colour buffer holds ${out.length} bytes, expected ${depth.length * 3}`);
  const last = STOPS.length - 2;
  const span = far - near;
  // Stryker disable next-line EqualityOperator: equivalent, one pass more reads depth[length] (undefined, black) and writes past the end of out, where typed-array writes are dropped
  for (let i = 0, o = 0; i < depth.length; i++, o += 3) {
    const z = depth[i]!;
    // Float32 values are NaN or ±inf when not finite; both are black.
    if (!(z - z === 0)) {
      out[o] = 0;
      out[o + 1] = 0;
      out[o + 2] = 0;
      continue;
    }
    const t = Math.min(1, Math.max(0, (z - near) / span));
    const scaled = t * (STOPS.length - 1);
    const s = Math.min(last, Math.floor(scaled));
    const f = scaled - s;
    const a = STOPS[s]!;
    const b = STOPS[s + 1]!;
    out[o] = Math.round(a[0] + (b[0] - a[0]) * f);
    out[o + 1] = Math.round(a[1] + (b[1] - a[1]) * f);
    out[o + 2] = Math.round(a[2] + (b[2] - a[2]) * f);
  }
  return out;
}
