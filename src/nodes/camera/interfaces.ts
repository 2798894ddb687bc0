/** The camera node's topics, declared once: the node creates them from here and the reference docs list them. */
import { DIAGNOSTICS_TOPIC, defineInterfaces } from "../kit/node-interfaces.ts";

export const cameraInterfaces = defineInterfaces({
  subscribes: {},
  publishes: {
    image: {
      type: "sensor_msgs/msg/Image",
      topic: "image",
      qos: { preset: "sensor_data", presetParameter: "image_qos" },
      description: "At rate_hz, stamped when published, in frame_id",
    },
    cameraInfo: {
      type: "sensor_msgs/msg/CameraInfo",
      topic: "camera_info",
      qos: { preset: "sensor_data", presetParameter: "image_qos" },
      description: "The image's header; the synthetic scenes' pinhole camera (a replay or a folder has none)",
    },
    groundTruth: {
      type: "vision_msgs/msg/Detection2DArray",
      topic: "ground_truth",
      qos: { preset: "default" },
      description: "Synthetic only: the boxes and classes in each frame, the image's header",
    },
    diagnostics: { ...DIAGNOSTICS_TOPIC, description: "1 Hz: frames published, ticks that found the next frame not ready" },
  },
});
