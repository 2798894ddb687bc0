/** The errors a service call rejects with, worded the same by both ROS adapters. */
import { errorText } from "./error-text.ts";

export function serviceTimeoutError(service: string, timeoutMs: number): Error {
  const error = new Error(`service "${service}" did not respond within ${timeoutMs} ms`);
  error.name = "TimeoutError";
  return error;
}

export function serviceAbortError(service: string): Error {
  const error = new Error(`call to service "${service}" was aborted`);
  error.name = "AbortError";
  return error;
}

export function serviceHandlerError(service: string, cause: unknown): Error {
  return new Error(`service "${service}" handler failed: ${errorText(cause)}`, { cause });
}
