/**
 * The depth node's host postprocess: a 256×320 model output → metric depth image (scdepthv3) +
 * organized xyz PointCloud2 without decimation, each in new memory as the node publishes them,
 * against two floors in the same run: copying the output's bytes and the cloud's bytes once into
 * preallocated buffers (memcpy), and the least per-pixel pass of the same job in TypeScript — read
 * each output value once, write the depth float and the point's three floats into new buffers.
 */
import { convertDepth, validRegionOf } from "../../src/core/depth/depth-output.ts";
import { modelOutputIntrinsics } from "../../src/core/depth/intrinsics.ts";
import { pointCloudFromDepth } from "../../src/core/depth/point-cloud.ts";
import { syntheticDepthLogits } from "../../src/core/synthetic/depth-model.ts";
import { depthSceneAtFrame, renderDepthScene } from "../../src/core/synthetic/depth-scene.ts";
import { toImageView } from "../../src/core/vision/image-view.ts";
import { letterbox, letterboxGeometry } from "../../src/core/vision/letterbox.ts";
import { measureSync, type Measured } from "./measure.ts";

const WIDTH = 320;
const HEIGHT = 256;
const header = { stamp: { sec: 1, nanosec: 0 }, frame_id: "camera_color_optical_frame" };
const conversion = { family: "scdepthv3", scale: 1, shift: 0, minDepth: 0.1, maxDepth: 100 } as const;

/** Results go here so the work cannot be optimised away. */
const sink = new Float64Array(2);

/** A realistic raw output: the synthetic depth model's answer for a 640×480 depth scene, letterboxed. */
function depthInput() {
  const scene = depthSceneAtFrame(2, 0, { width: 640, height: 480, objects: 4, occluder: {} });
  const view = toImageView(renderDepthScene(scene));
  if (!view.ok) throw new Error(view.error.message);
  const geometry = letterboxGeometry(640, 480, WIDTH, HEIGHT);
  const raw = syntheticDepthLogits(letterbox(view.value, WIDTH, HEIGHT));
  const size = { width: WIDTH, height: HEIGHT };
  return { raw, geometry, size, valid: validRegionOf(geometry, size), k: modelOutputIntrinsics(scene.camera, geometry, WIDTH, HEIGHT) };
}

/** `depth_post_ms`: what the depth node does per frame on the host after inference (no colour, no decimation). */
export function benchDepthPostprocess(): Measured {
  const { raw, size, valid, k } = depthInput();
  return measureSync(
    () => {
      // New memory per frame, as the node publishes it: a published message owns its bytes.
      const depth = convertDepth(raw, size, conversion, { valid });
      const cloud = pointCloudFromDepth(depth, WIDTH, HEIGHT, k, header);
      sink[0] = cloud.data[cloud.data.length - 1]!;
    },
    { runs: 300, warmup: 50 },
  );
}

/** `depth_copy_ms`: copying the output's bytes and the cloud's bytes once (memcpy into preallocated buffers). */
export function benchDepthCopyFloor(): Measured {
  const { raw } = depthInput();
  const output = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const cloudBytes = new Uint8Array(WIDTH * HEIGHT * 12).map((_, i) => i & 0xff);
  const outputCopy = new Uint8Array(output.length);
  const cloudCopy = new Uint8Array(cloudBytes.length);
  return measureSync(
    () => {
      outputCopy.set(output);
      cloudCopy.set(cloudBytes);
      sink[1] = outputCopy[7]! + cloudCopy[cloudCopy.length - 1]!;
    },
    { runs: 300, warmup: 50 },
  );
}

/**
 * `depth_pass_ms`: the job's least work per pixel in TypeScript — every output value read once, the
 * depth image's float and the point's x, y, z written once, into new buffers of the published sizes
 * (a depth image and an xyz cloud, as the node must hand out memory no later frame rewrites).
 */
export function benchDepthPassFloor(): Measured {
  return passFloor(false);
}

/** `depth_pass_reused_ms`: the same pass into two preallocated buffers, to show what new memory costs. */
export function benchDepthPassReusedFloor(): Measured {
  return passFloor(true);
}

function passFloor(reuse: boolean): Measured {
  const { raw } = depthInput();
  const count = WIDTH * HEIGHT;
  const reusedDepth = new Float32Array(count);
  const reusedCloud = new Float32Array(count * 3);
  return measureSync(
    () => {
      const depth = reuse ? reusedDepth : new Float32Array(count);
      const cloud = reuse ? reusedCloud : new Float32Array(count * 3);
      for (let i = 0, p = 0; i < count; i++, p += 3) {
        const z = raw[i]!;
        depth[i] = z;
        cloud[p] = z;
        cloud[p + 1] = z;
        cloud[p + 2] = z;
      }
      sink[1] = depth[7]! + cloud[cloud.length - 1]!;
    },
    { runs: 300, warmup: 50 },
  );
}
