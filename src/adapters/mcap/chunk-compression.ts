/**
 * MCAP chunk compression. lz4 (LZ4 frame format, what MCAP's "lz4" means) is pure JavaScript here,
 * fast enough for camera frames (a few ms per 1280x720 frame), and read by Foxglove and rosbag2.
 */
import lz4 from "lz4js";

export type ChunkCompression = "lz4" | "none";

export function chunkCompressor(
  compression: ChunkCompression,
): ((chunk: Uint8Array) => { compression: string; compressedData: Uint8Array }) | undefined {
  if (compression === "none") return undefined;
  return (chunk) => ({ compression: "lz4", compressedData: lz4.compress(chunk) });
}

/** Decompressors for the chunk formats we can read; others fail with a message naming the format. */
export const chunkDecompressors: Record<string, (buffer: Uint8Array, decompressedSize: bigint) => Uint8Array> = {
  lz4: (buffer, decompressedSize) => {
    const out = lz4.decompress(buffer, Number(decompressedSize));
    if (out.length !== Number(decompressedSize)) {
      throw new Error(`lz4 chunk decompressed to ${out.length} bytes, expected ${decompressedSize}`);
    }
    return out;
  },
};
