import assert from "node:assert/strict";
import { LocalRuntime, type TappedMessage } from "../../src/adapters/local/local-runtime.ts";
import { labelledBoxes } from "../../src/core/detection/to-messages.ts";
import type { Image } from "../../src/messages/sensor_msgs.ts";
import type { Detection2DArray } from "../../src/messages/vision_msgs.ts";
import { CameraPlayer } from "../../src/standalone/camera-player.ts";
import { cup, FakeImageSource, ManualTime, tinyImage, type FakeFrame } from "./fixtures.ts";

/** The camera on a local runtime; the tap sees every publish as it happens. */
function camera() {
  const runtime = new LocalRuntime({ logSink: () => undefined });
  const events: string[] = [];
  const published: TappedMessage[] = [];
  runtime.messages$.subscribe((m) => {
    published.push(m);
    events.push(`publish ${m.topic}`);
  });
  return { runtime, node: runtime.createNode("camera"), events, published };
}

describe("standalone/CameraPlayer", () => {
  const pacing: Array<{ what: string; fps: number; costs: number[]; sleeps: number[]; settles: number }> = [
    { what: "lock step: waits for the nodes after every frame, never sleeps", fps: 0, costs: [0, 150, 0], sleeps: [], settles: 3 },
    { what: "10 FPS from a source that keeps up: a frame every 100 ms", fps: 10, costs: [0, 0, 0], sleeps: [100, 100, 100], settles: 0 },
    {
      what: "10 FPS, one frame late: no sleep for it, and the next is still due on time",
      fps: 10,
      costs: [0, 150, 0],
      sleeps: [100, 50],
      settles: 0,
    },
    { what: "4 FPS from a slow source: never sleeps", fps: 4, costs: [300, 300], sleeps: [], settles: 0 },
  ];
  for (const { what, fps, costs, sleeps, settles } of pacing) {
    it(what, async () => {
      const time = new ManualTime();
      const { runtime, node, events } = camera();
      let settled = 0;
      const player = new CameraPlayer(node, {
        fps,
        time,
        settle: async () => {
          settled++;
          events.push("settle");
        },
      });
      const playback = await player.play(
        new FakeImageSource(
          costs.map((costMs) => ({ costMs })),
          time,
        ),
      );
      assert.equal(playback.frames, costs.length);
      assert.deepEqual(time.sleeps, sleeps);
      assert.equal(settled, settles);
      if (fps === 0)
        assert.deepEqual(
          events,
          costs.flatMap(() => ["publish /image", "settle"]),
        );
      await runtime.shutdown();
    });
  }

  it("stamps each frame uniquely where the source has no stamps, and keeps the stamps it has", async () => {
    const { runtime, node, published } = camera();
    const frames: FakeFrame[] = [{}, {}, { data: { kind: "image", topic: "/c", message: tinyImage({ sec: 7, nanosec: 5 }) } }, {}];
    await new CameraPlayer(node).play(new FakeImageSource(frames));
    assert.deepEqual(
      published.map((m) => (m.message as Image).header.stamp),
      [
        { sec: 0, nanosec: 0 },
        { sec: 0, nanosec: 1_000_000 },
        { sec: 7, nanosec: 5 },
        { sec: 0, nanosec: 3_000_000 },
      ],
    );
    await runtime.shutdown();
  });

  it("publishes the ground truth on /ground_truth with its image's header", async () => {
    const { runtime, node, published } = camera();
    await new CameraPlayer(node).play(new FakeImageSource([{ groundTruth: [cup] }, {}, { groundTruth: [] }]));
    assert.deepEqual(
      published.map((m) => m.topic),
      ["/image", "/ground_truth", "/image", "/image", "/ground_truth"],
    );
    const [firstImage, firstTruth] = published.map((m) => m.message) as [Image, Detection2DArray];
    assert.deepEqual(firstTruth.header, firstImage.header);
    assert.deepEqual(labelledBoxes(firstTruth), [{ label: "cup", box: cup.box }]);
    await runtime.shutdown();
  });

  it("stops after the frames asked for, and skips (and reports) a compressed frame it cannot decode", async () => {
    const { runtime, node, published } = camera();
    const lines: string[] = [];
    const broken: FakeFrame = {
      data: {
        kind: "compressed",
        topic: "/c/compressed",
        message: { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: "" }, format: "png", data: new Uint8Array([1, 2, 3]) },
      },
    };
    const playback = await new CameraPlayer(node, { frames: 2, log: (line) => lines.push(line) }).play(
      new FakeImageSource([{}, broken, {}, {}]),
    );
    assert.equal(playback.frames, 2);
    assert.equal(published.length, 2);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^\[WARN\] frame 1 on '\/c\/compressed' skipped: /);
    await runtime.shutdown();
  });
});
