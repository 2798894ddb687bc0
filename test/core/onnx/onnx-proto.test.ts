import assert from "node:assert/strict";
import { GraphBuilder } from "../../../src/core/onnx/graph-builder.ts";
import {
  encodeAttributeProto,
  encodeModelProto,
  encodeNodeProto,
  encodeTensorProto,
  encodeValueInfoProto,
} from "../../../src/core/onnx/onnx-proto.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const ascii = (s: string): string => Buffer.from(s, "utf8").toString("hex");

describe("ONNX message encoders", () => {
  it("TensorProto with int64 data: dims, data_type, int64_data, name", () => {
    const bytes = encodeTensorProto({ name: "t", dataType: "int64", dims: [2], values: [1, -1] });
    // dims(1)=[2] packed | data_type(2)=7 | int64_data(7)=[1,-1] packed | name(8)="t"
    assert.equal(hex(bytes), "0a0102" + "1007" + "3a0b01ffffffffffffffffff01" + "420174");
  });

  it("TensorProto with float data and a scalar shape", () => {
    const bytes = encodeTensorProto({ name: "s", dataType: "float", dims: [], values: [2] });
    // no dims | data_type(2)=1 | float_data(4)=[2.0] packed | name(8)="s"
    assert.equal(hex(bytes), "1001" + "220400000040" + "420173");
  });

  it("rejects a tensor whose values do not fill its dims", () => {
    assert.throws(
      () => encodeTensorProto({ name: "w", dataType: "float", dims: [2, 3], values: [1, 2] }),
      /tensor "w": dims \[2, 3\] need 6 values but 2 were given/,
    );
  });

  for (const dims of [[2, -1], [1.5]]) {
    it(`rejects dimension ${dims.at(-1)} of a tensor`, () =>
      assert.throws(() => encodeTensorProto({ name: "w", dataType: "float", dims, values: [] }), {
        name: "RangeError",
        message: `tensor "w": dimension ${dims.at(-1)} must be a non-negative integer`,
      }));
  }

  it("TensorProto with an empty dimension and no values", () => {
    // dims(1)=[0] packed | data_type(2)=1 | no float_data (an empty packed field is left out) | name(8)="e"
    assert.equal(hex(encodeTensorProto({ name: "e", dataType: "float", dims: [0], values: [] })), "0a0100" + "1001" + "420165");
  });

  it("AttributeProto of type tensor carries the TensorProto", () => {
    const tensor = encodeTensorProto({ name: "s", dataType: "float", dims: [], values: [2] });
    assert.equal(
      hex(encodeAttributeProto("a", { tensor: { name: "s", dataType: "float", dims: [], values: [2] } })),
      "0a0161" + "2a" + tensor.length.toString(16).padStart(2, "0") + hex(tensor) + "a00104",
    );
  });

  it("NodeProto writes a custom domain and leaves the default one out", () => {
    const base = { opType: "Abs", inputs: ["x"], outputs: ["y"] };
    const plain = "0a0178" + "120179" + "2203" + ascii("Abs");
    assert.equal(hex(encodeNodeProto({ ...base, domain: "" })), plain);
    assert.equal(hex(encodeNodeProto({ ...base, domain: "com.x" })), plain + "3a05" + ascii("com.x"));
  });

  it("ModelProto writes each opset's domain and the metadata entries", () => {
    const g = new GraphBuilder("g");
    const x = g.input({ name: "x", elemType: "float", shape: [1] });
    g.node("Identity", [x], undefined, "y");
    const bytes = encodeModelProto({
      graph: g.build([{ name: "y", elemType: "float", shape: [1] }]),
      opsetImports: [
        { domain: "", version: 17 },
        { domain: "ml", version: 3 },
      ],
      metadata: { k: "v" },
    });
    const opsets = "42021011" + "4206" + "0a02" + ascii("ml") + "1003";
    const metadata = "7206" + "0a016b" + "120176";
    assert.ok(hex(bytes).endsWith(opsets + metadata), hex(bytes));
  });

  const attributeCases: [string, Parameters<typeof encodeAttributeProto>[1], string][] = [
    ["int", { int: 1 }, "1801" + "a00102"],
    ["float", { float: 0.5 }, "150000003f" + "a00101"],
    ["string", { string: "ab" }, "22026162" + "a00103"],
    ["ints", { ints: [0, 2] }, "42020002" + "a00107"],
    ["floats", { floats: [1] }, "3a040000803f" + "a00106"],
  ];
  for (const [kind, value, body] of attributeCases) {
    it(`AttributeProto of type ${kind}`, () => {
      assert.equal(hex(encodeAttributeProto("a", value)), "0a0161" + body);
    });
  }

  it("NodeProto: inputs, outputs, name, op_type, attributes", () => {
    const bytes = encodeNodeProto({ opType: "Cast", inputs: ["x"], outputs: ["y"], name: "n", attributes: { to: { int: 1 } } });
    const attribute = "0a02746f" + "1801" + "a00102";
    assert.equal(
      hex(bytes),
      "0a0178" + "120179" + "1a016e" + "2204" + ascii("Cast") + "2a" + (attribute.length / 2).toString(16).padStart(2, "0") + attribute,
    );
  });

  it("ValueInfoProto with fixed and symbolic dims", () => {
    const bytes = encodeValueInfoProto({ name: "v", elemType: "uint8", shape: [1, "n"] });
    const dims = "0a020801" + "0a03" + "12016e"; // Dimension{dim_value:1}, Dimension{dim_param:"n"}
    const tensorType = "0802" + "12" + "09" + dims; // elem_type=2, shape
    const typeProto = "0a" + "0d" + tensorType;
    assert.equal(hex(bytes), "0a0176" + "12" + "0f" + typeProto);
  });

  it("ModelProto starts with ir_version 8 and imports opset 17 by default", () => {
    const g = new GraphBuilder("g");
    const x = g.input({ name: "x", elemType: "float", shape: [1] });
    g.node("Identity", [x], undefined, "y");
    const bytes = encodeModelProto({ graph: g.build([{ name: "y", elemType: "float", shape: [1] }]) });
    assert.equal(hex(bytes.subarray(0, 2)), "0808");
    assert.ok(hex(bytes).endsWith("42021011"), "last field is opset_import {version: 17}");
  });
});

describe("GraphBuilder", () => {
  it("refuses inputs nothing produces", () => {
    const g = new GraphBuilder("g");
    assert.throws(() => g.node("Abs", ["missing"]), /Abs uses "missing", which no earlier node or constant produces/);
  });

  it("refuses duplicate value names and unproduced outputs", () => {
    const g = new GraphBuilder("g");
    g.floatConstant("c", [], [1]);
    assert.throws(() => g.floatConstant("c", [], [2]), /value "c" is defined twice/);
    assert.throws(() => g.build([{ name: "out", elemType: "float", shape: [] }]), /output "out" is never produced/);
  });

  it("names generated outputs and nodes by operator and position", () => {
    const g = new GraphBuilder("g");
    const x = g.input({ name: "x", elemType: "float", shape: [1] });
    const a = g.node("Abs", [x]);
    const b = g.node("Neg", [a], { alpha: { float: 1 } });
    assert.deepEqual([a, b], ["abs_0", "neg_1"]);
    const graph = g.build([{ name: b, elemType: "float", shape: [1] }]);
    assert.deepEqual(
      graph.nodes.map((n) => [n.name, n.opType, n.outputs, n.attributes]),
      [
        ["Abs_1", "Abs", ["abs_0"], undefined],
        ["Neg_2", "Neg", ["neg_1"], { alpha: { float: 1 } }],
      ],
    );
  });

  it("keeps a graph's doc string only when one is given", () => {
    const g = new GraphBuilder("g");
    g.floatConstant("c", [], [1]);
    const outputs = [{ name: "c", elemType: "float" as const, shape: [] }];
    assert.equal("docString" in g.build(outputs), false);
    assert.equal(g.build(outputs, "what it does").docString, "what it does");
  });
});
