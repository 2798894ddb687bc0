/**
 * A download's progress on stderr: on a terminal one line redrawn in place (at most 10 times a
 * second); otherwise (a log, a pipe) a line at each quarter, so logs stay short.
 */
import { progressText } from "../../core/models/progress-text.ts";

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressBar {
  update(received: number, total: number | undefined): void;
  /** Ends the line (a terminal's bar is left at its last state). */
  done(): void;
}

export function createProgressBar(
  label: string,
  stream: ProgressStream = process.stderr,
  now: () => number = () => performance.now(),
): ProgressBar {
  const tty = stream.isTTY === true;
  const startedAt = now();
  let firstBytes: number | undefined;
  let lastDrawAt = -Infinity;
  let lastQuarter = -1;
  let drawn = false;
  let last = { received: 0, total: undefined as number | undefined };
  const text = () => {
    const seconds = Math.max(1e-3, (now() - startedAt) / 1000);
    return progressText(label, last.received, last.total, (last.received - (firstBytes ?? 0)) / seconds);
  };
  return {
    update(received, total) {
      firstBytes ??= received;
      last = { received, total };
      if (tty) {
        if (now() - lastDrawAt < 100 && received !== total) return;
        lastDrawAt = now();
        stream.write(`\r${text()}\x1b[K`);
        drawn = true;
      } else if (total !== undefined && total > 0) {
        const quarter = Math.floor((received / total) * 4);
        if (quarter > lastQuarter) {
          lastQuarter = quarter;
          stream.write(`${text()}\n`);
        }
      }
    },
    done() {
      if (tty && drawn) stream.write(`\r${text()}\x1b[K\n`);
      else if (!tty && (last.total === undefined || lastQuarter < 4)) stream.write(`${text()}\n`);
    },
  };
}
