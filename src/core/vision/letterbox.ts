/**
 * Aspect-preserving resize with centred padding ("letterbox"), the preprocessing YOLO models
 * (Ultralytics, Hailo model zoo) are trained with, plus the inverse mapping for boxes.
 */
import type { Box } from "./detection.ts";
import { ENCODING_LAYOUTS, type ImageView } from "./image-view.ts";
import { YUV_UB, YUV_UG, YUV_VG, YUV_VR, YUV_Y } from "./yuv.ts";

export interface LetterboxGeometry {
  readonly srcW: number;
  readonly srcH: number;
  readonly dstW: number;
  readonly dstH: number;
  /** Uniform scale factor min(dstW/srcW, dstH/srcH). */
  readonly scale: number;
  /** Size of the resized image inside the padded frame. */
  readonly resizedW: number;
  readonly resizedH: number;
  /** Left and top padding in model-input pixels (the right/bottom padding takes the remainder). */
  readonly padX: number;
  readonly padY: number;
  /** Exact per-axis scales after rounding the resized size (resizedW/srcW, resizedH/srcH). */
  readonly scaleX: number;
  readonly scaleY: number;
}

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`letterbox ${name} ${String(value)} must be a positive integer`);
  }
}

export function letterboxGeometry(srcW: number, srcH: number, dstW: number, dstH: number): LetterboxGeometry {
  assertSize("source width", srcW);
  assertSize("source height", srcH);
  assertSize("target width", dstW);
  assertSize("target height", dstH);
  const scale = Math.min(dstW / srcW, dstH / srcH);
  const resizedW = Math.min(dstW, Math.max(1, Math.round(srcW * scale)));
  const resizedH = Math.min(dstH, Math.max(1, Math.round(srcH * scale)));
  const padX = Math.floor((dstW - resizedW) / 2);
  const padY = Math.floor((dstH - resizedH) / 2);
  return { srcW, srcH, dstW, dstH, scale, resizedW, resizedH, padX, padY, scaleX: resizedW / srcW, scaleY: resizedH / srcH };
}

/** Maps a box in source pixels into model-input pixels (the forward direction of boxToSource). */
export function boxToModel(box: Box, g: LetterboxGeometry): Box {
  return {
    x1: box.x1 * g.scaleX + g.padX,
    y1: box.y1 * g.scaleY + g.padY,
    x2: box.x2 * g.scaleX + g.padX,
    y2: box.y2 * g.scaleY + g.padY,
  };
}

/** Maps a box in model-input pixels back to source pixels, clamped to the srcW × srcH image. */
export function boxToSource(box: Box, g: LetterboxGeometry, srcW: number = g.srcW, srcH: number = g.srcH): Box {
  const clampX = (x: number): number => Math.min(Math.max((x - g.padX) / g.scaleX, 0), srcW);
  const clampY = (y: number): number => Math.min(Math.max((y - g.padY) / g.scaleY, 0), srcH);
  return { x1: clampX(box.x1), y1: clampY(box.y1), x2: clampX(box.x2), y2: clampY(box.y2) };
}

export interface LetterboxOptions {
  /** Grey level of the padding (Ultralytics and Hailo use 114). */
  readonly padValue?: number;
  /** Reused output buffer of exactly dstW × dstH × 3 bytes (avoids a 1.2 MB allocation per frame). */
  readonly out?: Uint8Array;
  /** Faster implementations of hot loops (native code); each must give the same bytes as ours. */
  readonly kernels?: LetterboxKernels;
  /**
   * Sampling tables to reuse across calls (own one per model input); without them each call
   * that resamples through tables builds its own.
   */
  readonly tables?: LetterboxTables;
}

/**
 * Optional replacements for the hottest resampling loops, injected by an adapter so this module
 * stays pure. Every kernel must produce exactly the bytes of the TypeScript path it replaces.
 */
export interface LetterboxKernels {
  /**
   * 2:1 downscale of packed 3-byte pixels: output (x, y) channel c is the rounded mean of source
   * bytes at rows 2y and 2y+1, pixels 2x and 2x+1; swapRB exchanges output bytes 0 and 2.
   */
  average2x2Packed3?(
    src: Uint8Array,
    srcStep: number,
    outWidth: number,
    outHeight: number,
    dst: Uint8Array,
    dstOffset: number,
    dstStep: number,
    swapRB: boolean,
  ): void;
  /**
   * Odd integer ratio k ≥ 3 of packed 3-byte pixels: output (x, y) is source pixel
   * (k·x + (k−1)/2, k·y + (k−1)/2); swapRB exchanges output bytes 0 and 2.
   */
  sampleOddPacked3?(
    src: Uint8Array,
    srcStep: number,
    k: number,
    outWidth: number,
    outHeight: number,
    dst: Uint8Array,
    dstOffset: number,
    dstStep: number,
    swapRB: boolean,
  ): void;
}

/** Weights are 8-bit fixed point: 256 = 1.0, so a 2-D tap product fits 16 bits. */
const ONE = 256;
const ROUND2 = 1 << 15;

/**
 * Bilinear taps along one axis with half-pixel centres: output i reads source i0 and i1 = i0 or
 * i0 + 1 with weights (ONE - w) and w.
 */
function forEachTap(srcLen: number, dstLen: number, visit: (i: number, i0: number, i1: number, w: number) => void): void {
  const ratio = srcLen / dstLen;
  for (let i = 0; i < dstLen; i++) {
    const s = Math.min(Math.max((i + 0.5) * ratio - 0.5, 0), srcLen - 1);
    const lo = Math.floor(s);
    visit(i, lo, Math.min(lo + 1, srcLen - 1), Math.round((s - lo) * ONE));
  }
}

/**
 * Sampling tables in byte offsets, interleaved so the inner loop reads one array sequentially.
 * Columns: [offset of tap 0 in the row, tap 1 − tap 0, weight of tap 1]; for YUV two more
 * entries [offset of tap 0's U byte, tap 1's U − tap 0's U]. Rows: [row 0 start, row 1 − row 0,
 * weight of row 1].
 */
export interface SamplingTables {
  readonly encoding: string;
  readonly step: number;
  readonly srcW: number;
  readonly srcH: number;
  readonly resizedW: number;
  readonly resizedH: number;
  readonly columns: Int32Array;
  readonly rows: Int32Array;
}

/**
 * The sampling tables of one letterbox user (e.g. one detection pipeline), kept while the source
 * layout and the resized size stay the same. Each model owns its own, so two models of different
 * input sizes fed the same frames do not rebuild each other's tables every frame.
 */
export class LetterboxTables {
  #current: SamplingTables | undefined;
  #builds = 0;

  /** How many times tables were computed (a steady stream of same-sized frames builds them once). */
  get builds(): number {
    return this.#builds;
  }

  /** @internal The tables for this source and geometry, built only when they differ from the last ones. */
  tablesFor(view: ImageView, g: LetterboxGeometry): SamplingTables {
    const t = this.#current;
    if (
      t !== undefined &&
      t.encoding === view.encoding &&
      t.step === view.step &&
      t.srcW === g.srcW &&
      t.srcH === g.srcH &&
      t.resizedW === g.resizedW &&
      t.resizedH === g.resizedH
    ) {
      return t;
    }
    this.#builds++;
    this.#current = buildSamplingTables(view, g);
    return this.#current;
  }
}

function buildSamplingTables(view: ImageView, g: LetterboxGeometry): SamplingTables {
  const layout = ENCODING_LAYOUTS[view.encoding];
  const yuv = layout.yuv;
  const stride = yuv ? 5 : 3;
  const columns = new Int32Array(g.resizedW * stride);
  forEachTap(g.srcW, g.resizedW, (i, x0, x1, w) => {
    const o = i * stride;
    if (yuv) {
      const y0 = (x0 >> 1) * 4 + yuv.y0 + (x0 & 1) * 2;
      const y1 = (x1 >> 1) * 4 + yuv.y0 + (x1 & 1) * 2;
      columns[o] = y0;
      columns[o + 1] = y1 - y0;
      columns[o + 2] = w;
      columns[o + 3] = (x0 >> 1) * 4 + yuv.u;
      columns[o + 4] = ((x1 >> 1) - (x0 >> 1)) * 4;
    } else {
      columns[o] = x0 * layout.bytesPerPixel;
      columns[o + 1] = (x1 - x0) * layout.bytesPerPixel;
      columns[o + 2] = w;
    }
  });
  const rows = new Int32Array(g.resizedH * 3);
  forEachTap(g.srcH, g.resizedH, (i, y0, y1, w) => {
    rows[i * 3] = y0 * view.step;
    rows[i * 3 + 1] = (y1 - y0) * view.step;
    rows[i * 3 + 2] = w;
  });
  const { srcW, srcH, resizedW, resizedH } = g;
  return { encoding: view.encoding, step: view.step, srcW, srcH, resizedW, resizedH, columns, rows };
}

/** Where the resized image goes in the output. */
interface Target {
  readonly out: Uint8Array;
  /** Byte offset of the first resized pixel. */
  readonly first: number;
  readonly rowBytes: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Letterboxes an image into a tightly packed RGB uint8 NHWC buffer of dstW × dstH × 3, reading
 * the source in its own encoding (no intermediate RGB copy), with bilinear resampling at
 * half-pixel centres (a 2:1 downscale averages 2×2 blocks; equal sizes copy pixels exactly).
 */
export function letterbox(view: ImageView, dstW: number, dstH: number, options: LetterboxOptions = {}): Uint8Array {
  const padValue = options.padValue ?? 114;
  if (!Number.isInteger(padValue) || padValue < 0 || padValue > 255) {
    throw new RangeError(`letterbox padValue ${String(padValue)} must be an integer 0..255`);
  }
  const g = letterboxGeometry(view.width, view.height, dstW, dstH);
  const size = dstW * dstH * 3;
  const out = options.out ?? new Uint8Array(size);
  if (out.length !== size) {
    throw new RangeError(`letterbox out buffer has ${out.length} bytes; it must be ${dstW}×${dstH}×3 = ${size}`);
  }
  const rowBytes = dstW * 3;
  const top = g.padY * rowBytes;
  const bottom = (g.padY + g.resizedH) * rowBytes;
  if (top > 0) out.fill(padValue, 0, top);
  if (bottom < size) out.fill(padValue, bottom, size);
  if (g.resizedW < dstW) {
    const left = g.padX * 3;
    const right = (g.padX + g.resizedW) * 3;
    for (let o = top; o < bottom; o += rowBytes) {
      if (left > 0) out.fill(padValue, o, o + left);
      out.fill(padValue, o + right, o + rowBytes);
    }
  }
  const target: Target = { out, first: top + g.padX * 3, rowBytes, width: g.resizedW, height: g.resizedH };
  const layout = ENCODING_LAYOUTS[view.encoding];
  // An integer ratio k puts every half-pixel-centre tap on a pixel (k odd) or halfway between
  // two (k even), so strided loops without tables give the same result as the general path.
  const k = view.width / g.resizedW;
  const integerRatio = Number.isInteger(k) && view.height === k * g.resizedH;
  const tables = (): SamplingTables => (options.tables ?? new LetterboxTables()).tablesFor(view, g);
  if (layout.yuv !== undefined) {
    bilinearYuv(view, tables(), layout.yuv.v - layout.yuv.u, target);
  } else if (view.encoding === "mono8") {
    bilinearMono(view, tables(), target);
  } else if (
    integerRatio &&
    k >= 3 &&
    k % 2 === 1 &&
    (view.encoding === "rgb8" || view.encoding === "bgr8") &&
    options.kernels?.sampleOddPacked3
  ) {
    options.kernels.sampleOddPacked3(
      view.data,
      view.step,
      k,
      target.width,
      target.height,
      out,
      target.first,
      rowBytes,
      view.encoding === "bgr8",
    );
  } else if (integerRatio && k % 2 === 1) {
    pointSamplePacked(view, k, layout.r, layout.g, layout.b, target);
  } else if (integerRatio && k === 2 && (view.encoding === "rgb8" || view.encoding === "bgr8") && options.kernels?.average2x2Packed3) {
    options.kernels.average2x2Packed3(
      view.data,
      view.step,
      target.width,
      target.height,
      out,
      target.first,
      rowBytes,
      view.encoding === "bgr8",
    );
  } else if (integerRatio && view.encoding === "rgb8") {
    average2x2Rgb8(view, k, target);
  } else if (integerRatio) {
    average2x2Packed(view, k, layout.r, layout.g, layout.b, target);
  } else {
    bilinearPacked(view, tables(), layout.r, layout.g, layout.b, target);
  }
  return out;
}

/** Odd integer ratio k (including 1, a plain copy): each output pixel is source pixel k·i + (k−1)/2. */
function pointSamplePacked(view: ImageView, k: number, r: number, gr: number, b: number, t: Target): void {
  const { step, data, bytesPerPixel: bpp } = view;
  const { out, first, rowBytes, width, height } = t;
  const half = (k - 1) / 2;
  if (k === 1 && view.encoding === "rgb8") {
    for (let y = 0; y < height; y++) out.set(data.subarray(y * step, y * step + width * 3), first + y * rowBytes);
    return;
  }
  const dx = k * bpp;
  for (let y = 0; y < height; y++) {
    let s = (k * y + half) * step + half * bpp;
    let d = first + y * rowBytes;
    const end = d + width * 3;
    for (; d < end; d += 3, s += dx) {
      out[d] = data[s + r]!;
      out[d + 1] = data[s + gr]!;
      out[d + 2] = data[s + b]!;
    }
  }
}

/** Even integer ratio k, rgb8: the mean of the 2×2 block around each output pixel's centre. */
function average2x2Rgb8(view: ImageView, k: number, t: Target): void {
  const { step, data } = view;
  const { out, first, rowBytes, width, height } = t;
  const half = k / 2 - 1;
  const dx = k * 3;
  for (let y = 0; y < height; y++) {
    let s0 = (k * y + half) * step + half * 3;
    let s1 = s0 + step;
    let d = first + y * rowBytes;
    const end = d + width * 3;
    for (; d < end; d += 3, s0 += dx, s1 += dx) {
      out[d] = (data[s0]! + data[s0 + 3]! + data[s1]! + data[s1 + 3]! + 2) >> 2;
      out[d + 1] = (data[s0 + 1]! + data[s0 + 4]! + data[s1 + 1]! + data[s1 + 4]! + 2) >> 2;
      out[d + 2] = (data[s0 + 2]! + data[s0 + 5]! + data[s1 + 2]! + data[s1 + 5]! + 2) >> 2;
    }
  }
}

/** Even integer ratio k, any packed encoding. */
function average2x2Packed(view: ImageView, k: number, r: number, gr: number, b: number, t: Target): void {
  const { step, data, bytesPerPixel: bpp } = view;
  const { out, first, rowBytes, width, height } = t;
  const half = k / 2 - 1;
  const dx = k * bpp;
  for (let y = 0; y < height; y++) {
    let s0 = (k * y + half) * step + half * bpp;
    let s1 = s0 + step;
    let d = first + y * rowBytes;
    const end = d + width * 3;
    for (; d < end; d += 3, s0 += dx, s1 += dx) {
      out[d] = (data[s0 + r]! + data[s0 + bpp + r]! + data[s1 + r]! + data[s1 + bpp + r]! + 2) >> 2;
      out[d + 1] = (data[s0 + gr]! + data[s0 + bpp + gr]! + data[s1 + gr]! + data[s1 + bpp + gr]! + 2) >> 2;
      out[d + 2] = (data[s0 + b]! + data[s0 + bpp + b]! + data[s1 + b]! + data[s1 + bpp + b]! + 2) >> 2;
    }
  }
}

function bilinearPacked(view: ImageView, tables: SamplingTables, r: number, gr: number, b: number, t: Target): void {
  const { data } = view;
  const { columns, rows } = tables;
  const { out, first, rowBytes, height } = t;
  const cols = t.width * 3;
  for (let y = 0; y < height; y++) {
    const row0 = rows[y * 3]!;
    const dRow = rows[y * 3 + 1]!;
    const wy1 = rows[y * 3 + 2]!;
    const wy0 = ONE - wy1;
    let d = first + y * rowBytes;
    for (let c = 0; c < cols; c += 3) {
      const p00 = row0 + columns[c]!;
      const dCol = columns[c + 1]!;
      const wx1 = columns[c + 2]!;
      const wx0 = ONE - wx1;
      const w00 = wx0 * wy0;
      const w01 = wx1 * wy0;
      const w10 = wx0 * wy1;
      const w11 = wx1 * wy1;
      const p01 = p00 + dCol;
      const p10 = p00 + dRow;
      const p11 = p10 + dCol;
      out[d] = (data[p00 + r]! * w00 + data[p01 + r]! * w01 + data[p10 + r]! * w10 + data[p11 + r]! * w11 + ROUND2) >> 16;
      out[d + 1] = (data[p00 + gr]! * w00 + data[p01 + gr]! * w01 + data[p10 + gr]! * w10 + data[p11 + gr]! * w11 + ROUND2) >> 16;
      out[d + 2] = (data[p00 + b]! * w00 + data[p01 + b]! * w01 + data[p10 + b]! * w10 + data[p11 + b]! * w11 + ROUND2) >> 16;
      d += 3;
    }
  }
}

function bilinearMono(view: ImageView, tables: SamplingTables, t: Target): void {
  const { data } = view;
  const { columns, rows } = tables;
  const { out, first, rowBytes, height } = t;
  const cols = t.width * 3;
  for (let y = 0; y < height; y++) {
    const row0 = rows[y * 3]!;
    const dRow = rows[y * 3 + 1]!;
    const wy1 = rows[y * 3 + 2]!;
    const wy0 = ONE - wy1;
    let d = first + y * rowBytes;
    for (let c = 0; c < cols; c += 3) {
      const p00 = row0 + columns[c]!;
      const dCol = columns[c + 1]!;
      const wx1 = columns[c + 2]!;
      const wx0 = ONE - wx1;
      const v =
        (data[p00]! * wx0 * wy0 +
          data[p00 + dCol]! * wx1 * wy0 +
          data[p00 + dRow]! * wx0 * wy1 +
          data[p00 + dRow + dCol]! * wx1 * wy1 +
          ROUND2) >>
        16;
      out[d] = v;
      out[d + 1] = v;
      out[d + 2] = v;
      d += 3;
    }
  }
}

/**
 * YUV 4:2:2: Y, U and V are interpolated separately (chroma is shared by each pixel pair) and
 * converted once per output pixel; the conversion is affine, so this equals interpolating RGB
 * apart from saturation.
 */
function bilinearYuv(view: ImageView, tables: SamplingTables, vMinusU: number, t: Target): void {
  const { data } = view;
  const { columns, rows } = tables;
  const { out, first, rowBytes, height } = t;
  // Writing through a clamped view rounds and saturates in one step.
  const clamped = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  const cols = t.width * 5;
  // Interpolated samples carry 16 fractional bits; fold the 2^16 and the coefficients' 2^8 together.
  const norm = 1 / (1 << 24);
  const y16 = 16 << 16;
  const c128 = 128 << 16;
  for (let y = 0; y < height; y++) {
    const row0 = rows[y * 3]!;
    const dRow = rows[y * 3 + 1]!;
    const wy1 = rows[y * 3 + 2]!;
    const wy0 = ONE - wy1;
    let d = first + y * rowBytes;
    for (let c = 0; c < cols; c += 5) {
      const wx1 = columns[c + 2]!;
      const wx0 = ONE - wx1;
      const w00 = wx0 * wy0;
      const w01 = wx1 * wy0;
      const w10 = wx0 * wy1;
      const w11 = wx1 * wy1;
      const y00 = row0 + columns[c]!;
      const dY = columns[c + 1]!;
      const u00 = row0 + columns[c + 3]!;
      const dU = columns[c + 4]!;
      const v00 = u00 + vMinusU;
      const yy = data[y00]! * w00 + data[y00 + dY]! * w01 + data[y00 + dRow]! * w10 + data[y00 + dRow + dY]! * w11;
      const uu = data[u00]! * w00 + data[u00 + dU]! * w01 + data[u00 + dRow]! * w10 + data[u00 + dRow + dU]! * w11;
      const vv = data[v00]! * w00 + data[v00 + dU]! * w01 + data[v00 + dRow]! * w10 + data[v00 + dRow + dU]! * w11;
      const cy = YUV_Y * (yy - y16);
      const du = uu - c128;
      const dv = vv - c128;
      clamped[d] = (cy + YUV_VR * dv) * norm;
      clamped[d + 1] = (cy - YUV_UG * du - YUV_VG * dv) * norm;
      clamped[d + 2] = (cy + YUV_UB * du) * norm;
      d += 3;
    }
  }
}
