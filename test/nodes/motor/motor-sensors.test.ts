/**
 * The sensors beside the motors, in the motor node on the local runtime and virtual time: the
 * dry run's simulated wheels feeding the encoder inputs → odom, /tf and joint_states; a range
 * sensor the test sets → range/front and the obstacle lock that writes the stop at once; bumpers.
 */
import assert from "node:assert/strict";
import { VirtualTimeScheduler } from "rxjs";
import { DryRunGpio } from "../../../src/adapters/gpio/dry-run-gpio.ts";
import { SimulatedWheels } from "../../../src/adapters/sensors/simulated-wheels.ts";
import type { RangeOutcome } from "../../../src/core/sensors/range-reading.ts";
import type { DiagnosticArray } from "../../../src/messages/diagnostic_msgs.ts";
import type { Odometry } from "../../../src/messages/nav_msgs.ts";
import type { JointState, Range } from "../../../src/messages/sensor_msgs.ts";
import type { TFMessage } from "../../../src/messages/tf2_msgs.ts";
import { MotorNode } from "../../../src/nodes/motor/motor-node.ts";
import type { MotorNodeIo } from "../../../src/nodes/motor/motor-node-io.ts";
import type { RangeSensor, RangeSensorRequest } from "../../../src/ports/range-sensor.ts";
import { QosPresets, type ParameterValue } from "../../../src/ports/ros.ts";
import { recordingRuntime } from "../../adapters/local/fixtures.ts";

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** A range sensor whose next readings the test sets. */
class SetRange implements RangeSensor {
  readonly description = "test range";
  metres = 2;
  reads = 0;
  constructor(readonly name: string) {}
  read(): Promise<RangeOutcome> {
    this.reads += 1;
    return Promise.resolve({ kind: "distance", metres: this.metres });
  }
  close(): void {}
}

async function harness(overrides: Record<string, ParameterValue> = {}) {
  const scheduler = new VirtualTimeScheduler();
  const { runtime, logs } = recordingRuntime({ scheduler, deliveryScheduler: scheduler });
  const gpio = new DryRunGpio();
  const front = new SetRange("front");
  const requests: RangeSensorRequest[] = [];
  const io: MotorNodeIo = {
    createGpio: () => Promise.resolve(gpio),
    createRangeSensors: (request) => {
      requests.push(request);
      return Promise.resolve(request.sensors.map((s) => (s.name === "front" ? front : new SetRange(s.name))));
    },
    createWheelSimulation: (port, encoders) => (port instanceof DryRunGpio ? new SimulatedWheels(port, encoders) : undefined),
  };
  const motor = await MotorNode.create(runtime, io, {
    parameterOverrides: { dry_run: true, max_linear_acceleration: 0, max_angular_acceleration: 0, ...overrides },
  });
  const peer = runtime.createNode("peer");
  const odom: Odometry[] = [];
  const tf: TFMessage[] = [];
  const joints: JointState[] = [];
  const ranges: Range[] = [];
  const bumper: boolean[] = [];
  const diagnostics: DiagnosticArray[] = [];
  peer.createSubscription("nav_msgs/msg/Odometry", "/odom", QosPresets.default, (m) => void odom.push(m));
  peer.createSubscription("tf2_msgs/msg/TFMessage", "/tf", QosPresets.default, (m) => void tf.push(m));
  peer.createSubscription("sensor_msgs/msg/JointState", "/joint_states", QosPresets.default, (m) => void joints.push(m));
  peer.createSubscription("sensor_msgs/msg/Range", "/range/front", QosPresets.sensor_data, (m) => void ranges.push(m));
  peer.createSubscription("std_msgs/msg/Bool", "/bumper", QosPresets.latched, (m) => void bumper.push(m.data));
  peer.createSubscription("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", QosPresets.default, (m) => void diagnostics.push(m));
  const cmd = peer.createPublisher("geometry_msgs/msg/TwistStamped", "/cmd_vel");
  const send = (x: number, z = 0) =>
    cmd.publish({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: "" },
      twist: { linear: { x, y: 0, z: 0 }, angular: { x: 0, y: 0, z } },
    });
  /** Virtual time in 10 ms steps; range reads resolve (and what they publish is delivered) between steps. */
  let cursor = 0;
  const advanceTo = async (ms: number) => {
    do {
      cursor = Math.min(ms, cursor + 10);
      scheduler.maxFrames = cursor;
      scheduler.flush();
      await settle();
      scheduler.flush();
    } while (cursor < ms);
  };
  /** Sends `x, z` every 100 ms from now until `untilMs`. */
  const driveUntil = async (untilMs: number, x: number, z = 0) => {
    for (let t = cursor; t < untilMs; t += 100) {
      send(x, z);
      await advanceTo(Math.min(untilMs, t + 100));
    }
  };
  /** motors/blocked as a subscriber that joins now sees it (latched). */
  const blockedNow = async () => {
    const seen: string[] = [];
    const late = runtime.createNode(`late${cursor}`);
    late.createSubscription("std_msgs/msg/String", "/motors/blocked", QosPresets.latched, (m) => void seen.push(m.data));
    await advanceTo(cursor);
    late.destroy();
    return seen.at(-1);
  };
  return {
    now: () => cursor,
    runtime,
    logs,
    gpio,
    front,
    requests,
    motor,
    odom,
    tf,
    joints,
    ranges,
    bumper,
    diagnostics,
    send,
    advanceTo,
    driveUntil,
    blockedNow,
    scheduler,
  };
}

describe("nodes/motor/MotorSensors (in the motor node, virtual time)", () => {
  it("asks for the range sensors by name and device, and names the simulated parts in its log", async () => {
    const h = await harness({ range_sensors: ["front", "left"], range_devices: ["iio:device3"], obstacle_sensors: ["front"] });
    assert.deepEqual(h.requests, [
      {
        dryRun: true,
        sensors: [
          { name: "front", device: "iio:device3" },
          { name: "left", device: "hcsr04" },
        ],
        simulatedScript: "2",
      },
    ]);
    assert.ok(h.logs.some((l) => /quadrature encoders, 1440 counts\/rev \(simulated wheels/.test(l.message)));
    await h.motor.destroy();
  });

  it("integrates odom from the simulated encoders: 2 s at 0.2 m/s, then a quarter turn in place", async () => {
    const h = await harness({ range_sensors: [] });
    await h.driveUntil(2000, 0.2);
    await h.driveUntil(2000 + (Math.PI / 2 / 1.0) * 1000, 0, 1.0);
    h.send(0, 0);
    await h.advanceTo(h.now() + 600);
    const last = h.odom.at(-1)!;
    assert.equal(last.header.frame_id, "odom");
    assert.equal(last.child_frame_id, "base_link");
    // The commanded wheels run for whole control periods; a period is 0.2 m/s × 20 ms = 4 mm.
    assert.ok(Math.abs(last.pose.pose.position.x - 0.4) < 0.01, `x ${last.pose.pose.position.x}`);
    assert.ok(Math.abs(last.pose.pose.position.y) < 0.01, `y ${last.pose.pose.position.y}`);
    const yaw = 2 * Math.atan2(last.pose.pose.orientation.z, last.pose.pose.orientation.w);
    assert.ok(Math.abs(yaw - Math.PI / 2) < 0.05, `yaw ${yaw}`);
    assert.equal(last.pose.covariance[0], 0.001);
    assert.equal(last.pose.covariance[35], 0.01);
    assert.equal(last.pose.covariance.length, 36);
    const moving = h.odom.find((m) => m.twist.twist.linear.x > 0.19);
    assert.ok(moving !== undefined, "the rolling-mean twist reaches the commanded 0.2 m/s");
    const transform = h.tf.at(-1)!.transforms[0]!;
    assert.deepEqual([transform.header.frame_id, transform.child_frame_id], ["odom", "base_link"]);
    assert.equal(transform.transform.translation.x, last.pose.pose.position.x);
    const joints = h.joints.at(-1)!;
    assert.deepEqual(joints.name, ["left_wheel_joint", "right_wheel_joint"]);
    // 0.4 m on 0.035 m wheels, then the spin: left back, right on.
    const spin = ((Math.PI / 2) * 0.1) / 0.035;
    assert.ok(Math.abs(Number(joints.position[0]) - (0.4 / 0.035 - spin)) < 0.5, `left ${joints.position[0]}`);
    assert.ok(Math.abs(Number(joints.position[1]) - (0.4 / 0.035 + spin)) < 0.5, `right ${joints.position[1]}`);
    await h.motor.destroy();
  });

  it("leaves /tf to another node with enable_odom_tf false (live)", async () => {
    const h = await harness({ range_sensors: [] });
    await h.advanceTo(100);
    assert.ok(h.tf.length > 0);
    assert.deepEqual(h.motor.node.setParameters([{ name: "enable_odom_tf", value: false }]), { successful: true });
    const count = h.tf.length;
    await h.advanceTo(300);
    assert.equal(h.tf.length, count);
    assert.ok(h.odom.length > 10);
    await h.motor.destroy();
  });

  it("publishes range/front at range_rate as ULTRASOUND with its field of view and limits", async () => {
    const h = await harness();
    await h.advanceTo(1000);
    assert.equal(h.ranges.length, 10);
    assert.deepEqual(
      { ...h.ranges.at(-1)!, header: undefined },
      { header: undefined, radiation_type: 0, field_of_view: 0.26, min_range: 0.02, max_range: 4, range: 2, variance: 0 },
    );
    assert.equal(h.ranges.at(-1)!.header.frame_id, "range_front");
    h.front.metres = 0.01;
    await h.advanceTo(1100);
    assert.equal(h.ranges.at(-1)!.range, -Infinity, "closer than min_range: −Inf (REP 117)");
    await h.motor.destroy();
  });

  it("a range below obstacle_distance writes the stop at once (no cmd_vel needed); reverse and turning stay allowed; release needs the hysteresis", async () => {
    const h = await harness({ stop_mode: "coast" });
    h.send(0.3);
    await h.advanceTo(30);
    assert.ok(h.motor.state.leftDuty > 0);
    assert.equal(await h.blockedNow(), "");
    h.front.metres = 0.18;
    const mark = h.gpio.writes.length;
    // The next range sample is at 100 ms; no cmd_vel in between.
    await h.advanceTo(100);
    assert.equal(h.motor.state.leftDuty, 0);
    assert.equal(h.motor.state.rightDuty, 0);
    assert.ok(
      h.gpio.writes.slice(mark).some((w) => w.pin === 12 && w.kind === "duty" && w.value === 0),
      "duty 0 written on the left PWM",
    );
    assert.equal(h.motor.state.forwardBlocked, true);
    assert.equal(await h.blockedNow(), "obstacle at 0.18 m on range/front (stop below 0.25 m)");
    assert.ok(h.logs.some((l) => l.level === "warn" && /forward motion blocked: obstacle at 0\.18 m/.test(l.message)));
    // Forward stays refused, reverse is allowed, a forward arc becomes a turn in place.
    h.send(0.3);
    await h.advanceTo(140);
    assert.equal(h.motor.state.leftDuty, 0);
    h.send(-0.2);
    await h.advanceTo(160);
    assert.ok(h.motor.state.leftDuty < 0 && h.motor.state.rightDuty < 0, "reverse");
    h.send(0.3, 2);
    await h.advanceTo(180);
    assert.ok(h.motor.state.leftDuty < 0 && h.motor.state.rightDuty > 0, "turning in place");
    assert.equal(h.motor.state.linear, 0);
    // Hysteresis: 0.28 m (inside 0.25 + 0.05) keeps it, 0.31 m releases.
    h.front.metres = 0.28;
    await h.advanceTo(300);
    assert.equal(h.motor.state.forwardBlocked, true);
    h.front.metres = 0.31;
    await h.advanceTo(400);
    assert.equal(h.motor.state.forwardBlocked, false);
    assert.equal(await h.blockedNow(), "");
    h.send(0.3);
    await h.advanceTo(420);
    assert.ok(h.motor.state.leftDuty > 0, "forward again once released");
    await h.advanceTo(1000);
    const status = h.diagnostics.at(-1)!.status;
    assert.equal(status[1]?.name, "motor: sensors");
    const value = (key: string) => status.flatMap((s) => s.values).find((v) => v.key === key)?.value;
    assert.equal(value("obstacle_stops"), "1");
    assert.equal(value("block_changes"), "2");
    assert.ok(Number(value("left_encoder_edges")) > 0);
    assert.equal(value("left_encoder_missed_ticks"), "0");
    assert.equal(value("range_front_m"), "0.310");
    await h.motor.destroy();
  });

  it("a bumper press stops forward motion in its own callback, debounced, and is published on bumper", async () => {
    const h = await harness({ bumper_pins: [19], range_sensors: [] });
    await h.advanceTo(10);
    assert.deepEqual(h.bumper, [false]);
    h.send(0.3);
    await h.advanceTo(30);
    assert.ok(h.motor.state.leftDuty > 0);
    h.gpio.setInput(19, 0);
    assert.equal(h.motor.state.leftDuty, 0, "synchronously, in the edge callback");
    assert.equal(h.motor.state.blockReason, "bumper GPIO19 pressed");
    // Bounces within bumper_debounce (20 ms) are ignored.
    h.gpio.setInput(19, 1);
    h.gpio.setInput(19, 0);
    h.gpio.setInput(19, 1);
    assert.equal(h.motor.state.forwardBlocked, true);
    h.send(0.3);
    await h.advanceTo(h.now() + 5);
    assert.equal(h.motor.state.leftDuty, 0, "still blocked inside the lock-out");
    // The re-read at the end of the lock-out finds it released.
    await h.advanceTo(h.now() + 30);
    assert.equal(h.motor.state.forwardBlocked, false);
    assert.equal(await h.blockedNow(), "");
    assert.deepEqual(h.bumper, [false, true, false]);
    await h.motor.destroy();
  });

  it("cannot start without range sensor I/O when sensors are asked for, or with an obstacle sensor that is not a range sensor", async () => {
    const { runtime } = recordingRuntime({ scheduler: new VirtualTimeScheduler() });
    await assert.rejects(
      MotorNode.create(runtime, { createGpio: () => Promise.resolve(new DryRunGpio()) }, { parameterOverrides: { dry_run: true } }),
      /no range sensor I\/O; set range_sensors:=\[\]/,
    );
    const bad: Array<[Record<string, ParameterValue>, RegExp]> = [
      [{ obstacle_sensors: ["rear"] }, /'obstacle_sensors': 'rear' is not one of range_sensors \(front\)/],
      [{ range_devices: ["a", "b"] }, /'range_devices' lists 2 devices for 1 range_sensors/],
      [{ bumper_pins: [23] }, /'left_in1' and 'bumper_pins\[0\]' both use GPIO 23/],
      [{ pose_covariance_diagonal: [1, 2] }, /'pose_covariance_diagonal' needs 6 values/],
      [{ range_sensors: ["front", "front"] }, /lists a name twice/],
    ];
    for (const [overrides, pattern] of bad) {
      await assert.rejects(
        MotorNode.create(
          runtime,
          { createGpio: () => Promise.resolve(new DryRunGpio()) },
          { parameterOverrides: { dry_run: true, ...overrides } },
        ),
        pattern,
      );
    }
  });
});
