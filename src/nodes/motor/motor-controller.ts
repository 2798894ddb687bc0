/**
 * The motor controller: what reaches the H-bridge pins for each velocity command, as
 * diff_drive_controller decides it — commands admitted by the watchdog rules (stale stamps
 * ignored, non-finite commands rejected with a stop), speed and acceleration limits, differential
 * kinematics, the bridge's truth table — plus what a robot needs on top: a latched e-stop input,
 * an enable switch, and a watchdog that stops the wheels when commands stop coming.
 *
 * Synchronous throughout (every pin write is), on the clock it is given, so tests run it on
 * virtual time. `start()` drives every pin to the bridge's off state before anything else; the
 * node calls `tick()` at its control rate.
 */
import { admitCommand, commandExpired, type VelocityCommand } from "../../core/motion/command-watchdog.ts";
import { wheelDuties, wheelSpeeds, type DiffDriveGeometry, type DutyOptions } from "../../core/motion/diff-drive.ts";
import { channelOutputs, offOutputs, stopOutputs, type ChannelOutputs, type HBridge, type StopMode } from "../../core/motion/h-bridge.ts";
import { limitAxis, type AxisLimits } from "../../core/motion/speed-limiter.ts";
import { gateForward } from "../../core/sensors/obstacle-block.ts";
import type { DigitalIn, DigitalOut, GpioPort, Level, PwmOut } from "../../ports/gpio.ts";

/** One motor channel's pins (BCM). DRV8833 pulses IN1/IN2 themselves, so both must be PWM pins and `pwm` is unused. */
export interface ChannelPins {
  readonly in1: number;
  readonly in2: number;
  readonly pwm: number;
}

export interface MotorConfig {
  readonly bridge: HBridge;
  readonly stopMode: StopMode;
  readonly left: ChannelPins;
  readonly right: ChannelPins;
  /** STBY (TB6612FNG) / nSLEEP (DRV8833), shared by both channels; undefined: wired high (or L298N). */
  readonly enablePin?: number;
  /** The e-stop input; undefined: none. */
  readonly estopPin?: number;
  /** The level the e-stop input reads while pressed. */
  readonly estopActiveLevel?: Level;
  readonly pwmFrequencyHz: number;
  readonly geometry: DiffDriveGeometry;
  readonly duty?: DutyOptions;
  readonly linear?: AxisLimits;
  readonly angular?: AxisLimits;
  /** cmd_vel_timeout in ms; 0 disables the watchdog. */
  readonly timeoutMs: number;
}

export interface MotorState {
  /** Lifecycle active, enabled, not e-stopped. */
  readonly canMove: boolean;
  readonly active: boolean;
  readonly enabled: boolean;
  readonly estopped: boolean;
  /** A wheel is being driven (non-zero duty). */
  readonly moving: boolean;
  /** The twist after limits. */
  readonly linear: number;
  readonly angular: number;
  /** Commanded wheel velocities, rad/s (after limits, before deadband and trim). */
  readonly leftRadS: number;
  readonly rightRadS: number;
  /** Signed duty per side, −1 … 1. */
  readonly leftDuty: number;
  readonly rightDuty: number;
  readonly saturated: boolean;
  /** Why the wheels last stopped. */
  readonly stopReason: string;
  /** Forward motion is blocked (an obstacle or a bumper); reverse and turning still run. */
  readonly forwardBlocked: boolean;
  /** Why, "" when clear. */
  readonly blockReason: string;
  readonly counts: {
    readonly admitted: number;
    readonly ignored: number;
    readonly rejected: number;
    readonly timeouts: number;
    readonly estops: number;
    /** Forward motion cut by a block while it was being driven. */
    readonly obstacleStops: number;
  };
}

export type CommandOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly stopped: boolean };

export type MotorEvent =
  | { readonly kind: "moving"; readonly state: MotorState }
  | { readonly kind: "stopped"; readonly reason: string; readonly state: MotorState }
  | { readonly kind: "estop"; readonly pressed: boolean; readonly state: MotorState };

interface ChannelHandles {
  readonly in1: DigitalOut | PwmOut;
  readonly in2: DigitalOut | PwmOut;
  readonly pwm?: PwmOut;
  last?: ChannelOutputs;
}

const isPwm = (handle: DigitalOut | PwmOut): handle is PwmOut => "setDutySync" in handle;

/** Pins used twice, or a DRV8833 without PWM-capable inputs: a configuration that cannot be wired. */
export function checkMotorConfig(config: MotorConfig): string | undefined {
  const pins: Array<[string, number]> = [
    ["left_in1", config.left.in1],
    ["left_in2", config.left.in2],
    ["right_in1", config.right.in1],
    ["right_in2", config.right.in2],
  ];
  if (config.bridge !== "drv8833") pins.push(["left_pwm", config.left.pwm], ["right_pwm", config.right.pwm]);
  if (config.enablePin !== undefined) pins.push(["enable_pin", config.enablePin]);
  if (config.estopPin !== undefined) pins.push(["estop_pin", config.estopPin]);
  const seen = new Map<number, string>();
  for (const [name, pin] of pins) {
    if (!Number.isInteger(pin) || pin < 0 || pin > 27) return `parameter '${name}': GPIO ${pin} is not a header GPIO (0 … 27)`;
    const other = seen.get(pin);
    if (other !== undefined) return `parameters '${other}' and '${name}' both use GPIO ${pin}`;
    seen.set(pin, name);
  }
  if (!(config.pwmFrequencyHz > 0)) return `parameter 'pwm_frequency' must be > 0 Hz (got ${config.pwmFrequencyHz})`;
  if (!(config.timeoutMs >= 0)) return `parameter 'cmd_vel_timeout' must be ≥ 0 s (got ${config.timeoutMs / 1000})`;
  return undefined;
}

export class MotorController {
  readonly #gpio: GpioPort;
  #config: MotorConfig;
  readonly #nowMs: () => number;
  #left: ChannelHandles | undefined;
  #right: ChannelHandles | undefined;
  #enable: DigitalOut | undefined;
  #estopIn: DigitalIn | undefined;
  #unwatch: (() => void) | undefined;
  #listeners = new Set<(event: MotorEvent) => void>();

  #active = false;
  #enabled = true;
  #estopped = false;
  #last: Required<VelocityCommand> | undefined;
  #linear = 0;
  #angular = 0;
  #lastTickMs: number | undefined;
  #leftRadS = 0;
  #rightRadS = 0;
  #leftDuty = 0;
  #rightDuty = 0;
  #saturated = false;
  #stopReason = "not started";
  #counts = { admitted: 0, ignored: 0, rejected: 0, timeouts: 0, estops: 0, obstacleStops: 0 };
  #forwardBlocked = false;
  #blockReason = "";
  #started = false;
  #closed = false;

  constructor(gpio: GpioPort, config: MotorConfig, nowMs: () => number) {
    const problem = checkMotorConfig(config);
    if (problem !== undefined) throw new Error(problem);
    this.#gpio = gpio;
    this.#config = config;
    this.#nowMs = nowMs;
  }

  get config(): MotorConfig {
    return this.#config;
  }

  /**
   * New tuning (limits, timeout, stop mode, deadband, trims) while running; the pins and the
   * bridge cannot change. The current motion carries on under the new limits.
   */
  reconfigure(config: MotorConfig): void {
    const problem = checkMotorConfig(config);
    if (problem !== undefined) throw new Error(problem);
    const old = this.#config;
    const samePins = (a: ChannelPins, b: ChannelPins) => a.in1 === b.in1 && a.in2 === b.in2 && a.pwm === b.pwm;
    if (
      config.bridge !== old.bridge ||
      !samePins(config.left, old.left) ||
      !samePins(config.right, old.right) ||
      config.enablePin !== old.enablePin ||
      config.estopPin !== old.estopPin ||
      config.pwmFrequencyHz !== old.pwmFrequencyHz
    ) {
      throw new Error("the bridge, its pins and the PWM frequency are set at start only");
    }
    this.#config = config;
  }

  /** Opens every output at its off level and writes the off state, then opens the e-stop input. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const { bridge, pwmFrequencyHz: hz } = this.#config;
    const open = (pins: ChannelPins): ChannelHandles =>
      bridge === "drv8833"
        ? { in1: this.#gpio.pwmOut(pins.in1, hz), in2: this.#gpio.pwmOut(pins.in2, hz) }
        : { in1: this.#gpio.digitalOut(pins.in1, 0), in2: this.#gpio.digitalOut(pins.in2, 0), pwm: this.#gpio.pwmOut(pins.pwm, hz) };
    // Enable (STBY / nSLEEP) first and low: nothing is driven while the rest opens.
    if (this.#config.enablePin !== undefined) this.#enable = this.#gpio.digitalOut(this.#config.enablePin, 0);
    this.#left = open(this.#config.left);
    this.#right = open(this.#config.right);
    this.off();
    this.#stopReason = "starting";
    if (this.#config.estopPin !== undefined) {
      const input = this.#gpio.digitalIn(this.#config.estopPin, "both");
      this.#estopIn = input;
      this.#unwatch = input.watch((level) => this.#onEstopLevel(level));
      if (this.#estopPressed()) this.#latchEstop();
    }
  }

  onEvent(listener: (event: MotorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get state(): MotorState {
    return {
      canMove: this.#canMove(),
      active: this.#active,
      enabled: this.#enabled,
      estopped: this.#estopped,
      moving: this.#leftDuty !== 0 || this.#rightDuty !== 0,
      linear: this.#linear,
      angular: this.#angular,
      leftRadS: this.#leftRadS,
      rightRadS: this.#rightRadS,
      leftDuty: this.#leftDuty,
      rightDuty: this.#rightDuty,
      saturated: this.#saturated,
      stopReason: this.#stopReason,
      forwardBlocked: this.#forwardBlocked,
      blockReason: this.#blockReason,
      counts: { ...this.#counts },
    };
  }

  #canMove(): boolean {
    return this.#started && !this.#closed && this.#active && this.#enabled && !this.#estopped;
  }

  #whyNot(): string {
    if (this.#estopped) return "the e-stop is latched (call ~/reset_estop once it is released)";
    if (!this.#enabled) return "the motors are disabled (~/enable)";
    if (!this.#active) return "the node is not active";
    return "the motors are closed";
  }

  /** A received cmd_vel (stamp in ms on this clock; undefined for Twist). */
  command(command: VelocityCommand): CommandOutcome {
    if (!Number.isFinite(command.linear) || !Number.isFinite(command.angular)) {
      this.#counts.rejected += 1;
      const reason = `non-finite velocity (linear ${command.linear}, angular ${command.angular})`;
      this.halt(`${reason} rejected`);
      return { ok: false, reason, stopped: true };
    }
    if (!this.#canMove()) {
      this.#counts.rejected += 1;
      return { ok: false, reason: this.#whyNot(), stopped: false };
    }
    const admission = admitCommand(command, this.#nowMs(), this.#config.timeoutMs);
    if (!admission.ok) {
      this.#counts.ignored += 1;
      return { ok: false, reason: admission.reason, stopped: false };
    }
    this.#counts.admitted += 1;
    this.#last = admission.command;
    this.tick();
    return { ok: true };
  }

  /** One control period: the watchdog, the limits, the pins. */
  tick(): MotorState {
    const now = this.#nowMs();
    const dtS = this.#lastTickMs === undefined ? 0 : (now - this.#lastTickMs) / 1000;
    this.#lastTickMs = now;
    if (!this.#canMove()) {
      if (this.#last !== undefined || this.#leftDuty !== 0 || this.#rightDuty !== 0) this.halt(this.#whyNot());
      return this.state;
    }
    if (this.#last === undefined) return this.state;
    if (commandExpired(this.#last, now, this.#config.timeoutMs)) {
      this.#counts.timeouts += 1;
      this.halt(`no cmd_vel for ${this.#config.timeoutMs} ms (cmd_vel_timeout)`);
      return this.state;
    }
    this.#linear = limited(this.#last.linear, this.#linear, dtS, this.#config.linear ?? {});
    this.#angular = limited(this.#last.angular, this.#angular, dtS, this.#config.angular ?? {});
    this.#linear = gateForward(this.#linear, this.#forwardBlocked);
    this.#drive();
    return this.state;
  }

  #drive(): void {
    const { geometry, bridge, stopMode } = this.#config;
    const speeds = wheelSpeeds(this.#linear, this.#angular, geometry);
    const duties = wheelDuties(speeds, geometry, this.#config.duty ?? {});
    const wasMoving = this.#leftDuty !== 0 || this.#rightDuty !== 0;
    this.#leftRadS = speeds.leftRadS;
    this.#rightRadS = speeds.rightRadS;
    this.#leftDuty = duties.left;
    this.#rightDuty = duties.right;
    this.#saturated = duties.saturated;
    this.#write(channelOutputs(bridge, duties.left, stopMode), channelOutputs(bridge, duties.right, stopMode));
    const moving = duties.left !== 0 || duties.right !== 0;
    if (moving && !wasMoving) this.#emit({ kind: "moving", state: this.state });
  }

  /**
   * Blocks or releases forward motion (an obstacle, a bumper). A block while driving forward
   * writes the pins at once — zero duty, or the turn alone when turning — not at the next command.
   */
  setForwardBlock(blocked: boolean, reason: string): void {
    this.#forwardBlocked = blocked;
    this.#blockReason = blocked ? reason : "";
    if (!blocked || !(this.#linear > 0)) return;
    this.#counts.obstacleStops += 1;
    this.#linear = 0;
    if (this.#canMove() && this.#last !== undefined) this.#drive();
    else this.halt(`forward motion blocked: ${reason}`);
    if (this.#angular === 0) {
      this.#stopReason = `forward motion blocked: ${reason}`;
      this.#emit({ kind: "stopped", reason: this.#stopReason, state: this.state });
    }
  }

  /** Stops now (the bridge's stop mode, no ramp) and forgets the last command: it will not resume. */
  halt(reason: string): void {
    const wasMoving = this.#leftDuty !== 0 || this.#rightDuty !== 0 || this.#last !== undefined;
    this.#last = undefined;
    this.#linear = 0;
    this.#angular = 0;
    this.#leftRadS = 0;
    this.#rightRadS = 0;
    this.#leftDuty = 0;
    this.#rightDuty = 0;
    this.#saturated = false;
    if (this.#left !== undefined && !this.#closed) {
      const { bridge, stopMode } = this.#config;
      this.#write(stopOutputs(bridge, stopMode), stopOutputs(bridge, stopMode));
    }
    if (wasMoving || this.#stopReason === "starting") {
      this.#stopReason = reason;
      this.#emit({ kind: "stopped", reason, state: this.state });
    }
  }

  /** Every pin to the bridge's off state (no drive, enable low), written whatever was written before. */
  off(): void {
    if (this.#left === undefined || this.#closed) return;
    const off = offOutputs(this.#config.bridge);
    this.#write(off, off, true);
  }

  /** Lifecycle: moving is allowed only while active; leaving it halts first. */
  setActive(active: boolean, reason = active ? "activated" : "deactivated"): void {
    this.#active = active;
    if (!active) this.halt(reason);
    else if (this.#stopReason === "starting") this.#stopReason = "no command yet";
  }

  /** ~/enable. Disabling halts. */
  setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
    if (!enabled) this.halt("disabled via ~/enable");
  }

  /** ~/reset_estop: unlatches once the input is released; the wheels stay stopped until the next command. */
  resetEstop(): { readonly success: boolean; readonly message: string } {
    if (!this.#estopped) return { success: true, message: "the e-stop was not latched" };
    if (this.#estopPressed()) return { success: false, message: `the e-stop (GPIO ${this.#config.estopPin}) is still pressed` };
    this.#estopped = false;
    this.#emit({ kind: "estop", pressed: false, state: this.state });
    return { success: true, message: "e-stop reset; waiting for cmd_vel" };
  }

  /** Latches the e-stop from software (a test, or an e-stop topic). */
  triggerEstop(): void {
    this.#latchEstop();
  }

  #estopPressed(): boolean {
    return this.#estopIn !== undefined && this.#estopIn.readSync() === (this.#config.estopActiveLevel ?? 0);
  }

  #onEstopLevel(level: Level): void {
    if (level === (this.#config.estopActiveLevel ?? 0)) this.#latchEstop();
  }

  #latchEstop(): void {
    const first = !this.#estopped;
    this.#estopped = true;
    if (first) this.#counts.estops += 1;
    this.halt("e-stop pressed");
    if (first) this.#emit({ kind: "estop", pressed: true, state: this.state });
  }

  /** Off state, inputs unwatched; the port is closed by whoever opened it. */
  close(): void {
    if (this.#closed) return;
    this.off();
    this.#unwatch?.();
    this.#closed = true;
  }

  #emit(event: MotorEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  #write(left: ChannelOutputs, right: ChannelOutputs, force = false): void {
    // Enable low goes first, enable high last, so a half-written state is never driven.
    const enable: Level = left.enable === 1 || right.enable === 1 ? 1 : 0;
    if (enable === 0) this.#enable?.writeSync(0);
    if (this.#left !== undefined) this.#writeChannel(this.#left, left, force);
    if (this.#right !== undefined) this.#writeChannel(this.#right, right, force);
    if (enable === 1) this.#enable?.writeSync(1);
  }

  #writeChannel(handles: ChannelHandles, outputs: ChannelOutputs, force: boolean): void {
    const last = handles.last;
    if (!force && last !== undefined && sameOutputs(last, outputs)) return;
    if (handles.pwm !== undefined) {
      // Direction pins change with the PWM at 0, so a reversal never shorts through a half-set bridge.
      const reversing = last === undefined || last.in1 !== outputs.in1 || last.in2 !== outputs.in2;
      if (reversing || force) handles.pwm.setDutySync(0);
      writePin(handles.in1, outputs.in1);
      writePin(handles.in2, outputs.in2);
      handles.pwm.setDutySync(outputs.pwm);
    } else {
      // DRV8833: the pulsed input carries the duty, the other its level.
      const in1 = outputs.pwmOn === "in1" ? outputs.pwm : outputs.in1;
      const in2 = outputs.pwmOn === "in2" ? outputs.pwm : outputs.in2;
      // The input going low first: both high would brake for an instant, not short.
      if (in1 < in2) {
        writePin(handles.in1, in1);
        writePin(handles.in2, in2);
      } else {
        writePin(handles.in2, in2);
        writePin(handles.in1, in1);
      }
    }
    handles.last = outputs;
  }
}

/** The limiter; without a rate limit the elapsed time does not matter (the first tick has none). */
function limited(commanded: number, previous: number, dtS: number, limits: AxisLimits): number {
  const rateLimited = limits.maxAcceleration !== undefined || limits.maxDeceleration !== undefined;
  return limitAxis(commanded, previous, rateLimited ? dtS : 1, limits);
}

function writePin(handle: DigitalOut | PwmOut, value: number): void {
  if (isPwm(handle)) handle.setDutySync(value);
  else handle.writeSync(value === 1 ? 1 : 0);
}

function sameOutputs(a: ChannelOutputs, b: ChannelOutputs): boolean {
  return a.in1 === b.in1 && a.in2 === b.in2 && a.pwm === b.pwm && a.pwmOn === b.pwmOn && a.enable === b.enable;
}
