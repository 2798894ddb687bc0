/**
 * The motor process's sensors, beside the motors: wheel encoders (edge callbacks on the GPIO port)
 * → odometry on `odom`, `/tf` (odom → base_link) and `joint_states`; ultrasonic range sensors →
 * `range/<name>`; bumpers (debounced inputs) → `bumper`; and the obstacle lock that blocks forward
 * motion through the motor controller the moment a blocking reading or a press arrives, published
 * latched on `motors/blocked`. Wiring only: decoding, odometry, debounce and the lock are in
 * src/core/sensors/.
 */
import { Debouncer } from "../../core/sensors/debounce.ts";
import { ObstacleBlock, type BlockState } from "../../core/sensors/obstacle-block.ts";
import { EncoderDecoder, type EncoderCounts } from "../../core/sensors/quadrature.ts";
import { rangeValue, type RangeOutcome } from "../../core/sensors/range-reading.ts";
import { covarianceFromDiagonal, WheelOdometry, yawQuaternion } from "../../core/sensors/wheel-odometry.ts";
import { DiagnosticLevel, type DiagnosticStatus } from "../../messages/diagnostic_msgs.ts";
import { RangeRadiation } from "../../messages/sensor_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";
import type { DigitalIn, GpioPort, Level } from "../../ports/gpio.ts";
import type { EncoderPins, RangeSensor, WheelSimulation } from "../../ports/range-sensor.ts";
import type { Publisher, RosNode, Timer } from "../../ports/ros.ts";
import { createPublisherOf } from "../kit/node-interfaces.ts";
import { motorInterfaces } from "./interfaces.ts";
import type { MotorController, MotorState } from "./motor-controller.ts";
import type { MotorNodeParameters } from "./parameters.ts";

export interface MotorSensorsOptions {
  readonly node: RosNode;
  readonly gpio: GpioPort;
  readonly controller: MotorController;
  readonly parameters: Readonly<MotorNodeParameters>;
  readonly ranges: readonly RangeSensor[];
  readonly simulation?: WheelSimulation;
  /** The node's clock, ms. */
  readonly nowMs: () => number;
}

interface Wheel {
  readonly decoder: EncoderDecoder;
  readonly inputs: DigitalIn[];
  readonly unwatch: Array<() => void>;
  lastRad: number;
}

interface Bumper {
  readonly name: string;
  readonly input: DigitalIn;
  readonly debouncer: Debouncer;
  pressed: boolean;
  recheck?: Timer;
  unwatch: () => void;
}

interface RangeChannel {
  readonly sensor: RangeSensor;
  readonly publisher: Publisher<"sensor_msgs/msg/Range">;
  readonly blocks: boolean;
  inFlight: boolean;
  samples: number;
  noEcho: number;
  invalid: number;
  lastRange: number | undefined;
  lastProblem: string;
}

const TWO_PI = 2 * Math.PI;

/** The encoder pins the parameters name (undefined: no encoders). */
export function encoderPinsOf(p: Readonly<MotorNodeParameters>): EncoderPins | undefined {
  if (p.encoder_type === "none") return undefined;
  const quadrature = p.encoder_type === "quadrature";
  return {
    kind: p.encoder_type,
    left: { a: p.left_encoder_a, ...(quadrature ? { b: p.left_encoder_b } : {}) },
    right: { a: p.right_encoder_a, ...(quadrature ? { b: p.right_encoder_b } : {}) },
    ticksPerRevolution: p.encoder_ticks_per_rev,
  };
}

/** Sensor parameters that cannot work together (checked with the motor's at start and on every change). */
export function checkSensorParameters(p: Readonly<MotorNodeParameters>): string | undefined {
  if (p.range_devices.length > p.range_sensors.length) {
    return `parameter 'range_devices' lists ${p.range_devices.length} devices for ${p.range_sensors.length} range_sensors`;
  }
  if (new Set(p.range_sensors).size !== p.range_sensors.length) return "parameter 'range_sensors' lists a name twice";
  for (const name of p.range_sensors) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
      return `parameter 'range_sensors': '${name}' is not a valid topic name part (letters, digits, _)`;
  }
  // With no range sensors at all, the default obstacle sensor has nothing to refer to; a name that is not among them is a typo.
  for (const name of p.range_sensors.length > 0 ? p.obstacle_sensors : []) {
    if (!p.range_sensors.includes(name))
      return `parameter 'obstacle_sensors': '${name}' is not one of range_sensors (${p.range_sensors.join(", ")})`;
  }
  if (!(p.range_max > p.range_min)) return `parameter 'range_max' (${p.range_max}) must be above 'range_min' (${p.range_min})`;
  for (const name of ["pose_covariance_diagonal", "twist_covariance_diagonal"] as const) {
    if (p[name].length !== 6) return `parameter '${name}' needs 6 values (x, y, z, roll, pitch, yaw), got ${p[name].length}`;
  }
  const motorPins = new Map<number, string>();
  for (const name of ["left_in1", "left_in2", "left_pwm", "right_in1", "right_in2", "right_pwm", "enable_pin", "estop_pin"] as const) {
    if (p[name] >= 0 && !(name.endsWith("_pwm") && p.bridge === "drv8833") && !(name === "enable_pin" && p.bridge === "l298n")) {
      motorPins.set(p[name], name);
    }
  }
  const sensorPins: Array<[string, number]> = p.bumper_pins.map((pin, i) => [`bumper_pins[${i}]`, pin] as [string, number]);
  const encoders = encoderPinsOf(p);
  if (encoders !== undefined) {
    sensorPins.push(["left_encoder_a", encoders.left.a], ["right_encoder_a", encoders.right.a]);
    if (encoders.left.b !== undefined) sensorPins.push(["left_encoder_b", encoders.left.b]);
    if (encoders.right.b !== undefined) sensorPins.push(["right_encoder_b", encoders.right.b]);
  }
  const seen = new Map(motorPins);
  for (const [name, pin] of sensorPins) {
    if (!Number.isInteger(pin) || pin < 0 || pin > 27) return `parameter '${name}': GPIO ${pin} is not a header GPIO (0 … 27)`;
    const other = seen.get(pin);
    if (other !== undefined) return `parameters '${other}' and '${name}' both use GPIO ${pin}`;
    seen.set(pin, name);
  }
  return undefined;
}

export class MotorSensors {
  readonly #node: RosNode;
  readonly #gpio: GpioPort;
  readonly #controller: MotorController;
  #p: Readonly<MotorNodeParameters>;
  readonly #nowMs: () => number;
  readonly #simulation: WheelSimulation | undefined;
  readonly #encoders: EncoderPins | undefined;
  #left: Wheel | undefined;
  #right: Wheel | undefined;
  readonly #odometry: WheelOdometry | undefined;
  readonly #bumpers: Bumper[] = [];
  readonly #ranges: RangeChannel[] = [];
  readonly #block: ObstacleBlock;
  #blockState: BlockState = { blocked: false, reason: "" };
  #blockChanges = 0;
  #lastTickMs: number | undefined;
  #poseCovariance: number[];
  #twistCovariance: number[];
  readonly #odom: Publisher<"nav_msgs/msg/Odometry"> | undefined;
  readonly #tf: Publisher<"tf2_msgs/msg/TFMessage"> | undefined;
  readonly #joints: Publisher<"sensor_msgs/msg/JointState"> | undefined;
  readonly #bumper: Publisher<"std_msgs/msg/Bool"> | undefined;
  readonly #blocked: Publisher<"std_msgs/msg/String">;
  readonly #rangeTimer: Timer | undefined;
  #closed = false;

  constructor(options: MotorSensorsOptions) {
    const p = options.parameters;
    this.#node = options.node;
    this.#gpio = options.gpio;
    this.#controller = options.controller;
    this.#p = p;
    this.#nowMs = options.nowMs;
    this.#simulation = options.simulation;
    this.#poseCovariance = covarianceFromDiagonal(p.pose_covariance_diagonal);
    this.#twistCovariance = covarianceFromDiagonal(p.twist_covariance_diagonal);
    this.#block = new ObstacleBlock({ stopDistanceM: p.obstacle_distance, hysteresisM: p.obstacle_hysteresis });
    const node = options.node;
    const { publishes } = motorInterfaces;
    this.#blocked = createPublisherOf(node, publishes.blocked);
    this.#blocked.publish({ data: "" });

    this.#encoders = encoderPinsOf(p);
    if (this.#encoders !== undefined) {
      this.#left = this.#openWheel(this.#encoders.kind, this.#encoders.left);
      this.#right = this.#openWheel(this.#encoders.kind, this.#encoders.right);
      this.#odometry = new WheelOdometry({
        wheelSeparationM: p.wheel_separation,
        leftWheelRadiusM: p.wheel_radius,
        rightWheelRadiusM: p.wheel_radius,
        velocityWindow: p.velocity_rolling_window_size,
      });
      this.#odom = createPublisherOf(node, publishes.odom);
      this.#tf = createPublisherOf(node, publishes.tf);
      this.#joints = createPublisherOf(node, publishes.joints);
    }

    if (p.bumper_pins.length > 0) {
      this.#bumper = createPublisherOf(node, publishes.bumper);
      for (const pin of p.bumper_pins) this.#openBumper(pin);
      this.#publishBumper();
    }

    for (const sensor of options.ranges) {
      this.#ranges.push({
        sensor,
        publisher: createPublisherOf(node, publishes.range, { name: sensor.name }),
        blocks: p.obstacle_sensors.includes(sensor.name),
        inFlight: false,
        samples: 0,
        noEcho: 0,
        invalid: 0,
        lastRange: undefined,
        lastProblem: "",
      });
    }
    this.#rangeTimer = this.#ranges.length > 0 ? node.createTimer(1000 / p.range_rate, () => this.#sampleRanges()) : undefined;
  }

  get blockState(): BlockState {
    return this.#blockState;
  }

  get encoderCounts(): { readonly left: EncoderCounts; readonly right: EncoderCounts } | undefined {
    if (this.#left === undefined || this.#right === undefined) return undefined;
    return { left: this.#left.decoder.counts, right: this.#right.decoder.counts };
  }

  get pose(): { readonly x: number; readonly y: number; readonly heading: number } | undefined {
    return this.#odometry?.pose;
  }

  /** Live parameter changes: the lock's distances, the covariances, the TF switch. */
  reconfigure(p: Readonly<MotorNodeParameters>): void {
    this.#p = p;
    this.#block.rules = { stopDistanceM: p.obstacle_distance, hysteresisM: p.obstacle_hysteresis };
    this.#poseCovariance = covarianceFromDiagonal(p.pose_covariance_diagonal);
    this.#twistCovariance = covarianceFromDiagonal(p.twist_covariance_diagonal);
  }

  #openWheel(kind: "quadrature" | "single", pins: { readonly a: number; readonly b?: number }): Wheel {
    const a = this.#gpio.digitalIn(pins.a, "both");
    const b = pins.b !== undefined ? this.#gpio.digitalIn(pins.b, "both") : undefined;
    const decoder = new EncoderDecoder(kind, { a: a.readSync(), ...(b !== undefined ? { b: b.readSync() } : {}) });
    const unwatch = [a.watch((level) => decoder.edge("a", level))];
    if (b !== undefined) unwatch.push(b.watch((level) => decoder.edge("b", level)));
    return { decoder, inputs: b !== undefined ? [a, b] : [a], unwatch, lastRad: 0 };
  }

  #openBumper(pin: number): void {
    const input = this.#gpio.digitalIn(pin, "both");
    const active: Level = this.#p.bumper_active_low ? 0 : 1;
    const initial = input.readSync();
    const bumper: Bumper = {
      name: `bumper GPIO${pin}`,
      input,
      debouncer: new Debouncer(initial, this.#p.bumper_debounce * 1000),
      pressed: initial === active,
      unwatch: () => undefined,
    };
    bumper.unwatch = input.watch((level) => this.#onBumperResult(bumper, bumper.debouncer.edge(level, this.#nowMs())));
    this.#bumpers.push(bumper);
    if (bumper.pressed) this.#applyBlock(this.#block.bumper(bumper.name, true));
  }

  #onBumperResult(bumper: Bumper, result: { readonly changed?: Level; readonly recheckAtMs?: number }): void {
    if (this.#closed) return;
    if (result.changed !== undefined) {
      bumper.pressed = result.changed === (this.#p.bumper_active_low ? 0 : 1);
      // The block (and its zero duty) first, the messages after.
      this.#applyBlock(this.#block.bumper(bumper.name, bumper.pressed));
      this.#publishBumper();
    }
    if (result.recheckAtMs !== undefined) {
      bumper.recheck?.cancel();
      const timer = this.#node.createTimer(Math.max(1, result.recheckAtMs - this.#nowMs()), () => {
        timer.cancel();
        if (bumper.recheck === timer) bumper.recheck = undefined;
        this.#onBumperResult(bumper, bumper.debouncer.recheck(bumper.input.readSync(), this.#nowMs()));
      });
      bumper.recheck = timer;
    }
  }

  #publishBumper(): void {
    this.#bumper?.publish({ data: this.#bumpers.some((b) => b.pressed) });
  }

  #sampleRanges(): void {
    for (const channel of this.#ranges) {
      if (channel.inFlight || this.#closed) continue;
      channel.inFlight = true;
      channel.sensor.read().then(
        (outcome) => this.#onRange(channel, outcome),
        (error: unknown) => this.#onRange(channel, { kind: "invalid", reason: error instanceof Error ? error.message : String(error) }),
      );
    }
  }

  #onRange(channel: RangeChannel, outcome: RangeOutcome): void {
    channel.inFlight = false;
    if (this.#closed) return;
    channel.samples += 1;
    const p = this.#p;
    const range = rangeValue(outcome, p.range_min, p.range_max);
    if (outcome.kind === "no_echo") channel.noEcho += 1;
    if (range === undefined) {
      channel.invalid += 1;
      channel.lastProblem = outcome.kind === "invalid" ? outcome.reason : "";
      return;
    }
    channel.lastRange = range;
    // The lock (and its zero duty) before publishing anything.
    if (channel.blocks && p.obstacle_distance > 0) this.#applyBlock(this.#block.range(`range/${channel.sensor.name}`, range));
    channel.publisher.publish({
      header: this.#header(`range_${channel.sensor.name}`),
      radiation_type: RangeRadiation.ULTRASOUND,
      field_of_view: p.range_field_of_view,
      min_range: p.range_min,
      max_range: p.range_max,
      range,
      variance: 0,
    });
  }

  #applyBlock(change: BlockState | undefined): void {
    if (change === undefined) return;
    const was = this.#blockState;
    this.#blockState = change;
    this.#controller.setForwardBlock(change.blocked, change.reason);
    if (change.reason === was.reason) return;
    this.#blockChanges += 1;
    this.#blocked.publish({ data: change.reason });
    if (change.blocked) this.#node.logger.warn(`forward motion blocked: ${change.reason}`);
    else this.#node.logger.info("forward motion released");
  }

  /** One control period: the simulated wheels advance, then the odometry and its messages. */
  tick(state: MotorState): void {
    if (this.#closed) return;
    const now = this.#nowMs();
    const dtS = this.#lastTickMs === undefined ? 0 : (now - this.#lastTickMs) / 1000;
    this.#lastTickMs = now;
    if (this.#left === undefined || this.#right === undefined || this.#odometry === undefined || this.#encoders === undefined) return;
    if (this.#encoders.kind === "single") {
      this.#left.decoder.setDirection(state.leftRadS);
      this.#right.decoder.setDirection(state.rightRadS);
    }
    if (dtS > 0) this.#simulation?.advance(state.leftRadS, state.rightRadS, dtS);
    const perTick = TWO_PI / this.#encoders.ticksPerRevolution;
    const leftRad = this.#left.decoder.counts.count * perTick;
    const rightRad = this.#right.decoder.counts.count * perTick;
    const leftVel = dtS > 0 ? (leftRad - this.#left.lastRad) / dtS : 0;
    const rightVel = dtS > 0 ? (rightRad - this.#right.lastRad) / dtS : 0;
    this.#left.lastRad = leftRad;
    this.#right.lastRad = rightRad;
    if (!this.#odometry.update(leftRad, rightRad, now / 1000)) return;
    this.#publishOdometry(leftRad, rightRad, leftVel, rightVel);
  }

  #publishOdometry(leftRad: number, rightRad: number, leftVel: number, rightVel: number): void {
    const odometry = this.#odometry!;
    const pose = odometry.pose;
    const p = this.#p;
    const header = this.#header(p.odom_frame_id);
    const orientation = yawQuaternion(pose.heading);
    this.#odom?.publish({
      header,
      child_frame_id: p.base_frame_id,
      pose: { pose: { position: { x: pose.x, y: pose.y, z: 0 }, orientation }, covariance: this.#poseCovariance },
      twist: {
        twist: { linear: { x: odometry.linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: odometry.angular } },
        covariance: this.#twistCovariance,
      },
    });
    if (p.enable_odom_tf) {
      this.#tf?.publish({
        transforms: [
          { header, child_frame_id: p.base_frame_id, transform: { translation: { x: pose.x, y: pose.y, z: 0 }, rotation: orientation } },
        ],
      });
    }
    this.#joints?.publish({
      header: this.#header(""),
      name: [p.left_wheel_name, p.right_wheel_name],
      position: [leftRad, rightRad],
      velocity: [leftVel, rightVel],
      effort: [],
    });
  }

  #header(frame: string): Header {
    const now = this.#node.now();
    return { stamp: { sec: now.sec, nanosec: now.nanosec }, frame_id: frame };
  }

  diagnosticsStatus(): DiagnosticStatus {
    const value = (key: string, v: string | number | boolean) => ({ key, value: String(v) });
    const values = [
      value("forward_blocked", this.#blockState.blocked),
      value("block_reason", this.#blockState.reason),
      value("block_changes", this.#blockChanges),
    ];
    let level: number = this.#blockState.blocked ? DiagnosticLevel.WARN : DiagnosticLevel.OK;
    const counts = this.encoderCounts;
    if (counts !== undefined && this.#encoders !== undefined) {
      for (const [side, c] of [
        ["left", counts.left],
        ["right", counts.right],
      ] as const) {
        values.push(
          value(`${side}_encoder_count`, c.count),
          value(`${side}_encoder_edges`, c.edges),
          value(`${side}_encoder_missed_ticks`, c.missedTicks),
          value(`${side}_encoder_direction_errors`, c.directionErrors),
        );
      }
      const pose = this.#odometry!.pose;
      values.push(value("odom_x", pose.x.toFixed(3)), value("odom_y", pose.y.toFixed(3)), value("odom_yaw", pose.heading.toFixed(3)));
    }
    for (const r of this.#ranges) {
      const name = r.sensor.name;
      values.push(
        value(`range_${name}_device`, r.sensor.description),
        value(`range_${name}_m`, r.lastRange === undefined ? "none yet" : r.lastRange.toFixed(3)),
        value(`range_${name}_samples`, r.samples),
        value(`range_${name}_no_echo`, r.noEcho),
        value(`range_${name}_invalid`, r.invalid),
      );
      if (r.lastProblem !== "") values.push(value(`range_${name}_last_problem`, r.lastProblem));
      if (r.samples > 0 && r.invalid === r.samples) level = DiagnosticLevel.ERROR;
    }
    for (const b of this.#bumpers) values.push(value(b.name.replace(" ", "_"), b.pressed ? "pressed" : "released"));
    if (this.#simulation !== undefined) values.push(value("wheels", this.#simulation.description));
    return {
      level,
      name: `${this.#node.fullyQualifiedName.replace(/^\//, "")}: sensors`,
      message: this.#blockState.blocked ? `forward blocked: ${this.#blockState.reason}` : "clear",
      hardware_id: this.#gpio.description,
      values,
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#rangeTimer?.cancel();
    for (const wheel of [this.#left, this.#right]) for (const stop of wheel?.unwatch ?? []) stop();
    for (const bumper of this.#bumpers) {
      bumper.recheck?.cancel();
      bumper.unwatch();
    }
    for (const r of this.#ranges) r.sensor.close();
  }
}
