/** `hailo-ros models` as a user runs it (a child process); no network: only what needs none. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findHailoRtLibrary } from "../../src/adapters/hailo/hailort-library.ts";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/cli/main.js");

describe("hailo-ros models (process)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-models-cli-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const models = (...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, "models", ...args], { encoding: "utf8" });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("list --json: every model with its URL for the HailoRT version and its cache state", () => {
    const { code, out } = models("list", "--json", "--hailort-version", "5.2.0", "--dir", dir);
    assert.equal(code, 0);
    const listed = JSON.parse(out) as { cacheDir: string; models: Array<{ name: string; url: string; cache: string }> };
    assert.equal(listed.cacheDir, dir);
    const yolo = listed.models.find((m) => m.name === "yolov8n-h10h")!;
    assert.equal(yolo.url, "https://hailo-model-zoo.s3.eu-west-2.amazonaws.com/ModelZoo/Compiled/v5.2.0/hailo10h/yolov8n.hef");
    assert.ok(listed.models.every((m) => m.cache === "missing"));
  });

  it("fetch of an unknown model names the known ones; verify of an empty cache passes", () => {
    const unknown = models("fetch", "yolov99", "--dir", dir);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no model 'yolov99' in the manifest \(models: yolov8n-h10h/);
    const verify = models("verify", "--dir", dir);
    assert.equal(verify.code, 0);
    assert.match(verify.out, /no models cached/);
    const missing = models("verify", "yolov8n-onnx", "--dir", dir);
    assert.equal(missing.code, 1);
    assert.match(missing.out, /missing +yolov8n-onnx: not fetched; run: hailo-ros models fetch yolov8n-onnx/);
  });

  it("fetch of a HEF without a HailoRT version says to give one", function () {
    if (findHailoRtLibrary() !== undefined) this.skip(); // HailoRT installed: its version is used
    const { code, err } = models("fetch", "yolov8n-h10h", "--dir", dir);
    assert.equal(code, 1);
    assert.match(err, /pass --hailort-version/);
  });

  it("rejects unknown options with the usage", () => {
    const { code, err } = models("list", "--fast");
    assert.equal(code, 2);
    assert.match(err, /unknown option '--fast'[\s\S]*Usage: hailo-ros models/);
  });
});
