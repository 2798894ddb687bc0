/** Encodes camera-style pixels as PNG bytes (for snapshots, debug images and test fixtures). */
import { PNG } from "pngjs";
import type { Image } from "../../messages/sensor_msgs.ts";

/** Packed rgb8 pixels, rows of width * 3 bytes. */
export interface Rgb8Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

// Channel offsets of R, G, B (and alpha presence) per sensor_msgs/Image encoding we accept.
const layouts: Readonly<Record<string, { channels: number; r: number; g: number; b: number }>> = {
  rgb8: { channels: 3, r: 0, g: 1, b: 2 },
  bgr8: { channels: 3, r: 2, g: 1, b: 0 },
  rgba8: { channels: 4, r: 0, g: 1, b: 2 },
  bgra8: { channels: 4, r: 2, g: 1, b: 0 },
  mono8: { channels: 1, r: 0, g: 0, b: 0 },
};

function isImage(image: Image | Rgb8Raster): image is Image {
  return "encoding" in image;
}

/**
 * PNG bytes of an Image (rgb8, bgr8, rgba8, bgra8 or mono8; row padding honoured) or of packed
 * rgb8 pixels. Throws naming the problem when the data does not fit the size.
 */
export function encodePng(image: Image | Rgb8Raster): Uint8Array {
  const { width, height, data } = image;
  const encoding = isImage(image) ? image.encoding : "rgb8";
  const layout = layouts[encoding];
  if (layout === undefined) {
    throw new Error(`encodePng: image encoding "${encoding}" is not supported (use ${Object.keys(layouts).join(", ")})`);
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`encodePng: image size ${width}x${height} is not a positive integer size`);
  }
  const step = isImage(image) ? image.step : width * layout.channels;
  if (step < width * layout.channels || data.length < step * (height - 1) + width * layout.channels) {
    throw new Error(`encodePng: ${data.length} bytes cannot hold a ${width}x${height} ${encoding} image with row step ${step}`);
  }
  const png = new PNG({ width, height });
  const rgba = png.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * step + x * layout.channels;
      const o = (y * width + x) * 4;
      rgba[o] = data[i + layout.r]!;
      rgba[o + 1] = data[i + layout.g]!;
      rgba[o + 2] = data[i + layout.b]!;
      rgba[o + 3] = 255;
    }
  }
  const bytes = PNG.sync.write(png, { colorType: 2 });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
