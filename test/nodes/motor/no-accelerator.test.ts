/**
 * The motor process loads no accelerator code: a child process starts the motor node the way
 * `hailo-ros` does (registry entry, its I/O from the composition root, dry run) under an ESM
 * resolve hook that logs every module it resolves; the CommonJS cache is listed too. A second
 * child that does import the ONNX backend shows that the check sees such modules.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../src");
const url = (file: string) => pathToFileURL(path.join(dist, file)).href;

const ACCELERATOR =
  /\/src\/adapters\/(hailo|onnx|simulated-accelerator)\/|\/node_modules\/(onnxruntime-node|onnxruntime-common|hailort-node)\/|\/native\//;

const HOOKS = `
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.RESOLVED_LOG, result.url + "\\n");
  return result;
}
`;
const REGISTER = `import { register } from "node:module"; register(new URL("./hooks.mjs", import.meta.url));`;

function script(extraImport: string): string {
  return `
import { createRequire } from "node:module";
import { appendFileSync } from "node:fs";
${extraImport}
const { NODES } = await import(${JSON.stringify(url("nodes/registry.js"))});
const { createNodeIo } = await import(${JSON.stringify(url("app/node-io.js"))});
const { LocalRuntime } = await import(${JSON.stringify(url("adapters/local/local-runtime.js"))});
const runtime = new LocalRuntime({ logSink: () => undefined });
const io = await createNodeIo("motor", { dryRunLog: () => undefined });
const running = await NODES.motor.start({ runtime, io, parameterOverrides: { dry_run: true } });
await running.destroy();
await runtime.shutdown();
for (const file of Object.keys(createRequire(import.meta.url).cache)) appendFileSync(process.env.RESOLVED_LOG, "file://" + file + "\\n");
console.log("started and stopped");
`;
}

describe("nodes/motor: the motor process loads no accelerator code", function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-motor-modules-"));
    writeFileSync(path.join(dir, "hooks.mjs"), HOOKS);
    writeFileSync(path.join(dir, "register.mjs"), REGISTER);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const loaded = (name: string, extraImport = ""): string[] => {
    const log = path.join(dir, `${name}.log`);
    writeFileSync(log, "");
    writeFileSync(path.join(dir, `${name}.mjs`), script(extraImport));
    const child = spawnSync(
      process.execPath,
      ["--import", pathToFileURL(path.join(dir, "register.mjs")).href, path.join(dir, `${name}.mjs`)],
      {
        env: { ...process.env, RESOLVED_LOG: log },
        encoding: "utf8",
      },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, /started and stopped/);
    return readFileSync(log, "utf8").split("\n").filter(Boolean);
  };

  it("starts and stops the motor node without resolving a module of the accelerator adapters, onnxruntime or hailort-node", () => {
    const modules = loaded("motor");
    assert.ok(
      modules.some((m) => m.endsWith("/src/nodes/motor/motor-node.js")),
      "the hook saw the motor node load",
    );
    assert.ok(modules.some((m) => m.endsWith("/src/adapters/gpio/dry-run-gpio.js")));
    assert.deepEqual(
      modules.filter((m) => ACCELERATOR.test(m)),
      [],
    );
    assert.ok(!modules.some((m) => m.includes("/src/nodes/detection/")), "nor the detection node");
  });

  it("hailo-ros motor --dry-run, the whole command, resolves none either", async () => {
    const log = path.join(dir, "cli.log");
    writeFileSync(log, "");
    const cli = path.join(dist, "cli/main.js");
    const child = spawn(process.execPath, ["--import", pathToFileURL(path.join(dir, "register.mjs")).href, cli, "motor", "--dry-run"], {
      env: { ...process.env, RESOLVED_LOG: log },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("running; SIGINT")) resolve();
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      void exited.then(() => reject(new Error(`exited early:\n${output}`)));
    });
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    const modules = readFileSync(log, "utf8").split("\n").filter(Boolean);
    assert.ok(modules.some((m) => m.endsWith("/src/cli/motor-command.js")));
    assert.deepEqual(
      modules.filter((m) => ACCELERATOR.test(m)),
      [],
    );
  });

  it("would see accelerator code if it were loaded", () => {
    const modules = loaded("control", `await import(${JSON.stringify(url("adapters/onnx/onnx-backend.js"))});`);
    assert.ok(modules.some((m) => ACCELERATOR.test(m)));
  });
});
