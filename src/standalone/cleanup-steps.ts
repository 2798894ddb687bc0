/**
 * What a run has to undo, registered as it is set up and undone in reverse order. Every step runs
 * whatever the others do (a node that fails to shut down must not leave the recording without
 * its summary), and the failures are collected for the caller to report.
 */
export interface CleanupFailure {
  readonly step: string;
  readonly error: Error;
}

export class CleanupSteps {
  readonly #steps: Array<{ readonly name: string; readonly run: () => unknown }> = [];

  /** Registers a step; it runs before every step added earlier. It may return a promise. */
  add(name: string, run: () => unknown): void {
    this.#steps.push({ name, run });
  }

  /** Runs every step once, last added first, and returns the ones that threw or rejected. */
  async runAll(): Promise<CleanupFailure[]> {
    const failures: CleanupFailure[] = [];
    for (const { name, run } of this.#steps.splice(0).reverse()) {
      try {
        await run();
      } catch (error) {
        failures.push({ step: name, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
    return failures;
  }
}

/** "closing the recording: disk full; …", for logs and errors. */
export function describeCleanupFailures(failures: readonly CleanupFailure[]): string {
  return failures.map((f) => `${f.step}: ${f.error.message}`).join("; ");
}
