/** The CDR reader for sensor_msgs/Image that rclnodejs raw image subscriptions are decoded with. */
import assert from "node:assert/strict";
import { readImageCdr } from "../../../src/adapters/rclnodejs/image-cdr.ts";
import { encodeCdr } from "../../../src/messages/definitions.ts";
import type { Image } from "../../../src/messages/sensor_msgs.ts";

function image(frameId: string, encoding: string, width: number, height: number, channels: number): Image {
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) & 0xff;
  return {
    header: { stamp: { sec: -3, nanosec: 999_999_999 }, frame_id: frameId },
    height,
    width,
    encoding,
    is_bigendian: 0,
    step: width * channels,
    data,
  };
}

/** The same message in big-endian CDR (encapsulation 0x0000), written by hand. */
function bigEndianCdr(m: Image): Uint8Array {
  const enc = new TextEncoder();
  const parts: number[] = [0, 0, 0, 0];
  const align = (n: number) => {
    while ((parts.length - 4) % n !== 0) parts.push(0);
  };
  const u32 = (v: number) => {
    align(4);
    parts.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  };
  const str = (s: string) => {
    const b = enc.encode(s);
    u32(b.length + 1);
    parts.push(...b, 0);
  };
  u32(m.header.stamp.sec >>> 0);
  u32(m.header.stamp.nanosec);
  str(m.header.frame_id);
  u32(m.height);
  u32(m.width);
  str(m.encoding);
  parts.push(m.is_bigendian);
  u32(m.step);
  u32(m.data.length);
  parts.push(...m.data);
  return Uint8Array.from(parts);
}

describe("readImageCdr (raw sensor_msgs/Image from rclnodejs)", () => {
  for (const [frameId, encoding, w, h, c] of [
    ["camera_color_optical_frame", "rgb8", 64, 36, 3],
    ["", "mono8", 5, 3, 1],
    ["cam", "yuv422_yuy2", 6, 2, 2],
    ["kamera_ä", "bgr8", 3, 1, 3],
  ] as const) {
    it(`reads what the CDR writer wrote: ${encoding} ${w}x${h}, frame_id "${frameId}"`, () => {
      const message = image(frameId, encoding, w, h, c);
      const bytes = encodeCdr("sensor_msgs/msg/Image", message);
      const read = readImageCdr(bytes);
      assert.deepEqual({ ...read, data: Array.from(read.data) }, { ...message, data: Array.from(message.data) });
    });
  }

  it("gives data as a view into the received buffer, not a copy", () => {
    const bytes = encodeCdr("sensor_msgs/msg/Image", image("cam", "rgb8", 8, 8, 3));
    const read = readImageCdr(bytes);
    assert.equal(read.data.buffer, bytes.buffer);
    assert.equal(read.data.byteOffset + read.data.byteLength, bytes.byteOffset + bytes.byteLength);
  });

  it("reads big-endian CDR", () => {
    const message = image("camera", "rgb8", 4, 2, 3);
    const read = readImageCdr(bigEndianCdr(message));
    assert.deepEqual({ ...read, data: Array.from(read.data) }, { ...message, data: Array.from(message.data) });
  });

  it("says which field a truncated message ends in", () => {
    const bytes = encodeCdr("sensor_msgs/msg/Image", image("cam", "rgb8", 8, 8, 3));
    assert.throws(() => readImageCdr(bytes.subarray(0, bytes.length - 10)), /truncated: data needs 192 bytes/);
    assert.throws(() => readImageCdr(bytes.subarray(0, 2)), /too short/);
  });
});
