/**
 * Runs the Python peer (`scripts/bench/python_peer.py`: OpenCV + NumPy, as hailo-apps and
 * Ultralytics-based ROS nodes do the host work) on the same inputs as our bench cases.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { encodeNmsByClass } from "../../src/testing/nms-by-class-buffer.ts";
import { hostBenchBoxes, randomFrame, rawYoloOutput } from "./inputs.ts";

/** Frame sizes of the host scaling cases (rgb8). */
export const HOST_SIZES: ReadonlyArray<readonly [number, number]> = [
  [640, 480],
  [1280, 720],
  [1920, 1080],
];
/** Detections in the fixed NMS output of the host cases; 20 is the default case. */
export const HOST_BOX_COUNTS: readonly number[] = [0, 20, 100, 300];
export const DEFAULT_BOXES = 20;

/** The Python that has Debian's python3-opencv and python3-numpy (not a pyenv shim first on PATH). */
export function pythonExecutable(): string {
  return process.env.HAILO_ROS_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
}

/** The peer script in the source tree (the bench runs from dist/, the script is not compiled). */
export function peerScript(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, name), path.join(here, "../../../scripts/bench", name)]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot find scripts/bench/${name} from ${here}`);
}

function run(executable: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(executable, args, { timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(args[0] ?? executable)} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Why the Python peer cannot run here, or undefined when it can. */
export async function pythonPeerUnavailable(): Promise<string | undefined> {
  const python = pythonExecutable();
  try {
    await run(python, ["-c", "import cv2, numpy"], 20_000);
    return undefined;
  } catch (error) {
    return `${python} cannot import cv2 and numpy (on Debian: apt install python3-opencv python3-numpy): ${(error as Error).message.split("\n")[0]}`;
  }
}

/** Writes the inputs the peer reads: frames of every size, NMS buffers, the raw head. */
export function writePeerInputs(folder: string, runs: number): void {
  for (const [w, h] of HOST_SIZES) writeFileSync(path.join(folder, `frame_${w}x${h}.rgb`), randomFrame(w, h));
  for (const n of HOST_BOX_COUNTS) {
    const nms = encodeNmsByClass(hostBenchBoxes(n), 80, 100);
    writeFileSync(path.join(folder, `nms_${n}.f32`), new Uint8Array(nms.buffer, nms.byteOffset, nms.byteLength));
  }
  const head = rawYoloOutput();
  writeFileSync(path.join(folder, "head.f32"), new Uint8Array(head.buffer, head.byteOffset, head.byteLength));
  const meta = { sizes: HOST_SIZES, boxes: HOST_BOX_COUNTS, default_boxes: DEFAULT_BOXES, classes: 80, head_dims: [1, 84, 8400], runs };
  writeFileSync(path.join(folder, "inputs.json"), JSON.stringify(meta));
}

export interface PeerDetection {
  readonly class_id: number;
  readonly score: number;
  /** x1, y1, x2, y2 */
  readonly box: readonly [number, number, number, number];
}

export interface PeerOutputs {
  /** By "WxH": detections of the default NMS output in source pixels. */
  readonly host: Readonly<Record<string, PeerDetection[]>>;
  readonly decode: PeerDetection[];
  readonly opencv: string;
  readonly numpy: string;
  readonly python: string;
}

export interface PeerTimings {
  /** By "WxH", 20 detections. */
  readonly host_ms: Readonly<Record<string, number>>;
  /** By detection count, 1280×720. */
  readonly host_boxes_ms: Readonly<Record<string, number>>;
  readonly decode_ms: number;
  readonly opencv: string;
  readonly numpy: string;
  readonly python: string;
}

async function withInputs<T>(runs: number, use: (folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(path.join(tmpdir(), "hailo-ros-peer-"));
  try {
    writePeerInputs(folder, runs);
    return await use(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export function runPythonPeerBench(options: { runs?: number } = {}): Promise<PeerTimings> {
  return withInputs(options.runs ?? 300, async (folder) => {
    const out = await run(pythonExecutable(), [peerScript("python_peer.py"), "bench", folder], 120_000);
    return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as PeerTimings;
  });
}

/** The peer's outputs, and the letterboxed 1280×720 frame it fed the model. */
export function runPythonPeerOutputs(): Promise<PeerOutputs & { letterbox1280x720: Uint8Array }> {
  return withInputs(1, async (folder) => {
    const out = await run(pythonExecutable(), [peerScript("python_peer.py"), "outputs", folder], 120_000);
    const letterbox1280x720 = new Uint8Array(readFileSync(path.join(folder, "letterbox_1280x720.python.rgb")));
    return { ...(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as PeerOutputs), letterbox1280x720 };
  });
}
