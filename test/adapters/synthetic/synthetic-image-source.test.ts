import assert from "node:assert/strict";
import { SyntheticImageSource } from "../../../src/adapters/synthetic/synthetic-image-source.ts";
import { depthSceneAtFrame, renderDepthScene, sceneGroundTruth3d } from "../../../src/core/synthetic/depth-scene.ts";
import { renderScene, sceneAtFrame } from "../../../src/core/synthetic/scene.ts";
import type { SourceFrame } from "../../../src/ports/image-source.ts";

const clock = { nowMs: () => 1500 };

async function collect(source: SyntheticImageSource): Promise<SourceFrame[]> {
  const frames: SourceFrame[] = [];
  for await (const frame of source.frames()) frames.push(frame);
  return frames;
}

describe("SyntheticImageSource", () => {
  it("plays plain scenes without camera info or 3D truth by default", async () => {
    const [frame] = await collect(new SyntheticImageSource({ width: 320, height: 240, frames: 1, clock }));
    assert.ok(frame !== undefined && frame.data.kind === "image");
    assert.deepEqual(frame.data.message.data, renderScene(sceneAtFrame(1, 0, { width: 320, height: 240 })).data);
    assert.equal(frame.cameraInfo, undefined);
    assert.equal(frame.groundTruth?.[0]?.center, undefined);
  });

  it("with depth: paints depth, sends the camera's CameraInfo with the image's header, and 3D ground truth", async () => {
    const source = new SyntheticImageSource({ width: 320, height: 240, frames: 2, clock, depth: { occluder: {} } });
    assert.match(source.description, /with depth/);
    const frames = await collect(source);
    const scene = depthSceneAtFrame(1, 1, { width: 320, height: 240, objects: 4, occluder: {} });
    const frame = frames[1]!;
    assert.ok(frame.data.kind === "image");
    assert.deepEqual(frame.data.message.data, renderDepthScene(scene).data);
    assert.deepEqual(frame.cameraInfo?.header, frame.data.message.header);
    assert.deepEqual(frame.cameraInfo?.k, [240, 0, 159.5, 0, 240, 119.5, 0, 0, 1]);
    assert.deepEqual(
      frame.groundTruth?.map((g) => [g.label, g.depth, g.center]),
      sceneGroundTruth3d(scene).map((g) => [g.label, g.depth, g.center]),
    );
  });
});
