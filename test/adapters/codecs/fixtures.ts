import jpeg from "jpeg-js";

/** A w×h rgb8 gradient with a distinct colour per corner, so flips and channel swaps show. */
export function gradient(width: number, height: number): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.round((x / Math.max(1, width - 1)) * 255);
      data[i + 1] = Math.round((y / Math.max(1, height - 1)) * 255);
      data[i + 2] = 64;
    }
  }
  return { width, height, data };
}

/** JPEG bytes of rgb8 pixels (jpeg-js wants RGBA input). */
export function encodeJpeg(image: { width: number; height: number; data: Uint8Array }, quality = 95): Uint8Array {
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let p = 0; p < image.width * image.height; p++) {
    rgba[p * 4] = image.data[p * 3]!;
    rgba[p * 4 + 1] = image.data[p * 3 + 1]!;
    rgba[p * 4 + 2] = image.data[p * 3 + 2]!;
    rgba[p * 4 + 3] = 255;
  }
  const { data } = jpeg.encode({ width: image.width, height: image.height, data: rgba }, quality);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function maxAbsDifference(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
