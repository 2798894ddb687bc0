/**
 * `npm run bench`: speed figures on this machine. Prints a table; with `--json`, the last line
 * is one JSON object of numbers. Figures are medians of many runs.
 */
import { benchDetectHost, benchFrameCopy, benchYoloRawDecode } from "./bench/detection.ts";

interface Row {
  readonly key: string;
  readonly value: number;
  readonly unit: string;
  readonly goal?: string;
  readonly met?: boolean;
  readonly what: string;
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes("--json");
  const rows: Row[] = [];
  const frameCopy = benchFrameCopy();
  rows.push({ key: "frame_copy_ms", value: frameCopy.medianMs, unit: "ms", what: "copy one 1280x720 rgb8 frame (floor)" });
  const detect = await benchDetectHost();
  rows.push({
    key: "detect_host_ms",
    value: detect.medianMs,
    unit: "ms",
    goal: `<= 4 x frame_copy_ms = ${(4 * frameCopy.medianMs).toFixed(3)}`,
    met: detect.medianMs <= 4 * frameCopy.medianMs,
    what: "detection node host work per 1280x720 frame (20 boxes, local transport)",
  });
  const decode = benchYoloRawDecode();
  rows.push({
    key: "yolo_raw_decode_ms",
    value: decode.medianMs,
    unit: "ms",
    goal: "<= 1",
    met: decode.medianMs <= 1,
    what: "decode + NMS of a [1, 84, 8400] YOLOv8 head",
  });

  const table = [
    `${"key".padEnd(24)} ${"value".padStart(10)}  ${"goal".padEnd(28)} what`,
    ...rows.map(
      (r) =>
        `${r.key.padEnd(24)} ${r.value.toFixed(r.value < 1 ? 4 : 3).padStart(10)}  ${(r.goal ? `${r.goal} ${r.met ? "ok" : "MISSED"}` : "").padEnd(28)} ${r.what}`,
    ),
  ];
  process.stdout.write(`${table.join("\n")}\n`);
  if (json) {
    const object: Record<string, number> = {};
    for (const r of rows) object[r.key] = Number(r.value.toFixed(r.unit === "us" ? 2 : 4));
    process.stdout.write(`${JSON.stringify(object)}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
