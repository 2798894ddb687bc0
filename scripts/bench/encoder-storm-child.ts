/**
 * Run as its own process by the bench: the interrupt ceiling of encoder edges through onoff. A
 * second thread plays the epoll addon's watcher thread — it announces one edge, then waits until
 * the event loop has handled it before announcing the next (the addon's uv_async + semaphore hand
 * -off) — and the main thread does what onoff does per interrupt on a mock sysfs: the pin's value
 * file takes the new level (the kernel's part), onoff's handler reads it and calls the watcher,
 * which feeds the quadrature decoder. Edges per second handled, nothing lost, is the ceiling.
 * Prints one JSON line.
 */
import { writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import mock from "mock-fs";
import { OnoffGpioPort } from "../../src/adapters/gpio/onoff-gpio.ts";
import { EncoderDecoder } from "../../src/core/sensors/quadrature.ts";
import { onoffWithEdgeStorm } from "../../src/testing/onoff-edge-storm.ts";

const SECONDS = Number(process.env.STORM_SECONDS ?? 2);
const storm = onoffWithEdgeStorm();
const exported = { value: "0", direction: "in", active_low: "0", edge: "none" };
mock({ "/sys/class/gpio": { export: "", unexport: "", gpio588: { ...exported }, gpio598: { ...exported } } });
const port = new OnoffGpioPort({ base: 571, ngpio: 54, Gpio: storm.Gpio });
const a = port.digitalIn(17, "both");
const b = port.digitalIn(27, "both");
const decoder = new EncoderDecoder("quadrature", { a: 0, b: 0 });
a.watch((level) => decoder.edge("a", level));
b.watch((level) => decoder.edge("b", level));

const shared = new Int32Array(new SharedArrayBuffer(8));
const WATCHER = `
const { parentPort, workerData } = require("node:worker_threads");
const shared = workerData.shared;
const until = Date.now() + workerData.ms;
let n = 0;
while (Date.now() < until) {
  Atomics.store(shared, 0, 0);
  parentPort.postMessage(n++);
  // The semaphore: the next interrupt is taken only once this one was handled.
  Atomics.wait(shared, 0, 0, 1000);
}
parentPort.postMessage(-1);
`;
const GRAY = [
  [0, 0],
  [0, 1],
  [1, 1],
  [1, 0],
] as const;
let phase = 0;
let handled = 0;
const startedAt = performance.now();
let endedAt = startedAt;
await new Promise<void>((resolve) => {
  const worker = new Worker(WATCHER, { eval: true, workerData: { shared, ms: SECONDS * 1000 } });
  worker.on("message", (n: number) => {
    if (n < 0) {
      endedAt = performance.now();
      void worker.terminate().then(() => resolve());
      return;
    }
    const [oa, ob] = GRAY[phase]!;
    phase = (phase + 1) % 4;
    const [na, nb] = GRAY[phase]!;
    if (na !== oa) storm.fire(588, na);
    if (nb !== ob) storm.fire(598, nb);
    handled += 1;
    Atomics.store(shared, 0, 1);
    Atomics.notify(shared, 0);
  });
});
// The kernel's part done here (the value file's update on the mock tree), timed alone.
const WRITES = 20_000;
const t0 = performance.now();
for (let i = 0; i < WRITES; i++) writeFileSync("/sys/class/gpio/gpio588/value", i % 2 === 0 ? "1\n" : "0\n");
const valueWriteUs = ((performance.now() - t0) / WRITES) * 1000;
port.close();
mock.restore();
const seconds = (endedAt - startedAt) / 1000;
const counts = decoder.counts;
process.stdout.write(
  `${JSON.stringify({ edges: handled, seconds, count: counts.count, missed: counts.missedTicks, perSecond: handled / seconds, valueWriteUs })}\n`,
);
