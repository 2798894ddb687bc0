/** The tagged-union result both detection decoders return. */
import type { Detection } from "./detection.ts";

export type DecodeErrorCode = "bad-shape" | "bad-options" | "bad-count" | "truncated";

export interface DecodeError {
  readonly code: DecodeErrorCode;
  readonly message: string;
}

export type DecodeResult = { readonly ok: true; readonly value: Detection[] } | { readonly ok: false; readonly error: DecodeError };

export function decodeFailure(code: DecodeErrorCode, message: string): DecodeResult {
  return { ok: false, error: { code, message } };
}

/** Checks the options shared by the decoders; returns an error message or undefined. */
export function checkThresholds(outputName: string, scoreThreshold: number, maxDetections: number): string | undefined {
  if (!Number.isFinite(scoreThreshold)) {
    return `score threshold ${String(scoreThreshold)} for output "${outputName}" must be a finite number (e.g. 0.25)`;
  }
  if (!(Number.isInteger(maxDetections) && maxDetections >= 0) && maxDetections !== Number.POSITIVE_INFINITY) {
    return `max detections ${String(maxDetections)} for output "${outputName}" must be a non-negative integer`;
  }
  return undefined;
}
