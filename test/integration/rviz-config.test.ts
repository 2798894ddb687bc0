/**
 * launch/rviz/hailo_ros.rviz against the nodes it shows: every display's topic is one the nodes
 * publish, with the message type the display reads, and the QoS it asks for matches what the
 * publishers offer (otherwise rviz shows nothing, and says so only in its status panel).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AdvertisedTopic } from "../../src/adapters/local/local-runtime.ts";
import { matchQos } from "../../src/adapters/ros-common/qos-compatibility.ts";
import { registryNodeStarter } from "../../src/app/registry-node-starter.ts";
import { AcceleratorScheduler } from "../../src/core/scheduling/accelerator-scheduler.ts";
import type { RunningNode } from "../../src/nodes/registry.ts";
import type { QosProfile } from "../../src/ports/ros.ts";
import { recordingRuntime } from "../adapters/local/fixtures.ts";

const RVIZ = fileURLToPath(new URL("../../../launch/rviz/hailo_ros.rviz", import.meta.url));

const TYPE_OF_DISPLAY: Readonly<Record<string, string>> = {
  "rviz_default_plugins/Image": "sensor_msgs/msg/Image",
  "rviz_default_plugins/MarkerArray": "visualization_msgs/msg/MarkerArray",
  "rviz_default_plugins/PointCloud2": "sensor_msgs/msg/PointCloud2",
};

interface RvizTopic {
  readonly Value: string;
  readonly Depth: number;
  readonly "Reliability Policy": "Reliable" | "Best Effort";
  readonly "Durability Policy": "Volatile" | "Transient Local";
}

interface RvizDisplay {
  readonly Class: string;
  readonly Name: string;
  readonly Enabled: boolean;
  readonly Topic?: RvizTopic;
}

/**
 * The displays of an .rviz file (YAML, as rviz2 writes it): each `- Class:` item of the Displays
 * list with its Name, Enabled and Topic keys. Enough for rviz's own layout, not YAML in general.
 */
function parseDisplays(text: string): RvizDisplay[] {
  const displays: Array<Record<string, unknown> & { Topic?: Record<string, unknown> }> = [];
  const scalar = (v: string): unknown => (v === "true" ? true : v === "false" ? false : /^\d+$/.test(v) ? Number(v) : v);
  let itemIndent = -1;
  let inTopic = false;
  for (const line of text.split("\n")) {
    const item = /^(\s*)- Class: (\S+)$/.exec(line);
    if (item !== null && (itemIndent < 0 ? item[2]!.startsWith("rviz_default_plugins/") : item[1]!.length === itemIndent)) {
      itemIndent = item[1]!.length;
      inTopic = false;
      displays.push({ Class: item[2] });
      continue;
    }
    const key = /^(\s*)([A-Za-z ]+):\s*(.*)$/.exec(line);
    const current = displays.at(-1);
    if (key === null || current === undefined) continue;
    const indent = key[1]!.length;
    if (indent <= itemIndent) break; // the Displays list is over
    if (indent === itemIndent + 2) {
      inTopic = key[2] === "Topic";
      if (inTopic) current.Topic = {};
      else current[key[2]!] = scalar(key[3]!);
    } else if (inTopic && indent === itemIndent + 4) current.Topic![key[2]!] = scalar(key[3]!);
  }
  return displays as unknown as RvizDisplay[];
}

const text = readFileSync(RVIZ, "utf8");
const displays = parseDisplays(text);
const fixedFrame = /^\s*Fixed Frame: (\S+)$/m.exec(text)?.[1];

function requested(topic: RvizTopic): QosProfile {
  return {
    reliability: topic["Reliability Policy"] === "Reliable" ? "reliable" : "best_effort",
    durability: topic["Durability Policy"] === "Transient Local" ? "transient_local" : "volatile",
    depth: topic.Depth,
  };
}

describe("launch/rviz/hailo_ros.rviz", function () {
  this.timeout(60_000);
  let dir: string;
  const advertised = new Map<string, AdvertisedTopic>();
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "hailo-ros-rviz-"));
    const { runtime } = recordingRuntime();
    const scheduler = new AcceleratorScheduler();
    const startNode = registryNodeStarter({ io: { cacheDir: join(dir, "models") }, processes: "single" });
    const nodes: RunningNode[] = [];
    for (const [name, parameterOverrides] of [
      ["detection", { backend: "sim" }],
      ["depth", { backend: "sim" }],
      ["tracking", {}],
      ["fusion", {}],
    ] as const) {
      nodes.push(await startNode(name, { runtime, scheduler, parameterOverrides }));
    }
    await Promise.all(nodes.map((n) => n.ready()));
    runtime.advertisedTopics$.subscribe((t) => void advertised.set(t.topic.replace(/^\//, ""), t)).unsubscribe();
    for (const n of nodes) await n.destroy();
    scheduler.close();
    await runtime.shutdown();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("shows the detection overlay, the markers, the depth points and TF over a grid, in base_link", () => {
    assert.deepEqual(
      displays.filter((d) => d.Enabled).map((d) => [d.Class, d.Topic?.Value ?? ""]),
      [
        ["rviz_default_plugins/Grid", ""],
        ["rviz_default_plugins/TF", ""],
        ["rviz_default_plugins/Image", "detections/image"],
        ["rviz_default_plugins/MarkerArray", "markers"],
        ["rviz_default_plugins/PointCloud2", "depth/points"],
      ],
    );
    assert.equal(fixedFrame, "base_link");
  });

  for (const display of displays.filter((d) => d.Topic !== undefined)) {
    it(`${display.Name}: '${display.Topic!.Value}' is published as ${TYPE_OF_DISPLAY[display.Class]}, and the display's QoS matches its publishers`, () => {
      const topic = display.Topic!;
      assert.ok(!topic.Value.startsWith("/"), "relative, so a namespace (-r __ns:=/robot1) moves it with the nodes");
      const published = advertised.get(topic.Value);
      assert.ok(published !== undefined, `no node publishes ${topic.Value}; published: ${[...advertised.keys()].join(", ")}`);
      assert.equal(published.type, TYPE_OF_DISPLAY[display.Class]);
      for (const offered of published.offeredQos) {
        const match = matchQos(offered, requested(topic));
        assert.ok(match.compatible, match.compatible ? "" : match.reason);
      }
    });
  }
});
