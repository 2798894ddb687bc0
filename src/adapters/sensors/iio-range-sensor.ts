/**
 * Ultrasonic range from the kernel's IIO distance device (`/sys/bus/iio/devices/iio:deviceN`):
 * `dtoverlay=hcsr04,trig-gpio=..,echo-gpio=..` binds the srf04 driver, which pings and times the
 * echo in the kernel when `in_distance_raw` is read (millimetres; ETIMEDOUT with no echo). The
 * read blocks its thread for up to ~70 ms, so it runs on libuv's thread pool, never on the event
 * loop. Devices are found by their `name` file; the sysfs root is injectable for tests.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseIioDistance, readErrorOutcome, type RangeOutcome } from "../../core/sensors/range-reading.ts";
import type { RangeSensor } from "../../ports/range-sensor.ts";

export const SYSFS_IIO_ROOT = "/sys/bus/iio/devices";

/** Names the kernel gives the IIO device of an HC-SR04 (srf04 is the driver the Raspberry Pi overlay binds). */
export const HCSR04_DEVICE_NAMES = ["srf04", "hcsr04", "hc-sr04"] as const;

export interface IioDevice {
  /** "iio:device0" */
  readonly dir: string;
  readonly name: string;
  readonly hasDistance: boolean;
}

function readTrimmed(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
}

export function listIioDevices(root: string = SYSFS_IIO_ROOT): IioDevice[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => /^iio:device\d+$/.test(n))
    .sort((a, b) => Number(a.slice(10)) - Number(b.slice(10)))
    .map((dir) => ({
      dir,
      name: readTrimmed(path.join(root, dir, "name")) ?? "",
      hasDistance: existsSync(path.join(root, dir, "in_distance_raw")),
    }));
}

const OVERLAY_HINT =
  "add `dtoverlay=hcsr04,trig-gpio=<trigger GPIO>,echo-gpio=<echo GPIO>` to /boot/firmware/config.txt (one line per sensor) and reboot, " +
  "or check `dmesg | grep srf04`; without the sensor set range_sensors:=[]";

/**
 * The device directory for `spec`: "iio:deviceN", a device name (the n-th of several as
 * "name#n", counting from 1; "hcsr04" also matches the srf04 driver's name), taken in order and
 * not given to an earlier sensor. Throws naming what was found and the overlay to add.
 */
export function findRangeDevice(spec: string, devices: readonly IioDevice[], taken: ReadonlySet<string> = new Set()): IioDevice {
  const found = devices.length === 0 ? "no IIO devices" : devices.map((d) => `${d.dir} "${d.name}"`).join(", ");
  if (/^iio:device\d+$/.test(spec)) {
    const device = devices.find((d) => d.dir === spec);
    if (device === undefined) throw new Error(`range device '${spec}' does not exist (found: ${found}); ${OVERLAY_HINT}`);
    if (!device.hasDistance)
      throw new Error(`range device '${spec}' ("${device.name}") has no in_distance_raw: it is not a distance sensor`);
    return device;
  }
  const [name = spec, nth] = spec.split("#");
  const names: readonly string[] = name === "hcsr04" ? HCSR04_DEVICE_NAMES : [name];
  const matching = devices.filter((d) => names.includes(d.name) && d.hasDistance);
  const index = nth !== undefined ? Number(nth) - 1 : matching.findIndex((d) => !taken.has(d.dir));
  const device = Number.isInteger(index) && index >= 0 ? matching[index] : undefined;
  if (device === undefined) {
    throw new Error(
      `no IIO distance device named ${names.map((n) => `'${n}'`).join(" or ")}${nth !== undefined ? ` (#${nth})` : ""} under the IIO sysfs tree (found: ${found}); ${OVERLAY_HINT}`,
    );
  }
  return device;
}

export class IioRangeSensor implements RangeSensor {
  readonly name: string;
  readonly description: string;
  readonly #raw: string;
  readonly #scale: string | undefined;
  #closed = false;

  constructor(name: string, device: IioDevice, root: string = SYSFS_IIO_ROOT) {
    this.name = name;
    this.description = `${device.dir} (${device.name})`;
    this.#raw = path.join(root, device.dir, "in_distance_raw");
    this.#scale = readTrimmed(path.join(root, device.dir, "in_distance_scale"));
  }

  async read(): Promise<RangeOutcome> {
    if (this.#closed) return { kind: "invalid", reason: "closed" };
    let text: string;
    try {
      text = await readFile(this.#raw, "utf8");
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      return readErrorOutcome(e.code, `${this.#raw}: ${e.message}`);
    }
    const parsed = parseIioDistance(text, this.#scale);
    return parsed.ok ? { kind: "distance", metres: parsed.metres } : { kind: "invalid", reason: `${this.#raw}: ${parsed.error}` };
  }

  close(): void {
    this.#closed = true;
  }
}

/** One sensor per (name, device spec), each device used once. */
export function openIioRangeSensors(
  sensors: ReadonlyArray<{ readonly name: string; readonly device: string }>,
  root: string = SYSFS_IIO_ROOT,
): IioRangeSensor[] {
  const devices = listIioDevices(root);
  const taken = new Set<string>();
  return sensors.map(({ name, device: spec }) => {
    let device: IioDevice;
    try {
      device = findRangeDevice(spec, devices, taken);
    } catch (error) {
      throw new Error(`range sensor '${name}': ${(error as Error).message}`, { cause: error });
    }
    taken.add(device.dir);
    return new IioRangeSensor(name, device, root);
  });
}
