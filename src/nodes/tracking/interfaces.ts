/** The tracking node's topics, declared once: the node creates them from here and the reference docs list them. */
import { DIAGNOSTICS_TOPIC, defineInterfaces } from "../kit/node-interfaces.ts";

export const trackingInterfaces = defineInterfaces({
  subscribes: {
    detections: {
      type: "vision_msgs/msg/Detection2DArray",
      topic: "detections",
      qos: { preset: "default" },
      description: "Any detector's output",
    },
  },
  publishes: {
    tracked: {
      type: "vision_msgs/msg/Detection2DArray",
      topic: "detections/tracked",
      qos: { preset: "default" },
      description: "The tracked detections, track id in Detection2D.id, same header",
    },
    diagnostics: { ...DIAGNOSTICS_TOPIC, description: "1 Hz: frames, detections, tracks started / removed / now, invalid boxes dropped" },
  },
});
