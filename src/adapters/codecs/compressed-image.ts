/**
 * sensor_msgs/CompressedImage (JPEG or PNG, as image_transport's "compressed" plugin writes it)
 * → sensor_msgs/Image rgb8.
 */
import { packedRgb8Image, type CompressedImage, type Image } from "../../messages/sensor_msgs.ts";
import { decodeImageBytes, type DecodeResult } from "./image-bytes.ts";

export function decodeCompressedImage(message: CompressedImage): DecodeResult<Image> {
  // compressedDepth prefixes the PNG with its own depth-quantisation header: not plain PNG.
  if (/compresseddepth/i.test(message.format)) {
    return { ok: false, error: `CompressedImage format "${message.format}": compressedDepth images are not supported, only jpeg and png` };
  }
  const decoded = decodeImageBytes(message.data, `CompressedImage format "${message.format}"`);
  if (!decoded.ok) return decoded;
  return { ok: true, value: packedRgb8Image(message.header, decoded.value) };
}
