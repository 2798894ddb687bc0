import assert from "node:assert/strict";
import { AcceleratorScheduler } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import { VirtualClock, drainMicrotasks } from "../../../src/core/scheduling/virtual-clock.ts";
import { DiagnosticLevel, type DiagnosticArray } from "../../../src/messages/diagnostic_msgs.ts";
import type { Detection2DArray } from "../../../src/messages/vision_msgs.ts";
import type { Image } from "../../../src/messages/sensor_msgs.ts";
import { ControlledBackend, harness, rgbImage, settle, type Harness, type HarnessOptions } from "./fixtures.ts";

/**
 * Publishes without waiting for the node: only until each frame was delivered (before the next is
 * sent, as from a camera: the node's subscription keeps one frame).
 */
async function publish(h: Harness, images: readonly Image[], topic = "/image"): Promise<void> {
  const camera = h.runtime.createNode(`camera_${Math.random().toString(36).slice(2)}`);
  const pub = camera.createPublisher("sensor_msgs/msg/Image", topic);
  for (const image of images) {
    pub.publish(image);
    await h.runtime.idle();
  }
  camera.destroy();
}

/** Lets finished inferences reach the node and its results reach subscribers. */
async function flush(h: Harness): Promise<void> {
  await drainMicrotasks();
  await h.runtime.idle();
}

function collect<T>(h: Harness, type: "vision_msgs/msg/Detection2DArray" | "diagnostic_msgs/msg/DiagnosticArray", topic: string): T[] {
  const received: T[] = [];
  const viewer = h.runtime.createNode(`viewer_${Math.random().toString(36).slice(2)}`);
  viewer.createSubscription(type, topic, { reliability: "reliable", durability: "volatile", depth: 100 }, (m) => received.push(m as T));
  return received;
}

const stamps = (messages: readonly Detection2DArray[]): number[] => messages.map((m) => m.header.stamp.sec);

describe("detection node on the accelerator scheduler", () => {
  const harnesses: Harness[] = [];
  async function start(options: HarnessOptions): Promise<Harness> {
    const h = harness(options);
    harnesses.push(h);
    await h.node.ready();
    return h;
  }
  afterEach(async () => {
    for (const h of harnesses.splice(0).reverse()) await h.node.destroy();
  });

  it("publishes results in frame order: an older frame finishing after a newer one was published is dropped and counted", async () => {
    const backend = new ControlledBackend();
    const h = await start({ backend });
    const detections = collect<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
    await publish(h, [rgbImage(16, 16, { stamp: 1 }), rgbImage(16, 16, { stamp: 2 })]);
    assert.equal(backend.held.length, 2, "both frames run at once");
    backend.held[1]!.finish();
    await flush(h);
    assert.deepEqual(stamps(detections), [2]);
    backend.held[0]!.finish();
    await settle(h);
    assert.deepEqual(stamps(detections), [2]);
    const stats = h.node.stats();
    assert.equal(stats.stale, 1);
    assert.equal(stats.processed, 1);
  });

  it("never overwrites an input buffer while its inference runs, whatever order inferences finish in", async () => {
    const backend = new ControlledBackend();
    const h = await start({ backend });
    // 64x64 is the model input size, so each input is the frame's bytes unchanged.
    const frame = (stamp: number, fill: number) => rgbImage(64, 64, { stamp, fill });
    await publish(h, [frame(1, 10), frame(2, 20)]);
    backend.held[1]!.finish();
    await flush(h);
    await publish(h, [frame(3, 30)]);
    assert.equal(backend.held.length, 3);
    const [first, , third] = backend.held as [(typeof backend.held)[0] & object, unknown, (typeof backend.held)[0] & object];
    assert.notEqual(third.input, first.input, "frame 3 got a buffer of its own while frame 1 still runs");
    assert.deepEqual(first.input, first.inputAtStart);
    assert.ok(first.input.every((v) => v === 10));
    await publish(h, [frame(4, 50)]);
    first.finish();
    await flush(h);
    assert.equal(backend.held.length, 4);
    assert.notEqual(backend.held[3]!.input, third.input);
    assert.deepEqual(third.input, third.inputAtStart);
    assert.ok(third.input.every((v) => v === 30));
    third.finish();
    backend.held[3]!.finish();
    await settle(h);
    assert.deepEqual(h.node.stats().stale, 1);
  });

  it("does no work for frames superseded before they start: a bad image replaced while waiting is never checked", async () => {
    const backend = new ControlledBackend();
    const h = await start({ backend });
    const detections = collect<Detection2DArray>(h, "vision_msgs/msg/Detection2DArray", "/detections");
    await publish(h, [
      rgbImage(16, 16, { stamp: 1 }),
      rgbImage(16, 16, { stamp: 2 }),
      rgbImage(16, 16, { stamp: 3, step: 5 }),
      rgbImage(16, 16, { stamp: 4 }),
    ]);
    backend.held[0]!.finish();
    backend.held[1]!.finish();
    await flush(h);
    backend.held[2]!.finish();
    await settle(h);
    assert.equal(backend.held.length, 3);
    assert.deepEqual(stamps(detections), [1, 2, 4]);
    const stats = h.node.stats();
    assert.equal(stats.rejected, 0);
    assert.equal(stats.superseded, 1);
    assert.equal(stats.received, 4);
  });

  const ageCases: Array<[string, number, { expired: number; started: number }]> = [
    ["50 ms drops a frame that waited 60 ms", 50, { expired: 1, started: 3 - 1 }],
    ["100 ms keeps a frame that waited 60 ms", 100, { expired: 0, started: 3 }],
    ["0 (no limit) keeps a frame that waited 60 ms", 0, { expired: 0, started: 3 }],
  ];
  for (const [what, maxAgeMs, expected] of ageCases) {
    it(`applies max_frame_age_ms live: ${what}`, async () => {
      const clock = new VirtualClock(1000);
      const backend = new ControlledBackend();
      const h = await start({ backend, node: { scheduler: new AcceleratorScheduler({ scheduler: clock }) } });
      assert.ok(h.node.node.setParameters([{ name: "max_frame_age_ms", value: maxAgeMs }]).successful);
      assert.equal(h.node.acceleratorStream.options.deadlineMs, maxAgeMs > 0 ? maxAgeMs : undefined);
      await publish(
        h,
        [1, 2, 3].map((stamp) => rgbImage(16, 16, { stamp })),
      );
      await clock.advanceBy(60);
      backend.held[0]!.finish();
      await flush(h);
      assert.equal(backend.held.length, expected.started);
      for (const held of backend.held.slice(1)) held.finish();
      await settle(h);
      assert.equal(h.node.stats().expired, expected.expired);
      assert.equal(
        h.logs.some((l) => /warn .*max_frame_age_ms/.test(l)),
        expected.expired > 0,
        h.logs.join("\n"),
      );
    });
  }

  it("aborts an inference that outlives inference_timeout_ms, counts it as failed and names the parameter", async () => {
    const clock = new VirtualClock();
    const backend = new ControlledBackend();
    const h = await start({ backend, node: { scheduler: new AcceleratorScheduler({ scheduler: clock }) } });
    assert.ok(h.node.node.setParameters([{ name: "inference_timeout_ms", value: 100 }]).successful);
    await publish(h, [rgbImage(16, 16)]);
    await clock.advanceBy(99);
    assert.equal(h.node.stats().failed, 0);
    await clock.advanceBy(2);
    await settle(h);
    assert.equal(backend.held[0]!.signal?.aborted, true);
    assert.equal(h.node.stats().failed, 1);
    assert.ok(
      h.logs.some((l) => /error .*did not finish within timeoutMs=100.*'inference_timeout_ms'/.test(l)),
      h.logs.join("\n"),
    );
  });

  it("publishes its stream's metrics on /diagnostics every period; nodes sharing a scheduler each report their own stream", async () => {
    const clock = new VirtualClock();
    const scheduler = new AcceleratorScheduler({ scheduler: clock });
    const front = await start({ runtimeScheduler: clock, node: { scheduler } });
    // The rear camera is another topic (the node's namespace), with fewer frames and another priority,
    // so every figure below can only come from the node's own stream.
    const rear = await start({ runtime: front.runtime, node: { scheduler, name: "detection_rear", namespace: "/rear", priority: 25 } });
    const diagnostics = collect<DiagnosticArray>(front, "diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    for (const stamp of [1, 2, 3]) {
      await publish(front, [rgbImage(16, 16, { stamp })]);
      if (stamp === 2) await publish(rear, [rgbImage(16, 16, { stamp })], "/rear/image");
      await settle(front);
      await settle(rear);
    }
    await clock.advanceBy(999);
    await front.runtime.idle();
    assert.equal(diagnostics.length, 0);
    await clock.advanceBy(1);
    await front.runtime.idle();
    assert.equal(diagnostics.length, 2);
    const byName = new Map(diagnostics.map((d) => [d.status[0]!.name, d] as const));
    for (const [node, stream, completed, priority] of [
      ["/detection", "detection", "3", "20"],
      ["/rear/detection_rear", "detection_rear", "1", "25"],
    ] as const) {
      const msg = byName.get(`${node}: accelerator stream ${stream}`);
      assert.ok(msg, `diagnostics of ${node} in ${[...byName.keys()].join(", ")}`);
      assert.equal(msg.status.length, 1, "only the node's own stream");
      assert.equal(msg.status[0]!.level, DiagnosticLevel.OK);
      const values = new Map(msg.status[0]!.values.map((kv) => [kv.key, kv.value]));
      assert.equal(values.get("completed"), completed, `${node} completed`);
      assert.equal(values.get("policy"), "latest");
      assert.equal(values.get("priority"), priority, `${node} priority`);
    }
    await clock.advanceBy(1000);
    await front.runtime.idle();
    assert.equal(diagnostics.length, 4);
  });
});
