import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { McapRecorder, type McapRecorderOptions, type WriteOptions } from "../../../src/adapters/mcap/mcap-recorder.ts";
import { OFFERED_QOS_PROFILES_KEY, parseOfferedQosProfiles } from "../../../src/adapters/mcap/offered-qos-profiles.ts";
import { readMcapChannels } from "../../../src/adapters/mcap/read-mcap-messages.ts";
import { QosPresets, type QosProfile } from "../../../src/ports/ros.ts";

describe("McapRecorder: offered_qos_profiles per channel", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "hailo-ros-mcap-qos-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases: Array<{ what: string; recorder: McapRecorderOptions; writes: WriteOptions[]; written: QosProfile[] | undefined }> = [
    { what: "none given: no metadata", recorder: {}, writes: [{}], written: undefined },
    {
      what: "from the recorder's topicQos",
      recorder: { topicQos: { "/t": QosPresets.latched } },
      writes: [{}],
      written: [QosPresets.latched],
    },
    {
      what: "from the message, over the recorder's topicQos",
      recorder: { topicQos: { "/t": QosPresets.latched } },
      writes: [{ offeredQos: [QosPresets.sensor_data] }],
      written: [QosPresets.sensor_data],
    },
    {
      what: "one profile per publisher",
      recorder: {},
      writes: [{ offeredQos: [QosPresets.default, QosPresets.latched] }],
      written: [QosPresets.default, QosPresets.latched],
    },
    {
      what: "the first message's, which registers the channel",
      recorder: {},
      writes: [{ offeredQos: [QosPresets.latched] }, { offeredQos: [QosPresets.default] }],
      written: [QosPresets.latched],
    },
    {
      what: "an empty list: no metadata",
      recorder: { topicQos: { "/t": QosPresets.latched } },
      writes: [{ offeredQos: [] }],
      written: undefined,
    },
  ];
  for (const { what, recorder: recorderOptions, writes, written } of cases) {
    it(what, async () => {
      const file = path.join(dir, "qos.mcap");
      const recorder = await McapRecorder.create(file, recorderOptions);
      await Promise.all(writes.map((options, i) => recorder.write("/t", "std_msgs/msg/String", { data: `${i}` }, BigInt(i), options)));
      await recorder.close();
      const [channel] = await readMcapChannels(file);
      const yaml = channel?.metadata.get(OFFERED_QOS_PROFILES_KEY);
      assert.deepEqual(yaml === undefined ? undefined : parseOfferedQosProfiles(yaml), written);
    });
  }
});
