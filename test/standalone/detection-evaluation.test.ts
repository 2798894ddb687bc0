import assert from "node:assert/strict";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { toDetection2DArray } from "../../src/core/detection/to-messages.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import { DetectionEvaluation } from "../../src/standalone/detection-evaluation.ts";
import { cup } from "./fixtures.ts";

const stamp = (frame: number) => ({ sec: frame, nanosec: 0 });
const message = (frame: number, boxes: ReadonlyArray<{ x1: number; y1: number; x2: number; y2: number }>) =>
  toDetection2DArray(
    { stamp: stamp(frame), frame_id: "camera" },
    boxes.map((box) => ({ box, score: 1, classIndex: 1 })),
    ["person", "cup"],
  );
const shifted = { x1: 0.5, y1: 0, x2: 1.5, y2: 1 };

describe("standalone/DetectionEvaluation", () => {
  /** truth and detections per frame, by frame number; undefined = nothing published. */
  const cases: Array<{
    what: string;
    truth: Array<number[] | undefined>;
    found: Array<Array<typeof cup.box> | undefined>;
    expected: object | undefined;
  }> = [
    { what: "no ground truth: no evaluation", truth: [undefined], found: [[cup.box]], expected: undefined },
    {
      what: "every object found",
      truth: [[1], [1]],
      found: [[cup.box], [cup.box]],
      expected: { frames: 2, objects: 2, matched: 2, falsePositives: 0, minIou: 1 },
    },
    {
      what: "a frame whose detections never came counts as missed",
      truth: [[1], [1]],
      found: [[cup.box], undefined],
      expected: { frames: 2, objects: 2, matched: 1, falsePositives: 0, minIou: 1 },
    },
    {
      what: "detections are matched to their own frame only",
      truth: [[1], []],
      found: [[], [cup.box]],
      expected: { frames: 2, objects: 1, matched: 0, falsePositives: 1, minIou: 1 },
    },
    {
      what: "a box overlapping too little is a miss and a false positive",
      truth: [[1]],
      found: [[shifted]],
      expected: { frames: 1, objects: 1, matched: 0, falsePositives: 1, minIou: 1 },
    },
  ];
  for (const { what, truth, found, expected } of cases) {
    it(what, async () => {
      const runtime = new LocalRuntime({ logSink: () => undefined });
      const evaluation = new DetectionEvaluation(runtime.createNode("viewer"));
      const camera = runtime.createNode("camera");
      const truthPub = camera.createPublisher("vision_msgs/msg/Detection2DArray", "/ground_truth", QosPresets.default);
      const detectionsPub = runtime.createNode("detector").createPublisher("vision_msgs/msg/Detection2DArray", "/detections");
      for (let frame = 0; frame < Math.max(truth.length, found.length); frame++) {
        const objects = truth[frame];
        if (objects !== undefined)
          truthPub.publish(
            message(
              frame,
              objects.map(() => cup.box),
            ),
          );
        await runtime.idle();
        const boxes = found[frame];
        if (boxes !== undefined) detectionsPub.publish(message(frame, boxes));
        await runtime.idle();
      }
      assert.deepEqual(evaluation.result(), expected);
      await runtime.shutdown();
    });
  }
});
