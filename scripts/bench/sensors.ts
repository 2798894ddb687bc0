/**
 * The motor process's sensor figures: odometry from simulated encoder ticks of a known trajectory,
 * the obstacle and bumper stop latencies in a real motor child process with dry-run GPIO, and the
 * encoder interrupt ceiling through onoff on a mock sysfs (also in a child: mock-fs replaces the
 * file system of the process it runs in).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DryRunGpio } from "../../src/adapters/gpio/dry-run-gpio.ts";
import { SimulatedWheels } from "../../src/adapters/sensors/simulated-wheels.ts";
import { EncoderDecoder } from "../../src/core/sensors/quadrature.ts";
import { WheelOdometry } from "../../src/core/sensors/wheel-odometry.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

export interface OdometryBench {
  /** max(position error / path length, heading error / rotation turned) × 100 */
  readonly errorPct: number;
  readonly positionErrorM: number;
  readonly headingErrorRad: number;
  readonly pathM: number;
  readonly ticks: number;
}

/**
 * 2 m straight at 0.5 m/s, a 90° left arc of radius 0.5 m, a 360° spin in place, at 50 Hz: the
 * simulated wheels turn at the wheel speeds of each segment and write quadrature edges (1440 counts
 * per revolution, 0.035 m wheels 0.2 m apart, the motor node's defaults) to dry-run inputs, decoded
 * and integrated as the motor node does. The true end pose is (2.5 m, 0.5 m, 90° + 360°).
 */
export function benchOdometry(): OdometryBench {
  const geometry = { separation: 0.2, radius: 0.035, ticks: 1440 };
  const gpio = new DryRunGpio();
  const pins = { kind: "quadrature" as const, left: { a: 17, b: 27 }, right: { a: 5, b: 6 }, ticksPerRevolution: geometry.ticks };
  const open = (p: { a: number; b: number }) => {
    const a = gpio.digitalIn(p.a, "both");
    const b = gpio.digitalIn(p.b, "both");
    const decoder = new EncoderDecoder("quadrature", { a: a.readSync(), b: b.readSync() });
    a.watch((level) => decoder.edge("a", level));
    b.watch((level) => decoder.edge("b", level));
    return decoder;
  };
  const left = open(pins.left);
  const right = open(pins.right);
  const wheels = new SimulatedWheels(gpio, pins);
  const odometry = new WheelOdometry({
    wheelSeparationM: geometry.separation,
    leftWheelRadiusM: geometry.radius,
    rightWheelRadiusM: geometry.radius,
    velocityWindow: 10,
  });
  const perTick = (2 * Math.PI) / geometry.ticks;
  let t = 0;
  odometry.update(0, 0, 0);
  const segments = [
    { v: 0.5, w: 0, seconds: 4 },
    { v: 0.25, w: 0.5, seconds: Math.PI },
    { v: 0, w: 1.5, seconds: (2 * Math.PI) / 1.5 },
  ];
  for (const { v, w, seconds } of segments) {
    const steps = Math.round(seconds * 50);
    const dt = seconds / steps;
    const leftRadS = (v - (w * geometry.separation) / 2) / geometry.radius;
    const rightRadS = (v + (w * geometry.separation) / 2) / geometry.radius;
    for (let i = 0; i < steps; i++) {
      wheels.advance(leftRadS, rightRadS, dt);
      t += dt;
      odometry.update(left.counts.count * perTick, right.counts.count * perTick, t);
    }
  }
  const pathM = 2 + 0.5 * (Math.PI / 2);
  const rotation = Math.PI / 2 + 2 * Math.PI;
  const pose = odometry.pose;
  const positionErrorM = Math.hypot(pose.x - 2.5, pose.y - 0.5);
  const headingErrorRad = Math.abs(pose.heading - rotation);
  return {
    errorPct: Math.max(positionErrorM / pathM, headingErrorRad / rotation) * 100,
    positionErrorM,
    headingErrorRad,
    pathM,
    ticks: Math.abs(left.counts.count) + Math.abs(right.counts.count),
  };
}

export interface MotorStopBench {
  readonly periodMs: number;
  readonly obstacleMs: number[];
  readonly sampleToStopMs: number[];
  readonly bumperMs: number[];
  readonly eventLoopP99Ms: number;
}

export async function benchMotorStops(): Promise<MotorStopBench> {
  const { stdout } = await run(process.execPath, [path.join(here, "motor-stop-child.js")], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as MotorStopBench;
}

export interface EncoderStormBench {
  readonly edges: number;
  readonly seconds: number;
  readonly count: number;
  readonly missed: number;
  readonly perSecond: number;
  readonly valueWriteUs: number;
}

export async function benchEncoderStorm(): Promise<EncoderStormBench> {
  const { stdout } = await run(process.execPath, [path.join(here, "encoder-storm-child.js")], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as EncoderStormBench;
}
