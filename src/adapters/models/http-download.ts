/**
 * Downloads one file over HTTP(S) into place: into `<destination>.part` first, resuming a part
 * left by an interrupted download with an HTTP Range request (and starting over when the server
 * answers the whole file instead), hashing as it writes, and renaming to `destination` only once
 * the whole file is there and its sha256 is the expected one. A corrupt download is removed.
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

export interface DownloadOptions {
  readonly url: string;
  readonly destination: string;
  /** Expected sha256 (lowercase hex); undefined: not checked (the caller records the result). */
  readonly sha256?: string;
  /** Called as bytes arrive: received so far (including a resumed part) and the total when known. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /** Resumed attempts after a connection that broke off. Default 2. */
  readonly retries?: number;
  /** Told about each retry. */
  readonly onRetry?: (attempt: number, reason: string) => void;
  readonly signal?: AbortSignal;
}

export interface DownloadResult {
  readonly sha256: string;
  readonly bytes: number;
  /** Bytes already there from an earlier, interrupted download. */
  readonly resumedFrom: number;
  /** The server did not honour the Range request, so the download started over. */
  readonly restarted: boolean;
}

/** A failure another attempt cannot fix (HTTP errors, a checksum mismatch). */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "DownloadError";
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

async function hashFile(file: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  await hashFile(file, hash);
  return hash.digest("hex");
}

/** "bytes 100-199/200" → { start: 100, total: 200 }. */
function parseContentRange(header: string | null): { start: number; total: number | undefined } | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header ?? "");
  if (match === null) return undefined;
  return { start: Number(match[1]), total: match[2] === "*" ? undefined : Number(match[2]) };
}

async function attempt(options: DownloadOptions, part: string): Promise<DownloadResult> {
  const { url } = options;
  let offset = await sizeOf(part);
  const resumedFrom = offset;
  let restarted = false;
  const response = await fetch(url, {
    headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  }).catch((error: unknown) => {
    throw new DownloadError(`${url}: cannot connect (${(error as Error).cause ?? (error as Error).message})`, true);
  });

  if (response.status === 416 && offset > 0) {
    // The part is as long as (or longer than) the file: check it as it is, or start over.
    await response.body?.cancel();
    const total = parseContentRange(response.headers.get("content-range")?.replace("bytes */", "bytes 0-0/") ?? null)?.total;
    if (total !== offset) {
      await rm(part, { force: true });
      return attempt(options, part);
    }
    const hash = createHash("sha256");
    await hashFile(part, hash);
    return { sha256: hash.digest("hex"), bytes: offset, resumedFrom, restarted: false };
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new DownloadError(
      `${url}: HTTP 404 Not Found — the file is not published there (for a HEF: is this model released for your HailoRT version? see --hailort-version)`,
      false,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DownloadError(`${url}: HTTP ${response.status} ${response.statusText}`, response.status >= 500);
  }
  let total: number | undefined;
  if (response.status === 206) {
    const range = parseContentRange(response.headers.get("content-range"));
    if (range === undefined || range.start !== offset) {
      await response.body?.cancel();
      throw new DownloadError(
        `${url}: the server answered the range request with another range (${response.headers.get("content-range")})`,
        false,
      );
    }
    total = range.total;
  } else {
    // 200: the whole file, whether or not a range was asked for.
    if (offset > 0) restarted = true;
    offset = 0;
    const length = response.headers.get("content-length");
    total = length !== null ? Number(length) : undefined;
  }

  const hash = createHash("sha256");
  if (offset > 0) await hashFile(part, hash);
  const file = await open(part, offset > 0 ? "a" : "w");
  let received = offset;
  try {
    options.onProgress?.(received, total);
    if (response.body !== null) {
      try {
        for await (const chunk of response.body) {
          const bytes = chunk as Uint8Array;
          await file.write(bytes);
          hash.update(bytes);
          received += bytes.length;
          options.onProgress?.(received, total);
        }
      } catch (error) {
        const of = total !== undefined ? ` of ${total}` : "";
        throw new DownloadError(
          `${url}: the download broke off after ${received}${of} bytes (${(error as Error).message}); run again to resume`,
          true,
        );
      }
    }
  } finally {
    await file.close();
  }
  if (total !== undefined && received !== total) {
    throw new DownloadError(`${url}: the download broke off after ${received} of ${total} bytes; run again to resume`, true);
  }
  return { sha256: hash.digest("hex"), bytes: received, resumedFrom, restarted };
}

export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const part = `${options.destination}.part`;
  await mkdir(path.dirname(options.destination), { recursive: true });
  const retries = options.retries ?? 2;
  let result: DownloadResult;
  for (let n = 0; ; n++) {
    try {
      result = await attempt(options, part);
      break;
    } catch (error) {
      if (!(error instanceof DownloadError) || !error.retryable || n >= retries || options.signal?.aborted === true) throw error;
      options.onRetry?.(n + 1, error.message);
    }
  }
  if (options.sha256 !== undefined && result.sha256 !== options.sha256) {
    await rm(part, { force: true });
    throw new DownloadError(
      `${options.url}: the download's sha256 is ${result.sha256}, not the expected ${options.sha256}; the corrupt file was removed (run again; if it persists the file changed upstream)`,
      false,
    );
  }
  await rename(part, options.destination);
  return result;
}
