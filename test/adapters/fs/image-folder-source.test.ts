import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodePng } from "../../../src/adapters/codecs/png.ts";
import { ImageFolderSource } from "../../../src/adapters/fs/image-folder-source.ts";
import type { Clock } from "../../../src/ports/clock.ts";
import type { Image } from "../../../src/messages/sensor_msgs.ts";
import type { SourceFrame } from "../../../src/ports/image-source.ts";
import { encodeJpeg, gradient, maxAbsDifference } from "../codecs/fixtures.ts";

async function collect(source: ImageFolderSource, limit = Infinity): Promise<SourceFrame[]> {
  const frames: SourceFrame[] = [];
  for await (const frame of source.frames()) {
    frames.push(frame);
    if (frames.length >= limit) await source.close();
  }
  return frames;
}

/** The Image of a frame (this source only produces raw images). */
function imageOf(frame: SourceFrame | undefined): Image {
  assert.ok(frame !== undefined && frame.data.kind === "image", "expected a raw image frame");
  return frame.data.message;
}

/** A clock that advances 100 ms per reading, so stamps show which frame read it. */
function steppingClock(startMs: number): Clock {
  let now = startMs - 100;
  return { nowMs: () => (now += 100) };
}

describe("adapters/fs/ImageFolderSource", () => {
  let dir: string;
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "hailo-ros-images-"));
    warnings.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("plays PNG and JPEG files in numeric name order as rgb8 Images", async () => {
    await writeFile(path.join(dir, "frame10.png"), encodePng(gradient(4, 3)));
    await writeFile(path.join(dir, "frame2.JPG"), encodeJpeg(gradient(8, 8)));
    await writeFile(path.join(dir, "frame1.jpeg"), encodeJpeg(gradient(6, 2)));
    await writeFile(path.join(dir, "notes.txt"), "not an image");
    await mkdir(path.join(dir, "sub.png"));

    const source = await ImageFolderSource.open(dir, { clock: steppingClock(1_700_000_000_000), onWarning: warn });
    assert.equal(source.description, `folder ${dir} (3 files)`);
    const frames = await collect(source);

    assert.deepEqual(
      frames.map((f) => [f.index, f.data.kind, f.data.topic, f.data.message.header.frame_id, f.data.message.header.stamp]),
      [
        [0, "image", "/camera/image_raw", "camera_color_optical_frame", { sec: 1_700_000_000, nanosec: 0 }],
        [1, "image", "/camera/image_raw", "camera_color_optical_frame", { sec: 1_700_000_000, nanosec: 100_000_000 }],
        [2, "image", "/camera/image_raw", "camera_color_optical_frame", { sec: 1_700_000_000, nanosec: 200_000_000 }],
      ],
    );
    const sizes = frames.map((f) => [imageOf(f).width, imageOf(f).height, imageOf(f).step, imageOf(f).encoding]);
    assert.deepEqual(sizes, [
      [6, 2, 18, "rgb8"],
      [8, 8, 24, "rgb8"],
      [4, 3, 12, "rgb8"],
    ]);
    assert.deepEqual(imageOf(frames[2]).data, gradient(4, 3).data);
    assert.ok(maxAbsDifference(imageOf(frames[1]).data, gradient(8, 8).data) <= 12);
    assert.deepEqual(warnings, []);
  });

  it("reports a corrupt file through onWarning, skips it and plays the rest", async () => {
    await writeFile(path.join(dir, "a.png"), encodePng(gradient(2, 2)));
    await writeFile(path.join(dir, "b.png"), encodePng(gradient(2, 2)).slice(0, 30));
    await writeFile(path.join(dir, "c.jpg"), "plain text with a jpg name");
    await writeFile(path.join(dir, "d.png"), encodePng(gradient(3, 3)));
    const source = await ImageFolderSource.open(dir, { onWarning: warn, frameId: "cam" });
    const frames = await collect(source);
    assert.deepEqual(
      frames.map((f) => [f.index, imageOf(f).width, f.data.message.header.frame_id]),
      [
        [0, 2, "cam"],
        [1, 3, "cam"],
      ],
    );
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, new RegExp(`skipping image ${path.join(dir, "b.png")}: corrupt png data`));
    assert.match(warnings[1]!, new RegExp(`skipping image ${path.join(dir, "c.jpg")}: corrupt jpeg data`));
  });

  it("loops until closed when asked", async () => {
    await writeFile(path.join(dir, "a.png"), encodePng(gradient(1, 1)));
    await writeFile(path.join(dir, "b.png"), encodePng(gradient(2, 1)));
    const frames = await collect(await ImageFolderSource.open(dir, { loop: true, topic: "/cam" }), 5);
    assert.deepEqual(
      frames.map((f) => `${f.index}:${imageOf(f).width}:${f.data.topic}`),
      ["0:1:/cam", "1:2:/cam", "2:1:/cam", "3:2:/cam", "4:1:/cam"],
    );
  });

  it("stops a loop whose files are all corrupt instead of spinning", async () => {
    await writeFile(path.join(dir, "bad.png"), "nope");
    const frames = await collect(await ImageFolderSource.open(dir, { loop: true, onWarning: warn }));
    assert.deepEqual(frames, []);
    assert.match(warnings.at(-1) ?? "", /none of its 1 image files could be decoded; stopping/);
  });

  const openErrors = [
    { name: "a missing folder", setup: async () => path.join(dir, "nope"), error: /image folder .*nope: does not exist/ },
    {
      name: "a file instead of a folder",
      setup: async () => {
        const file = path.join(dir, "file.png");
        await writeFile(file, "x");
        return file;
      },
      error: /image folder .*file\.png: not a directory/,
    },
    {
      name: "a folder without images",
      setup: async () => {
        await writeFile(path.join(dir, "readme.md"), "x");
        return dir;
      },
      error: /holds no \.png, \.jpg or \.jpeg files \(1 other entries\)/,
    },
  ];
  for (const { name, setup, error } of openErrors) {
    it(`names ${name}`, async () => {
      const folder = await setup();
      await assert.rejects(ImageFolderSource.open(folder), error);
    });
  }
});
