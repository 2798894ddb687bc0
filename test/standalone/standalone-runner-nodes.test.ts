import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OFFERED_QOS_PROFILES_KEY, parseOfferedQosProfiles } from "../../src/adapters/mcap/offered-qos-profiles.ts";
import { readMcapChannels, readMcapMessages } from "../../src/adapters/mcap/read-mcap-messages.ts";
import { registryNodeStarter, type NodeStarter } from "../../src/app/registry-node-starter.ts";
import { NODE_NAMES } from "../../src/nodes/registry.ts";
import { QosPresets } from "../../src/ports/ros.ts";
import { formatSummary } from "../../src/standalone/run-summary.ts";
import { runStandalone } from "../../src/standalone/standalone-runner.ts";
import { cup, FakeImageSource, fakeNode, ManualTime, type FakeNode, type FakeNodeOptions } from "./fixtures.ts";

/** The node names as unknown-node messages list them. */
const LIST = NODE_NAMES.join(", ");

/** Starts fake nodes by name, remembering them, with the options given per name. */
function fakeStarter(options: Record<string, FakeNodeOptions & { startError?: Error }>) {
  const started = new Map<string, FakeNode>();
  const startNode: NodeStarter = async (name, { runtime }) => {
    const { startError, ...nodeOptions } = options[name] ?? {};
    if (startError !== undefined) throw startError;
    const node = fakeNode(runtime, name, nodeOptions);
    started.set(name, node);
    return node;
  };
  return { startNode, started };
}

const MCAP_MAGIC = Uint8Array.from([0x89, 0x4d, 0x43, 0x41, 0x50, 0x30, 0x0d, 0x0a]);

const threeFrames = () => new FakeImageSource([{ groundTruth: [cup] }, { groundTruth: [cup] }, { groundTruth: [cup] }]);

describe("standalone runner with nodes from a starter", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "hailo-ros-runner-nodes-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("runs every node, scores the detections, records with the tap's QoS and reports each node's own stats", async () => {
    const { startNode, started } = fakeStarter({ echo: { echoGroundTruth: true }, camera_watcher: { watchImages: true } });
    const source = threeFrames();
    const recordPath = join(dir, "nodes.mcap");
    const summary = await runStandalone({ source, nodes: ["echo", "camera_watcher"], startNode, recordPath, log: () => undefined });
    assert.equal(summary.frames, 3);
    assert.deepEqual(summary.nodes, [
      { name: "echo", stats: { echoed: 3 } },
      { name: "camera_watcher", stats: { received: 3, processed: 3 } },
    ]);
    assert.deepEqual(summary.evaluation, { frames: 3, objects: 3, matched: 3, falsePositives: 0, minIou: 1 });
    for (const node of started.values()) assert.equal(node.calls.filter((c) => c === "destroy").length, 1);
    assert.equal(source.closed, 1);
    assert.match(formatSummary(summary), /^echo +3 +- +-$/m);

    const counted = { total: 0 };
    for await (const _ of readMcapMessages(recordPath)) counted.total++;
    assert.equal(summary.recordedMessages, counted.total);
    const channels = await readMcapChannels(recordPath);
    assert.deepEqual(
      channels.map((c) => [c.topic, parseOfferedQosProfiles(c.metadata.get(OFFERED_QOS_PROFILES_KEY) ?? "")]),
      [
        ["/image", [QosPresets.default]],
        ["/ground_truth", [QosPresets.default]],
        ["/detections", [QosPresets.default]],
      ],
    );
  });

  it("runs a node that is not given the camera input, without a ground-truth check when nothing publishes detections", async () => {
    const { startNode, started } = fakeStarter({});
    const summary = await runStandalone({ source: threeFrames(), nodes: ["planner"], startNode, log: () => undefined });
    assert.equal(summary.frames, 3);
    assert.deepEqual(summary.nodes, [{ name: "planner", stats: { echoed: 0 } }]);
    assert.equal(summary.evaluation, undefined);
    // Ready before the first frame, idle after every frame (lock step) and at the end, destroyed once.
    assert.deepEqual(started.get("planner")!.calls, ["ready", "idle", "idle", "idle", "idle", "destroy"]);
  });

  it("plays at a camera rate on the time it is given, without a ground-truth check", async () => {
    const { startNode } = fakeStarter({ echo: { echoGroundTruth: true } });
    const time = new ManualTime();
    const summary = await runStandalone({ source: threeFrames(), nodes: ["echo"], startNode, fps: 20, time, log: () => undefined });
    assert.deepEqual(time.sleeps, [50, 50, 50]);
    assert.equal(summary.evaluation, undefined);
  });

  const failures: Array<{
    what: string;
    nodes: Record<string, FakeNodeOptions & { startError?: Error }>;
    error: RegExp;
    destroyed: string[];
  }> = [
    {
      what: "a node that cannot start: the ones started before it are destroyed",
      nodes: { a: {}, b: { startError: new Error("parameter 'x' is out of range") } },
      error: /^Error: parameter 'x' is out of range$/,
      destroyed: ["a"],
    },
    {
      what: "a node that is not serving: the run stops before the first frame",
      nodes: { a: {}, b: { unavailableReason: "has no model (see the error above)" } },
      error: /^Error: the b node has no model \(see the error above\)$/,
      destroyed: ["a", "b"],
    },
    {
      what: "a node whose destroy fails: the others are still destroyed, the run reports it",
      nodes: { a: { destroyError: new Error("device busy") }, b: {} },
      error: /^Error: the run finished but cleaning up failed: destroying node 'a': device busy$/,
      destroyed: ["a", "b"],
    },
  ];
  for (const { what, nodes, error, destroyed } of failures) {
    it(`cleans up after ${what}`, async () => {
      const { startNode, started } = fakeStarter(nodes);
      const source = threeFrames();
      const recordPath = join(dir, `failure-${Object.keys(nodes).join("")}-${destroyed.length}.mcap`);
      const lines: string[] = [];
      await assert.rejects(
        runStandalone({ source, nodes: Object.keys(nodes), startNode, recordPath, log: (line) => lines.push(line) }),
        error,
      );
      assert.deepEqual(
        [...started].filter(([, node]) => node.calls.includes("destroy")).map(([name]) => name),
        destroyed,
      );
      assert.equal(source.closed, 1);
      if (nodes.b?.startError !== undefined) await assert.rejects(stat(recordPath), /ENOENT/);
      // Closed, with its summary: a complete MCAP file ends with the magic it starts with.
      else assert.deepEqual([...(await readFile(recordPath)).subarray(-8)], [...MCAP_MAGIC]);
    });
  }

  it("names the registry's nodes when asked for one it does not have", async () => {
    const source = threeFrames();
    await assert.rejects(
      runStandalone({ source, nodes: ["fly"], startNode: registryNodeStarter(), log: () => undefined }),
      new RegExp(`^Error: unknown node 'fly' \\(nodes: ${LIST}\\)$`),
    );
    assert.equal(source.closed, 1);
  });
});
