/** @mcap/core's IReadable over a node:fs/promises FileHandle (random access for indexed reading). */
import { open, type FileHandle } from "node:fs/promises";
import type { IReadable } from "@mcap/core";

export class FileReadable implements IReadable {
  readonly path: string;
  #handle: FileHandle;
  #size: bigint;

  private constructor(path: string, handle: FileHandle, size: bigint) {
    this.path = path;
    this.#handle = handle;
    this.#size = size;
  }

  /** Opens the file for reading; the error names it. */
  static async open(path: string): Promise<FileReadable> {
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (cause) {
      throw new Error(`cannot open MCAP file ${path}: ${(cause as Error).message}`, { cause });
    }
    const { size } = await handle.stat();
    return new FileReadable(path, handle, BigInt(size));
  }

  async size(): Promise<bigint> {
    return this.#size;
  }

  async read(offset: bigint, size: bigint): Promise<Uint8Array> {
    if (offset < 0n || size < 0n || offset + size > this.#size) {
      throw new Error(`${this.path}: read of ${size} bytes at ${offset} is outside the file (${this.#size} bytes)`);
    }
    const buffer = new Uint8Array(Number(size));
    let done = 0;
    while (done < buffer.byteLength) {
      const { bytesRead } = await this.#handle.read(buffer, done, buffer.byteLength - done, Number(offset) + done);
      if (bytesRead === 0) throw new Error(`${this.path}: file ended while reading at ${Number(offset) + done}`);
      done += bytesRead;
    }
    return buffer;
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }
}
