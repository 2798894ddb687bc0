import { chunkDecompressors } from "../../../src/adapters/mcap/chunk-compression.ts";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { McapIndexedReader, McapWriter } from "@mcap/core";
import { FileReadable } from "../../../src/adapters/mcap/file-readable.ts";
import { FileWritable } from "../../../src/adapters/mcap/file-writable.ts";
import { cameraInfoTopicBeside, McapImageSource } from "../../../src/adapters/mcap/mcap-image-source.ts";
import { McapRecorder } from "../../../src/adapters/mcap/mcap-recorder.ts";
import { offeredQosProfilesYaml, parseOfferedQosProfiles } from "../../../src/adapters/mcap/offered-qos-profiles.ts";
import { readMcapChannels, readMcapMessages, type McapMessage } from "../../../src/adapters/mcap/read-mcap-messages.ts";
import { encodeCdr, ros2msgSchema } from "../../../src/messages/definitions.ts";
import type { CameraInfo, Image, PointCloud2 } from "../../../src/messages/sensor_msgs.ts";
import type { SourceFrame } from "../../../src/ports/image-source.ts";
import { QosPresets } from "../../../src/ports/ros.ts";
import { cameraInfoOf } from "../../../src/testing/depth-scene.ts";

const header = (sec: number) => ({ stamp: { sec, nanosec: 500 }, frame_id: "camera_color_optical_frame" });
const image = (sec: number): Image => ({
  header: header(sec),
  height: 2,
  width: 2,
  encoding: "rgb8",
  is_bigendian: 0,
  step: 6,
  data: Uint8Array.from({ length: 12 }, (_, i) => (i + sec) % 256),
});
const seconds = (n: number) => BigInt(n) * 1_000_000_000n;

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("adapters/mcap", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "hailo-ros-mcap-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A recording with two image topics and a string topic, interleaved. */
  async function recordSample(file: string): Promise<void> {
    const recorder = await McapRecorder.create(file, { topicQos: { "/labels": QosPresets.latched } });
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      pending.push(recorder.write("/camera/image_raw", "sensor_msgs/msg/Image", image(i), seconds(i)));
      pending.push(recorder.write("/chatter", "std_msgs/msg/String", { data: `n${i} ✓` }, seconds(i) + 1n));
    }
    pending.push(
      recorder.write(
        "/labels",
        "vision_msgs/msg/LabelInfo",
        { header: header(0), class_map: [{ class_id: 1, class_name: "cup" }], threshold: 0.5 },
        7n,
      ),
    );
    await Promise.all(pending);
    await recorder.close();
  }

  describe("McapRecorder + readMcapMessages", () => {
    it("reads back every topic, type, count and message it wrote", async () => {
      const file = path.join(dir, "sample.mcap");
      await recordSample(file);

      const messages = await collect(readMcapMessages(file));
      assert.equal(messages.length, 11);
      const byTopic = (topic: string) => messages.filter((m) => m.topic === topic);
      assert.deepEqual(
        byTopic("/camera/image_raw").map((m) => m.message),
        [0, 1, 2, 3, 4].map(image),
      );
      assert.deepEqual(
        byTopic("/chatter").map((m) => m.message),
        [0, 1, 2, 3, 4].map((i) => ({ data: `n${i} ✓` })),
      );
      assert.deepEqual(byTopic("/labels")[0], {
        topic: "/labels",
        schemaName: "vision_msgs/msg/LabelInfo",
        logTimeNs: 7n,
        message: { header: header(0), class_map: [{ class_id: 1, class_name: "cup" }], threshold: 0.5 },
      } satisfies McapMessage);
      // Indexed reading is in log-time order.
      const times = messages.map((m) => m.logTimeNs);
      assert.deepEqual(
        times,
        [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    });

    it("round-trips CameraInfo and a PointCloud2 whose data stays a Uint8Array, also from a buffer view", async () => {
      const file = path.join(dir, "depth.mcap");
      const info: CameraInfo = {
        header: header(3),
        height: 256,
        width: 320,
        distortion_model: "plumb_bob",
        d: new Float64Array(5),
        k: Float64Array.from([250, 0, 159.5, 0, 250, 127.5, 0, 0, 1]),
        r: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]),
        p: Float64Array.from([250, 0, 159.5, 0, 0, 250, 127.5, 0, 0, 0, 1, 0]),
        binning_x: 0,
        binning_y: 0,
        roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
      };
      const backing = Uint8Array.from({ length: 64 }, (_, i) => 255 - i);
      const cloud: PointCloud2 = {
        header: header(3),
        height: 1,
        width: 2,
        fields: [{ name: "z", offset: 0, datatype: 7, count: 1 }],
        is_bigendian: false,
        point_step: 4,
        row_step: 8,
        data: backing.subarray(20, 28),
        is_dense: true,
      };
      const recorder = await McapRecorder.create(file);
      await recorder.write("/depth/camera_info", "sensor_msgs/msg/CameraInfo", info, 1n);
      await recorder.write("/depth/points", "sensor_msgs/msg/PointCloud2", cloud, 2n);
      await recorder.close();
      const [readInfo, readCloud] = await collect(readMcapMessages(file));
      assert.deepEqual(readInfo?.message, info);
      const points = readCloud?.message as PointCloud2;
      assert.ok(points.data instanceof Uint8Array);
      assert.deepEqual(Array.from(points.data), Array.from(backing.subarray(20, 28)));
      assert.deepEqual({ ...points, data: undefined }, { ...cloud, data: undefined });
    });

    it("writes a summary McapIndexedReader opens, with ros2 profile, ros2msg schemas and QoS metadata", async () => {
      const file = path.join(dir, "sample.mcap");
      await recordSample(file);
      const readable = await FileReadable.open(file);
      try {
        const reader = await McapIndexedReader.Initialize({ readable });
        assert.equal(reader.header.profile, "ros2");
        assert.equal(reader.statistics?.messageCount, 11n);
        assert.ok(reader.chunkIndexes.length > 0);
        const schemas = [...reader.schemasById.values()];
        assert.deepEqual(schemas.map((s) => s.name).sort(), ["sensor_msgs/msg/Image", "std_msgs/msg/String", "vision_msgs/msg/LabelInfo"]);
        for (const schema of schemas) {
          assert.equal(schema.encoding, "ros2msg");
          assert.equal(new TextDecoder().decode(schema.data), ros2msgSchema(schema.name).data);
        }
        const channels = [...reader.channelsById.values()];
        assert.ok(channels.every((channel) => channel.messageEncoding === "cdr"));
        const labels = channels.find((channel) => channel.topic === "/labels");
        assert.deepEqual(parseOfferedQosProfiles(labels?.metadata.get("offered_qos_profiles") ?? ""), [QosPresets.latched]);
        assert.equal(channels.find((channel) => channel.topic === "/chatter")?.metadata.has("offered_qos_profiles"), false);
      } finally {
        await readable.close();
      }
    });

    it("keeps call order for writes issued without awaiting", async () => {
      const file = path.join(dir, "burst.mcap");
      const recorder = await McapRecorder.create(file, { chunkSize: 256 });
      for (let i = 0; i < 300; i++) void recorder.write("/count", "std_msgs/msg/String", { data: String(i) }, 1000n);
      await recorder.close();
      const messages = await collect(readMcapMessages(file, { topics: ["/count"] }));
      assert.deepEqual(
        messages.map((m) => (m.message as { data: string }).data),
        Array.from({ length: 300 }, (_, i) => String(i)),
      );
    });

    it("filters by topic", async () => {
      const file = path.join(dir, "sample.mcap");
      await recordSample(file);
      const messages = await collect(readMcapMessages(file, { topics: ["/chatter"] }));
      assert.deepEqual(new Set(messages.map((m) => m.topic)), new Set(["/chatter"]));
      assert.equal(messages.length, 5);
    });

    it("lists channels with schema names and counts", async () => {
      const file = path.join(dir, "sample.mcap");
      await recordSample(file);
      const channels = await readMcapChannels(file);
      assert.deepEqual(
        channels.map(({ topic, schemaName, messageCount }) => ({ topic, schemaName, messageCount })),
        [
          { topic: "/camera/image_raw", schemaName: "sensor_msgs/msg/Image", messageCount: 5 },
          { topic: "/chatter", schemaName: "std_msgs/msg/String", messageCount: 5 },
          { topic: "/labels", schemaName: "vision_msgs/msg/LabelInfo", messageCount: 1 },
        ],
      );
    });

    it("rejects bad messages, type changes and writes after close, naming the file and topic", async () => {
      const file = path.join(dir, "errors.mcap");
      const recorder = await McapRecorder.create(file);
      await assert.rejects(
        recorder.write("/chatter", "std_msgs/msg/String", { data: 5 } as never, 1n),
        (error: Error) => error.message.includes(file) && /topic \/chatter.*data: expected string, got number 5/.test(error.message),
      );
      await recorder.write("/chatter", "std_msgs/msg/String", { data: "ok" }, 2n);
      await assert.rejects(
        recorder.write("/chatter", "std_msgs/msg/Header", header(1), 3n),
        /topic \/chatter is recorded as std_msgs\/msg\/String; cannot also record std_msgs\/msg\/Header/,
      );
      await recorder.close();
      await recorder.close();
      await assert.rejects(recorder.write("/chatter", "std_msgs/msg/String", { data: "late" }, 4n), /errors\.mcap is closed/);
      const messages = await collect(readMcapMessages(file));
      assert.deepEqual(
        messages.map((m) => m.message),
        [{ data: "ok" }],
      );
    });

    it("names the file it cannot create", async () => {
      const file = path.join(dir, "no-such-dir", "x.mcap");
      await assert.rejects(McapRecorder.create(file), (error: Error) => error.message.startsWith(`cannot create ${file}`));
    });
  });

  describe("readMcapMessages on foreign files", () => {
    it("decodes a type it has no registry entry for, from the schema in the file, without a summary", async () => {
      // Like `ros2 bag record` with the fastwrite preset: no chunks, no summary.
      const file = path.join(dir, "foreign.mcap");
      const writable = await FileWritable.create(file);
      const writer = new McapWriter({
        writable,
        useChunks: false,
        useSummaryOffsets: false,
        useStatistics: false,
        useChunkIndex: false,
        useMessageIndex: false,
      });
      await writer.start({ profile: "ros2", library: "test" });
      const schemaId = await writer.registerSchema({
        name: "my_msgs/msg/Reading",
        encoding: "ros2msg",
        data: new TextEncoder().encode("builtin_interfaces/Time stamp\nint64 ticks\nfloat32[] values\n"),
      });
      const channelId = await writer.registerChannel({ topic: "/reading", schemaId, messageEncoding: "cdr", metadata: new Map() });
      // Hand-built CDR: header, time (8), pad to 8, int64, uint32 length, float32s.
      const bytes = new Uint8Array(4 + 8 + 8 + 4 + 8);
      const view = new DataView(bytes.buffer);
      bytes.set([0, 1, 0, 0]);
      view.setInt32(4, 12, true);
      view.setUint32(8, 34, true);
      view.setBigInt64(12, -5n, true);
      view.setUint32(20, 2, true);
      view.setFloat32(24, 1.5, true);
      view.setFloat32(28, -2, true);
      await writer.addMessage({ channelId, sequence: 0, logTime: 99n, publishTime: 99n, data: bytes });
      await writer.end();
      await writable.close();

      const messages = await collect(readMcapMessages(file));
      assert.deepEqual(messages, [
        {
          topic: "/reading",
          schemaName: "my_msgs/msg/Reading",
          logTimeNs: 99n,
          message: { stamp: { sec: 12, nanosec: 34 }, ticks: -5n, values: new Float32Array([1.5, -2]) },
        },
      ]);
    });

    it("still reads the messages of a recording cut off before its summary", async () => {
      const file = path.join(dir, "sample.mcap");
      await recordSample(file);
      const whole = await readFile(file);
      const cut = path.join(dir, "cut.mcap");
      // The single chunk ends well before the summary; drop the summary and footer.
      await writeFile(cut, whole.subarray(0, whole.length - 200));
      const messages = await collect(readMcapMessages(cut));
      assert.equal(messages.length, 11);
    });

    it("names a file that is not MCAP", async () => {
      const file = path.join(dir, "notes.txt");
      await writeFile(file, "just some text, definitely not a bag");
      await assert.rejects(collect(readMcapMessages(file)), new RegExp(`${file} is not an MCAP file`));
      await assert.rejects(readMcapChannels(file), /is not an MCAP file/);
    });

    it("names a missing file", async () => {
      const file = path.join(dir, "missing.mcap");
      await assert.rejects(collect(readMcapMessages(file)), new RegExp(`cannot open MCAP file ${file}`));
    });

    it("names the topic whose encoding or schema it cannot decode", async () => {
      const file = path.join(dir, "json.mcap");
      const writable = await FileWritable.create(file);
      const writer = new McapWriter({ writable });
      await writer.start({ profile: "", library: "test" });
      const channelId = await writer.registerChannel({ topic: "/json", schemaId: 0, messageEncoding: "json", metadata: new Map() });
      await writer.addMessage({ channelId, sequence: 0, logTime: 1n, publishTime: 1n, data: new TextEncoder().encode("{}") });
      await writer.end();
      await writable.close();
      await assert.rejects(
        collect(readMcapMessages(file)),
        /json\.mcap, topic \/json: message encoding "json" is not supported \(only cdr\)/,
      );
    });
  });

  describe("offered_qos_profiles", () => {
    it("writes rosbag2's Jazzy YAML layout", () => {
      assert.equal(
        offeredQosProfilesYaml([QosPresets.latched]),
        [
          "- history: keep_last",
          "  depth: 1",
          "  reliability: reliable",
          "  durability: transient_local",
          "  deadline:",
          "    sec: 0",
          "    nsec: 0",
          "  lifespan:",
          "    sec: 0",
          "    nsec: 0",
          "  liveliness: automatic",
          "  liveliness_lease_duration:",
          "    sec: 0",
          "    nsec: 0",
          "  avoid_ros_namespace_conventions: false",
        ].join("\n"),
      );
    });

    it("reads both the string and the older numeric layout", () => {
      const numeric = "- history: 3\n  depth: 0\n  reliability: 2\n  durability: 1\n  liveliness: 1\n";
      assert.deepEqual(parseOfferedQosProfiles(numeric), [{ reliability: "best_effort", durability: "transient_local", depth: 0 }]);
      assert.deepEqual(parseOfferedQosProfiles(offeredQosProfilesYaml([QosPresets.sensor_data, QosPresets.latched])), [
        QosPresets.sensor_data,
        QosPresets.latched,
      ]);
    });
  });

  describe("McapImageSource", () => {
    async function recordCamera(file: string): Promise<void> {
      const recorder = await McapRecorder.create(file);
      await recorder.write("/chatter", "std_msgs/msg/String", { data: "hi" }, 0n);
      for (let i = 0; i < 3; i++) {
        await recorder.write("/camera/image_raw", "sensor_msgs/msg/Image", image(i), seconds(i));
        await recorder.write(
          "/camera/image_raw/compressed",
          "sensor_msgs/msg/CompressedImage",
          { header: header(i), format: "jpeg", data: new Uint8Array([0xff, 0xd8, 0xff, i]) },
          seconds(i),
        );
      }
      await recorder.close();
    }
    const summarize = (frames: SourceFrame[]) =>
      frames.map((f) => `${f.index}:${f.data.kind}:${f.data.topic}:${f.data.message.header.stamp.sec}`);

    it("plays the first image topic by default", async () => {
      const file = path.join(dir, "camera.mcap");
      await recordCamera(file);
      const source = await McapImageSource.open(file);
      assert.match(source.description, /camera\.mcap topic \/camera\/image_raw \(3 frames\)/);
      const frames = await collect(source.frames());
      assert.deepEqual(summarize(frames), ["0:image:/camera/image_raw:0", "1:image:/camera/image_raw:1", "2:image:/camera/image_raw:2"]);
      assert.deepEqual(frames[1]?.data.message, image(1));
    });

    it("plays a chosen CompressedImage topic, looping until closed", async () => {
      const file = path.join(dir, "camera.mcap");
      await recordCamera(file);
      const source = await McapImageSource.open(file, { topic: "/camera/image_raw/compressed", loop: true });
      const frames: SourceFrame[] = [];
      for await (const frame of source.frames()) {
        frames.push(frame);
        if (frames.length === 7) await source.close();
      }
      assert.deepEqual(
        frames.map((f) => `${f.index}:${f.data.kind}:${f.data.message.header.stamp.sec}`),
        ["0:compressed:0", "1:compressed:1", "2:compressed:2", "3:compressed:0", "4:compressed:1", "5:compressed:2", "6:compressed:0"],
      );
    });

    it("lists the topics when the chosen one is missing or not an image", async () => {
      const file = path.join(dir, "camera.mcap");
      await recordCamera(file);
      await assert.rejects(
        McapImageSource.open(file, { topic: "/nope" }),
        /has no topic \/nope; its topics are: \/chatter \[std_msgs\/msg\/String\], \/camera\/image_raw \[sensor_msgs\/msg\/Image\]/,
      );
      await assert.rejects(
        McapImageSource.open(file, { topic: "/chatter" }),
        /\/chatter carries std_msgs\/msg\/String, not sensor_msgs\/msg\/Image/,
      );
    });

    describe("camera_info beside the images", () => {
      const calibration = (fx: number, sec: number) => cameraInfoOf({ fx, fy: fx, cx: 4, cy: 3, width: 8, height: 6 }, header(sec));
      /** Images at 0, 1, 2 s; calibration fx = 100 + i logged just after image i, on each of `infoTopics`. */
      async function recordCalibrated(file: string, imageTopic: string, infoTopics: readonly string[]): Promise<void> {
        const recorder = await McapRecorder.create(file);
        for (let i = 0; i < 3; i++) {
          await recorder.write(imageTopic, "sensor_msgs/msg/Image", image(i), seconds(i));
          for (const topic of infoTopics)
            await recorder.write(topic, "sensor_msgs/msg/CameraInfo", calibration(100 + i, i), seconds(i) + 1n);
        }
        await recorder.write("/chatter", "std_msgs/msg/String", { data: "hi" }, seconds(3));
        await recorder.close();
      }
      const fxOf = (frames: SourceFrame[]) => frames.map((f) => f.cameraInfo?.k[0]);

      for (const [imageTopic, compressed, expected] of [
        ["/camera/image_raw", false, "/camera/camera_info"],
        ["/camera/image_raw/compressed", true, "/camera/camera_info"],
        ["/camera/color/image_raw/compressed", true, "/camera/color/camera_info"],
        ["/image", false, "/camera_info"],
        ["image", false, "/camera_info"],
        ["/ns/raw/compressed", false, "/ns/raw/camera_info"],
      ] as const) {
        it(`names ${expected} for ${compressed ? "compressed " : ""}${imageTopic}`, () => {
          assert.equal(cameraInfoTopicBeside(imageTopic, compressed), expected);
        });
      }

      it("pairs each frame with the latest calibration logged before it, the first one before any", async () => {
        const file = path.join(dir, "calibrated.mcap");
        await recordCalibrated(file, "/camera/image_raw", ["/camera/camera_info", "/other/camera_info"]);
        const source = await McapImageSource.open(file);
        assert.equal(source.cameraInfoTopic, "/camera/camera_info");
        assert.match(source.description, /\(3 frames\) with \/camera\/camera_info$/);
        const frames = await collect(source.frames());
        assert.deepEqual(summarize(frames), ["0:image:/camera/image_raw:0", "1:image:/camera/image_raw:1", "2:image:/camera/image_raw:2"]);
        assert.deepEqual(fxOf(frames), [100, 100, 101]);
        const info = frames[2]?.cameraInfo;
        assert.deepEqual(info?.header, header(1));
        assert.deepEqual([...(info?.k ?? [])], calibration(101, 1).k);
      });

      it("keeps the latest calibration across a loop", async () => {
        const file = path.join(dir, "calibrated.mcap");
        await recordCalibrated(file, "/camera/image_raw", ["/camera/camera_info"]);
        const source = await McapImageSource.open(file, { loop: true });
        const frames: SourceFrame[] = [];
        for await (const frame of source.frames()) {
          frames.push(frame);
          if (frames.length === 5) await source.close();
        }
        assert.deepEqual(fxOf(frames), [100, 100, 101, 102, 100]);
      });

      it("takes the file's only CameraInfo topic when none is beside the images, and a chosen one", async () => {
        const file = path.join(dir, "calibrated.mcap");
        await recordCalibrated(file, "/camera/image_raw", ["/calib/info"]);
        assert.equal((await McapImageSource.open(file)).cameraInfoTopic, "/calib/info");
        const two = path.join(dir, "two.mcap");
        await recordCalibrated(two, "/camera/image_raw", ["/left/camera_info", "/right/camera_info"]);
        const ambiguous = await McapImageSource.open(two);
        assert.equal(ambiguous.cameraInfoTopic, undefined);
        assert.match(ambiguous.description, /, no camera_info$/);
        assert.deepEqual(fxOf(await collect(ambiguous.frames())), [undefined, undefined, undefined]);
        const chosen = await McapImageSource.open(two, { cameraInfoTopic: "/right/camera_info" });
        assert.deepEqual(fxOf(await collect(chosen.frames())), [100, 100, 101]);
      });

      it("names the file and its CameraInfo topics when the chosen one is missing or of another type", async () => {
        const file = path.join(dir, "calibrated.mcap");
        await recordCalibrated(file, "/camera/image_raw", ["/camera/camera_info"]);
        await assert.rejects(
          McapImageSource.open(file, { cameraInfoTopic: "/nope" }),
          /calibrated\.mcap has no topic \/nope; its CameraInfo topics are: \/camera\/camera_info \[sensor_msgs\/msg\/CameraInfo\]$/,
        );
        await assert.rejects(
          McapImageSource.open(file, { cameraInfoTopic: "/chatter" }),
          /calibrated\.mcap topic \/chatter carries std_msgs\/msg\/String, not sensor_msgs\/msg\/CameraInfo; its CameraInfo topics are: \/camera\/camera_info/,
        );
      });

      it("plays frames without calibration from a file that has none", async () => {
        const file = path.join(dir, "camera.mcap");
        await recordCamera(file);
        const source = await McapImageSource.open(file);
        assert.match(source.description, /, no camera_info$/);
        assert.deepEqual(fxOf(await collect(source.frames())), [undefined, undefined, undefined]);
      });
    });

    it("lists the topics when the file has no image topic", async () => {
      const file = path.join(dir, "text.mcap");
      const recorder = await McapRecorder.create(file);
      await recorder.write("/chatter", "std_msgs/msg/String", { data: "hi" }, 0n);
      await recorder.close();
      await assert.rejects(
        McapImageSource.open(file),
        /text\.mcap has no sensor_msgs\/msg\/Image or sensor_msgs\/msg\/CompressedImage topic; its topics are: \/chatter/,
      );
    });
  });

  it("encodes what the recorder writes exactly as encodeCdr does", async () => {
    const file = path.join(dir, "raw.mcap");
    const recorder = await McapRecorder.create(file);
    await recorder.write("/chatter", "std_msgs/msg/String", { data: "x" }, 1n);
    await recorder.close();
    const readable = await FileReadable.open(file);
    try {
      const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers: chunkDecompressors });
      const [message] = await collect(reader.readMessages());
      assert.deepEqual(message?.data, encodeCdr("std_msgs/msg/String", { data: "x" }));
    } finally {
      await readable.close();
    }
  });

  for (const [compression, expected] of [
    ["lz4", "lz4"],
    ["none", ""],
  ] as const) {
    it(`writes ${compression === "none" ? "uncompressed" : compression} chunks that read back`, async () => {
      const file = path.join(dir, `compression-${compression}.mcap`);
      const recorder = await McapRecorder.create(file, { compression });
      const image = {
        header: { stamp: { sec: 1, nanosec: 2 }, frame_id: "cam" },
        height: 64,
        width: 64,
        encoding: "rgb8",
        is_bigendian: 0,
        step: 192,
        data: new Uint8Array(64 * 192).fill(7),
      };
      await recorder.write("/image", "sensor_msgs/msg/Image", image, 5n);
      await recorder.close();
      const readable = await FileReadable.open(file);
      try {
        const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers: chunkDecompressors });
        assert.equal(reader.chunkIndexes[0]?.compression, expected);
        if (compression === "lz4") assert.ok(reader.chunkIndexes[0]!.compressedSize < reader.chunkIndexes[0]!.uncompressedSize / 4n);
      } finally {
        await readable.close();
      }
      const messages = [];
      for await (const m of readMcapMessages(file)) messages.push(m);
      assert.equal(messages.length, 1);
      assert.deepEqual((messages[0]!.message as typeof image).data, image.data);
    });
  }
});
