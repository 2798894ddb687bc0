/**
 * Binding overhead per inference: simulated device with zero latency and a tiny frame, so what is
 * measured is JS → native → device thread → JS, not model time.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDevice } from "hailort-node";

export interface NativeOverheadOptions {
  readonly inferences?: number;
  readonly warmup?: number;
  /** Inferences kept in flight at once (1 = strictly sequential round trips). */
  readonly concurrency?: number;
}

export async function measureNativeInferOverheadUs(options: NativeOverheadOptions = {}): Promise<number> {
  const inferences = options.inferences ?? 5000;
  const warmup = options.warmup ?? 500;
  const concurrency = options.concurrency ?? 1;
  const dir = await mkdtemp(join(tmpdir(), "hailort-node-bench-"));
  const path = join(dir, "overhead.sim.json");
  await writeFile(
    path,
    JSON.stringify({
      format: "hailort-node-sim-model",
      input: { height: 8, width: 8, channels: 3 },
      latency_ms: 0,
      queue_size: 4,
      rule: { kind: "identity" },
    }),
  );
  const device = await openDevice({ device: "sim", groupId: "hailort-node-bench" });
  try {
    const model = await device.loadModel(path);
    const frame = new Uint8Array(8 * 8 * 3);
    const run = async (n: number) => {
      let next = 0;
      const worker = async () => {
        while (next++ < n) await model.infer(frame);
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };
    await run(warmup);
    const start = process.hrtime.bigint();
    await run(inferences);
    const elapsedUs = Number(process.hrtime.bigint() - start) / 1000;
    await model.close();
    return elapsedUs / inferences;
  } finally {
    await device.close();
    await rm(dir, { recursive: true, force: true });
  }
}
