/** The vision core: pure image and detection processing, no I/O. */
export { boxArea, boxFromCenter, boxHeight, boxWidth, clampBox, iou } from "./detection.ts";
export type { Box, Detection } from "./detection.ts";
export { ENCODING_LAYOUTS, SUPPORTED_ENCODINGS, toImageView, toRgb8 } from "./image-view.ts";
export type {
  EncodingLayout,
  ImageLike,
  ImageView,
  ImageViewError,
  ImageViewErrorCode,
  ImageViewResult,
  PixelEncoding,
  Rgb8Image,
} from "./image-view.ts";
export { boxToModel, boxToSource, letterbox, letterboxGeometry } from "./letterbox.ts";
export type { LetterboxGeometry, LetterboxOptions } from "./letterbox.ts";
export { decodeYoloRaw } from "./yolo-raw-decoder.ts";
export type { RawTensor, YoloRawDecodeOptions } from "./yolo-raw-decoder.ts";
export { decodeHailoNmsByClass } from "./hailo-nms-decoder.ts";
export type { HailoNmsDecodeOptions } from "./hailo-nms-decoder.ts";
export type { DecodeError, DecodeErrorCode, DecodeResult } from "./decode-result.ts";
export { classWiseNms } from "./nms.ts";
export type { NmsOptions } from "./nms.ts";
export { classColor, detectionLabel, drawDetections } from "./overlay.ts";
export type { OverlayOptions, Rgb } from "./overlay.ts";
export { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from "./font-5x7.ts";
