/** The detection node's topics, declared once: the node creates them from here and the reference docs list them. */
import { DIAGNOSTICS_TOPIC, defineInterfaces } from "../kit/node-interfaces.ts";

export const detectionInterfaces = defineInterfaces({
  subscribes: {
    image: {
      type: "sensor_msgs/msg/Image",
      topic: "image",
      // Depth 1: only the newest frame is ever used, so older ones are not kept (nor deserialised).
      qos: { preset: "sensor_data", depth: 1, presetParameter: "image_qos" },
      description: "Camera images: rgb8, bgr8, rgba8, bgra8, mono8, yuv422 (UYVY), yuv422_yuy2 (YUYV); row padding honoured",
    },
  },
  publishes: {
    detections: {
      type: "vision_msgs/msg/Detection2DArray",
      topic: "detections",
      qos: { preset: "default" },
      description: "Detections in source-image pixels with the image's header; hypothesis.class_id is the label name",
    },
    labels: {
      type: "vision_msgs/msg/LabelInfo",
      topic: "detections/labels",
      qos: { preset: "latched" },
      description: "The class names by id and the score threshold (latched)",
    },
    overlay: {
      type: "sensor_msgs/msg/Image",
      topic: "detections/image",
      qos: { preset: "default" },
      description: "rgb8 overlay of the detections, drawn only while it has subscribers (publish_overlay)",
    },
    diagnostics: {
      ...DIAGNOSTICS_TOPIC,
      description:
        "1 Hz: the accelerator stream (submitted, completed, dropped by reason, wait and service percentiles) and the model's state",
    },
  },
});
