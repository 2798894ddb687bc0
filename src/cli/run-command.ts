/** `hailo-ros run`: the standalone runner on the command line. */
import { extname } from "node:path";
import { statSync } from "node:fs";
import { createProductionScheduler } from "../app/production-scheduler.ts";
import { SyntheticImageSource } from "../adapters/synthetic/synthetic-image-source.ts";
import { formatSummary } from "../standalone/run-summary.ts";
import { runStandalone } from "../standalone/standalone-runner.ts";
import { parseRunOptions, RUN_USAGE, type RunOptions } from "./run-options.ts";
import type { ImageSource } from "../ports/image-source.ts";

export async function runCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseRunOptions(argv);
  if (!parsed.ok) {
    process.stderr.write(`hailo-ros run: ${parsed.error}\n\n${RUN_USAGE}`);
    return 2;
  }
  const { options, parameters } = parsed;
  const source = await openSource(options);
  // One scheduler for every accelerator node of the run. A camera rate brings deadlines, and the
  // CPU guard with them; lock step processes every frame.
  const production = createProductionScheduler({ cpuGuard: options.fps > 0 });
  const summary = await runStandalone({
    source,
    nodes: options.nodes,
    scheduler: production.scheduler,
    ...(options.frames !== undefined ? { frames: options.frames } : {}),
    fps: options.fps,
    ...(options.record !== undefined ? { recordPath: options.record } : {}),
    ...(options.snapshot !== undefined ? { snapshotPath: options.snapshot } : {}),
    parameters,
    checkMessages: options.checkMessages,
  }).finally(() => production.close());
  process.stdout.write(`${formatSummary(summary)}\n`);
  return 0;
}

async function openSource(options: RunOptions): Promise<ImageSource> {
  if (options.source === "synthetic") {
    // With the depth node, the scenes carry metric depth and a CameraInfo, so 3D results have a ground truth.
    return new SyntheticImageSource({
      seed: options.seed,
      ...(options.frames !== undefined ? { frames: options.frames } : {}),
      ...(options.nodes.includes("depth") ? { depth: true } : {}),
    });
  }
  let isDirectory: boolean;
  try {
    isDirectory = statSync(options.source).isDirectory();
  } catch {
    throw new Error(`--source '${options.source}' does not exist; use 'synthetic', a folder of images or an .mcap file`);
  }
  if (isDirectory) {
    const { ImageFolderSource } = await import("../adapters/fs/image-folder-source.ts");
    return ImageFolderSource.open(options.source);
  }
  if (extname(options.source).toLowerCase() === ".mcap") {
    const { McapImageSource } = await import("../adapters/mcap/mcap-image-source.ts");
    return McapImageSource.open(options.source, options.topic !== undefined ? { topic: options.topic } : {});
  }
  throw new Error(`--source '${options.source}' is neither a folder nor an .mcap file`);
}
