import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { McapRecorder } from "../../src/adapters/mcap/mcap-recorder.ts";
import type { Detection3D, Detection3DArray } from "../../src/messages/vision_msgs.ts";
import { topDownSvg, tracksOfRun } from "../../scripts/plot-3d-topdown.ts";

const SCRIPT = fileURLToPath(new URL("../../scripts/plot-3d-topdown.js", import.meta.url));

function detection(id: string, label: string, x: number, z: number): Detection3D {
  const header = { stamp: { sec: 0, nanosec: 0 }, frame_id: "camera_optical_frame" };
  return {
    header,
    results: [
      {
        hypothesis: { class_id: label, score: 0.9 },
        pose: {
          pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
          covariance: new Array<number>(36).fill(0),
        },
      },
    ],
    bbox: {
      center: { position: { x, y: 0.1, z }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
      size: { x: 0.4, y: 0.5, z: 0.2 },
    },
    id,
  };
}

const arrays = (frames: number): Detection3DArray[] =>
  Array.from({ length: frames }, (_, f) => ({
    header: { stamp: { sec: f, nanosec: 0 }, frame_id: "camera_optical_frame" },
    detections: [detection("1", "person", -1 + 0.1 * f, 2), ...(f % 2 === 0 ? [detection("2", "chair", 0.5, 3 - 0.1 * f)] : [])],
  }));

describe("scripts/plot-3d-topdown", () => {
  it("collects each track's path, last size and distance, and the field of view from the CameraInfo", () => {
    const run = tracksOfRun(arrays(4), { width: 640, k: [320, 0, 319.5, 0, 320, 239.5, 0, 0, 1] } as never);
    assert.equal(run.frames, 4);
    assert.deepEqual(
      run.tracks.map((t) => [t.id, t.label, t.path.length]),
      [
        ["1", "person", 4],
        ["2", "chair", 2],
      ],
    );
    assert.deepEqual(run.tracks[1]!.path.at(-1), [0.5, 2.8]);
    assert.ok(Math.abs(run.tracks[1]!.distance - Math.hypot(0.5, 0.1, 2.8)) < 1e-12);
    assert.ok(Math.abs(run.halfFov! - Math.PI / 4) < 1e-12);
  });

  it("draws every track with its label, the last box where it is, and the grid in metres", () => {
    const svg = topDownSvg(tracksOfRun(arrays(4)), { width: 720, height: 600 });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, />person #1 2\.12 m</);
    assert.match(svg, />chair #2 2\.85 m</);
    assert.match(svg, /: 2 tracks over 4 frames</);
    // z up to ceil(3 + 0.5) = 4 m over 520 px, x ±2 m over 650 px: 130 px per metre, camera at (375, 560).
    const box = svg.match(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="#3cb44b"/);
    assert.ok(box !== null, svg);
    const [x, y, w, h] = box.slice(1).map(Number) as [number, number, number, number];
    assert.ok(Math.abs(x + w / 2 - (375 + 0.5 * 130)) < 0.2 && Math.abs(y + h / 2 - (560 - 2.8 * 130)) < 0.2, `${x} ${y} ${w} ${h}`);
    assert.ok(Math.abs(w - 0.4 * 130) < 0.2 && Math.abs(h - 0.2 * 130) < 0.2);
  });

  it("reads an MCAP recording and writes the SVG; says what is missing when there are no 3D detections", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hailo-ros-topdown-"));
    try {
      const file = join(dir, "run.mcap");
      const recorder = await McapRecorder.create(file);
      for (const [i, array] of arrays(3).entries())
        await recorder.write("/detections_3d", "vision_msgs/msg/Detection3DArray", array, BigInt(i + 1) * 1_000_000n);
      await recorder.close();
      const run = (args: string[]) =>
        new Promise<{ code: number; stderr: string }>((resolve) =>
          execFile(process.execPath, [SCRIPT, ...args], (error, _stdout, stderr) =>
            resolve({ code: error ? Number((error as unknown as { code: unknown }).code ?? 1) : 0, stderr }),
          ),
        );
      const out = join(dir, "top.svg");
      assert.equal((await run([file, out])).code, 0);
      assert.match(await readFile(out, "utf8"), />person #1 /);
      const none = await run([file, out, "/other"]);
      assert.equal(none.code, 1);
      assert.match(none.stderr, /no vision_msgs\/msg\/Detection3DArray on \/other/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
