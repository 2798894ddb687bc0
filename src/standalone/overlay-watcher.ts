/**
 * Watches the detection overlay topic and keeps its last frame. Watching is what makes the
 * detection node draw the overlay at all (it only does while someone subscribes), so the runner
 * watches only when a snapshot is wanted (a recording subscribes to every topic by itself).
 */
import { writeFile } from "node:fs/promises";
import { encodePng } from "../adapters/codecs/png.ts";
import type { Image } from "../messages/sensor_msgs.ts";
import { QosPresets, type RosNode } from "../ports/ros.ts";

export class OverlayWatcher {
  #last: Image | undefined;

  constructor(node: RosNode, topic = "/detections/image") {
    node.createSubscription("sensor_msgs/msg/Image", topic, QosPresets.default, (image) => {
      this.#last = image;
    });
  }

  get last(): Image | undefined {
    return this.#last;
  }

  /** Writes the last frame as PNG; false when none came. */
  async writePng(path: string): Promise<boolean> {
    if (this.#last === undefined) return false;
    await writeFile(path, encodePng(this.#last));
    return true;
  }
}
