/**
 * Where HailoRT's library is installed and which version it is, from the file names in the usual
 * library folders (Raspberry Pi OS's hailo-h10-all and Hailo's .deb put libhailort.so.<version>
 * there). The folders are injectable so tests look at a temp tree.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { hailortVersionOfLibrary, newestVersion } from "../../core/models/hailort-version.ts";

export const LIBRARY_DIRS = [
  "/usr/lib",
  "/usr/lib/aarch64-linux-gnu",
  "/usr/lib/x86_64-linux-gnu",
  "/usr/local/lib",
  "/opt/hailo/lib",
] as const;

export interface HailoRtLibrary {
  readonly path: string;
  readonly version: string;
}

export function findHailoRtLibrary(dirs: readonly string[] = LIBRARY_DIRS): HailoRtLibrary | undefined {
  const found: HailoRtLibrary[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const version = hailortVersionOfLibrary(name);
      if (version !== undefined) found.push({ path: path.join(dir, name), version });
    }
  }
  const newest = newestVersion(found.map((f) => f.version));
  return found.find((f) => f.version === newest);
}
