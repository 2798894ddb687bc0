/** What the depth node is given: its I/O (backends, files), its options, and the stats it reports. */
import type { LatencySummary } from "../../core/stats/latency-recorder.ts";
import type { FrameCounts } from "../kit/frame-counters.ts";
import type { ImageModelNodeIo, ImageModelNodeOptions } from "../kit/image-model-node-io.ts";
import type { DepthNodeParameters } from "./parameters.ts";
import type { DepthInputCounts } from "./depth-inputs.ts";

export type DepthNodeIo = ImageModelNodeIo<DepthNodeParameters["backend"]>;

/** Priority default: DEPTH_PRIORITY. */
export type DepthNodeOptions = ImageModelNodeOptions;

export type DepthNodeStats = FrameCounts & DepthInputCounts & { readonly clouds: number; readonly latency: LatencySummary };
