import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureSyntheticDetector } from "../../../src/adapters/onnx/write-synthetic-detector.ts";
import { buildSyntheticDetectorOnnx } from "../../../src/core/synthetic/detector-model.ts";

describe("ensureSyntheticDetector", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "hailo-ros-synth-"));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the generated model into a (new) directory and returns its path", async () => {
    const target = join(dir, "models", "nested");
    const path = await ensureSyntheticDetector(target);
    assert.equal(path, join(target, "synthetic-detector.onnx"));
    assert.deepEqual(new Uint8Array(await readFile(path)), buildSyntheticDetectorOnnx());
  });

  it("leaves an identical file alone", async () => {
    const path = await ensureSyntheticDetector(dir);
    const before = await stat(path);
    await ensureSyntheticDetector(dir);
    const after = await stat(path);
    assert.equal(after.ino, before.ino, "not replaced");
  });

  it("replaces a file whose content differs", async () => {
    const path = join(dir, "synthetic-detector.onnx");
    await writeFile(path, "stale");
    await ensureSyntheticDetector(dir);
    assert.deepEqual(new Uint8Array(await readFile(path)), buildSyntheticDetectorOnnx());
  });

  it("writes the model for the requested detector options under the requested name", async () => {
    const path = await ensureSyntheticDetector(dir, { fileName: "small.onnx", detector: { inputWidth: 320, inputHeight: 320, stride: 8 } });
    assert.equal(path, join(dir, "small.onnx"));
    assert.deepEqual(new Uint8Array(await readFile(path)), buildSyntheticDetectorOnnx({ inputWidth: 320, inputHeight: 320, stride: 8 }));
  });

  it("names the directory it cannot write to", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "");
    await assert.rejects(
      ensureSyntheticDetector(join(file, "sub")),
      /cannot write synthetic detector to ".*a-file\/sub\/synthetic-detector\.onnx"/,
    );
  });
});
