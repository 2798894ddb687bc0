/** What the detection node publishes: detections, latched LabelInfo, and the overlay only while someone watches it. */
import { toDetection2DArray, toLabelInfo } from "../../core/detection/to-messages.ts";
import type { Detection } from "../../core/vision/detection.ts";
import type { Image } from "../../messages/sensor_msgs.ts";
import type { Publisher, RosNode } from "../../ports/ros.ts";
import { createPublisherOf } from "../kit/node-interfaces.ts";
import { detectionInterfaces } from "./interfaces.ts";

export class DetectionOutputs {
  readonly #node: RosNode;
  readonly #detections: Publisher<"vision_msgs/msg/Detection2DArray">;
  readonly #labels: Publisher<"vision_msgs/msg/LabelInfo">;
  readonly #overlay: Publisher<"sensor_msgs/msg/Image">;

  constructor(node: RosNode) {
    this.#node = node;
    const { publishes } = detectionInterfaces;
    this.#detections = createPublisherOf(node, publishes.detections);
    this.#labels = createPublisherOf(node, publishes.labels);
    this.#overlay = createPublisherOf(node, publishes.overlay);
  }

  publishDetections(image: Image, detections: readonly Detection[], labels: readonly string[]): void {
    this.#detections.publish(toDetection2DArray(image.header, detections, labels));
  }

  /** Draws and publishes the overlay only when enabled and subscribed (drawing costs a frame copy). */
  publishOverlay(enabled: boolean, draw: () => Image): void {
    if (enabled && this.#overlay.subscriptionCount() > 0) this.#overlay.publish(draw());
  }

  publishLabels(labels: readonly string[], scoreThreshold: number): void {
    this.#labels.publish(toLabelInfo({ stamp: this.#node.now(), frame_id: "" }, labels, scoreThreshold));
  }
}
