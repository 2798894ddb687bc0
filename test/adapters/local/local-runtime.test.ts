import assert from "node:assert/strict";
import { QosPresets } from "../../../src/ports/ros.ts";
import type { TappedMessage } from "../../../src/adapters/local/local-runtime.ts";
import { imageFixture } from "../../ros/helpers.ts";
import { recordingRuntime } from "./fixtures.ts";

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const reliable = QosPresets.default;

describe("LocalRuntime topics", () => {
  it("never delivers inside publish(), only after the publisher yields", async () => {
    const { runtime } = recordingRuntime();
    const node = runtime.createNode("n");
    const got: string[] = [];
    node.createSubscription("std_msgs/msg/String", "chat", reliable, (m) => void got.push(m.data));
    node.createPublisher("std_msgs/msg/String", "chat").publish({ data: "hi" });
    assert.deepEqual(got, []);
    await flush();
    assert.deepEqual(got, ["hi"]);
    await runtime.shutdown();
  });

  it("keeps the last `depth` messages per subscription and counts the dropped ones", async () => {
    const { runtime } = recordingRuntime();
    const node = runtime.createNode("n");
    const got: string[] = [];
    node.createSubscription("std_msgs/msg/String", "burst", { ...reliable, depth: 2 }, (m) => void got.push(m.data));
    const publisher = node.createPublisher("std_msgs/msg/String", "burst");
    for (const data of ["a", "b", "c", "d", "e"]) publisher.publish({ data });
    await flush();
    assert.deepEqual(got, ["d", "e"]);
    assert.deepEqual(
      runtime.topicStats().map(({ topic, published, delivered, dropped }) => ({ topic, published, delivered, dropped })),
      [{ topic: "/burst", published: 5, delivered: 2, dropped: 3 }],
    );
    await runtime.shutdown();
  });

  it("warns, naming the topic, when QoS is incompatible", () => {
    const { runtime, logs } = recordingRuntime();
    const node = runtime.createNode("camera");
    node.createPublisher("sensor_msgs/msg/Image", "image", QosPresets.sensor_data);
    node.createSubscription("sensor_msgs/msg/Image", "image", reliable, () => {});
    assert.equal(logs.length, 1);
    assert.equal(logs[0]!.level, "warn");
    assert.equal(logs[0]!.node, "/camera");
    assert.match(logs[0]!.message, /incompatible QoS on topic "\/image".*best_effort.*reliable/);
  });

  it("refuses a second type on a topic, naming the topic and both types", () => {
    const { runtime } = recordingRuntime();
    const node = runtime.createNode("n");
    node.createPublisher("std_msgs/msg/String", "mixed");
    assert.throws(
      () => node.createSubscription("sensor_msgs/msg/Image", "mixed", reliable, () => {}),
      /topic "\/mixed" already has type "std_msgs\/msg\/String"; cannot create a subscription of type "sensor_msgs\/msg\/Image"/,
    );
  });

  it("applies namespaces and remappings to topics and services", async () => {
    const { runtime } = recordingRuntime({ remappings: { "/robot/image": "/camera/image_raw" } });
    const robot = runtime.createNode("detector", { namespace: "robot" });
    const camera = runtime.createNode("camera");
    const got: number[] = [];
    const sub = robot.createSubscription("sensor_msgs/msg/Image", "image", reliable, (m) => void got.push(m.width));
    const debug = robot.createPublisher("std_msgs/msg/String", "~/debug");
    const pub = camera.createPublisher("sensor_msgs/msg/Image", "camera/image_raw");
    const service = robot.createService("std_srvs/srv/Trigger", "reset", () => ({ success: true, message: "" }));
    assert.deepEqual(
      [sub.topic, debug.topic, pub.topic, service.name],
      ["/camera/image_raw", "/robot/detector/debug", "/camera/image_raw", "/robot/reset"],
    );
    pub.publish(imageFixture(3, 1));
    await flush();
    assert.deepEqual(got, [3]);
    await runtime.shutdown();
  });

  it("taps every published message with topic, type and clock time", async () => {
    const { runtime } = recordingRuntime();
    const node = runtime.createNode("n");
    const tapped: TappedMessage[] = [];
    runtime.messages$.subscribe((m) => tapped.push(m));
    const before = Date.now();
    node.createPublisher("std_msgs/msg/String", "a").publish({ data: "1" });
    node.createPublisher("sensor_msgs/msg/Image", "b").publish(imageFixture());
    assert.deepEqual(
      tapped.map((t) => [t.topic, t.type]),
      [
        ["/a", "std_msgs/msg/String"],
        ["/b", "sensor_msgs/msg/Image"],
      ],
    );
    assert.deepEqual(tapped[0]!.message, { data: "1" });
    assert.ok(Math.abs(tapped[0]!.receiveTimeMs - before) < 1000);
    await runtime.shutdown();
  });

  it("logs a throwing subscription callback and keeps delivering", async () => {
    const { runtime, logs } = recordingRuntime();
    const node = runtime.createNode("n");
    let calls = 0;
    node.createSubscription("std_msgs/msg/String", "t", reliable, () => {
      calls++;
      throw new Error("boom");
    });
    const pub = node.createPublisher("std_msgs/msg/String", "t");
    pub.publish({ data: "1" });
    pub.publish({ data: "2" });
    await flush();
    assert.equal(calls, 2);
    assert.match(logs[0]!.message, /subscription callback on topic "\/t" threw: boom/);
  });

  it("stops a destroyed node's subscriptions and refuses new entities", async () => {
    const { runtime } = recordingRuntime();
    const listener = runtime.createNode("listener");
    const got: string[] = [];
    listener.createSubscription("std_msgs/msg/String", "t", reliable, (m) => void got.push(m.data));
    const pub = runtime.createNode("talker").createPublisher("std_msgs/msg/String", "t");
    assert.equal(pub.subscriptionCount(), 1);
    listener.destroy();
    assert.equal(pub.subscriptionCount(), 0);
    pub.publish({ data: "x" });
    await flush();
    assert.deepEqual(got, []);
    assert.throws(() => listener.createTimer(10, () => {}), /node "\/listener" was destroyed/);
  });

  it("filters log lines below the threshold", () => {
    const { runtime, logs } = recordingRuntime({ logLevel: "warn" });
    const node = runtime.createNode("n");
    node.logger.info("quiet");
    node.logger.error("loud");
    assert.deepEqual(logs, [{ level: "error", node: "/n", message: "loud" }]);
  });
});

describe("LocalRuntime services", () => {
  it("rejects a call to a missing service at once, saying how to fix it", async () => {
    const { runtime } = recordingRuntime();
    const client = runtime.createNode("n").createClient("std_srvs/srv/Trigger", "nobody");
    await assert.rejects(client.call({}), /service "\/nobody" is not available: start the node that provides it/);
  });

  it("waitForService resolves true once the server appears", async () => {
    const { runtime } = recordingRuntime();
    const node = runtime.createNode("n");
    const waiting = node.createClient("std_srvs/srv/Trigger", "later").waitForService(1000);
    setTimeout(() => node.createService("std_srvs/srv/Trigger", "later", () => ({ success: true, message: "" })), 10);
    assert.equal(await waiting, true);
    await runtime.shutdown();
  });
});

describe("LocalRuntime checkMessages", () => {
  const cases: readonly { case: string; message: unknown; error: RegExp }[] = [
    { case: "a wrong field type", message: { ...imageFixture(), width: "4" }, error: /width/ },
    { case: "an unknown field", message: { ...imageFixture(), colour: "red" }, error: /colour/ },
    {
      case: "a missing field",
      message: (({ encoding: _dropped, ...rest }) => rest)(imageFixture()),
      error: /encoding/,
    },
    {
      case: "a nested wrong type",
      message: { ...imageFixture(), header: { stamp: { sec: "1", nanosec: 0 }, frame_id: "" } },
      error: /header\.stamp\.sec/,
    },
  ];
  for (const { case: name, message, error } of cases) {
    it(`rejects ${name}, naming the topic, type and field`, () => {
      const { runtime } = recordingRuntime({ checkMessages: true });
      const pub = runtime.createNode("cam").createPublisher("sensor_msgs/msg/Image", "image");
      assert.throws(
        () => pub.publish(message as never),
        (e: Error) => {
          assert.match(e.message, /topic "\/image" \(sensor_msgs\/msg\/Image\)/);
          assert.match(e.message, error);
          return true;
        },
      );
    });
  }

  it("accepts a valid message, and does not check when turned off", async () => {
    for (const [checkMessages, message] of [
      [true, imageFixture()],
      [false, { ...imageFixture(), width: "4" }],
    ] as const) {
      const { runtime, logs } = recordingRuntime({ checkMessages });
      const node = runtime.createNode("a");
      const got: unknown[] = [];
      node.createSubscription("sensor_msgs/msg/Image", "i", reliable, (m) => void got.push(m));
      assert.doesNotThrow(
        () => node.createPublisher("sensor_msgs/msg/Image", "i").publish(message as never),
        `checkMessages ${checkMessages}`,
      );
      await flush();
      assert.deepEqual(got, [message], `delivered unchanged with checkMessages ${checkMessages}`);
      assert.deepEqual(
        logs.filter((l) => l.level === "error" || l.level === "warn"),
        [],
      );
      await runtime.shutdown();
    }
  });
});
