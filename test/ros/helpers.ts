/** Fixture helpers shared by the ROS contract suite and the local-transport tests. */
import type { CameraInfo, Image, PointCloud2 } from "../../src/messages/sensor_msgs.ts";
import type { Detection2DArray } from "../../src/messages/vision_msgs.ts";

/** Polls `ready` every few ms until it is true; rejects naming `what` after `timeoutMs`. */
export async function eventually(what: string, ready: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A subscription callback that keeps what it receives. */
export function collector<T>(): { readonly received: T[]; readonly callback: (message: T) => void } {
  const received: T[] = [];
  return { received, callback: (message: T) => void received.push(message) };
}

let sequence = 0;
/** A topic/service name no other test (or concurrent run on the same ROS graph) uses. */
export function uniqueName(base: string): string {
  sequence += 1;
  return `/contract_${process.pid}_${sequence}/${base}`;
}

export function imageFixture(width = 4, height = 2): Image {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 256;
  return {
    header: { stamp: { sec: 12, nanosec: 345 }, frame_id: "camera_optical_frame" },
    height,
    width,
    encoding: "rgb8",
    is_bigendian: 0,
    step: width * 3,
    data,
  };
}

export function detectionsFixture(): Detection2DArray {
  const header = { stamp: { sec: 7, nanosec: 8 }, frame_id: "camera_optical_frame" };
  return {
    header,
    detections: [
      {
        header,
        id: "track-1",
        bbox: { center: { position: { x: 320.5, y: 240.25 }, theta: 0 }, size_x: 50, size_y: 80 },
        results: [
          {
            hypothesis: { class_id: "person", score: 0.875 },
            pose: {
              pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
              covariance: new Array<number>(36).fill(0),
            },
          },
        ],
      },
    ],
  };
}

export function cameraInfoFixture(): CameraInfo {
  return {
    header: { stamp: { sec: 12, nanosec: 345 }, frame_id: "camera_optical_frame" },
    height: 2,
    width: 4,
    distortion_model: "plumb_bob",
    d: [0.125, -0.25, 0, 0, 0.5],
    k: [500, 0, 1.5, 0, 500, 0.5, 0, 0, 1],
    r: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    p: [500, 0, 1.5, 0, 0, 500, 0.5, 0, 0, 0, 1, 0],
    binning_x: 0,
    binning_y: 0,
    roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
  };
}

/** An organized 2×2 xyz cloud whose `data` is `bytes` (48 bytes: four points of three float32). */
export function pointCloudFixture(bytes: Uint8Array): PointCloud2 {
  return {
    header: { stamp: { sec: 12, nanosec: 345 }, frame_id: "camera_optical_frame" },
    height: 2,
    width: 2,
    fields: ["x", "y", "z"].map((name, i) => ({ name, offset: i * 4, datatype: 7, count: 1 })),
    is_bigendian: false,
    point_step: 12,
    row_step: 24,
    data: bytes,
    is_dense: false,
  };
}
