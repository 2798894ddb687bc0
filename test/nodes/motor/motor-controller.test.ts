import assert from "node:assert/strict";
import { DryRunGpio } from "../../../src/adapters/gpio/dry-run-gpio.ts";
import { offOutputs, H_BRIDGES } from "../../../src/core/motion/h-bridge.ts";
import type { GpioPort } from "../../../src/ports/gpio.ts";
import { checkMotorConfig, MotorController, type MotorConfig, type MotorEvent } from "../../../src/nodes/motor/motor-controller.ts";

const PINS = { left: { in1: 5, in2: 6, pwm: 12 }, right: { in1: 20, in2: 21, pwm: 13 } };

function config(overrides: Partial<MotorConfig> = {}): MotorConfig {
  return {
    bridge: "tb6612fng",
    stopMode: "brake",
    ...PINS,
    enablePin: 22,
    estopPin: 26,
    estopActiveLevel: 0,
    pwmFrequencyHz: 20_000,
    geometry: { wheelSeparationM: 0.2, wheelRadiusM: 0.05, maxWheelSpeedRadS: 20 },
    timeoutMs: 500,
    ...overrides,
  };
}

/** A controller on virtual time over a dry-run port (its input is the e-stop button, released = 1). */
function rig(overrides: Partial<MotorConfig> = {}) {
  const clock = { now: 1000 };
  const gpio = new DryRunGpio();
  const motor = new MotorController(gpio, config(overrides), () => clock.now);
  const events: MotorEvent[] = [];
  motor.onEvent((e) => events.push(e));
  motor.start();
  motor.setActive(true);
  const at = (ms: number) => {
    clock.now = ms;
    return motor.tick();
  };
  const pins = () => ({
    in1: gpio.level(5),
    in2: gpio.level(6),
    pwm: gpio.duty(12),
    rin1: gpio.level(20),
    rin2: gpio.level(21),
    rpwm: gpio.duty(13),
    stby: gpio.level(22),
  });
  return { clock, gpio, motor, events, at, pins };
}

describe("nodes/motor/MotorController", () => {
  it("drives every pin to the off state before anything else, and opens the e-stop input last", () => {
    const calls: string[] = [];
    const dry = new DryRunGpio();
    const gpio: GpioPort = {
      description: "recording",
      digitalOut: (pin, initial) => (calls.push(`out ${pin}=${initial}`), dry.digitalOut(pin, initial)),
      digitalIn: (pin, edge) => (calls.push(`in ${pin}`), dry.digitalIn(pin, edge)),
      pwmOut: (pin, hz) => (calls.push(`pwm ${pin}`), dry.pwmOut(pin, hz)),
      allOffSync: () => dry.allOffSync(),
      close: () => dry.close(),
    };
    const motor = new MotorController(gpio, config(), () => 0);
    assert.deepEqual(calls, [], "nothing is opened before start");
    motor.start();
    assert.deepEqual(calls, ["out 22=0", "out 5=0", "out 6=0", "pwm 12", "out 20=0", "out 21=0", "pwm 13", "in 26"]);
    assert.ok(
      dry.writes.every((w) => w.value === 0),
      "every write so far is low / duty 0",
    );
    assert.equal(dry.level(22), 0, "standby low");
  });

  it("the off state is all-low on every bridge, so an exit can write it without knowing the bridge", () => {
    for (const bridge of H_BRIDGES) {
      const off = offOutputs(bridge);
      assert.equal(off.in1 + off.in2 + off.pwm + (off.enable ?? 0), 0, bridge);
    }
  });

  it("moves on a command, through the kinematics and the truth table", () => {
    const { motor, pins } = rig();
    assert.deepEqual(motor.command({ linear: 0.5, angular: 0 }), { ok: true });
    assert.deepEqual(pins(), { in1: 1, in2: 0, pwm: 0.5, rin1: 1, rin2: 0, rpwm: 0.5, stby: 1 });
    assert.equal(motor.state.leftRadS, 10);
    motor.command({ linear: 0, angular: 2 });
    // Turning left: left wheel back at 0.2 m/s (4 rad/s), right forward.
    assert.deepEqual(pins(), { in1: 0, in2: 1, pwm: 0.2, rin1: 1, rin2: 0, rpwm: 0.2, stby: 1 });
  });

  it("reverses with the PWM at 0 before the direction pins change", () => {
    const { gpio, motor } = rig();
    motor.command({ linear: 0.5, angular: 0 });
    const from = gpio.writes.length;
    motor.command({ linear: -0.5, angular: 0 });
    const left = gpio.writes.slice(from).filter((w) => [5, 6, 12].includes(w.pin));
    assert.deepEqual(
      left.map((w) => `${w.pin}:${w.value}`),
      ["12:0", "5:0", "6:1", "12:0.5"],
    );
  });

  it("stops when no command came for cmd_vel_timeout (virtual time), with the brake, and does not resume", () => {
    const { motor, at, pins, events } = rig();
    motor.command({ linear: 0.3, angular: 0 });
    assert.equal(at(1500).moving, true, "exactly the timeout: still obeyed");
    const stopped = at(1501);
    assert.equal(stopped.moving, false);
    assert.match(stopped.stopReason, /no cmd_vel for 500 ms/);
    assert.equal(stopped.counts.timeouts, 1);
    assert.deepEqual(pins(), { in1: 1, in2: 1, pwm: 1, rin1: 1, rin2: 1, rpwm: 1, stby: 1 }, "TB6612FNG short brake");
    assert.equal(at(1600).moving, false);
    assert.deepEqual(
      events.map((e) => e.kind),
      ["moving", "stopped"],
    );
  });

  it("keeps moving while fresh commands come, and a watchdog of 0 never stops", () => {
    const { motor, at } = rig();
    for (let t = 1000; t <= 3000; t += 100) {
      at(t);
      motor.command({ linear: 0.2, angular: 0, stampMs: t });
    }
    assert.equal(at(3400).moving, true);
    const off = rig({ timeoutMs: 0 });
    off.motor.command({ linear: 0.2, angular: 0 });
    assert.equal(off.at(60_000).moving, true);
  });

  it("ignores a command stamped older than the timeout, takes a zero stamp as now", () => {
    const { motor, clock } = rig();
    clock.now = 5000;
    const stale = motor.command({ linear: 0.2, angular: 0, stampMs: 4000 });
    assert.ok(!stale.ok && /older than cmd_vel_timeout/.test(stale.reason) && !stale.stopped);
    assert.equal(motor.state.moving, false);
    assert.deepEqual(motor.command({ linear: 0.2, angular: 0, stampMs: 0 }), { ok: true });
    assert.equal(motor.state.counts.ignored, 1);
  });

  it("rejects NaN and infinite commands and stops", () => {
    const { motor } = rig();
    motor.command({ linear: 0.4, angular: 0 });
    const nan = motor.command({ linear: Number.NaN, angular: 0 });
    assert.ok(!nan.ok && nan.stopped);
    assert.equal(motor.state.moving, false);
    assert.match(motor.state.stopReason, /non-finite/);
    const inf = motor.command({ linear: 0, angular: Number.POSITIVE_INFINITY });
    assert.ok(!inf.ok);
    assert.equal(motor.state.counts.rejected, 2);
  });

  it("latches the e-stop until it is released and reset; the wheels wait for a new command", () => {
    const { gpio, motor, pins, events } = rig();
    motor.command({ linear: 0.5, angular: 0 });
    gpio.setInput(26, 0);
    assert.equal(motor.state.estopped, true);
    assert.equal(motor.state.moving, false);
    assert.equal(pins().pwm, 1, "braking");
    const refused = motor.command({ linear: 0.5, angular: 0 });
    assert.ok(!refused.ok && /e-stop is latched/.test(refused.reason));
    assert.deepEqual(motor.resetEstop(), { success: false, message: "the e-stop (GPIO 26) is still pressed" });
    gpio.setInput(26, 1);
    assert.equal(motor.state.estopped, true, "released is not reset");
    assert.equal(motor.resetEstop().success, true);
    assert.equal(motor.state.moving, false, "nothing resumes by itself");
    assert.deepEqual(motor.command({ linear: 0.5, angular: 0 }), { ok: true });
    assert.equal(motor.state.moving, true);
    assert.deepEqual(
      events.map((e) => (e.kind === "estop" ? `estop:${e.pressed}` : e.kind)),
      ["moving", "stopped", "estop:true", "estop:false", "moving"],
    );
  });

  it("starts latched when the e-stop is pressed at start", () => {
    const gpio = new DryRunGpio({ inputIdle: 0 });
    const motor = new MotorController(gpio, config(), () => 0);
    motor.start();
    motor.setActive(true);
    assert.equal(motor.state.estopped, true);
    assert.equal(motor.command({ linear: 0.1, angular: 0 }).ok, false);
  });

  it("~/enable false halts and refuses commands; true lets the next command move", () => {
    const { motor } = rig();
    motor.command({ linear: 0.5, angular: 0 });
    motor.setEnabled(false);
    assert.equal(motor.state.moving, false);
    assert.match(motor.state.stopReason, /disabled/);
    assert.ok(!motor.command({ linear: 0.5, angular: 0 }).ok);
    motor.setEnabled(true);
    assert.ok(motor.command({ linear: 0.5, angular: 0 }).ok);
  });

  it("moves only while active: deactivating halts first", () => {
    const { motor } = rig();
    motor.command({ linear: 0.5, angular: 0 });
    motor.setActive(false);
    assert.equal(motor.state.moving, false);
    assert.equal(motor.state.stopReason, "deactivated");
    const refused = motor.command({ linear: 0.5, angular: 0 });
    assert.ok(!refused.ok && /not active/.test(refused.reason));
  });

  it("ramps with the acceleration limit and clamps to the velocity limit", () => {
    const { motor, at } = rig({ linear: { maxVelocity: 0.4, maxAcceleration: 1 } });
    motor.command({ linear: 1, angular: 0 });
    assert.equal(motor.state.linear, 0, "the first tick has no elapsed time");
    assert.ok(Math.abs(at(1100).linear - 0.1) < 1e-9);
    motor.command({ linear: 1, angular: 0, stampMs: 1100 });
    assert.ok(Math.abs(at(1300).linear - 0.3) < 1e-9);
    motor.command({ linear: 1, angular: 0, stampMs: 1300 });
    assert.equal(at(1500).linear, 0.4);
  });

  it("coasts with stop_mode coast (L298N: enable low), and brakes with brake (L298N: IN1 = IN2, EN high)", () => {
    const coast = rig({ bridge: "l298n", stopMode: "coast", enablePin: undefined });
    coast.motor.command({ linear: 0.5, angular: 0 });
    coast.motor.halt("test");
    assert.deepEqual([coast.gpio.level(5), coast.gpio.level(6), coast.gpio.duty(12)], [0, 0, 0]);
    const brake = rig({ bridge: "l298n", stopMode: "brake", enablePin: undefined });
    brake.motor.command({ linear: 0.5, angular: 0 });
    brake.motor.halt("test");
    assert.deepEqual([brake.gpio.level(5), brake.gpio.level(6), brake.gpio.duty(12)], [0, 0, 1]);
  });

  it("drives a DRV8833 through its inputs as PWM, nSLEEP high while running", () => {
    const { gpio, motor } = rig({
      bridge: "drv8833",
      left: { in1: 12, in2: 13, pwm: 0 },
      right: { in1: 18, in2: 19, pwm: 0 },
      enablePin: 22,
    });
    motor.command({ linear: 0.5, angular: 0 });
    assert.deepEqual([gpio.duty(12), gpio.duty(13), gpio.duty(18), gpio.duty(19), gpio.level(22)], [0.5, 0, 0.5, 0, 1]);
    motor.command({ linear: -0.25, angular: 0 });
    assert.deepEqual([gpio.duty(12), gpio.duty(13)], [0, 0.25]);
    motor.halt("test");
    assert.deepEqual([gpio.duty(12), gpio.duty(13)], [1, 1], "brake: both inputs high");
    motor.close();
    assert.deepEqual([gpio.duty(12), gpio.duty(13), gpio.level(22)], [0, 0, 0], "closed: off, asleep");
  });

  it("refuses configurations that cannot be wired", () => {
    assert.match(checkMotorConfig(config({ estopPin: 5 })) ?? "", /'left_in1' and 'estop_pin' both use GPIO 5/);
    assert.match(checkMotorConfig(config({ enablePin: 40 })) ?? "", /not a header GPIO/);
    assert.equal(
      checkMotorConfig(config({ bridge: "drv8833", left: { in1: 12, in2: 13, pwm: 0 }, right: { in1: 18, in2: 19, pwm: 0 } })),
      undefined,
    );
    assert.throws(() => new MotorController(new DryRunGpio(), config({ pwmFrequencyHz: 0 }), () => 0), /pwm_frequency/);
  });
});
