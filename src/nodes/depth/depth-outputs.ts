/**
 * What the depth node publishes: depth/image (32FC1, metres) and depth/camera_info for every frame,
 * depth/points and depth/colored only while someone subscribes (they cost a cloud or a colour pass).
 */
import type { CameraInfo, Image, PointCloud2 } from "../../messages/sensor_msgs.ts";
import type { Publisher, RosNode } from "../../ports/ros.ts";
import { createPublisherOf } from "../kit/node-interfaces.ts";
import { depthInterfaces } from "./interfaces.ts";

export class DepthOutputs {
  readonly #image: Publisher<"sensor_msgs/msg/Image">;
  readonly #info: Publisher<"sensor_msgs/msg/CameraInfo">;
  readonly #points: Publisher<"sensor_msgs/msg/PointCloud2">;
  readonly #colored: Publisher<"sensor_msgs/msg/Image">;

  constructor(node: RosNode) {
    const { publishes } = depthInterfaces;
    this.#image = createPublisherOf(node, publishes.image);
    this.#info = createPublisherOf(node, publishes.cameraInfo);
    this.#points = createPublisherOf(node, publishes.points);
    this.#colored = createPublisherOf(node, publishes.colored);
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
