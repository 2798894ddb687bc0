/**
 * Run as its own process by the bench (a real motor child process): the motor node as
 * `hailo-ros motor --dry-run` starts it (registry entry, its I/O from the composition root, dry-run
 * GPIO, simulated wheels), driven forward over the in-process transport. Two kinds of trial, each
 * timed to the dry-run write of duty 0 on the left PWM pin (GPIO12):
 * - obstacle: the range reading turns to 0.15 m at a random moment between samples (the sensor
 *   answers after the echo's round trip, as the simulated one does) — from that moment;
 * - bumper: GPIO19 pressed in a macrotask of its own, as an edge callback arrives — from its start.
 * Prints one JSON line.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { DryRunGpio } from "../../src/adapters/gpio/dry-run-gpio.ts";
import { createNodeIo } from "../../src/app/node-io.ts";
import type { RangeOutcome } from "../../src/core/sensors/range-reading.ts";
import { NODES } from "../../src/nodes/registry.ts";
import type { MotorNodeIo } from "../../src/nodes/motor/motor-node-io.ts";
import type { RangeSensor } from "../../src/ports/range-sensor.ts";
import { mulberry32 } from "./measure.ts";

const RANGE_RATE_HZ = 10;
const TRIALS = Number(process.env.TRIALS ?? 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let obstacle = false;
let obstacleSampledAt: number | undefined;
/** The scripted front sensor: 2 m, or 0.15 m once the obstacle is there; answers after the echo. */
const front: RangeSensor = {
  name: "front",
  description: "bench range (obstacle switched by the bench)",
  read: () => {
    const metres = obstacle ? 0.15 : 2;
    return new Promise<RangeOutcome>((resolve) =>
      setTimeout(
        () => {
          if (metres < 1 && obstacleSampledAt === undefined) obstacleSampledAt = performance.now();
          resolve({ kind: "distance", metres });
        },
        ((2 * metres) / 343) * 1000,
      ),
    );
  },
  close: () => undefined,
};

let stopWaiter: ((at: number) => void) | undefined;
const onDryRunLine = (line: string) => {
  if (line === "GPIO12 pwm = 0.000" && stopWaiter !== undefined) {
    const resolve = stopWaiter;
    stopWaiter = undefined;
    resolve(performance.now());
  }
};
const nextStop = () => new Promise<number>((resolve) => (stopWaiter = resolve));

const runtime = new LocalRuntime({ logSink: () => undefined });
const base = await createNodeIo("motor", { dryRunLog: onDryRunLine });
let gpio: DryRunGpio | undefined;
const io: MotorNodeIo = {
  ...base,
  createGpio: async (request) => {
    const port = await base.createGpio(request);
    if (port instanceof DryRunGpio) gpio = port;
    return port;
  },
  createRangeSensors: () => Promise.resolve([front]),
};
const running = await NODES.motor.start({
  runtime,
  io,
  parameterOverrides: { dry_run: true, bumper_pins: [19], range_rate: RANGE_RATE_HZ, max_linear_acceleration: 0 },
});
const peer = runtime.createNode("bench_driver");
const cmd = peer.createPublisher("geometry_msgs/msg/TwistStamped", "/cmd_vel");
const drive = setInterval(
  () =>
    cmd.publish({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: "" },
      twist: { linear: { x: 0.3, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } },
    }),
  50,
);
const lag = monitorEventLoopDelay({ resolution: 1 });
lag.enable();
const random = mulberry32(14);
const periodMs = 1000 / RANGE_RATE_HZ;

const obstacleMs: number[] = [];
const sampleToStopMs: number[] = [];
for (let i = 0; i < TRIALS; i++) {
  await sleep(300); // moving again
  // A random phase against the sampling timer.
  await sleep(random() * periodMs);
  obstacleSampledAt = undefined;
  const stopped = nextStop();
  const appearedAt = performance.now();
  obstacle = true;
  const at = await stopped;
  obstacleMs.push(at - appearedAt);
  sampleToStopMs.push(at - (obstacleSampledAt ?? at));
  obstacle = false;
  await sleep(2 * periodMs); // released
}

const bumperMs: number[] = [];
for (let i = 0; i < TRIALS * 2; i++) {
  await sleep(200);
  const stopped = nextStop();
  let pressedAt = 0;
  setTimeout(() => {
    pressedAt = performance.now();
    gpio?.setInput(19, 0);
  }, 1);
  const at = await stopped;
  bumperMs.push(at - pressedAt);
  await sleep(30);
  gpio?.setInput(19, 1);
  await sleep(50); // the debounce re-read releases it
}
lag.disable();
clearInterval(drive);
await running.destroy();
await runtime.shutdown();
process.stdout.write(
  `${JSON.stringify({ periodMs, obstacleMs, sampleToStopMs, bumperMs, eventLoopP99Ms: lag.percentile(99) / 1e6, gpio: gpio !== undefined })}\n`,
);
