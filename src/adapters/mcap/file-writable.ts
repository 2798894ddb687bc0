/** @mcap/core's IWritable over a node:fs/promises FileHandle, appending in call order. */
import { open, type FileHandle } from "node:fs/promises";
import type { IWritable } from "@mcap/core";

export class FileWritable implements IWritable {
  readonly path: string;
  #handle: FileHandle;
  #position = 0n;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.#handle = handle;
  }

  /** Creates (or truncates) the file; the error names it. */
  static async create(path: string): Promise<FileWritable> {
    try {
      return new FileWritable(path, await open(path, "w"));
    } catch (cause) {
      throw new Error(`cannot create ${path}: ${(cause as Error).message}`, { cause });
    }
  }

  async write(buffer: Uint8Array): Promise<void> {
    // writeFile-style loops are needed: a single write() may be partial for large buffers.
    let offset = 0;
    while (offset < buffer.byteLength) {
      const { bytesWritten } = await this.#handle.write(buffer, offset, buffer.byteLength - offset, null);
      offset += bytesWritten;
    }
    this.#position += BigInt(buffer.byteLength);
  }

  position(): bigint {
    return this.#position;
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }
}
