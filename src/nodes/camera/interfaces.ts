/** The camera node's topics, declared once: the reference docs list them from here. */
import { DIAGNOSTICS_TOPIC, defineInterfaces } from "../kit/node-interfaces.ts";

export const cameraInterfaces = defineInterfaces({
  subscribes: {},
  publishes: {
    image: {
      type: "sensor_msgs/msg/Image",
      topic: "image",
      qos: { preset: "sensor_data", presetParameter: "image_qos" },
      description: "The source's frames at rate_hz, in frame_id",
    },
    cameraInfo: {
      type: "sensor_msgs/msg/CameraInfo",
      topic: "camera_info",
      qos: { preset: "sensor_data", presetParameter: "image_qos" },
      description: "The calibration of each image, with the image's header",
    },
    groundTruth: {
      type: "vision_msgs/msg/Detection2DArray",
      topic: "ground_truth",
      qos: { preset: "default" },
      description: "synthetic: the boxes drawn in each image, with the image's header",
    },
    diagnostics: { ...DIAGNOSTICS_TOPIC, description: "1 Hz: frames published, late ticks and skipped frames, and the source" },
  },
});
