/**
 * The motor node: a managed (lifecycle) node that drives a differential robot's H-bridge from
 * `cmd_vel`, as ros2_controllers' diff_drive_controller behaves — TwistStamped (Twist by
 * parameter), `cmd_vel_timeout`, stale stamps ignored, non-finite commands rejected, and
 * deactivate / cleanup / shutdown / error halting the wheels first. On top: `~/reset_estop`
 * (std_srvs/Trigger) for the latched e-stop input, `~/enable` (std_srvs/SetBool),
 * `motors/state` (sensor_msgs/JointState with the commanded wheel velocities) and /diagnostics.
 *
 * The pins are opened and driven off as the node is created, before any ROS interface exists,
 * and stay off until the node is active and a command comes.
 */
import { msFromTime } from "../../ports/clock.ts";
import { DiagnosticLevel, type DiagnosticStatus } from "../../messages/diagnostic_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";
import type { GpioPort } from "../../ports/gpio.ts";
import type { LifecycleNode, Publisher, RosRuntime, Timer } from "../../ports/ros.ts";
import { createPublisherOf, createServiceOf, createSubscriptionOf } from "../kit/node-interfaces.ts";
import { motorInterfaces } from "./interfaces.ts";
import { ParameterHandler } from "../kit/parameter-handler.ts";
import { ThrottledLog } from "../kit/throttled-log.ts";
import { motorConfigOf } from "./motor-config.ts";
import { checkMotorConfig, MotorController, type MotorEvent, type MotorState } from "./motor-controller.ts";
import type { MotorNodeIo, MotorNodeOptions } from "./motor-node-io.ts";
import { motorParameterSpec, type MotorNodeParameters } from "./parameters.ts";
import { checkSensorParameters, encoderPinsOf, MotorSensors } from "./motor-sensors.ts";
import type { RangeSensor } from "../../ports/range-sensor.ts";

export type { MotorNodeIo, MotorNodeOptions } from "./motor-node-io.ts";

export class MotorNode {
  readonly node: LifecycleNode;
  readonly #gpio: GpioPort;
  readonly #controller: MotorController;
  readonly #sensors: MotorSensors;
  readonly #parameters: ParameterHandler<typeof motorParameterSpec>;
  readonly #log: ThrottledLog;
  readonly #state: Publisher<"sensor_msgs/msg/JointState">;
  readonly #diagnostics: Publisher<"diagnostic_msgs/msg/DiagnosticArray">;
  readonly #diagnosticsTimer: Timer | undefined;
  #control: Timer | undefined;
  private destroyed = false;

  /** Creates the node, opens the pins (driven off), then its ROS interfaces; activates unless `autostart` (option, else parameter) is false. */
  static async create(runtime: RosRuntime, io: MotorNodeIo, options: MotorNodeOptions = {}): Promise<MotorNode> {
    const holder: { motor?: MotorNode } = {};
    const node = runtime.createLifecycleNode(
      options.name ?? "motor",
      {
        onActivate: () => holder.motor?.activateMotors(),
        onDeactivate: () => holder.motor?.haltMotors("deactivated"),
        onCleanup: () => holder.motor?.haltMotors("cleaned up"),
        onShutdown: () => holder.motor?.haltMotors("shut down"),
        onError: () => {
          holder.motor?.haltMotors("lifecycle error");
          return "success";
        },
      },
      {
        ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
        ...(options.parameterOverrides !== undefined ? { parameterOverrides: options.parameterOverrides } : {}),
      },
    );
    let gpio: GpioPort | undefined;
    let ranges: RangeSensor[] = [];
    try {
      const parameters = new ParameterHandler(node, motorParameterSpec, {
        prepare: (next) => {
          const problem = checkMotorConfig(motorConfigOf(next)) ?? checkSensorParameters(next);
          return problem !== undefined ? { ok: false, reason: problem } : { ok: true, value: undefined };
        },
        apply: (next) => holder.motor?.applyParameters(next),
        refuse: () => (holder.motor?.destroyed === true ? `motor node '${node.name}' is shutting down` : undefined),
      });
      if (!parameters.initial.ok) throw new Error(parameters.initial.reason);
      const p = parameters.values;
      gpio = await io.createGpio({ dryRun: p.dry_run, gpioBase: p.gpio_base, pwmChip: p.pwm_chip });
      if (p.range_sensors.length > 0) {
        if (io.createRangeSensors === undefined) throw new Error("this process has no range sensor I/O; set range_sensors:=[]");
        ranges = await io.createRangeSensors({
          dryRun: p.dry_run,
          sensors: p.range_sensors.map((name, i) => ({ name, device: p.range_devices[i] ?? "hcsr04" })),
          simulatedScript: p.simulated_range,
        });
      }
      holder.motor = new MotorNode(node, gpio, parameters, options, { io, ranges });
    } catch (error) {
      for (const sensor of ranges) sensor.close();
      gpio?.close();
      node.destroy();
      throw error;
    }
    if (options.autostart ?? holder.motor.parameters.autostart) {
      await node.configure();
      await node.activate();
    } else {
      node.logger.info(
        `autostart is false: unconfigured, wheels off; configure and activate it with a lifecycle manager or ${node.fullyQualifiedName}/change_state`,
      );
    }
    return holder.motor;
  }

  private constructor(
    node: LifecycleNode,
    gpio: GpioPort,
    parameters: ParameterHandler<typeof motorParameterSpec>,
    options: MotorNodeOptions,
    sensors: { readonly io: MotorNodeIo; readonly ranges: RangeSensor[] },
  ) {
    this.node = node;
    this.#gpio = gpio;
    this.#parameters = parameters;
    this.#log = new ThrottledLog(node.logger, () => performance.now());
    const p = parameters.values;
    this.#controller = new MotorController(gpio, motorConfigOf(p), () => msFromTime(node.now()));
    // Before anything else reaches the pins: every output off.
    this.#controller.start();
    this.#controller.onEvent((event) => this.#onEvent(event));
    const encoders = encoderPinsOf(p);
    const simulation = encoders !== undefined ? sensors.io.createWheelSimulation?.(gpio, encoders, p.dry_run) : undefined;
    // Sensor inputs open after the outputs are off; the lock is in place before cmd_vel exists.
    this.#sensors = new MotorSensors({
      node,
      gpio,
      controller: this.#controller,
      parameters: p,
      ranges: sensors.ranges,
      ...(simulation !== undefined ? { simulation } : {}),
      nowMs: () => msFromTime(node.now()),
    });
    node.logger.info(
      `${p.bridge} on ${gpio.description}; cmd_vel as ${p.use_stamped ? "TwistStamped" : "Twist"}, timeout ${p.cmd_vel_timeout} s` +
        (p.estop_pin >= 0 ? `, e-stop on GPIO ${p.estop_pin}` : ", no e-stop input"),
    );
    node.logger.info(
      `sensors: ${encoders === undefined ? "no encoders" : `${encoders.kind} encoders, ${encoders.ticksPerRevolution} counts/rev${simulation !== undefined ? ` (${simulation.description})` : ""}`}; ` +
        (sensors.ranges.length === 0 ? "no range sensors" : sensors.ranges.map((r) => `range/${r.name} from ${r.description}`).join(", ")) +
        (p.bumper_pins.length > 0 ? `; bumpers on GPIO ${p.bumper_pins.join(", ")}` : ""),
    );
    const { publishes, subscribes, services } = motorInterfaces;
    this.#state = createPublisherOf(node, publishes.state);
    this.#diagnostics = createPublisherOf(node, publishes.diagnostics);
    if (p.use_stamped) {
      createSubscriptionOf(node, subscribes.cmdVelStamped, (m) =>
        this.#command(m.twist.linear.x, m.twist.angular.z, msFromTime(m.header.stamp)),
      );
    } else {
      createSubscriptionOf(node, subscribes.cmdVel, (m) => this.#command(m.linear.x, m.angular.z, undefined));
    }
    createServiceOf(node, services.resetEstop, () => {
      const outcome = this.#controller.resetEstop();
      this.#publishState();
      return { success: outcome.success, message: outcome.message };
    });
    createServiceOf(node, services.enable, (request) => {
      this.#controller.setEnabled(request.data);
      this.node.logger.info(request.data ? "motors enabled" : "motors disabled");
      this.#publishState();
      return { success: true, message: request.data ? "motors enabled" : "motors disabled" };
    });
    const period = options.diagnosticsPeriodMs ?? 1000;
    this.#diagnosticsTimer = period > 0 ? node.createTimer(period, () => this.publishDiagnostics()) : undefined;
  }

  get parameters(): Readonly<MotorNodeParameters> {
    return this.#parameters.values;
  }

  get state(): MotorState {
    return this.#controller.state;
  }

  /** The sensors beside the motors (odometry, ranges, bumpers, the obstacle lock). */
  get sensors(): MotorSensors {
    return this.#sensors;
  }

  /** Every output off now, synchronously (exit paths). */
  offSync(): void {
    this.#controller.off();
  }

  #command(linear: number, angular: number, stampMs: number | undefined): void {
    if (this.destroyed) return;
    const outcome = this.#controller.command({ linear, angular, ...(stampMs !== undefined ? { stampMs } : {}) });
    if (!outcome.ok) {
      const kind = outcome.stopped ? "non-finite" : outcome.reason.startsWith("command stamped") ? "stale" : "refused";
      this.#log.log(kind, "warn", `cmd_vel: ${outcome.reason}${outcome.stopped ? ": stopped" : ""}`);
    }
  }

  private activateMotors(): void {
    this.#controller.setActive(true);
    const period = 1000 / this.#parameters.values.control_rate;
    this.#control?.cancel();
    this.#control = this.node.createTimer(period, () => {
      const state = this.#controller.tick();
      this.#sensors.tick(state);
      this.#publishState();
    });
  }

  /** diff_drive_controller's halt(): wheels stopped before the transition completes. */
  private haltMotors(reason: string): void {
    this.#control?.cancel();
    this.#control = undefined;
    this.#controller.setActive(false, reason);
    this.#publishState();
  }

  private applyParameters(next: MotorNodeParameters): void {
    try {
      this.#controller.reconfigure(motorConfigOf(next));
      this.#sensors.reconfigure(next);
    } catch (error) {
      this.node.logger.error(`parameters: ${(error as Error).message}`);
    }
  }

  #onEvent(event: MotorEvent): void {
    const s = event.state;
    switch (event.kind) {
      case "moving":
        this.node.logger.info(
          `moving: wheels ${s.leftRadS.toFixed(2)} / ${s.rightRadS.toFixed(2)} rad/s (duty ${s.leftDuty.toFixed(2)} / ${s.rightDuty.toFixed(2)})`,
        );
        break;
      case "stopped":
        this.node.logger.info(`stopped: ${event.reason}`);
        break;
      case "estop":
        if (event.pressed) this.node.logger.error("e-stop pressed: motors stopped until ~/reset_estop");
        else this.node.logger.warn("e-stop reset");
        break;
    }
  }

  #header(): Header {
    const now = this.node.now();
    return { stamp: { sec: now.sec, nanosec: now.nanosec }, frame_id: "" };
  }

  #publishState(): void {
    if (this.destroyed) return;
    const s = this.#controller.state;
    const p = this.#parameters.values;
    this.#state.publish({
      header: this.#header(),
      name: [p.left_wheel_name, p.right_wheel_name],
      position: [],
      velocity: [s.leftRadS, s.rightRadS],
      effort: [],
    });
  }

  diagnosticsStatus(): DiagnosticStatus {
    const s = this.#controller.state;
    const level = s.estopped ? DiagnosticLevel.ERROR : !s.enabled || !s.active ? DiagnosticLevel.WARN : DiagnosticLevel.OK;
    const message = s.estopped
      ? "e-stop latched"
      : !s.enabled
        ? "disabled"
        : !s.active
          ? "inactive"
          : s.forwardBlocked && !s.moving
            ? `forward blocked: ${s.blockReason}`
            : s.moving
              ? "moving"
              : `stopped: ${s.stopReason}`;
    const value = (key: string, v: string | number | boolean) => ({ key, value: String(v) });
    return {
      level,
      name: `${this.node.fullyQualifiedName.replace(/^\//, "")}: motors`,
      message,
      hardware_id: this.#gpio.description,
      values: [
        value("lifecycle", this.node.state),
        value("enabled", s.enabled),
        value("estopped", s.estopped),
        value("left_wheel_rad_s", s.leftRadS.toFixed(3)),
        value("right_wheel_rad_s", s.rightRadS.toFixed(3)),
        value("left_duty", s.leftDuty.toFixed(3)),
        value("right_duty", s.rightDuty.toFixed(3)),
        value("saturated", s.saturated),
        value("stop_reason", s.stopReason),
        value("commands_admitted", s.counts.admitted),
        value("commands_ignored_stale", s.counts.ignored),
        value("commands_rejected", s.counts.rejected),
        value("watchdog_stops", s.counts.timeouts),
        value("estops", s.counts.estops),
        value("forward_blocked", s.forwardBlocked),
        value("block_reason", s.blockReason),
        value("obstacle_stops", s.counts.obstacleStops),
      ],
    };
  }

  publishDiagnostics(): void {
    if (this.destroyed) return;
    this.#diagnostics.publish({ header: this.#header(), status: [this.diagnosticsStatus(), this.#sensors.diagnosticsStatus()] });
  }

  /** Drives every pin off, closes the pins and the node. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.#control?.cancel();
    this.#diagnosticsTimer?.cancel();
    this.destroyed = true;
    // Straight to the off state (no brake on the way: an exit guard may have written it already).
    this.#controller.close();
    this.#controller.setActive(false, "node destroyed");
    this.#sensors.close();
    this.#gpio.close();
    this.node.destroy();
    await Promise.resolve();
  }
}
