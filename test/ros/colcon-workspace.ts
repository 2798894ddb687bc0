/**
 * The colcon workspace ros2_ws built once per test run, shared by every test file that needs it:
 * `colcon build` into a temporary build and install base (the checkout is not written to; the
 * base is removed when the test process exits), and the shells those tests start with the
 * install sourced.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** launch's default sigterm_timeout: a node still running this long after SIGINT gets SIGTERM. */
export const LAUNCH_SIGTERM_TIMEOUT_MS = 5000;

/**
 * The ROS 2 of the environment with Debian's python3 first (ament's CMake runs python3 scripts
 * that need catkin_pkg, which another python3 on PATH may lack).
 */
export const rosEnv: NodeJS.ProcessEnv = { ...process.env, PATH: `/usr/bin:${process.env.PATH ?? ""}` };

export function colconAvailable(): boolean {
  return spawnSync("colcon", ["--help"]).status === 0;
}

export interface BuiltWorkspace {
  readonly base: string;
  readonly install: string;
}

let built: BuiltWorkspace | undefined;

/** Builds ros2_ws on the first call (minutes on a busy machine); later calls return the same build. */
export function builtWorkspace(): BuiltWorkspace {
  if (built !== undefined) return built;
  const base = mkdtempSync(path.join(tmpdir(), "hailo-ros-colcon-"));
  process.on("exit", () => rmSync(base, { recursive: true, force: true }));
  const install = path.join(base, "install");
  const build = spawnSync(
    "colcon",
    [
      "--log-base",
      path.join(base, "log"),
      "build",
      "--base-paths",
      path.join(root, "ros2_ws/src"),
      "--build-base",
      path.join(base, "build"),
      "--install-base",
      install,
      // A copy of node_modules (half a gigabyte) is what a robot install gets; the tests link it.
      "--cmake-args",
      "-DHAILO_ROS_LINK_NODE_MODULES=ON",
    ],
    { cwd: base, env: rosEnv, encoding: "utf8" },
  );
  if (build.status !== 0) throw new Error(`colcon build failed:\n${build.stdout}${build.stderr}`);
  built = { base, install };
  return built;
}

/** A bash command with the install sourced (on top of the ROS 2 of the test's environment). */
export function sourced(install: string, command: string): string {
  return `set +u; source ${JSON.stringify(path.join(install, "setup.bash"))}; ${command}`;
}

export interface Running {
  readonly output: () => string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; atMs: number }>;
  /** Sends SIGINT (to the whole process group when started as a group); returns when it was sent. */
  interrupt(): number;
  kill(): void;
}

/**
 * Starts a bash script in a process group of its own: SIGINT to the group is what Ctrl-C in a
 * terminal sends. `group` chooses whether interrupt() signals the group or only the bash (exec'd
 * into the command).
 */
export function startBash(script: string, env: NodeJS.ProcessEnv, group: boolean): Running {
  const child = spawn("bash", ["-c", script], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let text = "";
  child.stdout.on("data", (c: Buffer) => (text += c.toString()));
  child.stderr.on("data", (c: Buffer) => (text += c.toString()));
  const exited = new Promise<{ code: number | null; atMs: number }>((resolve) =>
    child.on("exit", (code) => resolve({ code, atMs: performance.now() })),
  );
  return {
    output: () => text,
    exited,
    async waitFor(pattern, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (child.exitCode !== null) throw new Error(`exited before printing ${pattern}:\n${text}`);
        if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}:\n${text}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    interrupt() {
      process.kill(group ? -child.pid! : child.pid!, "SIGINT");
      return performance.now();
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    },
  };
}
