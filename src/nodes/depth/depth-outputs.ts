/**
 * What the depth node publishes: depth/image (32FC1, metres) and depth/camera_info for every frame,
 * depth/points and depth/colored only while someone subscribes (they cost a cloud or a colour pass).
 */
import type { CameraInfo, Image, PointCloud2 } from "../../messages/sensor_msgs.ts";
import { QosPresets, type Publisher, type RosNode } from "../../ports/ros.ts";

export class DepthOutputs {
  readonly #image: Publisher<"sensor_msgs/msg/Image">;
  readonly #info: Publisher<"sensor_msgs/msg/CameraInfo">;
  readonly #points: Publisher<"sensor_msgs/msg/PointCloud2">;
  readonly #colored: Publisher<"sensor_msgs/msg/Image">;

  constructor(node: RosNode) {
    this.#image = node.createPublisher("sensor_msgs/msg/Image", "depth/image", QosPresets.default);
    this.#info = node.createPublisher("sensor_msgs/msg/CameraInfo", "depth/camera_info", QosPresets.default);
    this.#points = node.createPublisher("sensor_msgs/msg/PointCloud2", "depth/points", QosPresets.default);
    this.#colored = node.createPublisher("sensor_msgs/msg/Image", "depth/colored", QosPresets.default);
  }

  publishDepth(image: Image, info: CameraInfo | undefined): void {
    // camera_info first: a consumer matching the two by stamp has it when the image arrives.
    if (info !== undefined) this.#info.publish(info);
    this.#image.publish(image);
  }

  get wantsPoints(): boolean {
    return this.#points.subscriptionCount() > 0;
  }

  get wantsColored(): boolean {
    return this.#colored.subscriptionCount() > 0;
  }

  publishPoints(cloud: PointCloud2): void {
    this.#points.publish(cloud);
  }

  publishColored(image: Image): void {
    this.#colored.publish(image);
  }
}
