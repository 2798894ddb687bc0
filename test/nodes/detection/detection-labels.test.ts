import assert from "node:assert/strict";
import { DetectionLabels } from "../../../src/nodes/detection/detection-labels.ts";

function setup(files: Record<string, string>) {
  const reads: string[] = [];
  const errors: string[] = [];
  let changes = 0;
  const labels = new DetectionLabels(
    {
      readTextFile: (path) => {
        reads.push(path);
        const text = files[path];
        if (text === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
        return text;
      },
      defaultModelLabels: ["red", "green"],
    },
    { debug: () => {}, info: () => {}, warn: () => {}, error: (m) => errors.push(m) },
    () => changes++,
  );
  return { labels, reads, errors, changes: () => changes };
}

const base = { labels_file: "", model_path: "", classes: [] as string[] };

describe("DetectionLabels", () => {
  it("uses the built-in model's names without a labels file, and COCO for another model", () => {
    const { labels } = setup({});
    labels.start(labels.prepare(base, undefined), base);
    assert.deepEqual(labels.names, ["red", "green"]);
    labels.follow({ ...base, model_path: "yolov8n.hef" }, "yolov8n.hef");
    assert.equal(labels.names.length, 80);
    assert.equal(labels.names[0], "person");
  });

  it("reads a labels file once for a batch and again only when the serving model needs other names", () => {
    const { labels, reads, changes } = setup({ "a.txt": "cat\ndog\n" });
    labels.start(labels.prepare(base, undefined), base);
    const next = { ...base, labels_file: "a.txt", classes: ["dog"] };
    const prepared = labels.prepare(next, base);
    assert.ok(prepared.ok);
    labels.apply(next, prepared.value, base, "");
    assert.deepEqual(reads, ["a.txt"], "validated and applied from one read");
    assert.deepEqual(labels.names, ["cat", "dog"]);
    assert.deepEqual([...(labels.allowed ?? [])], [1]);
    assert.equal(changes(), 1);
    labels.follow(next, "");
    assert.deepEqual(reads, ["a.txt"], "the serving model is the one it was prepared for");
  });

  const refusals: Array<[string, Record<string, string>, typeof base, RegExp]> = [
    ["an unreadable file", {}, { ...base, labels_file: "nope.txt" }, /labels_file.*cannot read 'nope\.txt' \(ENOENT\)/],
    [
      "a class the labels lack",
      { "a.txt": "cat" },
      { ...base, labels_file: "a.txt", classes: ["zebra"] },
      /classes.*'zebra' is not a label/,
    ],
  ];
  for (const [what, files, next, reason] of refusals) {
    it(`refuses ${what} with a reason naming the parameter`, () => {
      const { labels } = setup(files);
      labels.start(labels.prepare(base, undefined), base);
      const prepared = labels.prepare(next, base);
      assert.equal(prepared.ok, false);
      assert.match(prepared.ok ? "" : prepared.reason, reason);
    });
  }

  it("starts on class_N names when the start-up file is bad, saying so", () => {
    const { labels, errors } = setup({});
    const start = { ...base, labels_file: "gone.txt" };
    labels.start(labels.prepare(start, undefined), start);
    assert.deepEqual(labels.names, []);
    assert.match(errors[0]!, /cannot read 'gone\.txt'.*publishing class_N names until it is fixed/);
  });
});
