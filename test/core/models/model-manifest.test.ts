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

describe("model manifest: exact errors and boundaries", () => {
  type Raw = { modelZooReleases: string[]; models: Array<Record<string, unknown>> };
  const first = (): Raw => {
    const raw = structuredClone(MODEL_MANIFEST_DATA) as unknown as Raw;
    raw.models = [raw.models.find((m) => m.format === "hef" && m.task === "detection")!];
    raw.models[0]!.name = "det";
    return raw;
  };
  const PIN = "a".repeat(64);

  const invalid: Array<[string, (m: Record<string, unknown>) => void, string]> = [
    ["a pinned model with an unpinned reason", (m) => (m.sha256 = PIN), "models.0.unpinned: a pinned model has no 'unpinned' reason"],
    ["an unpinned model without a reason", (m) => delete m.unpinned, "models.0.unpinned: a model without sha256 must say why (unpinned)"],
    ["a vision model without its input size", (m) => delete m.input, "models.0.input: vision models give their input size"],
    ["a HEF for the cpu", (m) => (m.target = "cpu"), "models.0.target: HEFs target hailo10h, ONNX models the cpu"],
  ];
  for (const [what, change, issue] of invalid) {
    it(`${what}: '${issue}'`, () => {
      const raw = first();
      change(raw.models[0]!);
      assert.deepStrictEqual(parseManifest(raw), { ok: false, error: `the model manifest is invalid: ${issue}` });
    });
  }

  it("a pinned model without a reason is valid", () => {
    const raw = first();
    raw.models[0]!.sha256 = PIN;
    delete raw.models[0]!.unpinned;
    const parsed = parseManifest(raw);
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
    assert.equal(parsed.value.models[0]!.sha256, PIN);
  });

  it("a duplicate name and a second issue: each named by its path, joined by '; '", () => {
    const raw = first();
    raw.models.push({ ...raw.models[0]!, target: "cpu" });
    assert.deepStrictEqual(parseManifest(raw), {
      ok: false,
      error:
        "the model manifest is invalid: models.1.target: HEFs target hailo10h, ONNX models the cpu; models.1.name: duplicate model name 'det'",
    });
  });

  it("a manifest that is not an object is named as the root", () => {
    const parsed = parseManifest(42);
    assert.ok(!parsed.ok);
    assert.match(parsed.error, /^the model manifest is invalid: \(root\): \S/);
  });

  it("lists every model when one is unknown", () => {
    const raw = first();
    raw.models.push({ ...raw.models[0]!, name: "other" });
    const parsed = parseManifest(raw);
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
    assert.deepStrictEqual(findModel(parsed.value, "x"), { ok: false, error: "no model 'x' in the manifest (models: det, other)" });
  });

  const releases: Array<[string, string[], { ok: true; value: string } | { ok: false; error: string }]> = [
    ["15.1.1", ["15.1.0"], { ok: true, value: "15.1.0" }],
    ["5.12.3", ["5.12.0"], { ok: true, value: "5.12.0" }],
    ["5.1.1-rc1", ["5.1.0"], { ok: true, value: "5.1.0" }],
    ["v5.1.1", ["5.1.0"], { ok: false, error: "'v5.1.1' is not a HailoRT version (like 5.1.1)" }],
    ["5.1", ["5.1.0"], { ok: false, error: "'5.1' is not a HailoRT version (like 5.1.1)" }],
    [
      "5.3.0",
      ["5.1.0", "5.2.0"],
      {
        ok: false,
        error:
          "no Hailo Model Zoo release for HailoRT 5.3.0 is known (known: 5.1.0, 5.2.0); install a HailoRT of a known release or add it to the manifest",
      },
    ],
  ];
  for (const [version, known, want] of releases) {
    it(`Model Zoo release for HailoRT ${version} among ${known.join(", ")}`, () => {
      assert.deepStrictEqual(modelZooReleaseFor(version, known), want);
    });
  }

  it("a URL with only {hailort_version} resolves for a HailoRT of no known Model Zoo release", () => {
    const manifest = shipped();
    const llm = manifest.models.find((m) => m.url.includes("{hailort_version}") && !m.url.includes("{model_zoo_version}"))!;
    const resolved = resolveModel(llm, manifest, "9.0.4");
    assert.ok(resolved.ok, resolved.ok ? "" : resolved.error);
    assert.equal(resolved.value.url, llm.url.replaceAll("{hailort_version}", "9.0.4"));
    assert.equal(resolved.value.cachePath, `hailort-9.0.4/${llm.file}`);
  });

  it("an empty $HAILO_ROS_CACHE counts as unset", () => {
    assert.equal(modelCacheDir({ HAILO_ROS_CACHE: "", XDG_CACHE_HOME: "/xdg" }, "/home/u"), "/xdg/hailo_ros/models");
  });

  const libraries: Array<[string, string | undefined]> = [
    ["libhailort.so.15.1.1", "15.1.1"],
    ["libhailort.so.5.10.1", "5.10.1"],
    ["libhailort.so.5.1.10", "5.1.10"],
    ["xlibhailort.so.5.1.1", undefined],
    ["libhailort.so.5.1.1.bak", undefined],
  ];
  for (const [file, version] of libraries) {
    it(`HailoRT version of ${file}: ${version}`, () => {
      assert.equal(hailortVersionOfLibrary(file), version);
    });
  }

  const progress: Array<[number, number | undefined, string]> = [
    [1e7, undefined, "m 10.0 MB  0.00 MB/s"],
    [9.99e6, undefined, "m 9.99 MB  0.00 MB/s"],
    [1e6, 0, "m 1.00 MB  0.00 MB/s"],
  ];
  for (const [received, total, text] of progress) {
    it(`progress of ${received} bytes of ${total}: '${text}'`, () => {
      assert.equal(progressText("m", received, total, 0, 10), text);
    });
  }
});
