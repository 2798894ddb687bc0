/** Child processes for the tests that run nodes the way `ros2 run` and `ros2 launch` do. */
import { spawn, type ChildProcess } from "node:child_process";

export interface Started {
  readonly child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first line matching `pattern`; rejects after `timeoutMs` with the output so far. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal) and the time it took after `since`. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
}

export function startProcess(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Started {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const waiter of [...waiters]) {
      const line = text.split("\n").find((l) => waiter.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, atMs: performance.now() })),
  );
  return {
    child,
    output: () => text,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const line = text.split("\n").find((l) => pattern.test(l));
        if (line !== undefined) return resolve(line);
        const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} in:\n${text}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exit.then(() => {
          const late = text.split("\n").find((l) => pattern.test(l));
          if (late === undefined) {
            clearTimeout(timer);
            reject(new Error(`the process exited before printing ${pattern}:\n${text}`));
          }
        });
      }),
    exited: () => exit,
  };
}

/** Runs a command to its end; resolves with its exit code and output. */
export async function run(command: string, args: readonly string[], timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  const started = startProcess(command, args);
  const timer = setTimeout(() => started.child.kill("SIGKILL"), timeoutMs);
  const { code } = await started.exited();
  clearTimeout(timer);
  return { code, output: started.output() };
}
