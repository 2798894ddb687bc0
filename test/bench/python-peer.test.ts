/**
 * The bench's Python peer (scripts/bench/python_peer.py, OpenCV + NumPy) does the same work as
 * ours on the same inputs: the same detections (boxes within 1 px, same classes) and the same
 * letterboxed model input, so the bench's host_vs_python and decode_vs_python ratios compare
 * like with like. Skipped, saying why, where python3-opencv / python3-numpy are missing.
 */
import assert from "node:assert/strict";
import { COCO_LABELS } from "../../src/core/labels/coco.ts";
import { boxOfBoundingBox2D } from "../../src/core/detection/to-messages.ts";
import { letterbox } from "../../src/core/vision/letterbox.ts";
import { toImageView } from "../../src/core/vision/image-view.ts";
import { decodeYoloRaw } from "../../src/core/vision/yolo-raw-decoder.ts";
import { benchDetectHost } from "../../scripts/bench/detection.ts";
import { randomFrame, rawYoloOutput } from "../../scripts/bench/inputs.ts";
import {
  HOST_SIZES,
  pythonPeerUnavailable,
  runPythonPeerOutputs,
  type PeerDetection,
  type PeerOutputs,
} from "../../scripts/bench/python-peer.ts";

interface Labelled {
  readonly label: string;
  readonly score: number;
  readonly box: readonly number[];
}

function assertSameDetections(ours: readonly Labelled[], theirs: readonly PeerDetection[], what: string): void {
  assert.equal(ours.length, theirs.length, `${what}: ${ours.length} detections vs the peer's ${theirs.length}`);
  const order = (a: { score: number }, b: { score: number }) => b.score - a.score;
  const a = [...ours].sort(order);
  const b = [...theirs].sort(order);
  for (let i = 0; i < a.length; i++) {
    const o = a[i]!;
    const t = b[i]!;
    assert.equal(o.label, COCO_LABELS[t.class_id], `${what}: detection ${i} class`);
    assert.ok(Math.abs(o.score - t.score) < 1e-5, `${what}: detection ${i} score ${o.score} vs ${t.score}`);
    const worst = Math.max(...o.box.map((v, k) => Math.abs(v - t.box[k]!)));
    assert.ok(worst <= 1, `${what}: detection ${i} box [${o.box.join(", ")}] vs [${t.box.join(", ")}] (${worst.toFixed(3)} px apart)`);
  }
}

describe("bench: the Python peer computes what we compute", function () {
  this.timeout(120_000);
  let peer: (PeerOutputs & { letterbox1280x720: Uint8Array }) | undefined;
  let unavailable: string | undefined;

  before(async function () {
    unavailable = await pythonPeerUnavailable();
    if (unavailable === undefined) peer = await runPythonPeerOutputs();
  });

  beforeEach(function () {
    if (unavailable !== undefined) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
  });

  for (const [w, h] of HOST_SIZES) {
    it(`host work on a ${w}x${h} frame: the same detections in source pixels (NMS-by-class output, 20 boxes)`, async () => {
      const ours = await benchDetectHost({ width: w, height: h, runs: 2 });
      const labelled = ours.last.detections.map((d) => {
        const b = boxOfBoundingBox2D(d.bbox);
        return { label: d.results[0]!.hypothesis.class_id, score: d.results[0]!.hypothesis.score, box: [b.x1, b.y1, b.x2, b.y2] };
      });
      assertSameDetections(labelled, peer!.host[`${w}x${h}`]!, `${w}x${h}`);
    });
  }

  it("raw [1, 84, 8400] head: the same detections after decode and class-wise NMS", () => {
    const decoded = decodeYoloRaw(
      { dims: [1, 84, 8400], data: rawYoloOutput() },
      { scoreThreshold: 0.25, iouThreshold: 0.45, maxDetections: 100 },
    );
    assert.ok(decoded.ok);
    const labelled = decoded.value.map((d) => ({
      label: COCO_LABELS[d.classIndex]!,
      score: d.score,
      box: [d.box.x1, d.box.y1, d.box.x2, d.box.y2],
    }));
    assert.ok(labelled.length >= 20, `only ${labelled.length} detections`);
    assertSameDetections(labelled, peer!.decode, "raw head");
  });

  it("letterbox of a 1280x720 frame: the same 640x640 model input within 1 grey level", () => {
    const data = randomFrame(1280, 720);
    const view = toImageView({ height: 720, width: 1280, encoding: "rgb8", is_bigendian: 0, step: 3840, data });
    assert.ok(view.ok);
    const ours = letterbox(view.value, 640, 640);
    const theirs = peer!.letterbox1280x720;
    assert.equal(theirs.length, ours.length);
    let worst = 0;
    let differing = 0;
    for (let i = 0; i < ours.length; i++) {
      const d = Math.abs(ours[i]! - theirs[i]!);
      if (d > 0) differing++;
      if (d > worst) worst = d;
    }
    assert.ok(worst <= 1, `bytes differ by up to ${worst} (${differing} bytes differ)`);
  });
});
