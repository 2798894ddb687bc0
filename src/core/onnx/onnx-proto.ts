/**
 * Encoders for the ONNX protobuf messages (onnx.proto, IR version 8) that a small
 * inference graph needs: ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto,
 * AttributeProto and their small helpers. Field numbers follow the public onnx.proto.
 */
import { ProtoWriter } from "./protobuf-writer.ts";

/** TensorProto.DataType values. */
export const OnnxDataType = {
  float: 1,
  uint8: 2,
  int8: 3,
  uint16: 4,
  int16: 5,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  double: 11,
} as const;
export type OnnxDataTypeName = keyof typeof OnnxDataType;

/** AttributeProto.AttributeType values. */
const AttributeType = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7 } as const;

/** A tensor constant. Only float and int64 carry values (the types graph constants use). */
export type TensorSpec =
  | { readonly name: string; readonly dataType: "float"; readonly dims: readonly number[]; readonly values: ArrayLike<number> }
  | { readonly name: string; readonly dataType: "int64"; readonly dims: readonly number[]; readonly values: ArrayLike<number | bigint> };

export type AttributeValue =
  | { readonly int: number | bigint }
  | { readonly float: number }
  | { readonly string: string }
  | { readonly ints: readonly (number | bigint)[] }
  | { readonly floats: readonly number[] }
  | { readonly tensor: TensorSpec };

export interface NodeSpec {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly domain?: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A dimension is a fixed size or a symbolic name (e.g. "batch"). */
export type DimSpec = number | string;

export interface ValueInfoSpec {
  readonly name: string;
  readonly elemType: OnnxDataTypeName;
  readonly shape: readonly DimSpec[];
  readonly docString?: string;
}

export interface GraphSpec {
  readonly name: string;
  readonly nodes: readonly NodeSpec[];
  readonly initializers?: readonly TensorSpec[];
  readonly inputs: readonly ValueInfoSpec[];
  readonly outputs: readonly ValueInfoSpec[];
  readonly valueInfo?: readonly ValueInfoSpec[];
  readonly docString?: string;
}

export interface OpsetSpec {
  /** "" is the default ONNX operator domain. */
  readonly domain: string;
  readonly version: number;
}

export interface ModelSpec {
  readonly graph: GraphSpec;
  readonly irVersion?: number;
  readonly opsetImports?: readonly OpsetSpec[];
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly modelVersion?: number;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export const DEFAULT_IR_VERSION = 8;
export const DEFAULT_OPSET: OpsetSpec = { domain: "", version: 17 };

function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, d) => product * d, 1);
}

export function encodeTensorProto(tensor: TensorSpec): Uint8Array {
  for (const d of tensor.dims) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`tensor "${tensor.name}": dimension ${d} must be a non-negative integer`);
    }
  }
  const expected = elementCount(tensor.dims);
  if (tensor.values.length !== expected) {
    throw new RangeError(
      `tensor "${tensor.name}": dims [${tensor.dims.join(", ")}] need ${expected} values but ${tensor.values.length} were given`,
    );
  }
  const w = new ProtoWriter();
  w.packedVarintField(1, tensor.dims); // dims
  w.int64Field(2, OnnxDataType[tensor.dataType]); // data_type
  if (tensor.dataType === "float")
    w.packedFloatField(4, tensor.values); // float_data
  else w.packedVarintField(7, tensor.values); // int64_data
  w.stringField(8, tensor.name); // name
  return w.finish();
}

export function encodeAttributeProto(name: string, value: AttributeValue): Uint8Array {
  const w = new ProtoWriter();
  w.stringField(1, name);
  if ("int" in value) {
    w.int64Field(3, value.int).int64Field(20, AttributeType.int);
  } else if ("float" in value) {
    w.floatField(2, value.float).int64Field(20, AttributeType.float);
  } else if ("string" in value) {
    w.stringField(4, value.string).int64Field(20, AttributeType.string);
  } else if ("ints" in value) {
    // Repeated scalars in proto2 onnx.proto are unpacked by declaration, but parsers must accept both; packed is smaller.
    w.packedVarintField(8, value.ints).int64Field(20, AttributeType.ints);
  } else if ("floats" in value) {
    w.packedFloatField(7, value.floats).int64Field(20, AttributeType.floats);
  } else {
    w.messageField(5, encodeTensorProto(value.tensor)).int64Field(20, AttributeType.tensor);
  }
  return w.finish();
}

export function encodeNodeProto(node: NodeSpec): Uint8Array {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.stringField(1, input);
  for (const output of node.outputs) w.stringField(2, output);
  if (node.name !== undefined) w.stringField(3, node.name);
  w.stringField(4, node.opType);
  for (const [attrName, value] of Object.entries(node.attributes ?? {})) {
    w.messageField(5, encodeAttributeProto(attrName, value));
  }
  if (node.domain !== undefined && node.domain !== "") w.stringField(7, node.domain);
  return w.finish();
}

function encodeTensorShapeProto(shape: readonly DimSpec[]): Uint8Array {
  const w = new ProtoWriter();
  for (const dim of shape) {
    const d = new ProtoWriter();
    if (typeof dim === "number")
      d.int64Field(1, dim); // dim_value
    else d.stringField(2, dim); // dim_param
    w.messageField(1, d.finish());
  }
  return w.finish();
}

export function encodeValueInfoProto(info: ValueInfoSpec): Uint8Array {
  const tensorType = new ProtoWriter()
    .int64Field(1, OnnxDataType[info.elemType]) // elem_type
    .messageField(2, encodeTensorShapeProto(info.shape)) // shape
    .finish();
  const typeProto = new ProtoWriter().messageField(1, tensorType).finish(); // TypeProto.tensor_type
  const w = new ProtoWriter().stringField(1, info.name).messageField(2, typeProto);
  if (info.docString !== undefined) w.stringField(3, info.docString);
  return w.finish();
}

export function encodeGraphProto(graph: GraphSpec): Uint8Array {
  const w = new ProtoWriter();
  for (const node of graph.nodes) w.messageField(1, encodeNodeProto(node));
  w.stringField(2, graph.name);
  for (const init of graph.initializers ?? []) w.messageField(5, encodeTensorProto(init));
  if (graph.docString !== undefined) w.stringField(10, graph.docString);
  for (const input of graph.inputs) w.messageField(11, encodeValueInfoProto(input));
  for (const output of graph.outputs) w.messageField(12, encodeValueInfoProto(output));
  for (const info of graph.valueInfo ?? []) w.messageField(13, encodeValueInfoProto(info));
  return w.finish();
}

export function encodeModelProto(model: ModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.int64Field(1, model.irVersion ?? DEFAULT_IR_VERSION);
  if (model.producerName !== undefined) w.stringField(2, model.producerName);
  if (model.producerVersion !== undefined) w.stringField(3, model.producerVersion);
  if (model.modelVersion !== undefined) w.int64Field(5, model.modelVersion);
  if (model.docString !== undefined) w.stringField(6, model.docString);
  w.messageField(7, encodeGraphProto(model.graph));
  for (const opset of model.opsetImports ?? [DEFAULT_OPSET]) {
    const o = new ProtoWriter();
    if (opset.domain !== "") o.stringField(1, opset.domain);
    o.int64Field(2, opset.version);
    w.messageField(8, o.finish());
  }
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    w.messageField(14, new ProtoWriter().stringField(1, key).stringField(2, value).finish());
  }
  return w.finish();
}
