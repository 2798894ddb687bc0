import assert from "node:assert/strict";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { QosPresets, type QosProfile } from "../../src/ports/ros.ts";
import { RecordingSubscriber, recorderQos } from "../../src/standalone/recording-subscriber.ts";

describe("standalone/RecordingSubscriber", () => {
  const cases: Array<[string, QosProfile[], QosProfile]> = [
    ["no publisher: best effort, volatile", [], { reliability: "best_effort", durability: "volatile", depth: 10 }],
    ["one reliable publisher: reliable", [QosPresets.default], { reliability: "reliable", durability: "volatile", depth: 10 }],
    [
      "a best-effort publisher: best effort",
      [QosPresets.default, QosPresets.sensor_data],
      { reliability: "best_effort", durability: "volatile", depth: 10 },
    ],
    [
      "every publisher latched: transient local",
      [QosPresets.latched],
      { reliability: "reliable", durability: "transient_local", depth: 10 },
    ],
    [
      "one volatile among latched: volatile",
      [QosPresets.latched, QosPresets.default],
      { reliability: "reliable", durability: "volatile", depth: 10 },
    ],
    [
      "a deeper publisher: its depth",
      [{ ...QosPresets.default, depth: 50 }],
      { reliability: "reliable", durability: "volatile", depth: 50 },
    ],
  ];
  for (const [name, offered, expected] of cases) {
    it(`asks for the QoS rosbag2 would: ${name}`, () => assert.deepEqual(recorderQos(offered), expected));
  }

  it("subscribes to topics advertised before and after it started, once each, so publishers see a subscriber", async () => {
    const runtime = new LocalRuntime({ logSink: () => undefined });
    const talker = runtime.createNode("talker");
    const early = talker.createPublisher("std_msgs/msg/String", "early", QosPresets.sensor_data);
    const latched = talker.createPublisher("std_msgs/msg/String", "labels", QosPresets.latched);
    assert.equal(early.subscriptionCount(), 0);
    const subscriber = new RecordingSubscriber(runtime.createNode("recorder"), runtime.advertisedTopics$);
    const late = talker.createPublisher("std_msgs/msg/String", "late", QosPresets.default);
    talker.createPublisher("std_msgs/msg/String", "late", QosPresets.default);
    assert.deepEqual([...subscriber.topics].sort(), ["/early", "/labels", "/late"]);
    for (const publisher of [early, latched, late]) assert.equal(publisher.subscriptionCount(), 1, publisher.topic);
    subscriber.close();
    const afterClose = talker.createPublisher("std_msgs/msg/String", "after", QosPresets.default);
    assert.equal(afterClose.subscriptionCount(), 0);
    for (const publisher of [early, latched, late]) assert.equal(publisher.subscriptionCount(), 0, publisher.topic);
    await runtime.shutdown();
  });
});
