/** The model manifest: the shipped data is valid, URLs resolve per HailoRT version, bad entries are named. */
import assert from "node:assert/strict";
import { MODEL_MANIFEST_DATA } from "../../../src/core/models/manifest-data.ts";
import {
  findModel,
  modelCacheDir,
  modelZooReleaseFor,
  parseManifest,
  resolveModel,
  type ModelManifest,
} from "../../../src/core/models/model-manifest.ts";
import { hailortVersionOfLibrary, newestVersion } from "../../../src/core/models/hailort-version.ts";
import { progressText } from "../../../src/core/models/progress-text.ts";
import { findZipMember } from "../../../src/core/models/zip-member.ts";

function shipped(): ModelManifest {
  const parsed = parseManifest(MODEL_MANIFEST_DATA);
  assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
  return parsed.value;
}

describe("model manifest", () => {
  it("ships the Hailo-10H HEFs, the GenAI LLM HEFs and CPU ONNX models, each unpinned with a reason", () => {
    const manifest = shipped();
    const names = manifest.models.map((m) => m.name);
    for (const n of ["yolov8n", "yolov8s", "yolov8m", "yolov11n", "yolov11s", "yolov11m", "scdepthv3", "fast_depth"])
      assert.ok(names.includes(`${n}-h10h`), n);
    assert.ok(manifest.models.some((m) => m.task === "llm" && m.format === "hef"));
    assert.ok(manifest.models.some((m) => m.format === "onnx" && m.target === "cpu"));
    for (const m of manifest.models) assert.ok(m.sha256 !== null || (m.unpinned ?? "").length > 10, m.name);
  });

  const resolutions: Array<[string, string, string]> = [
    ["yolov8n-h10h", "5.1.1", "https://hailo-model-zoo.s3.eu-west-2.amazonaws.com/ModelZoo/Compiled/v5.1.0/hailo10h/yolov8n.hef"],
    ["scdepthv3-h10h", "5.2.0", "https://hailo-model-zoo.s3.eu-west-2.amazonaws.com/ModelZoo/Compiled/v5.2.0/hailo10h/scdepthv3.hef"],
    ["qwen2.5-1.5b-instruct-h10h", "5.1.1", "https://dev-public.hailo.ai/v5.1.1/blob/Qwen2.5-1.5B-Instruct.hef"],
  ];
  for (const [name, version, url] of resolutions) {
    it(`resolves ${name} for HailoRT ${version}`, () => {
      const manifest = shipped();
      const entry = findModel(manifest, name);
      assert.ok(entry.ok);
      const resolved = resolveModel(entry.value, manifest, version);
      assert.ok(resolved.ok);
      assert.equal(resolved.value.url, url);
      assert.equal(resolved.value.cachePath, `hailort-${version}/${entry.value.file}`);
    });
  }

  it("needs a HailoRT version for HEFs and says how to give one; ONNX models do not", () => {
    const manifest = shipped();
    const hef = resolveModel(
      manifest.models.find((m) => m.format === "hef")!,
      manifest,
      undefined,
    );
    assert.ok(!hef.ok);
    assert.match(hef.error, /--hailort-version/);
    const onnx = resolveModel(
      manifest.models.find((m) => m.format === "onnx")!,
      manifest,
      undefined,
    );
    assert.ok(onnx.ok);
    assert.equal(onnx.value.cachePath, onnx.value.entry.file);
  });

  it("maps HailoRT 5.x.y to Model Zoo 5.x.0 and refuses unknown releases", () => {
    assert.deepEqual(modelZooReleaseFor("5.1.1", ["5.1.0"]), { ok: true, value: "5.1.0" });
    const unknown = modelZooReleaseFor("4.20.0", ["5.1.0"]);
    assert.ok(!unknown.ok);
    assert.match(unknown.error, /no Hailo Model Zoo release for HailoRT 4\.20\.0/);
    assert.ok(!modelZooReleaseFor("latest", ["5.1.0"]).ok);
  });

  it("names the wrong field of a bad entry", () => {
    const bad = structuredClone(MODEL_MANIFEST_DATA) as unknown as { models: Array<Record<string, unknown>> };
    bad.models[0]!.sha256 = "abc";
    delete bad.models[1]!.unpinned;
    bad.models[2]!.name = bad.models[3]!.name;
    const parsed = parseManifest(bad);
    assert.ok(!parsed.ok);
    assert.match(parsed.error, /models\.0\.sha256: 64 lowercase hex digits/);
    assert.match(parsed.error, /models\.1\.unpinned: a model without sha256 must say why/);
    assert.match(parsed.error, /duplicate model name 'yolov11n-h10h'/);
    const unknownName = findModel(shipped(), "yolov99");
    assert.ok(!unknownName.ok);
    assert.match(unknownName.error, /no model 'yolov99'.*yolov8n-h10h/);
  });

  it("caches under $HAILO_ROS_CACHE, else $XDG_CACHE_HOME/hailo_ros/models, else ~/.cache", () => {
    assert.equal(modelCacheDir({ HAILO_ROS_CACHE: "/m" }, "/home/u"), "/m");
    assert.equal(modelCacheDir({ XDG_CACHE_HOME: "/xdg" }, "/home/u"), "/xdg/hailo_ros/models");
    assert.equal(modelCacheDir({ XDG_CACHE_HOME: "relative" }, "/home/u"), "/home/u/.cache/hailo_ros/models");
    assert.equal(modelCacheDir({}, "/home/u"), "/home/u/.cache/hailo_ros/models");
  });

  it("reads HailoRT's version from its library name", () => {
    assert.equal(hailortVersionOfLibrary("libhailort.so.5.1.1"), "5.1.1");
    assert.equal(hailortVersionOfLibrary("libhailort.so"), undefined);
    assert.equal(newestVersion(["5.0.0", "5.10.1", "5.2.0"]), "5.10.1");
  });

  it("prints progress with and without a known total", () => {
    assert.equal(progressText("m", 50e6, 100e6, 2e6, 10), "m [#####-----]  50%  50.0/100.0 MB  2.00 MB/s");
    assert.equal(progressText("m", 1e6, undefined, 0), "m 1.00 MB  0.00 MB/s");
  });

  it("zip: finds a stored member and names the members when one is missing", () => {
    // One stored member "a.txt" = "hi" (local header, central directory, end record).
    const name = new TextEncoder().encode("a.txt");
    const data = new TextEncoder().encode("hi");
    const local = new Uint8Array(30 + name.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint32(18, 2, true);
    lv.setUint32(22, 2, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(data, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint32(20, 2, true);
    cv.setUint32(24, 2, true);
    cv.setUint16(28, name.length, true);
    central.set(name, 46);
    const end = new Uint8Array(22);
    const ev = new DataView(end.buffer);
    ev.setUint32(0, 0x06054b50, true);
    ev.setUint16(10, 1, true);
    ev.setUint32(16, local.length, true);
    const zip = new Uint8Array([...local, ...central, ...end]);
    const found = findZipMember(zip, "a.txt");
    assert.ok(found.ok);
    assert.equal(new TextDecoder().decode(zip.subarray(found.value.dataOffset, found.value.dataOffset + found.value.size)), "hi");
    const missing = findZipMember(zip, "b.onnx");
    assert.ok(!missing.ok);
    assert.match(missing.error, /no member 'b\.onnx' \(members: a\.txt\)/);
    assert.ok(!findZipMember(new Uint8Array(40), "a").ok);
  });
});
