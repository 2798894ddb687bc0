/**
 * Writes the generated synthetic detector to disk so the ONNX backend (and `npm start`) run real
 * inference on a real model file. Rewrites only when the file's content differs.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildSyntheticDetectorOnnx } from "../../core/synthetic/detector-model.ts";
import type { SyntheticDetectorOptions } from "../../core/synthetic/detector-model.ts";

export const SYNTHETIC_DETECTOR_FILE_NAME = "synthetic-detector.onnx";

export interface EnsureSyntheticDetectorOptions {
  readonly fileName?: string;
  readonly detector?: SyntheticDetectorOptions;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function existingHash(path: string): Promise<string | undefined> {
  try {
    return sha256(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Absent (or a parent is not a directory): there is nothing to compare; writing will report problems.
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new Error(`cannot read existing synthetic detector "${path}": ${(error as Error).message}`, { cause: error });
  }
}

/** Returns the path of `<dir>/synthetic-detector.onnx`, (re)writing it if missing or different. */
export async function ensureSyntheticDetector(dir: string, options: EnsureSyntheticDetectorOptions = {}): Promise<string> {
  const path = join(dir, options.fileName ?? SYNTHETIC_DETECTOR_FILE_NAME);
  const bytes = buildSyntheticDetectorOnnx(options.detector);
  if ((await existingHash(path)) === sha256(bytes)) return path;
  try {
    await mkdir(dir, { recursive: true });
    // Write then rename, so a concurrent reader never sees a half-written model.
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    throw new Error(`cannot write synthetic detector to "${path}": ${(error as Error).message}; choose a writable directory`, {
      cause: error,
    });
  }
  return path;
}
