/** The one-line text of a download's progress (the adapter decides when and where to print it). Pure. */

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1);
}

/**
 * `name [#########-----------]  45%  12.3/27.1 MB  3.2 MB/s` with a known total, else
 * `name 12.3 MB  3.2 MB/s`; `barWidth` characters of bar.
 */
export function progressText(label: string, received: number, total: number | undefined, bytesPerSecond: number, barWidth = 24): string {
  const rate = `${megabytes(Math.max(0, bytesPerSecond))} MB/s`;
  if (total === undefined || total <= 0) return `${label} ${megabytes(received)} MB  ${rate}`;
  const fraction = Math.min(1, Math.max(0, received / total));
  const filled = Math.round(fraction * barWidth);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `${label} [${"#".repeat(filled)}${"-".repeat(barWidth - filled)}] ${percent}  ${megabytes(received)}/${megabytes(total)} MB  ${rate}`;
}
