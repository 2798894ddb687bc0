/** The IIO range adapter on fake sysfs trees in temp directories: finding devices by name, reading millimetres, the missing-device error. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findRangeDevice, IioRangeSensor, listIioDevices, openIioRangeSensors } from "../../../src/adapters/sensors/iio-range-sensor.ts";
import { SimulatedRangeSensor } from "../../../src/adapters/sensors/simulated-range-sensor.ts";

describe("adapters/sensors/iio-range-sensor (fake sysfs)", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "hailo-ros-iio-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const device = (
    n: number,
    name: string,
    files: Record<string, string> = { in_distance_raw: "250\n", in_distance_scale: "0.001000\n" },
  ) => {
    const dir = path.join(root, `iio:device${n}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "name"), `${name}\n`);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    return dir;
  };

  it("lists devices in number order with their names and whether they measure distance", () => {
    device(10, "srf04");
    device(2, "ads1015", { in_voltage0_raw: "12" });
    assert.deepEqual(listIioDevices(root), [
      { dir: "iio:device2", name: "ads1015", hasDistance: false },
      { dir: "iio:device10", name: "srf04", hasDistance: true },
    ]);
    assert.deepEqual(listIioDevices(path.join(root, "absent")), []);
  });

  it("finds sensors by name (hcsr04 matches the srf04 driver), the n-th of a name, or iio:deviceN, each once", () => {
    device(0, "srf04");
    device(1, "ads1015", { in_voltage0_raw: "1" });
    device(2, "srf04");
    const devices = listIioDevices(root);
    assert.equal(findRangeDevice("hcsr04", devices).dir, "iio:device0");
    assert.equal(findRangeDevice("hcsr04", devices, new Set(["iio:device0"])).dir, "iio:device2");
    assert.equal(findRangeDevice("srf04#2", devices).dir, "iio:device2");
    assert.equal(findRangeDevice("iio:device2", devices).dir, "iio:device2");
    assert.throws(() => findRangeDevice("iio:device1", devices), /has no in_distance_raw/);
    const sensors = openIioRangeSensors(
      [
        { name: "front", device: "hcsr04" },
        { name: "rear", device: "hcsr04" },
      ],
      root,
    );
    assert.deepEqual(
      sensors.map((s) => s.description),
      ["iio:device0 (srf04)", "iio:device2 (srf04)"],
    );
  });

  it("a missing device is an error naming the sensor, what was found and the config.txt overlay line", () => {
    device(1, "ads1015", { in_voltage0_raw: "1" });
    assert.throws(
      () => openIioRangeSensors([{ name: "front", device: "hcsr04" }], root),
      (error: Error) => {
        assert.match(error.message, /^range sensor 'front': no IIO distance device named 'srf04' or 'hcsr04' or 'hc-sr04'/);
        assert.match(error.message, /found: iio:device1 "ads1015"/);
        assert.match(error.message, /dtoverlay=hcsr04,trig-gpio=<trigger GPIO>,echo-gpio=<echo GPIO>/);
        assert.match(error.message, /\/boot\/firmware\/config\.txt/);
        return true;
      },
    );
    assert.throws(
      () => openIioRangeSensors([{ name: "front", device: "iio:device7" }], path.join(root, "none")),
      /'iio:device7' does not exist \(found: no IIO devices\)/,
    );
  });

  it("reads in_distance_raw in millimetres with its scale, and reports a bad file as invalid", async () => {
    const dir = device(0, "srf04");
    const [sensor] = openIioRangeSensors([{ name: "front", device: "hcsr04" }], root);
    assert.deepEqual(await sensor!.read(), { kind: "distance", metres: 0.25 });
    writeFileSync(path.join(dir, "in_distance_raw"), "1834\n");
    assert.deepEqual(await sensor!.read(), { kind: "distance", metres: 1.834 });
    writeFileSync(path.join(dir, "in_distance_raw"), "garbage\n");
    const bad = await sensor!.read();
    assert.equal(bad.kind, "invalid");
    rmSync(path.join(dir, "in_distance_raw"));
    mkdirSync(path.join(dir, "in_distance_raw"));
    const unreadable = await new IioRangeSensor("front", { dir: "iio:device0", name: "srf04", hasDistance: true }, root).read();
    assert.equal(unreadable.kind, "invalid");
    sensor!.close();
    assert.deepEqual(await sensor!.read(), { kind: "invalid", reason: "closed" });
  });

  it("the simulated sensor follows its script after the echo's round trip, and names itself as simulated", async () => {
    let now = 0;
    const sensor = new SimulatedRangeSensor("front", "0:2,10:0.2", () => now);
    assert.equal(sensor.description, "simulated range (scripted: 0:2,10:0.2)");
    now = 5000;
    const reading = await sensor.read();
    assert.equal(reading.kind, "distance");
    assert.ok(reading.kind === "distance" && Math.abs(reading.metres - 1.1) < 1e-12);
    assert.throws(() => new SimulatedRangeSensor("front", "soon"), /parameter 'simulated_range': 'soon' is not seconds:metres/);
    sensor.close();
  });
});
