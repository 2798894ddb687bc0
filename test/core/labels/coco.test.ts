import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { COCO_LABELS } from "../../../src/core/labels/coco.ts";

describe("COCO_LABELS", () => {
  it("is the 80 COCO names in the models' class order, frozen", () => {
    assert.equal(COCO_LABELS.length, 80);
    assert.ok(Object.isFrozen(COCO_LABELS));
    assert.deepEqual(COCO_LABELS.slice(0, 3), ["person", "bicycle", "car"]);
    assert.equal(COCO_LABELS[9], "traffic light");
    assert.equal(COCO_LABELS[79], "toothbrush");
    assert.equal(new Set(COCO_LABELS).size, 80, "no duplicates");
    // Every name at its index: a renamed, emptied or reordered entry changes the digest.
    const digest = createHash("sha256").update(COCO_LABELS.join("\n")).digest("hex");
    assert.equal(digest, "d7654b26101572841ed1cd80aa03aa60e35f1b8acb4aea6906c4066886f16e07");
  });
});
