import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { OFFERED_QOS_PROFILES_KEY, parseOfferedQosProfiles } from "../../src/adapters/mcap/offered-qos-profiles.ts";
import { readMcapChannels, readMcapMessages } from "../../src/adapters/mcap/read-mcap-messages.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import { TapRecording } from "../../src/standalone/tap-recording.ts";

describe("standalone/TapRecording", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "hailo-ros-tap-recording-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes each topic's offered_qos_profiles from the tap, read back from the file", async () => {
    const file = path.join(dir, "tap.mcap");
    const runtime = new LocalRuntime({ logSink: () => undefined });
    const recording = await TapRecording.start(file, runtime.messages$);
    const node = runtime.createNode("talker");
    node.createPublisher("vision_msgs/msg/LabelInfo", "labels", QosPresets.latched).publish({
      header: { stamp: { sec: 1, nanosec: 0 }, frame_id: "" },
      class_map: [{ class_id: 0, class_name: "cup" }],
      threshold: 0.5,
    });
    node.createPublisher("std_msgs/msg/String", "fast", QosPresets.sensor_data).publish({ data: "a" });
    const chatter = [QosPresets.default, QosPresets.latched].map((qos) => node.createPublisher("std_msgs/msg/String", "chatter", qos));
    chatter[1]!.publish({ data: "b" });
    await recording.close();
    await runtime.shutdown();

    const channels = await readMcapChannels(file);
    const qosByTopic = Object.fromEntries(
      channels.map((c) => [c.topic, parseOfferedQosProfiles(c.metadata.get(OFFERED_QOS_PROFILES_KEY) ?? "")]),
    );
    assert.deepEqual(qosByTopic, {
      "/labels": [QosPresets.latched],
      "/fast": [QosPresets.sensor_data],
      "/chatter": [QosPresets.default, QosPresets.latched],
    });
    assert.equal(recording.messageCount, 3);
    const messages: unknown[] = [];
    for await (const m of readMcapMessages(file, { topics: ["/chatter"] })) messages.push(m.message);
    assert.deepEqual(messages, [{ data: "b" }]);
  });

  it("records nothing published after close and says which message could not be written", async () => {
    const file = path.join(dir, "bad.mcap");
    const runtime = new LocalRuntime({ logSink: () => undefined });
    const recording = await TapRecording.start(file, runtime.messages$);
    const node = runtime.createNode("talker");
    // Not a valid std_msgs/String: encoding it fails.
    node.createPublisher("std_msgs/msg/String", "bad").publish({ data: 7 } as never);
    await assert.rejects(recording.close(), /recording to '.*bad\.mcap' failed: .*\/bad/);
    node.createPublisher("std_msgs/msg/String", "late").publish({ data: "after" });
    assert.equal(recording.messageCount, 0);
    await runtime.shutdown();
  });
});
