/**
 * The rclnodejs side of the ROS 2 image bench, a process of its own (real ROS 2, sourced):
 * `node dist/scripts/bench/ros-image-subscriber.js [--topic /bench/image]`. Subscribes to
 * sensor_msgs/Image through our rclnodejs adapter exactly as the detection node's image input does
 * (its QoS: sensor data, depth 1), prints "ready", counts images until stdin closes, then prints
 * one JSON line: received, first/last arrival (s), CPU between the first and last image (s).
 */
import { createRclnodejsRuntime } from "../../src/adapters/rclnodejs/rclnodejs-runtime.ts";
import { readImageCdr } from "../../src/adapters/rclnodejs/image-cdr.ts";
import { qosArguments } from "../../src/adapters/rclnodejs/mapping.ts";
import type { RclModule } from "../../src/adapters/rclnodejs/rcl-api.ts";
import type { Image } from "../../src/messages/sensor_msgs.ts";
import { QosPresets } from "../../src/ports/ros.ts";

async function main(argv: readonly string[]): Promise<void> {
  const topicAt = argv.indexOf("--topic");
  const topic = topicAt >= 0 ? (argv[topicAt + 1] ?? "/bench/image") : "/bench/image";
  const reliable = argv.includes("--reliable");
  const pathAt = argv.indexOf("--path");
  const path = pathAt >= 0 ? (argv[pathAt + 1] ?? "adapter") : "adapter";
  const runtime = await createRclnodejsRuntime({ argv: [], handleSignals: false });
  const node = runtime.createNode("bench_image_subscriber_js");
  let received = 0;
  let firstS = 0;
  let lastS = 0;
  let cpuFirst = 0;
  let cpuLast = 0;
  let bytes = 0;
  const cpuS = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const qos = { ...(reliable ? QosPresets.default : QosPresets.sensor_data), depth: 1 };
  const onImage = (image: Image): void => {
    const now = performance.now() / 1000;
    const cpu = cpuS();
    if (received === 0) {
      firstS = now;
      cpuFirst = cpu;
    }
    received++;
    lastS = now;
    cpuLast = cpu;
    // What the detection node reads first: the size and the pixels' buffer.
    bytes = image.data.length;
  };
  if (path === "adapter") {
    node.createSubscription("sensor_msgs/msg/Image", topic, qos, onImage);
  } else {
    // rclnodejs directly, for comparing its receive paths: "typed" (message objects with typed
    // arrays), "array" (plain arrays), "raw-cdr" (serialized Buffer read by our CDR reader).
    const specifier = "rclnodejs";
    const rcl = ((await import(specifier)) as { default: RclModule }).default;
    const raw = new rcl.Node("bench_image_subscriber_raw", "");
    const a = qosArguments(qos);
    const rclQos = new rcl.QoS(a.history, a.depth, a.reliability, a.durability);
    const typeClass = { package: "sensor_msgs", type: "msg", name: "Image" };
    if (path === "raw-cdr") {
      raw.createSubscription(typeClass, topic, { qos: rclQos, enableTypedArray: true, isRaw: true }, (m) =>
        onImage(readImageCdr(m as Uint8Array)),
      );
    } else {
      raw.createSubscription(typeClass, topic, { qos: rclQos, enableTypedArray: path === "typed" }, (m) => onImage(m as Image));
    }
    raw.spin();
  }
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => {
    process.stdin.on("end", resolve);
    process.stdin.resume();
  });
  process.stdout.write(`${JSON.stringify({ received, first_s: firstS, last_s: lastS, cpu_s: cpuLast - cpuFirst, bytes })}\n`);
  await runtime.shutdown();
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`ros-image-subscriber: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
