/**
 * Draws docs/bench-host-scaling.png: host time per frame against image size, ours and the Python
 * peer's, from recorded bench runs (JSON lines, the last line of `npm run bench -- --json`).
 * Each point is the median over the runs; the bar around it spans their minimum to maximum.
 *
 *   node dist/scripts/bench/plot.js docs/bench-runs.jsonl docs/bench-host-scaling.png
 */
import { readFileSync, writeFileSync } from "node:fs";
import { PNG } from "pngjs";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from "../../src/core/vision/font-5x7.ts";

type Rgb = readonly [number, number, number];

const SIZES: ReadonlyArray<readonly [number, number]> = [
  [640, 480],
  [1280, 720],
  [1920, 1080],
];

class Canvas {
  readonly png: PNG;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.png = new PNG({ width, height });
    this.png.data.fill(255);
  }

  set(x: number, y: number, c: Rgb): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const o = (yi * this.width + xi) * 4;
    this.png.data[o] = c[0];
    this.png.data[o + 1] = c[1];
    this.png.data[o + 2] = c[2];
    this.png.data[o + 3] = 255;
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) this.set(x + i, y + j, c);
  }

  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thickness = 1): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1) * 2;
    const r = Math.floor(thickness / 2);
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      this.rect(x - r, y - r, thickness, thickness, c);
    }
  }

  text(x: number, y: number, s: string, c: Rgb, scale = 2): void {
    for (let k = 0; k < s.length; k++) {
      const code = s.charCodeAt(k);
      for (let row = 0; row < GLYPH_HEIGHT; row++)
        for (let col = 0; col < GLYPH_WIDTH; col++)
          if (glyphPixel(code, col, row)) this.rect(x + (k * (GLYPH_WIDTH + 1) + col) * scale, y + row * scale, scale, scale, c);
    }
  }

  textWidth(s: string, scale = 2): number {
    return s.length * (GLYPH_WIDTH + 1) * scale;
  }
}

function stats(values: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
}

export function plotHostScaling(runs: ReadonlyArray<Record<string, number>>): Buffer {
  const series: Array<{ name: string; color: Rgb; key: (w: number, h: number) => string }> = [
    { name: "hailo_ros (TypeScript + native 2:1 kernel)", color: [0, 114, 178], key: (w, h) => `host_${w}x${h}_ms` },
    { name: "Python peer (OpenCV + NumPy)", color: [213, 94, 0], key: (w, h) => `python_host_${w}x${h}_ms` },
  ];
  const points = series.map((s) =>
    SIZES.map(([w, h]) => {
      const values = runs.map((r) => r[s.key(w, h)]).filter((v): v is number => typeof v === "number");
      if (values.length === 0) throw new Error(`no ${s.key(w, h)} in the runs`);
      return { pixels: w * h, label: `${w}x${h}`, ...stats(values) };
    }),
  );
  const W = 900;
  const H = 560;
  const left = 90;
  const right = 70;
  const top = 60;
  const bottom = 80;
  const c = new Canvas(W, H);
  const maxMs = Math.max(...points.flat().map((p) => p.max)) * 1.15;
  const maxPx = 1920 * 1080 * 1.05;
  const sx = (px: number) => left + (px / maxPx) * (W - left - right);
  const sy = (ms: number) => H - bottom - (ms / maxMs) * (H - top - bottom);
  const grey: Rgb = [200, 200, 200];
  const ink: Rgb = [40, 40, 40];
  // Grid and axes.
  const tick = maxMs > 1 ? 0.2 : 0.1;
  for (let ms = 0; ms <= maxMs; ms += tick) {
    c.line(left, sy(ms), W - right, sy(ms), grey);
    const label = ms.toFixed(1);
    c.text(left - 10 - c.textWidth(label), sy(ms) - 7, label, ink);
  }
  c.line(left, top, left, H - bottom, ink, 2);
  c.line(left, H - bottom, W - right, H - bottom, ink, 2);
  for (const p of points[0]!) {
    c.line(sx(p.pixels), H - bottom, sx(p.pixels), H - bottom + 6, ink, 2);
    c.text(sx(p.pixels) - c.textWidth(p.label) / 2, H - bottom + 14, p.label, ink);
  }
  c.text(left, H - 30, "frame size (rgb8), pixels to scale; 20 detections per frame", ink);
  c.text(left, 16, "host time per frame, ms (median of the runs, bar: min-max)", ink);
  // Series.
  series.forEach((s, i) => {
    const ps = points[i]!;
    for (let k = 1; k < ps.length; k++)
      c.line(sx(ps[k - 1]!.pixels), sy(ps[k - 1]!.median), sx(ps[k]!.pixels), sy(ps[k]!.median), s.color, 3);
    for (const p of ps) {
      c.line(sx(p.pixels), sy(p.min), sx(p.pixels), sy(p.max), s.color, 2);
      c.rect(sx(p.pixels) - 5, sy(p.median) - 5, 11, 11, s.color);
    }
    const ly = top + 10 + i * 26;
    c.rect(left + 20, ly, 24, 14, s.color);
    c.text(left + 54, ly, s.name, ink);
  });
  return PNG.sync.write(c.png);
}

function main(argv: readonly string[]): void {
  const [input, output] = argv;
  if (input === undefined || output === undefined) throw new Error("usage: plot.js <runs.jsonl> <out.png>");
  const runs = readFileSync(input, "utf8")
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, number>);
  writeFileSync(output, plotHostScaling(runs));
  process.stdout.write(`plot: ${output} from ${runs.length} runs\n`);
}

main(process.argv.slice(2));
