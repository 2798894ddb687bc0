import assert from "node:assert/strict";
import type { TappedMessage } from "../../../src/adapters/local/local-runtime.ts";
import { QosPresets, type QosProfile } from "../../../src/ports/ros.ts";
import { recordingRuntime } from "./fixtures.ts";

describe("local runtime tap: offered QoS", () => {
  const cases: Array<[string, readonly QosProfile[]]> = [
    ["one latched publisher", [QosPresets.latched]],
    ["one sensor-data publisher", [QosPresets.sensor_data]],
    ["two publishers, in the order they were created", [QosPresets.default, QosPresets.latched]],
  ];
  for (const [what, profiles] of cases) {
    it(`carries every publisher's QoS on the topic: ${what}`, async () => {
      const { runtime } = recordingRuntime();
      const node = runtime.createNode("n");
      const tapped: TappedMessage[] = [];
      runtime.messages$.subscribe((m) => tapped.push(m));
      const publishers = profiles.map((qos) => node.createPublisher("std_msgs/msg/String", "t", qos));
      publishers[0]!.publish({ data: "x" });
      assert.deepEqual(tapped[0]!.offeredQos, profiles);
      await runtime.shutdown();
    });
  }

  it("follows publishers coming and going, per topic", async () => {
    const { runtime } = recordingRuntime();
    const node = runtime.createNode("n");
    const tapped: TappedMessage[] = [];
    runtime.messages$.subscribe((m) => tapped.push(m));
    const latched = node.createPublisher("std_msgs/msg/String", "t", QosPresets.latched);
    const other = runtime.createNode("m").createPublisher("std_msgs/msg/String", "t", QosPresets.default);
    const elsewhere = node.createPublisher("std_msgs/msg/String", "u", QosPresets.sensor_data);
    latched.publish({ data: "1" });
    runtime.createNode("gone").destroy();
    elsewhere.publish({ data: "2" });
    node.destroy();
    other.publish({ data: "3" });
    assert.deepEqual(
      tapped.map((m) => [m.topic, m.offeredQos]),
      [
        ["/t", [QosPresets.latched, QosPresets.default]],
        ["/u", [QosPresets.sensor_data]],
        ["/t", [QosPresets.default]],
      ],
    );
    await runtime.shutdown();
  });
});
