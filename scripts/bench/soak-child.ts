/**
 * Run as its own process by the bench: the soak (soak.ts) in a fresh process, so the memory the
 * cases before it left behind (garbage, heap and allocator state) does not enter its RSS figure.
 * The letterbox uses hailort-node's native kernels when they load, as `hailo-ros` runs it.
 * Prints one JSON line: the SoakResult and which kernels ran.
 */
import { loadNativeImageKernels } from "../../src/adapters/native-image-kernels.ts";
import { runSoak } from "./soak.ts";

const frames = Number(process.argv[2] ?? 20_000);
const loaded = await loadNativeImageKernels();
const result = await runSoak({ frames, ...(loaded.ok ? { imageKernels: loaded.kernels } : {}) });
process.stdout.write(`${JSON.stringify({ ...result, kernels: loaded.ok ? "native" : "typescript" })}\n`);
