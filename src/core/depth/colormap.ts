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

/** rgb8 bytes (width × 3 per row) of a depth image. */
export function colorizeDepth(depth: Float32Array, near: number, far: number, out = new Uint8Array(depth.length * 3)): Uint8Array {
  if (!(far > near)) throw new RangeError(`colour range ${near}..${far} m must have far > near`);
  if (out.length !== depth.length * 3) throw new RangeError(`colour buffer holds ${out.length} bytes, expected ${depth.length * 3}`);
  for (let i = 0, o = 0; i < depth.length; i++, o += 3) {
    const [r, g, b] = depthColour(depth[i] as number, near, far);
    out[o] = r;
    out[o + 1] = g;
    out[o + 2] = b;
  }
  return out;
}
