/**
 * The composition root's half of the node registry: the adapters each node is given, by name,
 * loaded only for the node asked for.
 */
import type { NodeIoMap, NodeName } from "../nodes/registry.ts";

export interface NodeIoOptions {
  /** Where built-in models are written (default: the user's cache). */
  readonly cacheDir?: string;
  /** Logs a line about how the node's I/O was set up (e.g. JavaScript image preprocessing). */
  readonly note?: (line: string) => void;
}

export async function createNodeIo<N extends NodeName>(name: N, options: NodeIoOptions = {}): Promise<NodeIoMap[N]> {
  switch (name) {
    case "detection": {
      const [{ createDetectionNodeIo }, { loadNativeImageKernels }] = await Promise.all([
        import("./detection-io.ts"),
        import("../adapters/native-image-kernels.ts"),
      ]);
      const kernels = await loadNativeImageKernels();
      if (!kernels.ok) options.note?.(`image preprocessing in JavaScript: ${kernels.reason}`);
      return createDetectionNodeIo({
        ...(kernels.ok ? { imageKernels: kernels.kernels } : {}),
        ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
      }) as NodeIoMap[N];
    }
  }
  throw new Error(`no I/O for node '${String(name)}'`);
}
