/**
 * The model cache: fetches a manifest model into `<cache>/<cachePath>` (downloading with resume
 * and checksum, extracting an archive member), records what it fetched beside it
 * (`<file>.sha256.json`: the download's and the model file's sha256), and verifies cached files
 * against the pinned sha256 or that record.
 */
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { crc32, inflateRawSync } from "node:zlib";
import { MODEL_MANIFEST_DATA } from "../../core/models/manifest-data.ts";
import { parseManifest, type ModelManifest, type ResolvedModel } from "../../core/models/model-manifest.ts";
import { findZipMember } from "../../core/models/zip-member.ts";
import { downloadFile, sha256File, type DownloadOptions } from "./http-download.ts";

export function loadManifest(data: unknown = MODEL_MANIFEST_DATA): ModelManifest {
  const parsed = parseManifest(data);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

interface FetchRecord {
  readonly url: string;
  readonly downloadSha256: string;
  readonly modelSha256: string;
  readonly pinned: boolean;
  readonly fetchedAt: string;
}

export const recordPath = (file: string) => `${file}.sha256.json`;

async function readRecord(file: string): Promise<FetchRecord | undefined> {
  try {
    return JSON.parse(await readFile(recordPath(file), "utf8")) as FetchRecord;
  } catch {
    return undefined;
  }
}

export interface FetchOptions {
  readonly cacheDir: string;
  /** Fetch again even when a verified copy is cached. */
  readonly force?: boolean;
  readonly onProgress?: DownloadOptions["onProgress"];
  readonly onRetry?: DownloadOptions["onRetry"];
  readonly retries?: number;
  readonly signal?: AbortSignal;
}

export interface FetchOutcome {
  readonly file: string;
  readonly sha256: string;
  readonly cached: boolean;
  readonly pinned: boolean;
  readonly resumedFrom: number;
}

async function extractMember(archive: string, member: string, destination: string): Promise<void> {
  const bytes = new Uint8Array(await readFile(archive));
  const found = findZipMember(bytes, member);
  if (!found.ok) throw new Error(`${archive}: ${found.error}`);
  const { method, dataOffset, compressedSize, size, crc32: expectedCrc } = found.value;
  const data = bytes.subarray(dataOffset, dataOffset + compressedSize);
  const content = method === 8 ? inflateRawSync(data) : Buffer.from(data);
  if (content.length !== size || crc32(content) >>> 0 !== expectedCrc)
    throw new Error(`${archive}: member ${found.value.name} is corrupt (size or CRC differs); remove the archive and fetch again`);
  await writeFile(`${destination}.part`, content);
  await rename(`${destination}.part`, destination);
}

export async function fetchModel(model: ResolvedModel, options: FetchOptions): Promise<FetchOutcome> {
  const { entry } = model;
  const file = path.join(options.cacheDir, model.cachePath);
  const pinned = entry.sha256 !== null;
  if (options.force !== true && existsSync(file)) {
    const verified = await verifyModel(model, options.cacheDir);
    if (verified.status === "ok") return { file, sha256: verified.sha256!, cached: true, pinned, resumedFrom: 0 };
  }
  const download = entry.archive !== undefined ? path.join(path.dirname(file), path.basename(new URL(model.url).pathname)) : file;
  if (options.force === true) await rm(download, { force: true });
  const result = await downloadFile({
    url: model.url,
    destination: download,
    ...(entry.sha256 !== null ? { sha256: entry.sha256 } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    ...(options.onRetry !== undefined ? { onRetry: options.onRetry } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  if (entry.archive !== undefined) await extractMember(download, entry.archive.member, file);
  const modelSha256 = entry.archive !== undefined ? await sha256File(file) : result.sha256;
  const record: FetchRecord = { url: model.url, downloadSha256: result.sha256, modelSha256, pinned, fetchedAt: new Date().toISOString() };
  await writeFile(recordPath(file), `${JSON.stringify(record, null, 2)}\n`);
  return { file, sha256: modelSha256, cached: false, pinned, resumedFrom: result.resumedFrom };
}

export type VerifyStatus = "ok" | "missing" | "mismatch" | "unrecorded";

export interface VerifyOutcome {
  readonly name: string;
  readonly file: string;
  readonly status: VerifyStatus;
  readonly sha256?: string;
  readonly detail: string;
}

export async function verifyModel(model: ResolvedModel, cacheDir: string): Promise<VerifyOutcome> {
  const { entry } = model;
  const file = path.join(cacheDir, model.cachePath);
  if (!existsSync(file))
    return { name: entry.name, file, status: "missing", detail: `not fetched; run: hailo-ros models fetch ${entry.name}` };
  const sha256 = await sha256File(file);
  const record = await readRecord(file);
  if (entry.sha256 !== null && entry.archive === undefined) {
    return sha256 === entry.sha256
      ? { name: entry.name, file, status: "ok", sha256, detail: "matches the pinned sha256" }
      : {
          name: entry.name,
          file,
          status: "mismatch",
          sha256,
          detail: `sha256 ${sha256} is not the pinned ${entry.sha256}; run: hailo-ros models fetch --force ${entry.name}`,
        };
  }
  if (record === undefined)
    return {
      name: entry.name,
      file,
      status: "unrecorded",
      sha256,
      detail: `no fetch record (${path.basename(recordPath(file))}); fetch it with hailo-ros models fetch --force ${entry.name} to record its sha256`,
    };
  if (entry.sha256 !== null && record.downloadSha256 !== entry.sha256)
    return {
      name: entry.name,
      file,
      status: "mismatch",
      sha256,
      detail: `it was fetched from a download whose sha256 is not the pinned ${entry.sha256}; run: hailo-ros models fetch --force ${entry.name}`,
    };
  return sha256 === record.modelSha256
    ? {
        name: entry.name,
        file,
        status: "ok",
        sha256,
        detail: entry.sha256 !== null ? "matches the pinned sha256" : "matches the sha256 recorded when fetched (unpinned)",
      }
    : {
        name: entry.name,
        file,
        status: "mismatch",
        sha256,
        detail: `sha256 ${sha256} changed since it was fetched (${record.modelSha256}); run: hailo-ros models fetch --force ${entry.name}`,
      };
}
