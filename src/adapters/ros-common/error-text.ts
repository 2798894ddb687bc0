/** The message of a thrown value, for log lines and wrapped errors (non-Error throws are stringified). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
