/**
 * The ROS port's behaviour contract, run against every runtime: local always, rclnodejs when
 * HAILO_ROS_CONTRACT=ros. Real time with short periods, so the same tests hold for real ROS 2:
 * topics, services, actions, managed nodes (lifecycle), timers, parameters, the clock.
 */
import assert from "node:assert/strict";
import {
  QosPresets,
  type ActionClient,
  type ActionHandler,
  type LifecycleCallbacks,
  type LifecycleNode,
  type LifecycleNodeOptions,
  type LifecycleTransition,
  type QosProfile,
  type RosNode,
  type RosRuntime,
} from "../../src/ports/ros.ts";
import type { TransitionEvent } from "../../src/messages/lifecycle_msgs.ts";
import type { CameraInfo, Image, PointCloud2 } from "../../src/messages/sensor_msgs.ts";
import type { Detection2DArray } from "../../src/messages/vision_msgs.ts";
import {
  cameraInfoFixture,
  collector,
  detectionsFixture,
  eventually,
  imageFixture,
  pointCloudFixture,
  sleep,
  uniqueName,
} from "./helpers.ts";
import { runtimeFactories } from "./runtime-factories.ts";

const reliableVolatile: QosProfile = { reliability: "reliable", durability: "volatile", depth: 10 };
const bestEffort: QosProfile = { reliability: "best_effort", durability: "volatile", depth: 10 };

for (const factory of runtimeFactories) {
  describe(`ROS port contract: ${factory.name} runtime`, function () {
    if (factory.skipReason !== undefined) {
      const reason = factory.skipReason;
      before(function () {
        console.log(`      ${reason}`);
        this.skip();
      });
      it("runs against real ROS 2 (skipped)", () => {});
      return;
    }

    let runtime: RosRuntime | undefined;
    let nodes: RosNode[] = [];
    let nodeCount = 0;
    const node = (options?: Parameters<RosRuntime["createNode"]>[1]): RosNode => {
      nodeCount += 1;
      if (runtime === undefined) throw new Error(`the ${factory.name} runtime did not start`);
      const created = runtime.createNode(`contract_${process.pid}_${nodeCount}`, options);
      nodes.push(created);
      return created;
    };
    /** Waits until the publisher sees `n` matched subscriptions (discovery on real ROS 2). */
    const matched = (publisher: { subscriptionCount(): number }, n: number) =>
      eventually(`${n} matched subscription(s)`, () => publisher.subscriptionCount() >= n);

    before(async () => {
      runtime = await factory.create();
    });
    afterEach(() => {
      for (const n of nodes) n.destroy();
      nodes = [];
    });
    after(async () => {
      await runtime?.shutdown();
    });

    describe("topics", () => {
      it("delivers an Image with its data as a Uint8Array", async () => {
        const topic = uniqueName("image");
        const sink = collector<Image>();
        node().createSubscription("sensor_msgs/msg/Image", topic, QosPresets.default, sink.callback);
        const publisher = node().createPublisher("sensor_msgs/msg/Image", topic, QosPresets.default);
        await matched(publisher, 1);
        const sent = imageFixture();
        publisher.publish(sent);
        await eventually("the image", () => sink.received.length === 1);
        const got = sink.received[0]!;
        assert.ok(got.data instanceof Uint8Array, "data must arrive as Uint8Array");
        assert.deepEqual(Array.from(got.data), Array.from(sent.data));
        assert.deepEqual(
          { w: got.width, h: got.height, enc: got.encoding, step: got.step, frame: got.header.frame_id, stamp: got.header.stamp },
          { w: 4, h: 2, enc: "rgb8", step: 12, frame: "camera_optical_frame", stamp: { sec: 12, nanosec: 345 } },
        );
      });

      it("delivers the bytes of a typed-array view into a larger buffer (non-zero byteOffset)", async () => {
        const topic = uniqueName("image_view");
        const sink = collector<Image>();
        node().createSubscription("sensor_msgs/msg/Image", topic, QosPresets.default, sink.callback);
        const publisher = node().createPublisher("sensor_msgs/msg/Image", topic, QosPresets.default);
        await matched(publisher, 1);
        const backing = new Uint8Array(100).map((_, i) => 255 - i);
        const sent = { ...imageFixture(4, 2), data: backing.subarray(37, 61) };
        publisher.publish(sent);
        await eventually("the image", () => sink.received.length === 1);
        assert.deepEqual(Array.from(sink.received[0]!.data), Array.from(backing.subarray(37, 61)));
      });

      it("delivers a CameraInfo with its intrinsics", async () => {
        const topic = uniqueName("camera_info");
        const sink = collector<CameraInfo>();
        node().createSubscription("sensor_msgs/msg/CameraInfo", topic, QosPresets.default, sink.callback);
        const publisher = node().createPublisher("sensor_msgs/msg/CameraInfo", topic);
        await matched(publisher, 1);
        const sent = cameraInfoFixture();
        publisher.publish(sent);
        await eventually("the camera info", () => sink.received.length === 1);
        const got = sink.received[0]!;
        assert.deepEqual(
          { k: Array.from(got.k), p: Array.from(got.p), d: Array.from(got.d), w: got.width, h: got.height, model: got.distortion_model },
          { k: sent.k, p: sent.p, d: sent.d, w: 4, h: 2, model: "plumb_bob" },
        );
        assert.deepEqual(got.roi, sent.roi);
      });

      it("delivers a PointCloud2 with its data as a Uint8Array, also from a view into a larger buffer", async () => {
        const topic = uniqueName("points");
        const sink = collector<PointCloud2>();
        node().createSubscription("sensor_msgs/msg/PointCloud2", topic, QosPresets.default, sink.callback);
        const publisher = node().createPublisher("sensor_msgs/msg/PointCloud2", topic);
        await matched(publisher, 1);
        const backing = new Uint8Array(100).map((_, i) => 3 * i + 1);
        publisher.publish(pointCloudFixture(backing.subarray(13, 61)));
        await eventually("the cloud", () => sink.received.length === 1);
        const got = sink.received[0]!;
        assert.ok(got.data instanceof Uint8Array, "data must arrive as Uint8Array");
        assert.deepEqual(Array.from(got.data), Array.from(backing.subarray(13, 61)));
        assert.deepEqual(
          { h: got.height, w: got.width, step: got.point_step, row: got.row_step, dense: got.is_dense, big: got.is_bigendian },
          { h: 2, w: 2, step: 12, row: 24, dense: false, big: false },
        );
        assert.deepEqual(
          got.fields.map((f) => [f.name, f.offset, f.datatype, f.count]),
          [
            ["x", 0, 7, 1],
            ["y", 4, 7, 1],
            ["z", 8, 7, 1],
          ],
        );
      });

      it("delivers a Detection2DArray field for field", async () => {
        const topic = uniqueName("detections");
        const sink = collector<Detection2DArray>();
        node().createSubscription("vision_msgs/msg/Detection2DArray", topic, QosPresets.default, sink.callback);
        const publisher = node().createPublisher("vision_msgs/msg/Detection2DArray", topic);
        await matched(publisher, 1);
        publisher.publish(detectionsFixture());
        await eventually("the detections", () => sink.received.length === 1);
        const detection = sink.received[0]!.detections[0]!;
        assert.equal(detection.id, "track-1");
        assert.deepEqual(detection.bbox, { center: { position: { x: 320.5, y: 240.25 }, theta: 0 }, size_x: 50, size_y: 80 });
        assert.deepEqual(detection.results[0]!.hypothesis, { class_id: "person", score: 0.875 });
        assert.equal(Array.from(detection.results[0]!.pose.covariance).length, 36);
      });

      it("keeps only the last `depth` messages of a transient_local publisher for a late joiner", async () => {
        const topic = uniqueName("latched");
        const publisher = node().createPublisher("std_msgs/msg/String", topic, {
          reliability: "reliable",
          durability: "transient_local",
          depth: 3,
        });
        for (const data of ["m1", "m2", "m3", "m4", "m5"]) publisher.publish({ data });
        const sink = collector<{ data: string }>();
        node().createSubscription("std_msgs/msg/String", topic, { ...QosPresets.latched, depth: 10 }, sink.callback);
        await eventually("the replayed history", () => sink.received.length >= 3);
        await sleep(factory.quietMs);
        assert.deepEqual(
          sink.received.map((m) => m.data),
          ["m3", "m4", "m5"],
        );
      });

      it("gives a late volatile subscription only new messages", async () => {
        const topic = uniqueName("latched_volatile");
        const publisher = node().createPublisher("std_msgs/msg/String", topic, QosPresets.latched);
        publisher.publish({ data: "old" });
        const sink = collector<{ data: string }>();
        node().createSubscription("std_msgs/msg/String", topic, reliableVolatile, sink.callback);
        await matched(publisher, 1);
        publisher.publish({ data: "new" });
        await eventually("the new message", () => sink.received.length >= 1);
        await sleep(factory.quietMs);
        assert.deepEqual(
          sink.received.map((m) => m.data),
          ["new"],
        );
      });

      const incompatible: readonly { case: string; offered: QosProfile; requested: QosProfile }[] = [
        { case: "best_effort publisher, reliable subscription", offered: bestEffort, requested: reliableVolatile },
        { case: "volatile publisher, transient_local subscription", offered: reliableVolatile, requested: QosPresets.latched },
      ];
      for (const { case: name, offered, requested } of incompatible) {
        it(`does not connect an incompatible QoS pair (${name})`, async () => {
          const topic = uniqueName("incompatible");
          const sink = collector<{ data: string }>();
          node().createSubscription("std_msgs/msg/String", topic, requested, sink.callback);
          const publisher = node().createPublisher("std_msgs/msg/String", topic, offered);
          await sleep(factory.quietMs);
          publisher.publish({ data: "lost" });
          await sleep(factory.quietMs);
          assert.equal(publisher.subscriptionCount(), 0);
          assert.deepEqual(sink.received, []);
        });
      }

      it("counts compatible matched subscriptions only", async () => {
        const topic = uniqueName("count");
        const publisher = node().createPublisher("std_msgs/msg/String", topic, reliableVolatile);
        assert.equal(publisher.subscriptionCount(), 0);
        const subscriber = node();
        subscriber.createSubscription("std_msgs/msg/String", topic, reliableVolatile, () => {});
        subscriber.createSubscription("std_msgs/msg/String", topic, bestEffort, () => {});
        subscriber.createSubscription("std_msgs/msg/String", topic, QosPresets.latched, () => {});
        await matched(publisher, 2);
        await sleep(factory.quietMs);
        assert.equal(publisher.subscriptionCount(), 2);
      });
    });

    describe("services", () => {
      it("answers a call from a synchronous handler", async () => {
        const name = uniqueName("set_enabled");
        let enabled = false;
        node().createService("std_srvs/srv/SetBool", name, (request) => {
          enabled = request.data;
          return { success: true, message: `enabled=${request.data}` };
        });
        const client = node().createClient("std_srvs/srv/SetBool", name);
        assert.equal(await client.waitForService(2000), true);
        const response = await client.call({ data: true }, { timeoutMs: 2000 });
        assert.deepEqual(response, { success: true, message: "enabled=true" });
        assert.equal(enabled, true);
      });

      it("answers a call from an async handler", async () => {
        const name = uniqueName("trigger_async");
        node().createService("std_srvs/srv/Trigger", name, async () => {
          await sleep(20);
          return { success: true, message: "done later" };
        });
        const client = node().createClient("std_srvs/srv/Trigger", name);
        assert.equal(await client.waitForService(2000), true);
        assert.deepEqual(await client.call({}, { timeoutMs: 2000 }), { success: true, message: "done later" });
      });

      it("rejects the call, naming the service, when the handler throws", async () => {
        const name = uniqueName("trigger_throws");
        node().createService("std_srvs/srv/Trigger", name, () => {
          throw new Error("camera not ready");
        });
        const client = node().createClient("std_srvs/srv/Trigger", name);
        assert.equal(await client.waitForService(2000), true);
        await assert.rejects(client.call({}, { timeoutMs: 500 }), (error: Error) => {
          assert.ok(error.message.includes(name), `error should name ${name}: ${error.message}`);
          return true;
        });
      });

      it("rejects after timeoutMs when the handler does not answer", async () => {
        const name = uniqueName("trigger_slow");
        node().createService("std_srvs/srv/Trigger", name, () => new Promise(() => {}));
        const client = node().createClient("std_srvs/srv/Trigger", name);
        assert.equal(await client.waitForService(2000), true);
        const started = Date.now();
        await assert.rejects(client.call({}, { timeoutMs: 100 }), (error: Error) => {
          assert.match(error.message, /did not respond within 100 ms/);
          assert.ok(error.message.includes(name));
          return true;
        });
        assert.ok(Date.now() - started < 1000, "the timeout must fire promptly");
      });

      it("rejects with an AbortError when the signal aborts", async () => {
        const name = uniqueName("trigger_abort");
        node().createService("std_srvs/srv/Trigger", name, () => new Promise(() => {}));
        const client = node().createClient("std_srvs/srv/Trigger", name);
        assert.equal(await client.waitForService(2000), true);
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 30);
        await assert.rejects(client.call({}, { signal: controller.signal }), { name: "AbortError" });
      });

      it("waitForService resolves false when no server appears in time", async () => {
        const client = node().createClient("std_srvs/srv/Trigger", uniqueName("nobody"));
        assert.equal(await client.waitForService(50), false);
      });
    });

    describe("timers", () => {
      it("fires periodically until cancelled", async () => {
        let ticks = 0;
        const timer = node().createTimer(10, () => void ticks++);
        await eventually("three ticks", () => ticks >= 3);
        timer.cancel();
        const atCancel = ticks;
        await sleep(50);
        assert.equal(ticks, atCancel);
      });
    });

    describe("parameters", () => {
      const threshold = {
        name: "score_threshold",
        type: "double",
        description: "minimum detection score",
        default: 0.5,
        range: { from: 0, to: 1 },
      } as const;

      it("declares with the default, or with an override", () => {
        assert.equal(node().declareParameter(threshold), 0.5);
        const overridden = node({ parameterOverrides: { score_threshold: 0.75 } });
        assert.equal(overridden.declareParameter(threshold), 0.75);
        assert.equal(overridden.getParameter("score_threshold"), 0.75);
      });

      it("throws at declaration for a bad override, naming the parameter", () => {
        const n = node({ parameterOverrides: { score_threshold: "high" } });
        assert.throws(() => n.declareParameter(threshold), /score_threshold/);
      });

      it("rejects a batch a validator refuses and keeps the old values", () => {
        const n = node();
        n.declareParameter(threshold);
        n.declareParameter({ name: "max_detections", type: "integer", description: "cap", default: 10 });
        n.addParameterValidator((changes) =>
          changes.some((c) => c.name === "max_detections" && c.value === 13)
            ? { successful: false, reason: "max_detections: 13 is unlucky, choose another" }
            : { successful: true },
        );
        const result = n.setParameters([
          { name: "score_threshold", value: 0.9 },
          { name: "max_detections", value: 13 },
        ]);
        assert.deepEqual(result, { successful: false, reason: "max_detections: 13 is unlucky, choose another" });
        assert.equal(n.getParameter("score_threshold"), 0.5);
        assert.equal(n.getParameter("max_detections"), 10);
      });

      const rejected: readonly { case: string; value: unknown; reason: RegExp }[] = [
        { case: "out of range", value: 1.5, reason: /score_threshold.*outside the range \[0, 1\]/ },
        { case: "wrong type", value: "high", reason: /score_threshold.*expected a finite number/ },
      ];
      for (const { case: name, value, reason } of rejected) {
        it(`rejects a value ${name} with a reason naming the parameter`, () => {
          const n = node();
          n.declareParameter(threshold);
          const result = n.setParameters([{ name: "score_threshold", value: value as number }]);
          assert.equal(result.successful, false);
          assert.match(result.successful ? "" : result.reason, reason);
          assert.equal(n.getParameter("score_threshold"), 0.5);
        });
      }

      it("rejects a non-integral value for an integer parameter", () => {
        const n = node();
        n.declareParameter({
          name: "max_detections",
          type: "integer",
          description: "cap",
          default: 10,
          range: { from: 1, to: 100, step: 1 },
        });
        const result = n.setParameters([{ name: "max_detections", value: 2.5 }]);
        assert.equal(result.successful, false);
        assert.match(result.successful ? "" : result.reason, /max_detections.*expected an integer/);
        assert.equal(n.getParameter("max_detections"), 10);
      });

      it("refuses to change a read-only parameter", () => {
        const n = node();
        n.declareParameter({ name: "model", type: "string", description: "HEF file", default: "yolov8n.hef", readOnly: true });
        const result = n.setParameters([{ name: "model", value: "other.hef" }]);
        assert.equal(result.successful, false);
        assert.match(result.successful ? "" : result.reason, /model.*read-only/);
        assert.equal(n.getParameter("model"), "yolov8n.hef");
      });

      it("tells listeners about an accepted batch, after it is applied", () => {
        const n = node();
        n.declareParameter(threshold);
        const seen: unknown[] = [];
        n.onParametersChanged((changes) => seen.push({ changes, current: n.getParameter("score_threshold") }));
        assert.deepEqual(n.setParameters([{ name: "score_threshold", value: 0.25 }]), { successful: true });
        assert.deepEqual(seen, [{ changes: [{ name: "score_threshold", value: 0.25 }], current: 0.25 }]);
      });
    });

    describe("actions", () => {
      const FIB = "example_interfaces/action/Fibonacci" as const;
      type Fib = typeof FIB;
      const fibonacci = (order: number): number[] => {
        const s = [0, 1];
        while (s.length < order + 1) s.push(s[s.length - 1]! + s[s.length - 2]!);
        return s.slice(0, Math.max(order + 1, 1));
      };
      /** Sends feedback every few ms until done or stopped; a stopped goal ends as canceled. */
      const stepping =
        (stepMs: number): ActionHandler<Fib> =>
        async (goal) => {
          const sequence: number[] = [];
          for (const n of fibonacci(goal.goal.order)) {
            if (goal.signal.aborted) return goal.canceled({ sequence });
            sequence.push(n);
            goal.publishFeedback({ sequence: [...sequence] });
            await sleep(stepMs);
          }
          return { sequence };
        };
      /** Waits until the client sees the server (discovery on real ROS 2). */
      const ready = async (client: ActionClient<Fib>) => assert.equal(await client.waitForServer(5000), true);

      it("runs a goal to success, with feedback to the callback and the Observable", async () => {
        const name = uniqueName("fibonacci");
        node().createActionServer(FIB, name, stepping(5));
        const client = node().createActionClient(FIB, name);
        await ready(client);
        const viaCallback: number[][] = [];
        const goal = await client.sendGoal({ order: 5 }, { onFeedback: (f) => viaCallback.push(Array.from(f.sequence)) });
        const viaObservable: number[][] = [];
        goal.feedback$.subscribe((f) => viaObservable.push(Array.from(f.sequence)));
        const { status, result } = await goal.result;
        assert.equal(status, "succeeded");
        assert.deepEqual(Array.from(result.sequence), [0, 1, 1, 2, 3, 5]);
        assert.equal(goal.status(), "succeeded");
        assert.match(goal.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        assert.ok(viaCallback.length >= 1, "feedback reached the callback");
        assert.deepEqual(viaCallback.at(-1), [0, 1, 1, 2, 3, 5].slice(0, viaCallback.at(-1)!.length));
        assert.ok(viaObservable.every((f) => viaCallback.some((c) => c.length === f.length)));
      });

      it("rejects a goal the goal callback refuses, naming the action", async () => {
        const name = uniqueName("fibonacci_picky");
        node().createActionServer(FIB, name, stepping(1), { onGoal: (goal) => goal.order <= 10 });
        const client = node().createActionClient(FIB, name);
        await ready(client);
        await assert.rejects(client.sendGoal({ order: 50 }, { timeoutMs: 3000 }), (error: Error) => {
          assert.ok(error.message.includes(`action "${name}" rejected the goal`), error.message);
          return true;
        });
        assert.equal((await (await client.sendGoal({ order: 3 })).result).status, "succeeded");
      });

      it("rejects a goal when no server is there, naming the action", async () => {
        const name = uniqueName("fibonacci_nobody");
        const client = node().createActionClient(FIB, name);
        assert.equal(await client.waitForServer(50), false);
        await assert.rejects(client.sendGoal({ order: 3 }, { timeoutMs: 200 }), (error: Error) => {
          assert.ok(error.message.includes(`action "${name}" is not available`), error.message);
          return true;
        });
      });

      it("cancels a running goal: the handler sees the signal and ends as canceled", async () => {
        const name = uniqueName("fibonacci_cancel");
        const reasons: unknown[] = [];
        node().createActionServer(FIB, name, async (goal) => {
          await new Promise<void>((resolve) => goal.signal.addEventListener("abort", () => resolve(), { once: true }));
          reasons.push(goal.stopReason, goal.signal.reason);
          return goal.canceled({ sequence: [0] });
        });
        const client = node().createActionClient(FIB, name);
        await ready(client);
        const goal = await client.sendGoal({ order: 40 });
        await eventually("executing", () => goal.status() === "executing" || factory.name === "local");
        assert.equal(await goal.cancel(), true);
        const { status, result } = await goal.result;
        assert.deepEqual({ status, sequence: Array.from(result.sequence) }, { status: "canceled", sequence: [0] });
        assert.deepEqual(reasons, ["cancel", "cancel"]);
        assert.equal(await goal.cancel(), false, "a finished goal cannot be canceled");
      });

      it("keeps running a goal whose cancel request the cancel callback rejects", async () => {
        const name = uniqueName("fibonacci_no_cancel");
        node().createActionServer(FIB, name, stepping(20), { onCancel: () => false });
        const client = node().createActionClient(FIB, name);
        await ready(client);
        const goal = await client.sendGoal({ order: 4 });
        assert.equal(await goal.cancel(), false);
        assert.equal((await goal.result).status, "succeeded");
      });

      const endings: readonly { case: string; handler: ActionHandler<Fib>; status: string; sequence: number[] }[] = [
        {
          case: "a handler that throws is aborted with a default result",
          handler: () => {
            throw new Error("camera unplugged");
          },
          status: "aborted",
          sequence: [],
        },
        {
          case: "aborted() ends as aborted with its result",
          handler: (goal) => goal.aborted({ sequence: [7] }),
          status: "aborted",
          sequence: [7],
        },
        {
          case: "canceled() without a cancel request ends as aborted",
          handler: (goal) => goal.canceled({ sequence: [8] }),
          status: "aborted",
          sequence: [8],
        },
      ];
      for (const { case: what, handler, status, sequence } of endings) {
        it(what, async () => {
          const name = uniqueName("fibonacci_end");
          node().createActionServer(FIB, name, handler);
          const client = node().createActionClient(FIB, name);
          await ready(client);
          const ended = await (await client.sendGoal({ order: 2 })).result;
          assert.deepEqual({ status: ended.status, sequence: Array.from(ended.result.sequence) }, { status, sequence });
        });
      }

      it("single goal: a new goal preempts (aborts) the running one", async () => {
        const name = uniqueName("fibonacci_single");
        node().createActionServer(FIB, name, stepping(10), { singleGoal: true });
        const client = node().createActionClient(FIB, name);
        await ready(client);
        const first = await client.sendGoal({ order: 40 });
        await sleep(30);
        const second = await client.sendGoal({ order: 3 });
        const [a, b] = await Promise.all([first.result, second.result]);
        assert.equal(a.status, "aborted");
        assert.ok(a.result.sequence.length < 41, "the first goal stopped early");
        assert.deepEqual({ status: b.status, sequence: Array.from(b.result.sequence) }, { status: "succeeded", sequence: [0, 1, 1, 2] });
      });
    });

    describe("lifecycle", () => {
      let managed: LifecycleNode[] = [];
      const lifecycleNode = (callbacks: LifecycleCallbacks, options?: LifecycleNodeOptions): LifecycleNode => {
        nodeCount += 1;
        if (runtime === undefined) throw new Error(`the ${factory.name} runtime did not start`);
        const created = runtime.createLifecycleNode(`lifecycle_${process.pid}_${nodeCount}`, callbacks, options);
        managed.push(created);
        return created;
      };
      afterEach(() => {
        for (const n of managed) n.destroy();
        managed = [];
      });
      /** ChangeState through the node's own service, as `ros2 service call` or a lifecycle manager does. */
      const changeState = async (target: LifecycleNode, label: string) => {
        const client = node().createClient("lifecycle_msgs/srv/ChangeState", `${target.fullyQualifiedName}/change_state`);
        assert.equal(await client.waitForService(5000), true);
        return client.call({ transition: { id: 0, label } }, { timeoutMs: 5000 });
      };
      const getState = async (target: LifecycleNode) => {
        const client = node().createClient("lifecycle_msgs/srv/GetState", `${target.fullyQualifiedName}/get_state`);
        assert.equal(await client.waitForService(5000), true);
        return (await client.call({}, { timeoutMs: 5000 })).current_state;
      };

      const paths: readonly { case: string; callbacks: LifecycleCallbacks; steps: [LifecycleTransition, string, string][] }[] = [
        {
          case: "through every primary state",
          callbacks: {},
          steps: [
            ["configure", "success", "inactive"],
            ["activate", "success", "active"],
            ["deactivate", "success", "inactive"],
            ["cleanup", "success", "unconfigured"],
            ["shutdown", "success", "finalized"],
          ],
        },
        {
          case: "a failing configure stays unconfigured",
          callbacks: { onConfigure: () => "failure" },
          steps: [["configure", "failure", "unconfigured"]],
        },
        {
          case: "a failing activate stays inactive",
          callbacks: { onActivate: async () => "failure" as const },
          steps: [
            ["configure", "success", "inactive"],
            ["activate", "failure", "inactive"],
          ],
        },
        {
          case: "a throwing configure goes through error processing back to unconfigured",
          callbacks: {
            onConfigure: () => {
              throw new Error("no model file");
            },
          },
          steps: [["configure", "error", "unconfigured"]],
        },
        {
          case: "an error that error processing cannot handle finalizes the node",
          callbacks: { onConfigure: () => "error", onError: () => "failure" },
          steps: [["configure", "error", "finalized"]],
        },
      ];
      for (const { case: what, callbacks, steps } of paths) {
        it(`transitions: ${what}`, async () => {
          const n = lifecycleNode(callbacks);
          assert.equal(n.state, "unconfigured");
          for (const [transition, result, state] of steps) {
            assert.deepEqual(await n.trigger(transition), { transition, result, state });
            assert.equal(n.state, state);
          }
        });
      }

      it("rejects a transition not available from the current state, naming node and transition", async () => {
        const n = lifecycleNode({});
        await assert.rejects(n.activate(), (error: Error) => {
          assert.ok(error.message.includes(n.fullyQualifiedName), error.message);
          assert.match(error.message, /cannot activate from unconfigured \(available: configure, shutdown\)/);
          return true;
        });
        assert.deepEqual(await changeState(n, "activate"), { success: false });
        assert.equal(n.state, "unconfigured");
      });

      it("an async configure: get_state answers configuring meanwhile, change_state answers when it settled", async () => {
        let finish: () => void = () => {};
        const loading = new Promise<void>((resolve) => (finish = resolve));
        const n = lifecycleNode({ onConfigure: () => loading });
        const answer = changeState(n, "configure");
        await eventually("configuring", () => n.state === "configuring", 5000);
        assert.deepEqual(await getState(n), { id: 10, label: "configuring" });
        await assert.rejects(n.activate(), /cannot activate while configuring/);
        finish();
        assert.deepEqual(await answer, { success: true });
        assert.deepEqual(await getState(n), { id: 2, label: "inactive" });
      });

      it("lists the transitions available from the current state", async () => {
        const n = lifecycleNode({});
        await n.configure();
        const client = node().createClient(
          "lifecycle_msgs/srv/GetAvailableTransitions",
          `${n.fullyQualifiedName}/get_available_transitions`,
        );
        assert.equal(await client.waitForService(5000), true);
        const { available_transitions } = await client.call({}, { timeoutMs: 5000 });
        assert.deepEqual(
          available_transitions.map((t) => [t.transition.id, t.transition.label, t.start_state.label, t.goal_state.label]),
          [
            [2, "cleanup", "inactive", "cleaningup"],
            [3, "activate", "inactive", "activating"],
            [6, "shutdown", "inactive", "shuttingdown"],
          ],
        );
      });

      it("publishes every state change on ~/transition_event", async () => {
        const n = lifecycleNode({});
        const events = collector<TransitionEvent>();
        node().createSubscription(
          "lifecycle_msgs/msg/TransitionEvent",
          `${n.fullyQualifiedName}/transition_event`,
          QosPresets.default,
          events.callback,
        );
        await eventually("the subscription matched", () => true);
        await sleep(factory.quietMs);
        await n.configure();
        await eventually("two events", () => events.received.length >= 2, 5000);
        assert.deepEqual(
          events.received.map((e) => [e.transition.label, e.start_state.label, e.goal_state.label]),
          [
            ["configure", "unconfigured", "configuring"],
            ["transition_success", "configuring", "inactive"],
          ],
        );
        assert.ok(BigInt(events.received[0]!.timestamp) > 0n);
      });

      it("autostart configures and activates", async () => {
        const calls: string[] = [];
        const n = lifecycleNode(
          { onConfigure: async (from) => void calls.push(`configure from ${from}`), onActivate: () => void calls.push("activate") },
          { autostart: true },
        );
        assert.deepEqual(calls, [], "nothing runs inside createLifecycleNode");
        assert.equal(await n.whenStarted(), "active");
        assert.deepEqual(calls, ["configure from unconfigured", "activate"]);
      });

      it("a lifecycle publisher publishes only while the node is active", async () => {
        const topic = uniqueName("lifecycle_chatter");
        const n = lifecycleNode({});
        const publisher = n.createLifecyclePublisher("std_msgs/msg/String", topic, QosPresets.default);
        const sink = collector<{ data: string }>();
        node().createSubscription("std_msgs/msg/String", topic, QosPresets.default, sink.callback);
        await matched(publisher, 1);
        publisher.publish({ data: "unconfigured" });
        await n.configure();
        publisher.publish({ data: "inactive" });
        await n.activate();
        publisher.publish({ data: "active" });
        await eventually("the active message", () => sink.received.length >= 1);
        await n.deactivate();
        publisher.publish({ data: "deactivated" });
        await sleep(factory.quietMs);
        assert.deepEqual(
          sink.received.map((m) => m.data),
          ["active"],
        );
      });
    });

    describe("clock", () => {
      it("now() is close to the wall clock", () => {
        const t = node().now();
        assert.ok(Math.abs(t.sec * 1000 + t.nanosec / 1e6 - Date.now()) < 1000);
        assert.ok(Number.isInteger(t.nanosec) && t.nanosec >= 0 && t.nanosec < 1e9);
      });
    });
  });
}
