import assert from "node:assert/strict";
import { LocalRuntime } from "../../../src/adapters/local/local-runtime.ts";
import { defineParameters } from "../../../src/core/parameters/parameter-spec.ts";
import { ParameterHandler, type Prepared } from "../../../src/nodes/kit/parameter-handler.ts";

const spec = defineParameters({
  labels_file: { type: "string", default: "a.txt", description: "labels" },
  threshold: { type: "double", default: 0.5, range: { from: 0, to: 1 }, description: "threshold" },
  mode: { type: "string", default: "fast", choices: ["fast", "exact"], description: "mode", readOnly: true },
});

function setup(files: Record<string, string>, overrides: Record<string, string | number> = {}) {
  const runtime = new LocalRuntime({ logSink: () => {} });
  const node = runtime.createNode("handled", { parameterOverrides: overrides });
  const reads: string[] = [];
  const applied: Array<{ labels: string[]; changed: string[]; previous: number }> = [];
  let refuse: string | undefined;
  const handler = new ParameterHandler(node, spec, {
    refuse: () => refuse,
    prepare: (next, _changed, current): Prepared<string[]> => {
      if (current !== undefined && next.labels_file === current.labels_file) return { ok: true, value: [] };
      reads.push(next.labels_file);
      const text = files[next.labels_file];
      return text === undefined
        ? { ok: false, reason: `parameter 'labels_file': cannot read '${next.labels_file}'` }
        : { ok: true, value: text.split(",") };
    },
    apply: (_next, labels, changed, previous) => applied.push({ labels, changed: [...changed], previous: previous.threshold }),
  });
  return { node, handler, reads, applied, setRefuse: (r: string | undefined) => (refuse = r) };
}

describe("ParameterHandler", () => {
  it("declares every parameter of the spec with its descriptor and prepares the start-up configuration", () => {
    const { node, handler, reads } = setup({ "a.txt": "x,y" }, { threshold: 0.25 });
    assert.deepEqual(handler.values, { labels_file: "a.txt", threshold: 0.25, mode: "fast" });
    assert.deepEqual(handler.initial, { ok: true, value: ["x", "y"] });
    assert.deepEqual(reads, ["a.txt"]);
    assert.equal(node.getParameter("mode"), "fast");
  });

  it("prepares a batch once and applies that same preparation (the file is read once)", () => {
    const files: Record<string, string> = { "a.txt": "x", "b.txt": "p,q" };
    const { node, handler, reads, applied } = setup(files);
    reads.length = 0;
    const result = node.setParameters([{ name: "labels_file", value: "b.txt" }]);
    assert.deepEqual(result, { successful: true });
    files["b.txt"] = "changed after validation";
    assert.deepEqual(reads, ["b.txt"]);
    assert.deepEqual(applied, [{ labels: ["p", "q"], changed: ["labels_file"], previous: 0.5 }]);
    assert.equal(handler.values.labels_file, "b.txt");
  });

  const rejections: Array<[string, Array<{ name: string; value: string | number }>, RegExp]> = [
    ["a value outside the range (the port's check)", [{ name: "threshold", value: 2 }], /threshold.*outside the range \[0, 1\]/],
    ["what prepare refuses", [{ name: "labels_file", value: "missing.txt" }], /labels_file.*cannot read 'missing\.txt'/],
    ["a read-only parameter", [{ name: "mode", value: "exact" }], /mode.*read-only/],
  ];
  for (const [what, changes, reason] of rejections) {
    it(`rejects ${what}, keeping the old values and applying nothing`, () => {
      const { node, handler, applied } = setup({ "a.txt": "x" });
      const result = node.setParameters(changes);
      assert.equal(result.successful, false);
      assert.match(result.successful ? "" : result.reason, reason);
      assert.deepEqual(handler.values, { labels_file: "a.txt", threshold: 0.5, mode: "fast" });
      assert.deepEqual(applied, []);
    });
  }

  it("refuses every change while the node says so (e.g. shutting down)", () => {
    const { node, setRefuse, applied } = setup({ "a.txt": "x" });
    setRefuse("node 'handled' is shutting down");
    assert.deepEqual(node.setParameters([{ name: "threshold", value: 0.1 }]), {
      successful: false,
      reason: "node 'handled' is shutting down",
    });
    assert.deepEqual(applied, []);
  });

  it("throws at start-up, naming the parameter, when the schema rejects what the port accepted", () => {
    const runtime = new LocalRuntime({ logSink: () => {} });
    const node = runtime.createNode("strict");
    const tight = defineParameters({ name: { type: "string", default: "", choices: ["a", "b"], description: "one of a, b" } });
    assert.throws(
      () => new ParameterHandler(node, tight, { apply: () => {} }),
      /node 'strict': parameter 'name' = "": must be one of a, b/,
    );
  });
});
