/**
 * Where one member's bytes lie in a zip archive (the Model Zoo's pretrained archives hold the
 * ONNX model): read from the end-of-central-directory record and the member's local header.
 * Stored (0) and deflated (8) members; no ZIP64 (these archives are far below 4 GiB). Pure: the
 * adapter inflates.
 */
import type { Result } from "./model-manifest.ts";

export interface ZipMember {
  readonly name: string;
  /** 0 stored, 8 deflate. */
  readonly method: 0 | 8;
  /** Offset of the member's (compressed) data in the archive. */
  readonly dataOffset: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function findZipMember(archive: Uint8Array, member: string): Result<ZipMember> {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  let eocd = -1;
  for (let i = archive.length - 22; i >= Math.max(0, archive.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, error: "not a zip archive (no end-of-central-directory record)" };
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > archive.length || view.getUint32(at, true) !== CENTRAL)
      return { ok: false, error: "the zip's central directory is damaged" };
    const method = view.getUint16(at + 10, true);
    const crc32 = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const name = decoder.decode(archive.subarray(at + 46, at + 46 + nameLength));
    names.push(name);
    at += 46 + nameLength + extraLength + commentLength;
    if (name !== member && !name.endsWith(`/${member}`)) continue;
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff)
      return { ok: false, error: `${name}: ZIP64 members are not supported` };
    if (method !== 0 && method !== 8)
      return { ok: false, error: `${name}: compression method ${method} is not supported (only stored and deflate)` };
    if (localOffset + 30 > archive.length || view.getUint32(localOffset, true) !== LOCAL)
      return { ok: false, error: `${name}: the local header is damaged` };
    const dataOffset = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataOffset + compressedSize > archive.length) return { ok: false, error: `${name}: the archive is truncated` };
    return { ok: true, value: { name, method, dataOffset, compressedSize, size, crc32 } };
  }
  return { ok: false, error: `the archive has no member '${member}' (members: ${names.join(", ") || "none"})` };
}
