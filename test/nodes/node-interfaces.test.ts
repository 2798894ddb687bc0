/**
 * Every node's interface declaration (src/nodes/<node>/interfaces.ts, from which docs/reference.md
 * is generated) is what the node really creates: each registry node is started on a local runtime
 * that records every publisher, subscription, service and action server made, in several
 * configurations; each recorded endpoint must match a declared one (type, topic, QoS), and each
 * declared one must have been created in at least one configuration.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { LocalRuntime } from "../../src/adapters/local/local-runtime.ts";
import { createNodeIo } from "../../src/app/node-io.ts";
import type { ParameterSpec } from "../../src/core/parameters/parameter-spec.ts";
import { qosOf, type NodeInterfaces, type TopicInterface } from "../../src/nodes/kit/node-interfaces.ts";
import { NODE_NAMES, NODES, type NodeName } from "../../src/nodes/registry.ts";
import type { ParameterValue, QosPresetName, QosProfile, RosNode, RosRuntime } from "../../src/ports/ros.ts";

interface Endpoint {
  readonly kind: "publishes" | "subscribes" | "services" | "actions";
  readonly type: string;
  readonly name: string;
  readonly qos?: QosProfile;
}

const RECORDED = {
  createPublisher: "publishes",
  createSubscription: "subscribes",
  createService: "services",
  createActionServer: "actions",
} as const;

/** Wraps a node so every endpoint it creates is recorded (methods run on the real node, its #private fields intact). */
function recording<T extends RosNode>(node: T, endpoints: Endpoint[]): T {
  return new Proxy(node, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const kind = typeof prop === "string" ? RECORDED[prop as keyof typeof RECORDED] : undefined;
      return (...args: unknown[]) => {
        if (kind !== undefined) {
          const [type, name, qos] = args as [string, string, QosProfile | undefined];
          endpoints.push({ kind, type, name, ...(kind === "publishes" || kind === "subscribes" ? { qos: qos! } : {}) });
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function recordingRuntime(local: LocalRuntime, endpoints: Endpoint[]): RosRuntime {
  return {
    kind: local.kind,
    createNode: (name, options) => recording(local.createNode(name, options), endpoints),
    createLifecycleNode: (name, callbacks, options) => recording(local.createLifecycleNode(name, callbacks, options), endpoints),
    shutdown: () => local.shutdown(),
  };
}

/** The configurations each node is started in: enough that every conditional endpoint appears. */
const CONFIGURATIONS: ReadonlyArray<readonly [NodeName, Readonly<Record<string, ParameterValue>>]> = [
  ["detection", {}],
  ["detection", { image_qos: "default" }],
  ["depth", {}],
  ["depth", { image_qos: "default" }],
  ["tracking", {}],
  ["fusion", {}],
  ["fusion", { detections_topic: "detections" }],
  ["command", {}],
  ["command", { use_stamped: false }],
  ["motor", { dry_run: true }],
  ["motor", { dry_run: true, use_stamped: false, encoder_type: "none", range_sensors: ["front", "rear"], obstacle_sensors: ["front"] }],
  ["motor", { dry_run: true, bumper_pins: [4] }],
  ["camera", {}],
  ["camera", { image_qos: "default" }],
];

function topicMatches(declared: TopicInterface, name: string, overrides: Readonly<Record<string, ParameterValue>>): boolean {
  const topic =
    declared.topicParameter !== undefined && typeof overrides[declared.topicParameter] === "string"
      ? (overrides[declared.topicParameter] as string)
      : declared.topic;
  if (!topic.includes("<name>")) return topic === name;
  const [before, after] = topic.split("<name>") as [string, string];
  return name.startsWith(before) && name.endsWith(after) && name.length > before.length + after.length;
}

function expectedQos(declared: TopicInterface, spec: ParameterSpec, overrides: Readonly<Record<string, ParameterValue>>): QosProfile {
  const parameter = declared.qos.presetParameter;
  const preset = parameter !== undefined ? ((overrides[parameter] ?? spec[parameter]?.default) as QosPresetName) : undefined;
  return qosOf(declared.qos, preset);
}

/** The declared entry an endpoint is, or a reason it is none. */
function declaredKeyOf(
  endpoint: Endpoint,
  interfaces: NodeInterfaces,
  spec: ParameterSpec,
  overrides: Readonly<Record<string, ParameterValue>>,
): string | undefined {
  if (endpoint.kind === "publishes" || endpoint.kind === "subscribes") {
    for (const [key, declared] of Object.entries(interfaces[endpoint.kind])) {
      if (declared.type !== endpoint.type || !topicMatches(declared, endpoint.name, overrides)) continue;
      assert.deepEqual(endpoint.qos, expectedQos(declared, spec, overrides), `QoS of ${endpoint.kind} ${endpoint.name}`);
      return `${endpoint.kind}.${key}`;
    }
    return undefined;
  }
  for (const [key, declared] of Object.entries(interfaces[endpoint.kind] ?? {}))
    if (declared.type === endpoint.type && declared.name === endpoint.name) return `${endpoint.kind}.${key}`;
  return undefined;
}

function declaredKeys(interfaces: NodeInterfaces): string[] {
  return (["publishes", "subscribes", "services", "actions"] as const).flatMap((kind) =>
    Object.keys(interfaces[kind] ?? {}).map((key) => `${kind}.${key}`),
  );
}

describe("nodes: each node's interface declaration is what it creates", function () {
  this.timeout(60_000);
  let cacheDir: string;
  before(() => (cacheDir = mkdtempSync(path.join(tmpdir(), "hailo-ros-interfaces-"))));
  after(() => rmSync(cacheDir, { recursive: true, force: true }));

  const seen = new Map<NodeName, Set<string>>(NODE_NAMES.map((n) => [n, new Set<string>()]));

  for (const [name, overrides] of CONFIGURATIONS) {
    it(`${name} ${JSON.stringify(overrides)}: every endpoint it creates is declared, with its type and QoS`, async () => {
      const endpoints: Endpoint[] = [];
      const local = new LocalRuntime({ logSink: () => undefined });
      const runtime = recordingRuntime(local, endpoints);
      const io = await createNodeIo(name, { cacheDir, dryRunLog: () => undefined });
      const started = await NODES[name].start({ runtime, io: io as never, parameterOverrides: overrides });
      try {
        await started.ready();
        const [interfaces, spec] = await Promise.all([NODES[name].interfaces(), NODES[name].parameters()]);
        assert.ok(endpoints.length > 0, "the recording runtime saw the node's endpoints");
        for (const endpoint of endpoints) {
          const key = declaredKeyOf(endpoint, interfaces, spec, overrides);
          assert.ok(
            key !== undefined,
            `${name} ${endpoint.kind} ${endpoint.name} (${endpoint.type}) is not in src/nodes/${name}/interfaces.ts`,
          );
          seen.get(name)!.add(key);
        }
      } finally {
        await started.destroy();
        await local.shutdown();
      }
    });
  }

  it("every declared endpoint was created in one of the configurations (none is documented but missing)", async () => {
    for (const name of NODE_NAMES) {
      const missing = declaredKeys(await NODES[name].interfaces()).filter((key) => !seen.get(name)!.has(key));
      assert.deepEqual(missing, [], `${name}: declared but never created`);
    }
  });
});
