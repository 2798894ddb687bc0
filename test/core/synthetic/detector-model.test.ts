import assert from "node:assert/strict";
import {
  buildSyntheticDetectorOnnx,
  resolveSyntheticDetectorOptions,
  syntheticDetectorLimits,
} from "../../../src/core/synthetic/detector-model.ts";
import type { SyntheticDetectorOptions } from "../../../src/core/synthetic/detector-model.ts";

/** The length-delimited fields of one protobuf message, by field number (varints are skipped). */
function protoFields(bytes: Uint8Array): Map<number, Uint8Array[]> {
  const fields = new Map<number, Uint8Array[]>();
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const tag = varint();
    const wire = tag & 7;
    if (wire === 0) varint();
    else if (wire === 2) {
      const length = varint();
      const list = fields.get(tag >>> 3) ?? [];
      list.push(bytes.subarray(at, at + length));
      fields.set(tag >>> 3, list);
      at += length;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return fields;
}

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString("utf8");

describe("synthetic detector model", () => {
  it("defaults to a 640x640 input, stride 16 and a 257 px window", () => {
    assert.deepEqual(resolveSyntheticDetectorOptions(), { inputWidth: 640, inputHeight: 640, stride: 16, window: 257 });
    assert.deepEqual(syntheticDetectorLimits(), { minSize: 18, maxSize: 128, sameClassGap: 128, minGap: 2 });
  });

  const invalid: [string, Parameters<typeof buildSyntheticDetectorOnnx>[0], RegExp][] = [
    ["odd stride", { stride: 6 + 1, inputWidth: 7 * 90, inputHeight: 7 * 90 }, /options: stride: stride 7 must be even$/],
    [
      "width not a multiple of the stride",
      { inputWidth: 650 },
      /: inputWidth: input 650x640 must be a multiple of stride 16 in both directions$/,
    ],
    [
      "height not a multiple of the stride",
      { inputHeight: 650 },
      /: inputWidth: input 640x650 must be a multiple of stride 16 in both directions$/,
    ],
    ["even window", { window: 128 }, /: window: window 128 must be odd and at least stride \+ 3 \(19\)$/],
    ["window one short of a cell", { window: 17 }, /: window: window 17 must be odd and at least stride \+ 3 \(19\)$/],
    ["negative size", { inputHeight: -640 }, /: inputHeight: /],
    [
      "two problems at once, each named",
      { inputHeight: 650, window: 8 },
      /: inputWidth: input 640x650 must .*; window: window 8 must be odd/,
    ],
    ["options that are not an object", null as unknown as SyntheticDetectorOptions, /invalid synthetic detector options: options: /],
  ];
  for (const [name, options, error] of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(() => buildSyntheticDetectorOnnx(options), error);
    });
  }

  it("accepts the smallest window, stride + 3", () => {
    assert.deepEqual(resolveSyntheticDetectorOptions({ window: 19 }), { inputWidth: 640, inputHeight: 640, stride: 16, window: 19 });
    assert.equal(syntheticDetectorLimits({ window: 19 }).maxSize, 9);
  });

  it("describes itself in the metadata Ultralytics tools read (labels, input size, stride, task) and names its producer", () => {
    // ModelProto: producer_name 2, producer_version 3, doc_string 6, graph 7, metadata_props 14 (key 1, value 2).
    const model = protoFields(buildSyntheticDetectorOnnx({ inputWidth: 320, inputHeight: 256, stride: 8, window: 101 }));
    const metadata = Object.fromEntries(
      (model.get(14) ?? []).map((entry) => {
        const kv = protoFields(entry);
        return [text(kv.get(1)?.[0]), text(kv.get(2)?.[0])];
      }),
    );
    assert.deepEqual(metadata, {
      names: "{0: 'person', 1: 'bicycle', 2: 'car', 3: 'dog', 4: 'bottle', 5: 'chair'}",
      imgsz: "[256, 320]",
      stride: "8",
      task: "detect",
    });
    assert.equal(text(model.get(2)?.[0]), "hailo_ros");
    assert.equal(text(model.get(3)?.[0]), "1");
    assert.equal(text(model.get(6)?.[0]), "Synthetic detector for hailo_ros test scenes; input 320x256, stride 8, window 101.");
    // GraphProto: name 2, doc_string 10, input 11, output 12 (ValueInfoProto name 1).
    const graph = protoFields(model.get(7)![0]!);
    assert.equal(text(graph.get(2)?.[0]), "synthetic_detector");
    assert.match(text(graph.get(10)?.[0]), /not a trained network/);
    assert.deepEqual(
      [11, 12].map((field) => (graph.get(field) ?? []).map((v) => text(protoFields(v).get(1)?.[0]))),
      [["images"], ["output0"]],
    );
  });

  it("is deterministic and depends on its options", () => {
    const a = buildSyntheticDetectorOnnx();
    assert.deepEqual(buildSyntheticDetectorOnnx(), a);
    assert.notDeepEqual(buildSyntheticDetectorOnnx({ stride: 8 }), a);
    assert.ok(a.length < 100_000, `model is small (${a.length} bytes)`);
  });
});
