import assert from "node:assert/strict";
import { labelOf, labelledBoxes, toDetection2DArray, toLabelInfo } from "../../../src/core/detection/to-messages.ts";

const header = { stamp: { sec: 3, nanosec: 4 }, frame_id: "cam" };

describe("detection messages", () => {
  it("writes boxes as centre and size in source pixels and reads them back", () => {
    const msg = toDetection2DArray(
      header,
      [
        { box: { x1: 10, y1: 20, x2: 50, y2: 30 }, score: 0.9, classIndex: 1 },
        { box: { x1: 0, y1: 0, x2: 1, y2: 1 }, score: 0.5, classIndex: 7 },
      ],
      ["a", "b"],
    );
    const d = msg.detections[0]!;
    assert.deepEqual(d.bbox, { center: { position: { x: 30, y: 25 }, theta: 0 }, size_x: 40, size_y: 10 });
    assert.deepEqual(d.results[0]!.hypothesis, { class_id: "b", score: 0.9 });
    assert.equal(d.results[0]!.pose.covariance.length, 36);
    // No tracking here: the id stays empty, and each detection carries the image's header.
    assert.deepEqual(
      msg.detections.map((x) => [x.id, x.header]),
      [
        ["", header],
        ["", header],
      ],
    );
    assert.deepEqual(msg.header, header);
    assert.deepEqual(labelledBoxes(msg), [
      { label: "b", box: { x1: 10, y1: 20, x2: 50, y2: 30 } },
      { label: "class_7", box: { x1: 0, y1: 0, x2: 1, y2: 1 } },
    ]);
  });

  it("names classes past the labels list class_N", () => {
    assert.equal(labelOf(["a"], 0), "a");
    assert.equal(labelOf(["a"], 3), "class_3");
  });

  it("maps labels to a LabelInfo class map with the threshold", () => {
    assert.deepEqual(toLabelInfo(header, ["x", "y"], 0.3), {
      header,
      class_map: [
        { class_id: 0, class_name: "x" },
        { class_id: 1, class_name: "y" },
      ],
      threshold: 0.3,
    });
  });
});
