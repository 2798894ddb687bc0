/**
 * A small helper for writing ONNX graphs in code: it names intermediate values,
 * collects constants as initializers and checks that every node input exists.
 */
import type { AttributeValue, GraphSpec, NodeSpec, TensorSpec, ValueInfoSpec } from "./onnx-proto.ts";

export class GraphBuilder {
  readonly #nodes: NodeSpec[] = [];
  readonly #initializers: TensorSpec[] = [];
  readonly #inputs: ValueInfoSpec[] = [];
  readonly #known = new Set<string>();
  #counter = 0;

  constructor(readonly name: string) {}

  input(info: ValueInfoSpec): string {
    this.#declare(info.name);
    this.#inputs.push(info);
    return info.name;
  }

  floatConstant(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    this.#declare(name);
    this.#initializers.push({ name, dataType: "float", dims, values });
    return name;
  }

  int64Constant(name: string, dims: readonly number[], values: ArrayLike<number | bigint>): string {
    this.#declare(name);
    this.#initializers.push({ name, dataType: "int64", dims, values });
    return name;
  }

  /** Adds a single-output node and returns its output name (`outputName` or a generated one). */
  node(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, AttributeValue>>, outputName?: string): string {
    for (const input of inputs) {
      if (!this.#known.has(input)) {
        throw new Error(`graph "${this.name}": ${opType} uses "${input}", which no earlier node or constant produces`);
      }
    }
    const output = outputName ?? `${opType.toLowerCase()}_${this.#counter}`;
    this.#counter += 1;
    this.#declare(output);
    this.#nodes.push({ opType, inputs, outputs: [output], name: `${opType}_${this.#counter}`, ...(attributes ? { attributes } : {}) });
    return output;
  }

  build(outputs: readonly ValueInfoSpec[], docString?: string): GraphSpec {
    for (const output of outputs) {
      if (!this.#known.has(output.name)) throw new Error(`graph "${this.name}": output "${output.name}" is never produced`);
    }
    return {
      name: this.name,
      nodes: [...this.#nodes],
      initializers: [...this.#initializers],
      inputs: [...this.#inputs],
      outputs: [...outputs],
      ...(docString !== undefined ? { docString } : {}),
    };
  }

  #declare(name: string): void {
    if (this.#known.has(name)) throw new Error(`graph "${this.name}": value "${name}" is defined twice`);
    this.#known.add(name);
  }
}
