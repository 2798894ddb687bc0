/**
 * The composition root's half of the node registry: the adapters each node is given, by name,
 * loaded only for the node asked for.
 */
import { writeSync } from "node:fs";
import { DryRunGpio } from "../adapters/gpio/dry-run-gpio.ts";
import { SimulatedWheels } from "../adapters/sensors/simulated-wheels.ts";
import type { MotorNodeIo } from "../nodes/motor/motor-node-io.ts";
import type { NodeIoMap, NodeName } from "../nodes/registry.ts";

/** The dry run's lines, written synchronously so that the last ones (the stop on exit) are never lost. */
function dryRunLine(line: string): void {
  writeSync(1, `[dry-run] ${line}\n`);
}

export interface NodeIoOptions {
  /** Where built-in models are written (default: the user's cache). */
  readonly cacheDir?: string;
  /** Logs a line about how the node's I/O was set up (e.g. JavaScript image preprocessing). */
  readonly note?: (line: string) => void;
  /** Where the motor node's dry run writes what it would drive (default: stdout, synchronously). */
  readonly dryRunLog?: (line: string) => void;
  /** Where the IIO range devices are (default /sys/bus/iio/devices). */
  readonly iioRoot?: string;
}

export async function createNodeIo<N extends NodeName>(name: N, options: NodeIoOptions = {}): Promise<NodeIoMap[N]> {
  switch (name) {
    case "detection": {
      const [{ createDetectionNodeIo }, { loadNativeImageKernels }] = await Promise.all([
        import("./detection-io.ts"),
        import("../adapters/native-image-kernels.ts"),
      ]);
      const kernels = await loadNativeImageKernels();
      if (!kernels.ok) options.note?.(`image preprocessing in JavaScript: ${kernels.reason}`);
      return createDetectionNodeIo({
        ...(kernels.ok ? { imageKernels: kernels.kernels } : {}),
        ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
      }) as NodeIoMap[N];
    }
    case "depth": {
      const [{ createDepthNodeIo }, { loadNativeImageKernels }] = await Promise.all([
        import("./depth-io.ts"),
        import("../adapters/native-image-kernels.ts"),
      ]);
      const kernels = await loadNativeImageKernels();
      if (!kernels.ok) options.note?.(`image preprocessing in JavaScript: ${kernels.reason}`);
      return createDepthNodeIo({
        ...(kernels.ok ? { imageKernels: kernels.kernels } : {}),
        ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
      }) as NodeIoMap[N];
    }
    case "motor": {
      const [{ createGpio }, { stopOnExit }] = await Promise.all([
        import("../adapters/gpio/create-gpio.ts"),
        import("../adapters/gpio/exit-guard.ts"),
      ]);
      const io: MotorNodeIo = {
        createGpio: async (request) => {
          const gpio = await createGpio({ ...request, log: options.dryRunLog ?? dryRunLine });
          // From here until the pins are closed, every way out of the process drives them off first.
          const release = stopOnExit(() => gpio.allOffSync());
          const close = gpio.close.bind(gpio);
          gpio.close = () => {
            close();
            release();
          };
          return gpio;
        },
        createRangeSensors: async (request) => {
          if (request.dryRun) {
            const { SimulatedRangeSensor } = await import("../adapters/sensors/simulated-range-sensor.ts");
            return request.sensors.map(({ name }) => new SimulatedRangeSensor(name, request.simulatedScript));
          }
          const { openIioRangeSensors } = await import("../adapters/sensors/iio-range-sensor.ts");
          return openIioRangeSensors(request.sensors, options.iioRoot);
        },
        createWheelSimulation: (gpio, encoders, dryRun) =>
          dryRun && gpio instanceof DryRunGpio ? new SimulatedWheels(gpio, encoders) : undefined,
      };
      return io as NodeIoMap[N];
    }
    case "tracking":
    case "fusion":
      return {} as NodeIoMap[N];
    case "command": {
      const { createCommandNodeIo } = await import("./command-io.ts");
      return createCommandNodeIo() as NodeIoMap[N];
    }
    case "camera": {
      const { createCameraNodeIo } = await import("./camera-io.ts");
      return createCameraNodeIo() as NodeIoMap[N];
    }
  }
  throw new Error(`no I/O for node '${String(name)}'`);
}
