/** Writes the generated synthetic depth model to disk for the ONNX backend; rewrites only when its content differs. */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildSyntheticDepthOnnx, type SyntheticDepthModelOptions } from "../../core/synthetic/depth-model.ts";

export const SYNTHETIC_DEPTH_FILE_NAME = "synthetic-depth.onnx";

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** Returns the path of `<dir>/synthetic-depth.onnx`, (re)writing it if missing or different. */
export async function ensureSyntheticDepthModel(dir: string, options: SyntheticDepthModelOptions = {}): Promise<string> {
  const path = join(dir, SYNTHETIC_DEPTH_FILE_NAME);
  const bytes = buildSyntheticDepthOnnx(options);
  try {
    if (sha256(await readFile(path)) === sha256(bytes)) return path;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR")
      throw new Error(`cannot read existing synthetic depth model "${path}": ${(error as Error).message}`, { cause: error });
  }
  try {
    await mkdir(dir, { recursive: true });
    // Write then rename, so a concurrent reader never sees a half-written model.
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    throw new Error(`cannot write synthetic depth model to "${path}": ${(error as Error).message}; choose a writable directory`, {
      cause: error,
    });
  }
  return path;
}
