/**
 * Stops the motors on every way out of the process that JavaScript still sees: SIGINT and SIGTERM
 * (run first, before any other handler, e.g. the ROS runtime's clean shutdown; with no other
 * handler the process then ends by the signal as it would have without this one), an uncaught
 * exception or unhandled rejection (stop, report, exit 1), and `exit` itself. `stop` must be
 * synchronous (writeSync to every pin): nothing asynchronous is certain to run on these paths.
 * SIGKILL, the OOM killer and native crashes cannot be caught: wire pull-downs on the enable
 * lines and a hardware e-stop for those.
 */

export interface ExitGuardOptions {
  /** Where a crash is reported; synchronous. Default: stderr. */
  readonly report?: (line: string) => void;
  /** Default process.exit. */
  readonly exit?: (code: number) => void;
}

export function stopOnExit(stop: () => void, options: ExitGuardOptions = {}): () => void {
  const report = options.report ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const safeStop = () => {
    try {
      stop();
    } catch (error) {
      report(`[ERROR] [hailo_ros]: stopping the motors failed: ${(error as Error).message ?? String(error)}`);
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    safeStop();
    // Nobody else handles it (a listener of ours removed Node's default): end as the signal would have.
    if (process.listenerCount(signal) === 1) {
      uninstall();
      process.kill(process.pid, signal);
    }
  };
  const onCrash = (kind: string) => (error: unknown) => {
    safeStop();
    uninstall();
    report(`[FATAL] [hailo_ros]: ${kind}, motors stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    exit(1);
  };
  const onException = onCrash("uncaught exception");
  const onRejection = onCrash("unhandled rejection");
  process.prependListener("SIGINT", onSignal);
  process.prependListener("SIGTERM", onSignal);
  process.prependListener("uncaughtException", onException);
  process.prependListener("unhandledRejection", onRejection);
  process.prependListener("exit", safeStop);
  const uninstall = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("uncaughtException", onException);
    process.off("unhandledRejection", onRejection);
    process.off("exit", safeStop);
  };
  return uninstall;
}
