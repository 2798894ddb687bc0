/** The motor node on the local runtime, on virtual time, with a dry-run port standing in for the pins. */
import assert from "node:assert/strict";
import { VirtualTimeScheduler } from "rxjs";
import { DryRunGpio } from "../../../src/adapters/gpio/dry-run-gpio.ts";
import type { JointState } from "../../../src/messages/sensor_msgs.ts";
import type { DiagnosticArray } from "../../../src/messages/diagnostic_msgs.ts";
import { MotorNode } from "../../../src/nodes/motor/motor-node.ts";
import type { GpioRequest } from "../../../src/nodes/motor/motor-node-io.ts";
import { NODES } from "../../../src/nodes/registry.ts";
import { QosPresets, type ParameterValue } from "../../../src/ports/ros.ts";
import { recordingRuntime } from "../../adapters/local/fixtures.ts";

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `autostart`: the option given to the node, or "parameter" to give none (the `autostart` parameter decides). */
async function harness(parameterOverrides: Record<string, ParameterValue> = {}, autostart: boolean | "parameter" = true) {
  const scheduler = new VirtualTimeScheduler();
  const { runtime, logs } = recordingRuntime({ scheduler, deliveryScheduler: scheduler });
  const gpio = new DryRunGpio();
  const requests: GpioRequest[] = [];
  const motor = await MotorNode.create(
    runtime,
    {
      createGpio: (request) => {
        requests.push(request);
        return Promise.resolve(gpio);
      },
    },
    {
      parameterOverrides: {
        dry_run: true,
        wheel_radius: 0.5,
        max_linear_velocity: 0,
        max_linear_acceleration: 0,
        max_angular_acceleration: 0,
        // The motors alone here; the sensors beside them are tested in motor-sensors.test.ts.
        range_sensors: [],
        ...parameterOverrides,
      },
      ...(autostart !== "parameter" ? { autostart } : {}),
    },
  );
  const peer = runtime.createNode("peer");
  const states: JointState[] = [];
  const diagnostics: DiagnosticArray[] = [];
  peer.createSubscription("sensor_msgs/msg/JointState", "/motors/state", QosPresets.default, (m) => void states.push(m));
  peer.createSubscription("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", QosPresets.default, (m) => void diagnostics.push(m));
  let stamped: ReturnType<typeof peer.createPublisher<"geometry_msgs/msg/TwistStamped">> | undefined;
  const send = (x: number, z = 0) =>
    (stamped ??= peer.createPublisher("geometry_msgs/msg/TwistStamped", "/cmd_vel")).publish({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: "" },
      twist: { linear: { x, y: 0, z: 0 }, angular: { x: 0, y: 0, z } },
    });
  const advanceTo = (ms: number) => {
    scheduler.maxFrames = ms;
    scheduler.flush();
  };
  /** A service call on virtual time: runs what is due now until the call settles. */
  const call = async <T>(promise: Promise<T>): Promise<T> => {
    let done = false;
    void promise.then(
      () => (done = true),
      () => (done = true),
    );
    for (let i = 0; i < 50 && !done; i++) {
      await settle();
      advanceTo(scheduler.now());
    }
    return promise;
  };
  return { runtime, logs, gpio, motor, peer, states, diagnostics, send, advanceTo, requests, scheduler, call };
}

describe("nodes/motor/MotorNode", () => {
  it("is registered as a node that uses no accelerator, with its parameter spec", async () => {
    assert.equal(NODES.motor.accelerator, false);
    const spec = await NODES.motor.parameters();
    assert.equal(spec.cmd_vel_timeout?.default, 0.5);
    assert.equal(spec.use_stamped?.default, true);
  });

  it("opens the pins from its parameters, drives them off, and is active once created", async () => {
    const h = await harness({ gpio_base: 571, pwm_chip: "pwmchip0" });
    assert.deepEqual(h.requests, [{ dryRun: true, gpioBase: 571, pwmChip: "pwmchip0" }]);
    assert.equal(h.motor.node.state, "active");
    assert.equal(h.gpio.level(22), 0);
    assert.ok(h.gpio.writes.slice(0, 9).every((w) => w.value === 0));
    await h.motor.destroy();
  });

  it("moves on TwistStamped cmd_vel, publishes the wheel velocities, and stops within cmd_vel_timeout after the last command", async () => {
    const h = await harness();
    h.send(5);
    h.advanceTo(20);
    assert.equal(h.motor.state.moving, true);
    assert.equal(h.gpio.level(23), 1);
    assert.equal(h.gpio.duty(12), 0.5, "5 m/s on 0.5 m wheels = 10 rad/s of 20");
    const last = h.states.at(-1);
    assert.deepEqual(last?.name, ["left_wheel_joint", "right_wheel_joint"]);
    assert.deepEqual([...(last?.velocity ?? [])], [10, 10]);
    h.advanceTo(500);
    assert.equal(h.motor.state.moving, true);
    h.advanceTo(540);
    assert.equal(h.motor.state.moving, false);
    assert.match(h.motor.state.stopReason, /cmd_vel_timeout/);
    assert.deepEqual([...(h.states.at(-1)?.velocity ?? [])], [0, 0]);
    assert.ok(h.logs.some((l) => /^moving: wheels 10.00 \/ 10.00 rad\/s/.test(l.message)));
    assert.ok(h.logs.some((l) => /^stopped: no cmd_vel for 500 ms/.test(l.message)));
    await h.motor.destroy();
  });

  it("takes geometry_msgs/Twist with use_stamped false", async () => {
    const h = await harness({ use_stamped: false });
    h.peer.createPublisher("geometry_msgs/msg/Twist", "/cmd_vel").publish({ linear: { x: -5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    h.advanceTo(20);
    assert.equal(h.motor.state.leftDuty, -0.5);
    await h.motor.destroy();
  });

  it("~/enable and ~/reset_estop answer as std_srvs services", async () => {
    const h = await harness({ estop_pin: 26 });
    const enable = h.peer.createClient("std_srvs/srv/SetBool", "/motor/enable");
    const reset = h.peer.createClient("std_srvs/srv/Trigger", "/motor/reset_estop");
    h.send(5);
    h.advanceTo(20);
    assert.deepEqual(await h.call(enable.call({ data: false })), { success: true, message: "motors disabled" });
    assert.equal(h.motor.state.moving, false);
    h.send(5);
    h.advanceTo(40);
    assert.equal(h.motor.state.moving, false);
    assert.ok(h.logs.some((l) => l.level === "warn" && /disabled/.test(l.message)));
    await h.call(enable.call({ data: true }));
    h.gpio.setInput(26, 0);
    assert.equal(h.motor.state.estopped, true);
    assert.deepEqual(await h.call(reset.call({})), { success: false, message: "the e-stop (GPIO 26) is still pressed" });
    h.gpio.setInput(26, 1);
    assert.equal((await h.call(reset.call({}))).success, true);
    h.send(5);
    h.advanceTo(60);
    assert.equal(h.motor.state.moving, true);
    await h.motor.destroy();
  });

  it("halts before deactivate, cleanup and shutdown complete", async () => {
    const h = await harness();
    for (const transitions of [["deactivate"], ["deactivate", "cleanup"], ["shutdown"]] as const) {
      if (h.motor.node.state === "unconfigured") {
        await h.motor.node.configure();
      }
      if (h.motor.node.state === "inactive") await h.motor.node.activate();
      h.send(5);
      h.advanceTo(h.scheduler.now() + 20);
      assert.equal(h.motor.state.moving, true);
      for (const t of transitions) {
        const outcome = await h.motor.node.trigger(t);
        assert.equal(outcome.result, "success");
        assert.equal(h.motor.state.moving, false, t);
        assert.deepEqual([h.gpio.level(23), h.gpio.level(24), h.gpio.duty(12)], [1, 1, 1], `${t}: braking`);
      }
      h.send(5);
      h.advanceTo(h.scheduler.now() + 20);
      assert.equal(h.motor.state.moving, false, `after ${transitions.join(", ")}: commands are refused`);
    }
    await h.motor.destroy();
    assert.equal(h.gpio.level(22), 0, "destroyed: standby low");
  });

  const unstarted: ReadonlyArray<[string, Record<string, ParameterValue>, boolean | "parameter"]> = [
    ["the autostart option false", {}, false],
    ["the autostart parameter false (as autostart:=false in a launch sets it)", { autostart: false }, "parameter"],
  ];
  for (const [what, overrides, option] of unstarted)
    it(`stays unconfigured with ${what} and does not move until configured and activated`, async () => {
      const h = await harness(overrides, option);
      assert.equal(h.motor.node.state, "unconfigured");
      h.send(5);
      h.advanceTo(20);
      assert.equal(h.motor.state.moving, false);
      assert.equal(h.gpio.level(22), 0, "standby low while unconfigured");
      await h.motor.node.configure();
      assert.equal(h.motor.node.state, "inactive");
      await h.motor.node.activate();
      h.send(5);
      h.advanceTo(40);
      assert.equal(h.motor.state.moving, true);
      await h.motor.destroy();
    });

  it("activates at start with the autostart parameter at its default", async () => {
    const h = await harness({}, "parameter");
    assert.equal(h.motor.node.state, "active");
    h.send(5);
    h.advanceTo(20);
    assert.equal(h.motor.state.moving, true);
    await h.motor.destroy();
  });

  it("publishes /diagnostics, and takes new limits live", async () => {
    const h = await harness({ max_linear_velocity: 0 });
    h.advanceTo(1000);
    await settle();
    const status = h.diagnostics.at(-1)?.status[0];
    assert.equal(status?.name, "motor: motors");
    assert.equal(status?.hardware_id, "dry run (no GPIO driven)");
    assert.equal(status?.values.find((v) => v.key === "lifecycle")?.value, "active");
    assert.deepEqual(h.motor.node.setParameters([{ name: "max_linear_velocity", value: 2 }]), { successful: true });
    h.send(5);
    h.advanceTo(1020);
    assert.equal(h.motor.state.leftDuty, 0.2);
    assert.equal(h.motor.node.setParameters([{ name: "left_in1", value: 5 }]).successful, false, "pins are read-only");
    await h.motor.destroy();
  });

  it("refuses to start with two roles on one pin, and closes what it opened", async () => {
    const scheduler = new VirtualTimeScheduler();
    const { runtime } = recordingRuntime({ scheduler });
    await assert.rejects(
      MotorNode.create(runtime, { createGpio: () => Promise.resolve(new DryRunGpio()) }, { parameterOverrides: { estop_pin: 23 } }),
      /'left_in1' and 'estop_pin' both use GPIO 23/,
    );
  });
});
