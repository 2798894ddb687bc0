/**
 * `hailo-ros models list | fetch NAME… | verify [NAME…]`: the models of the manifest
 * (src/core/models/manifest-data.ts) for the installed HailoRT, fetched into the cache
 * ($HAILO_ROS_CACHE, else $XDG_CACHE_HOME/hailo_ros/models) with a progress bar, resume and
 * checksum verification.
 */
import { homedir } from "node:os";
import path from "node:path";
import {
  findModel,
  modelCacheDir,
  needsHailoRtVersion,
  resolveModel,
  type ModelEntry,
  type ModelManifest,
} from "../core/models/model-manifest.ts";
import { findHailoRtLibrary } from "../adapters/hailo/hailort-library.ts";
import { fetchModel, loadManifest, verifyModel } from "../adapters/models/model-store.ts";
import { createProgressBar } from "../adapters/models/progress-bar.ts";
import { errorText } from "../adapters/ros-common/error-text.ts";

export const MODELS_USAGE = `Usage: hailo-ros models <list|fetch|verify> [options]

  list                  the models of the manifest, where they come from and whether they are cached
  fetch NAME…           download models into the cache (resumes an interrupted download; checks the sha256)
  verify [NAME…]        check cached models against their sha256 (all cached ones without NAME)

Options:
  --hailort-version V   the HailoRT the HEFs must match (default: the installed libhailort, if found)
  --dir DIR             the cache (default: $HAILO_ROS_CACHE, else $XDG_CACHE_HOME/hailo_ros/models)
  --force               fetch again even when a good copy is cached
  --json                list/verify as JSON
`;

interface ModelsArgs {
  readonly verb: string | undefined;
  readonly names: string[];
  readonly hailortVersion: string | undefined;
  readonly dir: string | undefined;
  readonly force: boolean;
  readonly json: boolean;
}

export function parseModelsArgs(argv: readonly string[]): ModelsArgs | { error: string } {
  const [verb, ...rest] = argv;
  const names: string[] = [];
  let hailortVersion: string | undefined;
  let dir: string | undefined;
  let force = false;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--hailort-version" || arg === "--dir") {
      const value = rest[++i];
      if (value === undefined || value.startsWith("--")) return { error: `${arg} needs a value` };
      if (arg === "--dir") dir = value;
      else hailortVersion = value;
    } else if (arg === "--force") force = true;
    else if (arg === "--json") json = true;
    else if (arg.startsWith("-")) return { error: `unknown option '${arg}'` };
    else names.push(arg);
  }
  return { verb, names, hailortVersion, dir, force, json };
}

function describe(entry: ModelEntry): string {
  const input = entry.input !== undefined ? `${entry.input.height}x${entry.input.width}x${entry.input.channels}` : "-";
  return `${entry.task}/${entry.format} ${input} ${entry.postprocess}${entry.labels !== null ? ` (${entry.labels})` : ""}`;
}

export async function modelsCommand(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseModelsArgs(argv);
  if ("error" in args) {
    process.stderr.write(`hailo-ros models: ${args.error}\n\n${MODELS_USAGE}`);
    return 2;
  }
  if (args.verb === undefined || args.verb === "help" || args.verb === "--help") {
    process.stdout.write(MODELS_USAGE);
    return args.verb === undefined ? 2 : 0;
  }
  let manifest: ModelManifest;
  try {
    manifest = loadManifest();
  } catch (error) {
    process.stderr.write(`hailo-ros models: ${errorText(error)}\n`);
    return 1;
  }
  const cacheDir = path.resolve(args.dir ?? modelCacheDir(env, homedir()));
  const hailortVersion = args.hailortVersion ?? findHailoRtLibrary()?.version;
  const pick = (names: readonly string[]) => {
    const entries: ModelEntry[] = [];
    for (const name of names) {
      const found = findModel(manifest, name);
      if (!found.ok) throw new Error(found.error);
      entries.push(found.value);
    }
    return entries;
  };

  try {
    switch (args.verb) {
      case "list": {
        const rows = [];
        for (const entry of manifest.models) {
          const resolved = resolveModel(entry, manifest, hailortVersion);
          const status = resolved.ok ? (await verifyModel(resolved.value, cacheDir)).status : "needs --hailort-version";
          rows.push({ entry, url: resolved.ok ? resolved.value.url : entry.url, status });
        }
        if (args.json) {
          process.stdout.write(
            `${JSON.stringify({ cacheDir, hailortVersion: hailortVersion ?? null, models: rows.map((r) => ({ ...r.entry, url: r.url, cache: r.status })) }, null, 2)}\n`,
          );
          return 0;
        }
        process.stdout.write(`cache: ${cacheDir}   HailoRT: ${hailortVersion ?? "not found (HEF URLs need --hailort-version)"}\n`);
        for (const { entry, url, status } of rows) {
          process.stdout.write(
            `${entry.name.padEnd(28)} ${describe(entry).padEnd(44)} ${entry.sha256 === null ? "unpinned" : "pinned  "} ${status.padEnd(10)} ${url}\n`,
          );
        }
        return 0;
      }
      case "fetch": {
        if (args.names.length === 0) throw new Error(`name the models to fetch (models: ${manifest.models.map((m) => m.name).join(", ")})`);
        for (const entry of pick(args.names)) {
          const resolved = resolveModel(entry, manifest, hailortVersion);
          if (!resolved.ok) throw new Error(resolved.error);
          const bar = createProgressBar(entry.name);
          const outcome = await fetchModel(resolved.value, {
            cacheDir,
            force: args.force,
            onProgress: (received, total) => bar.update(received, total),
            onRetry: (n, reason) => process.stderr.write(`\n${entry.name}: ${reason}; resuming (attempt ${n + 1})\n`),
          }).finally(() => bar.done());
          const how = outcome.cached
            ? "already cached and verified"
            : outcome.resumedFrom > 0
              ? `resumed at ${outcome.resumedFrom} bytes`
              : "downloaded";
          const check = outcome.pinned ? "sha256 matches the manifest" : `unpinned: recorded sha256 ${outcome.sha256} for verify`;
          process.stdout.write(`${entry.name}: ${how}: ${outcome.file} (${check})\n`);
        }
        return 0;
      }
      case "verify": {
        const entries = args.names.length > 0 ? pick(args.names) : manifest.models;
        const results = [];
        for (const entry of entries) {
          if (needsHailoRtVersion(entry) && hailortVersion === undefined && args.names.length === 0) continue;
          const resolved = resolveModel(entry, manifest, hailortVersion);
          if (!resolved.ok) throw new Error(resolved.error);
          const outcome = await verifyModel(resolved.value, cacheDir);
          if (outcome.status === "missing" && args.names.length === 0) continue;
          results.push(outcome);
        }
        if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else {
          if (results.length === 0) process.stdout.write(`no models cached in ${cacheDir}\n`);
          for (const r of results) process.stdout.write(`${r.status.padEnd(10)} ${r.name}: ${r.detail}\n`);
        }
        return results.some((r) => r.status === "mismatch" || r.status === "missing") ? 1 : 0;
      }
      default:
        process.stderr.write(`hailo-ros models: unknown subcommand '${args.verb}'\n\n${MODELS_USAGE}`);
        return 2;
    }
  } catch (error) {
    process.stderr.write(`hailo-ros models: ${errorText(error)}\n`);
    return 1;
  }
}
