/**
 * downloadFile and fetchModel against a real HTTP server on 127.0.0.1 (node:http): a whole
 * download, one interrupted mid-body that resumes with a Range request, a corrupt file rejected
 * and removed, a server that ignores Range (the download starts over cleanly), a 404 with a clear
 * error, and a zip archive whose ONNX member is extracted and recorded for verify.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { downloadFile, DownloadError } from "../../../src/adapters/models/http-download.ts";
import { fetchModel, loadManifest, recordPath, verifyModel } from "../../../src/adapters/models/model-store.ts";
import { resolveModel } from "../../../src/core/models/model-manifest.ts";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

interface Behaviour {
  /** Honour Range requests (206). Default true. */
  readonly ranges?: boolean;
  /** Send only this many bytes of the body, then drop the connection (first request only). */
  readonly cutAfter?: number;
  /** Serve these bytes instead of the file. */
  readonly body?: Uint8Array;
}

async function serve(files: Record<string, Uint8Array>, behaviour: Behaviour = {}) {
  const requests: Array<{ path: string; range: string | undefined }> = [];
  let cut = behaviour.cutAfter;
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push({ path: req.url ?? "", range: req.headers.range });
    const file = files[req.url ?? ""];
    if (file === undefined) {
      res.writeHead(404, "Not Found").end("no such file");
      return;
    }
    const content = behaviour.body ?? file;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    if (range !== null && (behaviour.ranges ?? true)) {
      const start = Number(range[1]);
      if (start >= content.length) {
        res.writeHead(416, { "Content-Range": `bytes */${content.length}` }).end();
        return;
      }
      res.writeHead(206, {
        "Content-Length": content.length - start,
        "Content-Range": `bytes ${start}-${content.length - 1}/${content.length}`,
      });
      res.end(content.subarray(start));
      return;
    }
    res.writeHead(200, { "Content-Length": content.length });
    if (cut !== undefined) {
      const n = cut;
      cut = undefined;
      res.write(content.subarray(0, n), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    res.end(content);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function payload(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 131 + 7) % 251;
  return bytes;
}

describe("model downloads over HTTP (local server)", () => {
  let dir: string;
  let closeServer: (() => Promise<void>) | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hailo-ros-download-"));
  });
  afterEach(async () => {
    await closeServer?.();
    closeServer = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async (files: Record<string, Uint8Array>, behaviour?: Behaviour) => {
    const server = await serve(files, behaviour);
    closeServer = server.close;
    return server;
  };

  it("downloads a whole file, checks its sha256 and reports progress up to the total", async () => {
    const file = payload(300_000);
    const server = await start({ "/m.hef": file });
    const seen: Array<[number, number | undefined]> = [];
    const destination = path.join(dir, "sub", "m.hef");
    const result = await downloadFile({
      url: `${server.base}/m.hef`,
      destination,
      sha256: sha256(file),
      onProgress: (r, t) => seen.push([r, t]),
    });
    assert.deepEqual(new Uint8Array(readFileSync(destination)), file);
    assert.equal(result.sha256, sha256(file));
    assert.equal(existsSync(`${destination}.part`), false);
    assert.deepEqual(seen.at(-1), [file.length, file.length]);
    assert.equal(server.requests[0]!.range, undefined);
  });

  it("resumes an interrupted download with a Range request", async () => {
    const file = payload(200_000);
    const server = await start({ "/m.hef": file }, { cutAfter: 70_000 });
    const destination = path.join(dir, "m.hef");
    const url = `${server.base}/m.hef`;
    await assert.rejects(downloadFile({ url, destination, sha256: sha256(file), retries: 0 }), (error: Error) => {
      assert.ok(error instanceof DownloadError);
      assert.match(error.message, /broke off after \d+ of 200000 bytes.*run again to resume/);
      return true;
    });
    assert.equal(existsSync(destination), false);
    const partial = readFileSync(`${destination}.part`).length;
    assert.ok(partial > 0 && partial < file.length, `kept ${partial} bytes`);
    const result = await downloadFile({ url, destination, sha256: sha256(file) });
    assert.equal(server.requests[1]!.range, `bytes=${partial}-`);
    assert.equal(result.resumedFrom, partial);
    assert.equal(result.restarted, false);
    assert.deepEqual(new Uint8Array(readFileSync(destination)), file);
  });

  it("resumes within one call when retries are allowed", async () => {
    const file = payload(150_000);
    const server = await start({ "/m.hef": file }, { cutAfter: 40_000 });
    const retries: string[] = [];
    const destination = path.join(dir, "m.hef");
    await downloadFile({ url: `${server.base}/m.hef`, destination, sha256: sha256(file), onRetry: (_n, reason) => retries.push(reason) });
    assert.equal(retries.length, 1);
    assert.match(server.requests[1]!.range ?? "", /^bytes=\d+-$/);
    assert.deepEqual(new Uint8Array(readFileSync(destination)), file);
  });

  it("rejects a corrupt file and removes it", async () => {
    const file = payload(50_000);
    const corrupt = payload(50_000);
    corrupt[1234] = corrupt[1234]! ^ 0xff;
    const server = await start({ "/m.hef": file }, { body: corrupt });
    const destination = path.join(dir, "m.hef");
    await assert.rejects(
      downloadFile({ url: `${server.base}/m.hef`, destination, sha256: sha256(file) }),
      /sha256 is [0-9a-f]{64}, not the expected [0-9a-f]{64}; the corrupt file was removed/,
    );
    assert.equal(existsSync(destination), false);
    assert.equal(existsSync(`${destination}.part`), false);
  });

  it("starts over cleanly when the server ignores Range", async () => {
    const file = payload(80_000);
    const server = await start({ "/m.hef": file }, { ranges: false });
    const destination = path.join(dir, "m.hef");
    // A stale part of other bytes: appending to it would fail the checksum.
    writeFileSync(
      `${destination}.part`,
      payload(30_000).map((b) => b ^ 0x5a),
    );
    const result = await downloadFile({ url: `${server.base}/m.hef`, destination, sha256: sha256(file) });
    assert.equal(server.requests[0]!.range, "bytes=30000-");
    assert.equal(result.restarted, true);
    assert.deepEqual(new Uint8Array(readFileSync(destination)), file);
  });

  it("takes a part that is already complete (416) as the file", async () => {
    const file = payload(10_000);
    const server = await start({ "/m.hef": file });
    const destination = path.join(dir, "m.hef");
    writeFileSync(`${destination}.part`, file);
    const result = await downloadFile({ url: `${server.base}/m.hef`, destination, sha256: sha256(file) });
    assert.equal(result.bytes, file.length);
    assert.deepEqual(new Uint8Array(readFileSync(destination)), file);
  });

  it("says clearly when the file is not there (404), without retrying or leaving files", async () => {
    const server = await start({});
    const destination = path.join(dir, "m.hef");
    await assert.rejects(
      downloadFile({ url: `${server.base}/v9.9.9/m.hef`, destination }),
      /\/v9\.9\.9\/m\.hef: HTTP 404 Not Found — the file is not published there/,
    );
    assert.equal(server.requests.length, 1);
    assert.equal(existsSync(destination), false);
    assert.equal(existsSync(`${destination}.part`), false);
  });

  it("fetchModel: a zip's ONNX member is extracted, recorded, verified, and a changed file is caught", async function () {
    const onnx = payload(64_000);
    const src = path.join(dir, "src");
    const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    writeFileSync(path.join(dir, "yolov8n.onnx"), onnx);
    const zipped = spawnSync(python, [
      "-c",
      `import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED); z.write(sys.argv[2],'yolov8n.onnx'); z.writestr('yolov8n_nms_config.json','{}'); z.close()`,
      path.join(dir, "a.zip"),
      path.join(dir, "yolov8n.onnx"),
    ]);
    if (zipped.status !== 0) this.skip();
    const server = await start({ "/yolo/yolov8n.zip": new Uint8Array(readFileSync(path.join(dir, "a.zip"))) });
    const manifest = loadManifest({
      schema: 1,
      modelZooReleases: ["5.1.0"],
      models: [
        {
          name: "yolov8n-onnx",
          task: "detection",
          format: "onnx",
          target: "cpu",
          url: `${server.base}/yolo/yolov8n.zip`,
          file: "yolov8n.onnx",
          archive: { format: "zip", member: "yolov8n.onnx" },
          sha256: null,
          unpinned: "test",
          input: { height: 640, width: 640, channels: 3 },
          postprocess: "yolo_raw_head",
          labels: "coco80",
          source: "test",
        },
      ],
    });
    const resolved = resolveModel(manifest.models[0]!, manifest, undefined);
    assert.ok(resolved.ok);
    const cacheDir = path.join(src, "cache");
    const fetched = await fetchModel(resolved.value, { cacheDir });
    assert.deepEqual(new Uint8Array(readFileSync(fetched.file)), onnx);
    assert.equal(fetched.sha256, sha256(onnx));
    assert.ok(existsSync(recordPath(fetched.file)));
    assert.equal((await verifyModel(resolved.value, cacheDir)).status, "ok");
    const again = await fetchModel(resolved.value, { cacheDir });
    assert.equal(again.cached, true);
    assert.equal(server.requests.length, 1, "a verified copy is not downloaded again");
    writeFileSync(fetched.file, payload(10));
    const changed = await verifyModel(resolved.value, cacheDir);
    assert.equal(changed.status, "mismatch");
    assert.match(changed.detail, /changed since it was fetched.*models fetch --force yolov8n-onnx/);
  });
});
