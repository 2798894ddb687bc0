/**
 * Draws a recorded run's 3D detections seen from above, as SVG: each track's path on the floor
 * plane of the camera optical frame (x right, z forward), its last box footprint, and a label with
 * class, track id and distance; the camera's horizontal field of view from the recorded CameraInfo.
 *
 *   node dist/src/cli/main.js run --frames 40 --record run.mcap
 *   node dist/scripts/plot-3d-topdown.js run.mcap docs/3d-topdown.svg
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readMcapMessages } from "../src/adapters/mcap/read-mcap-messages.ts";
import type { CameraInfo } from "../src/messages/sensor_msgs.ts";
import type { Detection3DArray } from "../src/messages/vision_msgs.ts";

/** One track over the run: where it was, frame by frame, and its last box. */
export interface TopDownTrack {
  readonly id: string;
  readonly label: string;
  /** (x, z) of the box centre in each frame it was seen, m. */
  readonly path: ReadonlyArray<readonly [number, number]>;
  /** The last box's extent along x and z, m. */
  readonly size: readonly [number, number];
  /** Distance of the last centre from the camera, m. */
  readonly distance: number;
}

export interface TopDownInput {
  readonly tracks: readonly TopDownTrack[];
  readonly frames: number;
  /** Half the horizontal field of view, rad (from the CameraInfo), when known. */
  readonly halfFov?: number;
  readonly title?: string;
}

/** Collects the tracks of a run's Detection3DArrays (in time order) and the camera's field of view. */
export function tracksOfRun(arrays: readonly Detection3DArray[], cameraInfo?: CameraInfo): TopDownInput {
  const tracks = new Map<string, { id: string; label: string; path: Array<[number, number]>; size: [number, number]; distance: number }>();
  for (const array of arrays) {
    for (const d of array.detections) {
      const { x, y, z } = d.bbox.center.position;
      if (![x, y, z].every(Number.isFinite)) continue;
      const id = d.id === "" ? `untracked ${tracks.size}` : d.id;
      const track = tracks.get(id) ?? { id, label: d.results[0]?.hypothesis.class_id ?? "?", path: [], size: [0, 0], distance: 0 };
      track.path.push([x, z]);
      track.size = [d.bbox.size.x, d.bbox.size.z];
      track.distance = Math.hypot(x, y, z);
      tracks.set(id, track);
    }
  }
  const fx = cameraInfo?.k[0];
  const width = cameraInfo?.width;
  const halfFov = fx !== undefined && fx > 0 && width !== undefined && width > 0 ? Math.atan(width / 2 / fx) : undefined;
  return { tracks: [...tracks.values()], frames: arrays.length, ...(halfFov !== undefined ? { halfFov } : {}) };
}

const PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#469990", "#808000"];

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The SVG: 1 m grid, camera at the bottom centre, z up the page, x to the right. */
export function topDownSvg(input: TopDownInput, options: { width?: number; height?: number } = {}): string {
  const width = options.width ?? 720;
  const height = options.height ?? 600;
  const margin = { left: 50, right: 20, top: 40, bottom: 40 };
  const points = input.tracks.flatMap((t) => t.path);
  const zMax = Math.max(1, Math.ceil(Math.max(0, ...points.map(([, z]) => z)) + 0.5));
  const xHalf = Math.max(1, Math.ceil(Math.max(0, ...points.map(([x]) => Math.abs(x))) + 0.5));
  const scale = Math.min((width - margin.left - margin.right) / (2 * xHalf), (height - margin.top - margin.bottom) / zMax);
  const cx = margin.left + (width - margin.left - margin.right) / 2;
  const cy = height - margin.bottom;
  const px = (x: number) => (cx + x * scale).toFixed(1);
  const pz = (z: number) => (cy - z * scale).toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(
      input.title ?? `detections_3d seen from above: ${input.tracks.length} tracks over ${input.frames} frames`,
    )}</text>`,
  ];
  for (let x = -xHalf; x <= xHalf; x++) {
    out.push(`<line x1="${px(x)}" y1="${pz(0)}" x2="${px(x)}" y2="${pz(zMax)}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${px(x)}" y="${cy + 16}" text-anchor="middle" fill="#777">${x}</text>`);
  }
  for (let z = 0; z <= zMax; z++) {
    out.push(`<line x1="${px(-xHalf)}" y1="${pz(z)}" x2="${px(xHalf)}" y2="${pz(z)}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${margin.left - 8}" y="${pz(z)}" text-anchor="end" dominant-baseline="middle" fill="#777">${z}</text>`);
  }
  out.push(`<text x="${px(xHalf)}" y="${cy + 32}" text-anchor="end" fill="#555">x (m, right)</text>`);
  out.push(`<text x="${margin.left - 8}" y="${margin.top - 8}" text-anchor="end" fill="#555">z (m, forward)</text>`);
  if (input.halfFov !== undefined) {
    // The field of view's edges, out to the far edge of the plot.
    const reach = zMax / Math.cos(input.halfFov);
    for (const side of [-1, 1]) {
      const x = Math.max(-xHalf, Math.min(xHalf, side * reach * Math.sin(input.halfFov)));
      const z = Math.min(zMax, Math.abs(x) / Math.tan(input.halfFov));
      out.push(`<line x1="${px(0)}" y1="${pz(0)}" x2="${px(x)}" y2="${pz(z)}" stroke="#999" stroke-dasharray="4 4"/>`);
    }
  }
  out.push(`<path d="M ${px(0)} ${pz(0)} l -8 12 l 16 0 z" fill="#333"/>`);
  input.tracks.forEach((track, i) => {
    const colour = PALETTE[i % PALETTE.length] as string;
    const d = track.path.map(([x, z], k) => `${k === 0 ? "M" : "L"} ${px(x)} ${pz(z)}`).join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-opacity="0.6"/>`);
    for (const [x, z] of track.path) out.push(`<circle cx="${px(x)}" cy="${pz(z)}" r="1.6" fill="${colour}"/>`);
    const [lx, lz] = track.path[track.path.length - 1] as readonly [number, number];
    const [sx, sz] = track.size;
    const w = Math.max(sx * scale, 4);
    const h = Math.max(sz * scale, 4);
    out.push(
      `<rect x="${(Number(px(lx)) - w / 2).toFixed(1)}" y="${(Number(pz(lz)) - h / 2).toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}" fill-opacity="0.25" stroke="${colour}"/>`,
    );
    out.push(
      `<text x="${(Number(px(lx)) + w / 2 + 4).toFixed(1)}" y="${pz(lz)}" dominant-baseline="middle" fill="${colour}">${escapeXml(
        `${track.label} #${track.id} ${track.distance.toFixed(2)} m`,
      )}</text>`,
    );
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [input, output, topic = "/detections_3d"] = argv;
  if (input === undefined || output === undefined) {
    process.stderr.write("usage: node dist/scripts/plot-3d-topdown.js RUN.mcap OUT.svg [DETECTIONS_3D_TOPIC]\n");
    return 2;
  }
  const arrays: Detection3DArray[] = [];
  let cameraInfo: CameraInfo | undefined;
  for await (const m of readMcapMessages(input)) {
    if (m.topic === topic && m.schemaName === "vision_msgs/msg/Detection3DArray") arrays.push(m.message as Detection3DArray);
    if (m.schemaName === "sensor_msgs/msg/CameraInfo" && m.topic.endsWith("/camera_info") && !m.topic.includes("depth")) {
      cameraInfo ??= m.message as CameraInfo;
    }
  }
  if (arrays.length === 0) {
    process.stderr.write(
      `${input} has no vision_msgs/msg/Detection3DArray on ${topic}; record a run with the fusion node (hailo-ros run --record)\n`,
    );
    return 1;
  }
  writeFileSync(output, topDownSvg(tracksOfRun(arrays, cameraInfo)));
  process.stdout.write(`wrote ${output}: ${arrays.length} frames\n`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
