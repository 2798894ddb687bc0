import assert from "node:assert/strict";
import { CommandExecutor } from "../../../../src/core/command/execution/command-executor.ts";
import { describeScene, pluralOf } from "../../../../src/core/command/execution/describe-scene.ts";
import { DEFAULT_EXECUTOR_CONFIG } from "../../../../src/core/command/execution/executor-config.ts";
import {
  observationsFrom2d,
  observationsFrom3d,
  wrapAngle,
  yawOf,
  type SeenObject,
} from "../../../../src/core/command/execution/observations.ts";
import type { Detection2D, Detection3D } from "../../../../src/messages/vision_msgs.ts";

const header = { stamp: { sec: 0, nanosec: 0 }, frame_id: "camera_optical_frame" };
const pose = { pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance: [] };
const seen = (label: string, score = 0.9): SeenObject => ({ label, score, bearingRad: 0 });

describe("describe: the sentence from the current detections", () => {
  const scenes: Array<[string, SeenObject[], string]> = [
    ["nothing", [], "I don't see anything I recognize"],
    ["one chair", [seen("chair")], "I see a chair"],
    ["two people and a chair", [seen("person"), seen("chair"), seen("person")], "I see two people and a chair"],
    ["an apple and an orange", [seen("orange"), seen("apple")], "I see an apple and an orange"],
    [
      "three cups, two buses and a wine glass",
      [seen("cup"), seen("bus"), seen("cup"), seen("wine glass"), seen("bus"), seen("cup")],
      "I see three cups, two buses and a wine glass",
    ],
    ["low scores are left out", [seen("dog", 0.1), seen("cat")], "I see a cat"],
    ["fourteen people", Array.from({ length: 14 }, () => seen("person")), "I see 14 people"],
  ];
  for (const [what, objects, sentence] of scenes) {
    it(what, () => assert.equal(describeScene(objects, 0.4), sentence));
  }

  const plurals: Array<[string, string]> = [
    ["person", "people"],
    ["couch", "couches"],
    ["mouse", "mice"],
    ["knife", "knives"],
    ["teddy bear", "teddy bears"],
    ["sports ball", "sports balls"],
    ["toothbrush", "toothbrushes"],
    ["sheep", "sheep"],
    ["butterfly", "butterflies"],
    ["toy", "toys"],
  ];
  for (const [label, plural] of plurals) it(`${label} → ${plural}`, () => assert.equal(pluralOf(label), plural));

  it("the describe command answers at once with the sentence, or says why it cannot", () => {
    const executor = new CommandExecutor(DEFAULT_EXECUTOR_CONFIG);
    executor.start({ action: "describe" });
    const objects = [seen("person"), seen("person"), seen("chair")];
    const tick = executor.tick(1000, { observations: { receivedMs: 990, source: "detections_3d", objects } });
    assert.equal(tick.say, "I see two people and a chair");
    assert.equal(tick.done?.status, "succeeded");
    executor.start({ action: "describe" });
    assert.match(executor.tick(1000, {}).say ?? "", /no detections are arriving/);
    executor.start({ action: "describe" });
    assert.match(
      executor.tick(9000, { observations: { receivedMs: 1000, source: "detections", objects } }).say ?? "",
      /the last came 8\.0 s ago/,
    );
  });
});

describe("observations from vision_msgs and nav_msgs", () => {
  const detection3d = (x: number, y: number, z: number, label = "person"): Detection3D => ({
    header,
    results: [{ hypothesis: { class_id: label, score: 0.8 }, pose }],
    bbox: { center: { position: { x, y, z }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, size: { x: 0.5, y: 1.7, z: 0.3 } },
    id: "",
  });
  const cases3d: Array<[string, Detection3D, number | undefined, number | undefined]> = [
    ["straight ahead", detection3d(0, 0.2, 2), 0, 2],
    ["left of the optical axis (x < 0) is + bearing", detection3d(-1, 0, 1), Math.PI / 4, Math.SQRT2],
    ["right (x > 0) is − bearing", detection3d(1, -0.5, Math.sqrt(3)), -Math.PI / 6, 2],
    ["behind the camera: dropped", detection3d(0, 0, -1), undefined, undefined],
    ["no label: dropped", { ...detection3d(0, 0, 1), results: [] }, undefined, undefined],
  ];
  for (const [what, detection, bearing, distance] of cases3d) {
    it(`3D, ${what}`, () => {
      const o = observationsFrom3d({ header, detections: [detection] }, 5).objects[0];
      if (bearing === undefined) return assert.equal(o, undefined);
      assert.ok(o !== undefined && Math.abs(o.bearingRad - bearing) < 1e-9 && Math.abs(o.distanceM! - distance!) < 1e-9);
    });
  }

  const camera = { horizontalFovRad: Math.PI / 2, imageWidth: 640, imageHeight: 480 };
  const detection2d = (cx: number, h: number): Detection2D => ({
    header,
    results: [
      { hypothesis: { class_id: "dog", score: 0.3 }, pose },
      { hypothesis: { class_id: "cat", score: 0.7 }, pose },
    ],
    bbox: { center: { position: { x: cx, y: 240 }, theta: 0 }, size_x: 50, size_y: h },
    id: "",
  });
  const cases2d: Array<[string, number, number]> = [
    ["the image centre is straight ahead", 320, 0],
    ["the left edge is half the field of view left", 0, Math.PI / 4],
    ["the right edge is half the field of view right", 640, -Math.PI / 4],
    ["a quarter in from the left", 160, Math.atan(0.5)],
  ];
  for (const [what, cx, bearing] of cases2d) {
    it(`2D, ${what}`, () => {
      const o = observationsFrom2d({ header, detections: [detection2d(cx, 240)] }, camera, 5).objects[0]!;
      assert.ok(Math.abs(o.bearingRad - bearing) < 1e-9, `${o.bearingRad}`);
      assert.equal(o.label, "cat", "the best hypothesis");
      assert.equal(o.heightFraction, 0.5);
    });
  }

  it("yaw of quaternions and angle wrapping", () => {
    const about = (yaw: number) => ({ x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) });
    for (const yaw of [0, 0.5, -1.2, 3.1, -3.1]) assert.ok(Math.abs(yawOf(about(yaw)) - yaw) < 1e-9);
    assert.ok(Math.abs(wrapAngle(3 * Math.PI) - Math.PI) < 1e-9);
    assert.ok(Math.abs(wrapAngle((-3 * Math.PI) / 2) - Math.PI / 2) < 1e-9);
  });
});
